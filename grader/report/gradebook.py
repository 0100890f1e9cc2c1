"""The gradebook: one CSV row per (student, assignment), one column per hidden test.

Columns come from the results themselves (assignments in id order, tests in the order their
results list them), so the file needs no registry and is the same whenever it is rebuilt.
"""

from __future__ import annotations

import csv
import io

from grader.results import SubmissionResult, fmt_points


def gradebook_row(r: SubmissionResult, test_ids: list[str]) -> dict[str, str]:
    """One gradebook row: student, assignment, points per test id (blank if not graded), total, max."""
    pts = {t.test_id: fmt_points(t.points) for t in r.tests}
    row = {"student": r.student or "", "assignment": r.assignment}
    for tid in test_ids:
        row[tid] = pts.get(tid, "")
    row["total"] = fmt_points(r.score)
    row["max"] = fmt_points(r.max_score)
    return row


def test_columns(results: list[SubmissionResult]) -> list[str]:
    """Test ids in assignment order, each assignment's in the order its results list them."""
    cols: dict[str, None] = {}
    for a in sorted({r.assignment for r in results}):
        for r in results:
            if r.assignment == a:
                cols.update(dict.fromkeys(t.test_id for t in r.tests))
    return list(cols)


def gradebook_csv(results: list[SubmissionResult]) -> str:
    cols = test_columns(results)
    buf = io.StringIO()
    w = csv.DictWriter(
        buf, fieldnames=["student", "assignment", *cols, "total", "max"], lineterminator="\n"
    )
    w.writeheader()
    for r in results:
        w.writerow(gradebook_row(r, cols))
    return buf.getvalue()
