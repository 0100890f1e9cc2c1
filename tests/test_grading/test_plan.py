"""Case plans (grader/grading/plan.py): the same scores and messages with and without a plan,
cold and warm, and a plan on disk that is reused, rebuilt when its inputs change, ignored when
damaged."""

from __future__ import annotations

import types
from pathlib import Path

import numpy as np
import pytest
from hypothesis import strategies as st

from grader.course import Course, read_info
from grader.grading import plan
from grader.grading.runner import grade
from grader.grading.spec import _draw, _run_given

ROOT = Path(__file__).resolve().parents[2]
CLASS = ROOT / "examples" / "class" / "submitted"
COURSE = Course.default()
# passing and failing submissions (a wrong formula, a naive sigmoid, a stub function, a loop)
CASES = [
    ("ana_perfecta", "03_activations"), ("beto_sigmoide", "03_activations"),
    ("lucia_solo_sigmoide", "03_activations"), ("diego_adam_sin_sesgo", "05_optimizers"),
    ("marta_sigmoide_ingenua", "08_logistic_regression"),
    ("ulises_sigmoide_desbordada", "11_universal_approximation"),
]


def outcome(student: str, assignment: str) -> list[tuple]:
    module = COURSE.info(assignment).module
    r = grade(CLASS / student / assignment / f"{module}.py", assignment, course=COURSE)
    return [(t.test_id, t.points, t.status, t.message, t.oracles) for t in r.tests]


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("DLGRADE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(plan, "_plans", {})
    return tmp_path / "cache" / "plans"


def test_scores_and_messages_are_the_same_without_a_plan_cold_and_warm(fresh_cache,
                                                                          monkeypatch):
    monkeypatch.setenv("DLGRADE_PLAN", "0")
    without = {c: outcome(*c) for c in CASES}
    assert not fresh_cache.exists()
    monkeypatch.setenv("DLGRADE_PLAN", "1")
    cold = {c: outcome(*c) for c in CASES}
    assert sorted(p.name.split("-")[0] for p in fresh_cache.glob("*.plan")) == sorted(
        {a for _, a in CASES})
    monkeypatch.setattr(plan, "_plans", {})  # a new process: the plans come from disk
    warm = {c: outcome(*c) for c in CASES}
    for c in CASES:
        assert cold[c] == without[c], c
        assert warm[c] == without[c], c
    # the failing ones really fail somewhere (the comparison is not between empty verdicts)
    assert any(t[2] != "passed" for t in without[("beto_sigmoide", "03_activations")])


def test_the_plan_examples_are_the_ones_hypothesis_draws_live():
    strategy = st.tuples(st.integers(1, 60), st.floats(-3, 3))
    live: list = []
    _run_given(strategy, live.append, 15)
    assert _draw(strategy, 15) == live and len(live) == 15


def test_a_plan_file_is_reused_and_a_damaged_one_ignored(fresh_cache):
    a = types.SimpleNamespace(info=COURSE.info("03_activations"), id="03_activations")
    p = plan.Plan(plan.plan_key(a), a.id)
    assert p.value(("reference", "f"), (np.arange(3.0),), {}, lambda: np.ones(2)).tolist() \
        == [1.0, 1.0]
    assert p.examples_for("t#0", lambda: [(1, 2.0), np.zeros(2)])[0] == (1, 2.0)
    p.save()
    assert p.path().parent == fresh_cache
    assert fresh_cache.stat().st_mode & 0o777 == 0o700  # expected values: owner only
    q = plan.Plan(p.key, a.id)
    q.load()
    boom = pytest.fail  # a loaded plan never recomputes
    assert q.value(("reference", "f"), (np.arange(3.0),), {}, boom).tolist() == [1.0, 1.0]
    assert q.examples_for("t#0", boom)[0] == (1, 2.0)
    # another argument is another entry
    assert q.value(("reference", "f"), (np.arange(4.0),), {}, lambda: 7) == 7
    p.path().write_bytes(b"\x00garbage" * 10)
    r = plan.Plan(p.key, a.id)
    r.load()  # ignored, no exception
    assert r.value(("reference", "f"), (np.arange(3.0),), {}, lambda: "recomputed") == "recomputed"


def test_a_changed_hidden_test_or_reference_gives_another_plan(tmp_path):
    src = COURSE.info("03_activations").folder
    folder = tmp_path / "03_activations"
    folder.mkdir()
    for f in src.iterdir():
        if f.is_file():
            (folder / f.name).write_bytes(f.read_bytes())
    info = read_info(folder)
    key = plan.plan_key(types.SimpleNamespace(info=info, id=info.id))
    assert key == plan.plan_key(types.SimpleNamespace(info=info, id=info.id))
    (folder / "hidden.py").write_text((folder / "hidden.py").read_text() + "\n# changed\n")
    assert plan.plan_key(types.SimpleNamespace(info=info, id=info.id)) != key


def test_values_that_are_not_plain_data_are_computed_every_time(fresh_cache):
    a = types.SimpleNamespace(info=COURSE.info("03_activations"), id="03_activations")
    p = plan.Plan(plan.plan_key(a), a.id)
    calls = []

    def compute():
        calls.append(1)
        return object()

    p.value(("reference", "g"), (1,), {}, compute)
    p.value(("reference", "g"), (1,), {}, compute)
    assert len(calls) == 2
