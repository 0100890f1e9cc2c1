"""Result data types shared by grading, the batch and the reports.

Plain dataclasses with a JSON round-trip: the batch writes one file per student and a re-run
reads them back, so `SubmissionResult.from_dict(r.to_dict()) == r`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from grader.kinds import STATUSES, Status
from grader.text import EMPTY, Text


class GraderFailure(Exception):
    """The grader, not the submission, failed (the sandbox did not start, a hidden test or an
    oracle raised, a library the assignment needs is missing): no grade may be written, the
    command exits non-zero, and a re-run grades the submission."""


@dataclass
class TestResult:
    __test__ = False  # not a pytest test class

    test_id: str
    function: str
    max_points: float
    points: float = 0.0
    status: Status = "failed"
    message: Text = EMPTY
    # oracle name -> "match" | "mismatch" | "unavailable: <reason>" | "not applicable"
    oracles: dict[str, str] = field(default_factory=dict)
    student_traceback: str = ""
    stdout: str = ""
    # what the failed check compared, as plain data for a picture in the HTML feedback
    # (grader.grading.figures: kind "arrays" or "curve", bounded in size); None: no picture
    figure: dict[str, Any] | None = None

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    def to_dict(self) -> dict[str, Any]:
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        d["message"] = self.message.to_json()
        d["oracles"] = dict(self.oracles)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TestResult:
        d = dict(d)
        if d.get("status") not in STATUSES:
            raise ValueError(f"unknown status {d.get('status')!r}")
        d["message"] = Text.from_json(d.get("message", EMPTY.to_json()))
        if not isinstance(d.get("figure"), (dict, type(None))):
            raise ValueError(f"figure must be a dict or None, got {type(d['figure']).__name__}")
        return cls(**d)


@dataclass
class SubmissionResult:
    assignment: str
    student: str | None
    submission: str
    tests: list[TestResult] = field(default_factory=list)
    load_error: Text = EMPTY
    notes: list[Text] = field(default_factory=list)
    sandbox: str = ""
    duration_s: float = 0.0

    @property
    def score(self) -> float:
        return round(sum(t.points for t in self.tests), 6)

    @property
    def max_score(self) -> float:
        return round(sum(t.max_points for t in self.tests), 6)

    def to_dict(self) -> dict[str, Any]:
        return {
            "assignment": self.assignment,
            "student": self.student,
            "submission": self.submission,
            "tests": [t.to_dict() for t in self.tests],
            "load_error": self.load_error.to_json(),
            "notes": [n.to_json() for n in self.notes],
            "sandbox": self.sandbox,
            "duration_s": self.duration_s,
            "score": self.score,
            "max_score": self.max_score,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SubmissionResult:
        d = {k: v for k, v in d.items() if k not in ("score", "max_score")}
        tests = [TestResult.from_dict(t) for t in d.pop("tests", [])]
        load_error = Text.from_json(d.pop("load_error", EMPTY.to_json()))
        notes = [Text.from_json(n) for n in d.pop("notes", [])]
        return cls(tests=tests, load_error=load_error, notes=notes, **d)


def fmt_points(x: float) -> str:
    """2.0 -> '2', 0.5 -> '0.5' (points are written the same everywhere: table, csv, markdown)."""
    x = round(float(x), 6)
    return str(int(x)) if x == int(x) else f"{x:g}"
