"""Gradescope's results.json (the autograder specification) from a `SubmissionResult`, and back.

The whole result rides along in `extra_data` (Gradescope stores it without showing it), so the
batch can rebuild every report from the stored file alone.
"""

from __future__ import annotations

from typing import Any

from grader.report.feedback import reason_text, unavailable_oracles
from grader.results import SubmissionResult, TestResult
from grader.text import Text


def _gradescope_test_output(t: TestResult) -> str:
    parts = []
    msg = t.message.render("both")
    if msg:
        parts.append(msg)
    if t.oracles:
        parts.append("oracles: " + ", ".join(f"{k}: {v}" for k, v in t.oracles.items()))
    if t.student_traceback and not t.passed:
        parts.append(t.student_traceback.rstrip())
    return "\n\n".join(parts)


def gradescope_results(
    r: SubmissionResult, *, extra: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Gradescope's results.json (autograder specification): score, max_score, per-test entries.

    The full `SubmissionResult` goes in `extra_data["dlgrade"]["result"]` (Gradescope stores
    extra_data without showing it), so a batch can rebuild every report from this file alone.
    """
    lines = [r.load_error] * bool(r.load_error) + [
        Text(f"oráculo {k} no disponible: {reason_text(v, 'es')}", f"oracle {k} unavailable: {v}")
        for k, v in unavailable_oracles(r).items()]
    output = Text.join("\n", lines).render("both")
    tests = [
        {
            "name": f"{t.test_id} ({t.function})",
            "number": str(i),
            "score": round(t.points, 6),
            "max_score": round(t.max_points, 6),
            "status": "passed" if t.passed else "failed",
            "output": _gradescope_test_output(t),
            "tags": [t.function, t.status],
            "visibility": "visible",
        }
        for i, t in enumerate(r.tests, start=1)
    ]
    dl: dict[str, Any] = {"result": r.to_dict()}
    if extra:
        dl.update(extra)
    return {
        "score": r.score,
        "max_score": r.max_score,
        "execution_time": round(r.duration_s, 3),
        "output": output,
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {"dlgrade": dl},
    }


def result_from_gradescope(d: dict[str, Any]) -> SubmissionResult:
    """The `SubmissionResult` stored by `gradescope_results` (KeyError if it is not there)."""
    return SubmissionResult.from_dict(d["extra_data"]["dlgrade"]["result"])
