"""Result data types shared by the runner, the reports and the batch.

Plain dataclasses with a JSON round-trip: the batch writes one file per student and a re-run
reads them back, so `SubmissionResult.from_dict(r.to_dict()) == r`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# passed: full points. failed: wrong values/behaviour. error: the student's code raised.
# timeout/crash: the worker ran out of time or died. missing: the function is not defined.
# forbidden: a library not allowed in this exercise. invalid: returned something that is not
# plain numeric data of the expected kind (object, subclass, complex, NaN...).
STATUSES = ("passed", "failed", "error", "timeout", "crash", "missing", "forbidden", "invalid")


@dataclass
class TestResult:
    test_id: str
    function: str
    max_points: float
    points: float = 0.0
    status: str = "failed"
    message_es: str = ""
    message_en: str = ""
    # oracle name -> "match" | "mismatch" | "unavailable: <reason>" | "not applicable"
    oracles: dict[str, str] = field(default_factory=dict)
    student_traceback: str = ""
    stdout: str = ""

    @property
    def passed(self) -> bool:
        return self.status == "passed"


@dataclass
class SubmissionResult:
    assignment: str
    student: str | None
    submission: str
    tests: list[TestResult] = field(default_factory=list)
    load_error_es: str = ""
    load_error_en: str = ""
    notes: list[str] = field(default_factory=list)
    sandbox: str = ""
    duration_s: float = 0.0

    @property
    def score(self) -> float:
        return round(sum(t.points for t in self.tests), 6)

    @property
    def max_score(self) -> float:
        return round(sum(t.max_points for t in self.tests), 6)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["score"] = self.score
        d["max_score"] = self.max_score
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SubmissionResult:
        d = {k: v for k, v in d.items() if k not in ("score", "max_score")}
        tests = [TestResult(**t) for t in d.pop("tests", [])]
        return cls(tests=tests, **d)
