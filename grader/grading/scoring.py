"""Points: each hidden test is all-or-nothing; partial credit comes from a function's points
being split over several tests."""

from __future__ import annotations

from grader.kinds import STATUSES, Status
from grader.results import SubmissionResult, TestResult


def points_for(max_points: float, status: Status) -> float:
    """Full points for "passed", zero for every other status."""
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}")
    return float(max_points) if status == "passed" else 0.0


def by_function(result: SubmissionResult) -> dict[str, tuple[float, float]]:
    """function -> (points, max points), in test order."""
    out: dict[str, tuple[float, float]] = {}
    for t in result.tests:
        p, m = out.get(t.function, (0.0, 0.0))
        out[t.function] = (round(p + t.points, 6), round(m + t.max_points, 6))
    return out


def finalize(test: TestResult) -> TestResult:
    """Set `points` from `status` (the single place that awards points)."""
    test.points = points_for(test.max_points, test.status)
    return test


def total(result: SubmissionResult) -> tuple[float, float]:
    return result.score, result.max_score
