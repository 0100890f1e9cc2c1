"""verify.py: the reference agrees with torch on every hidden value case; the full self-check."""

from __future__ import annotations

import pytest

from grader.authoring import verify
from grader.course import Course
from grader.grading.spec import load_assignment

COURSE = Course.default()
ASSIGNMENT_IDS = COURSE.ids()


def get_assignment(aid: str):
    return load_assignment(COURSE.info(aid))


@pytest.mark.parametrize("aid", ASSIGNMENT_IDS)
def test_reference_agrees_with_torch_on_hidden_cases(aid):
    a = get_assignment(aid)
    rows = verify.reference_vs_torch(a)
    assert [r[0] for r in rows] == [t.id for t in a.tests]
    for test_id, outcome, ors in rows:
        if outcome.startswith("skipped"):
            assert test_id in {t.id for t in a.tests if t.torch_module}  # the student's torch module
            continue
        assert outcome == "passed", (test_id, outcome)
        assert "mismatch" not in ors.values(), (test_id, ors)
    # the torch oracle really ran where one exists
    compared = [ors.get("torch_cpu") for _, _, ors in rows]
    assert "match" in compared


def test_reference_check_catches_a_wrong_reference(monkeypatch):
    """If the reference drifted from torch, verify would say so (not a check that cannot fail)."""
    import reference.activations as ra

    monkeypatch.setattr(ra, "sigmoid_derivative", lambda z: ra.sigmoid(z) * (1 - z))
    ok, lines = verify.check_reference(get_assignment("03_activations"), COURSE)
    assert not ok
    assert any("sigmoid_derivative" in line and "torch_cpu" in line for line in lines)


@pytest.mark.slow
def test_verify_passes():
    ok, lines = verify.verify(COURSE)
    assert ok, "\n".join(lines)
    assert all(line.startswith("ok   ") for line in lines)
    # reference, solution, stub per assignment, and its variants where it has some
    with_variants = [a for a in ASSIGNMENT_IDS if any((COURSE.info(a).folder / "variants").glob("*.py"))]
    assert len(lines) == 3 * len(ASSIGNMENT_IDS) + len(with_variants)
