"""The hidden-test specs: points as docs/design.md says, the slides' numbers, and the check
machinery (hypothesis shrinking to the smallest input, fail-fast on time-outs, messages)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest

from grader.hidden import all_assignments, get_assignment
from grader.hidden._common import arrays, shapes, value_case
from grader.hidden.activations import HINTS, KINKS
from grader.hidden.conv2d import IMAGE, KERNEL
from grader.paths import ASSIGNMENT_IDS, course_root
from grader.spec import CheckFailure, Ctx, HiddenTest, StudentError


def _design_points() -> dict[str, dict[str, float]]:
    """The "Points" table of docs/design.md: assignment -> {"f+g": points}."""
    text = (course_root() / "docs" / "design.md").read_text(encoding="utf-8")
    table = text.split("## Points", 1)[1]
    out: dict[str, dict[str, float]] = {}
    for line in table.splitlines():
        m = re.match(r"\|\s*(0\d_\w+)\s*\|(.*)\|", line)
        if not m:
            continue
        entries = {}
        for part in m.group(2).split(","):
            name, pts = part.strip().rsplit(" ", 1)
            name = re.sub(r"\s*\(.*\)", "", name)  # "momentum_step (+momentum_init)"
            entries[name] = float(pts)
        out[m.group(1)] = entries
    return out


@pytest.mark.parametrize("aid", ASSIGNMENT_IDS)
def test_points_follow_design(aid):
    a = get_assignment(aid)
    design = _design_points()[aid]
    got: dict[str, float] = {}
    for f, p in a.points_by_function().items():
        got[a.groups.get(f, f)] = got.get(a.groups.get(f, f), 0.0) + p
    # design names pairs "tanh+tanh_derivative": key by the first name
    want = {k.split("+")[0]: v for k, v in design.items()}
    assert {k: round(v, 6) for k, v in got.items()} == want
    assert a.max_points == 10.0


def test_registry():
    assert [a.id for a in all_assignments()] == list(ASSIGNMENT_IDS)
    with pytest.raises(KeyError):
        get_assignment("07_transformers")
    for a in all_assignments():
        ids = [t.id for t in a.tests]
        assert len(ids) == len(set(ids)), a.id
        assert all(t.points > 0 and t.description_es and t.description_en for t in a.tests)


def test_slides_numbers_by_hand():
    # seed 000: the first output of the 6×6 image with the 3×3 kernel is 429
    assert float(np.sum(IMAGE[:3, :3] * KERNEL)) == 429.0
    # seed 003: N = Σ H_l (H_{l−1} + 1) for 2-100-100-100-1
    assert 100 * 3 + 100 * 101 + 100 * 101 + 1 * 101 == 20601


# --- the check machinery, with an in-process fake worker ----------------------------------------
@dataclass
class Outcome:
    ok: bool
    value: Any = None
    args_after: Any = None
    error_kind: str | None = None
    message: str = ""
    traceback: str = ""
    stdout: str = ""


class FakeWorker:
    """Calls plain Python functions; `hang_when(args)` simulates a time-out."""

    def __init__(self, funcs: dict, hang_when=None):
        self.funcs, self.hang_when, self.calls = funcs, hang_when, []

    def call(self, func, *args, kwargs=None, seed=0, timeout=None, return_args=False, post=None):
        self.calls.append(args)
        if self.hang_when is not None and self.hang_when(args):
            return Outcome(False, error_kind="timeout", message="time limit")
        if func not in self.funcs:
            return Outcome(False, error_kind="missing")
        try:
            return Outcome(True, value=self.funcs[func](*args, **(kwargs or {})), args_after=list(args))
        except Exception as e:
            return Outcome(False, error_kind="exception", message=f"{type(e).__name__}: {e}",
                           traceback=f"Traceback ...\n{type(e).__name__}: {e}\n")


def _ctx(worker, aid="03_activations", func="sigmoid"):
    test = HiddenTest(f"{func}.x", func, 1.0, "d", "d", lambda c: None)
    return Ctx(worker, get_assignment(aid), test, use_cuda=False)


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _run_values(ctx, func, lo=-40, hi=40):
    ctx.forall(arrays(shapes(), lo, hi), lambda z: value_case(ctx, func, (z,)), max_examples=30)


def test_forall_reports_the_shrunk_input():
    # wrong only for z > 7: hypothesis must shrink to a single element just above 7
    def buggy(z):
        return _sigmoid(np.minimum(z, 7.0))

    ctx = _ctx(FakeWorker({"sigmoid": buggy}))
    with pytest.raises(CheckFailure) as e:
        _run_values(ctx, "sigmoid")
    f = e.value
    m = re.search(r"sigmoid\(array\(\[([-\d.e]+)\]\)\)", f.input)
    assert m, f.input  # one element
    assert 7 < float(m.group(1)) <= 8
    assert ctx.oracles["reference"] == "mismatch" and ctx.oracles["torch_cpu"] == "mismatch"
    assert ctx.oracles["torch_cuda"].startswith("unavailable")


def test_forall_same_cases_every_time():
    seen = []
    for _ in range(2):
        w = FakeWorker({"sigmoid": _sigmoid})
        _run_values(_ctx(w), "sigmoid")
        seen.append([a[0].tolist() for a in w.calls])
    assert seen[0] == seen[1] and len(seen[0]) == 30


def test_forall_stops_at_first_timeout():
    w = FakeWorker({"sigmoid": _sigmoid}, hang_when=lambda args: np.asarray(args[0]).size >= 3)
    ctx = _ctx(w)
    with pytest.raises(StudentError) as e:
        _run_values(ctx, "sigmoid")
    assert e.value.status == "timeout"
    assert np.asarray(w.calls[-1][0]).size >= 3  # the reported input is the one that hung
    assert sum(np.asarray(a[0]).size >= 3 for a in w.calls) == 1  # never called again
    assert "did not finish" in e.value.message_en and "no terminó" in e.value.message_es


def test_student_exception_message_names_function_and_input():
    def boom(z):
        raise ValueError("shapes (2,) and (3,) not aligned")

    ctx = _ctx(FakeWorker({"sigmoid": boom}))
    with pytest.raises(StudentError) as e:
        value_case(ctx, "sigmoid", (np.array([1.0, 2.0]),))
    assert e.value.status == "error"
    assert e.value.message_es.startswith("sigmoid:") and "array([1.0, 2.0])" in e.value.message_es
    assert "ValueError" in e.value.message_en and "Traceback" in e.value.traceback


def test_invalid_values():
    ctx = _ctx(FakeWorker({"sigmoid": lambda z: [0.5] * len(z)}))
    with pytest.raises(CheckFailure) as e:
        value_case(ctx, "sigmoid", (np.array([0.0]),))
    assert e.value.status == "invalid" and "list" in e.value.message_en
    def naive_softmax(z):
        with np.errstate(all="ignore"):
            return np.exp(z) / np.exp(z).sum()

    ctx = _ctx(FakeWorker({"softmax": naive_softmax}), func="softmax")
    with pytest.raises(CheckFailure) as e:
        value_case(ctx, "softmax", (np.array([1000.0, 1001.0]),), hints=HINTS["softmax"])
    assert e.value.status == "invalid"
    assert "resta el máximo" in e.value.hint_es and "subtract" in e.value.hint_en


def test_sigmoid_derivative_hint():
    def wrong(z):
        return _sigmoid(z) * (1 - z)

    ctx = _ctx(FakeWorker({"sigmoid_derivative": wrong}), func="sigmoid_derivative")
    test = next(t for t in get_assignment("03_activations").tests if t.id == "sigmoid_derivative.slides")
    with pytest.raises(CheckFailure) as e:
        test.check(ctx)
    msg_es, msg_en = e.value.message_es, e.value.message_en
    assert "σ(z)(1 − z)" in msg_es and "σ(z)(1 − σ(z))" in msg_en
    assert "esperado 0.25, obtenido 0.5" in msg_es and "expected 0.25, got 0.5" in msg_en


def test_kinks_accept_any_subgradient():
    relu_d_slides = lambda z: (z >= 0).astype(float)  # noqa: E731  relu'(0) = 1 (the slides)
    ctx = _ctx(FakeWorker({"relu_derivative": relu_d_slides}), func="relu_derivative")
    value_case(ctx, "relu_derivative", (np.array([-1.0, 0.0, 2.0]),),
               kinks=KINKS["relu_derivative"])
    assert ctx.oracles["reference"] == "match"
