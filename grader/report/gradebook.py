"""The gradebook: one CSV row per (student, assignment), one column per hidden test.

A test's column is `<assignment>:<test_id>`: two assignments may both have a test with the
same id (`f.values`), and they are different tests. Columns come from the results themselves
(assignments in id order, tests in the order their results list them), so the file needs no
registry and is the same whenever it is rebuilt. The student column holds the student's id as found (an email stays
an email), behind `csv_text`'s guard against spreadsheet formulas.
"""

from __future__ import annotations

import csv
import io

from grader.results import SubmissionResult, fmt_points

# A spreadsheet evaluates a cell that starts with one of these (OWASP's "CSV injection" list)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(cell: str) -> str:
    """A text cell a spreadsheet shows as text: one starting like a formula gets a leading "'"."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def column_name(assignment: str, test_id: str) -> str:
    """The gradebook column of one test of one assignment."""
    return f"{assignment}:{test_id}"


def gradebook_row(r: SubmissionResult, columns: list[str]) -> dict[str, str]:
    """One gradebook row: student, assignment, points per test column (blank if not this
    assignment's or not graded), total, max."""
    pts = {column_name(r.assignment, t.test_id): fmt_points(t.points) for t in r.tests}
    row = {"student": csv_text(r.student or ""), "assignment": r.assignment}
    for col in columns:
        row[col] = pts.get(col, "")
    row["total"] = fmt_points(r.score)
    row["max"] = fmt_points(r.max_score)
    return row


def test_columns(results: list[SubmissionResult]) -> list[str]:
    """Test ids in assignment order, each assignment's in the order its results list them
    (the ids alone: callers that mix assignments use `gradebook_columns`)."""
    cols: dict[str, None] = {}
    for a in sorted({r.assignment for r in results}):
        for r in results:
            if r.assignment == a:
                cols.update(dict.fromkeys(t.test_id for t in r.tests))
    return list(cols)


def gradebook_columns(results: list[SubmissionResult]) -> list[str]:
    """`<assignment>:<test_id>` for every test, assignments in id order, tests as listed."""
    return [column_name(a, tid) for a in sorted({r.assignment for r in results})
            for tid in test_columns([r for r in results if r.assignment == a])]


def gradebook_csv(results: list[SubmissionResult]) -> str:
    cols = gradebook_columns(results)
    buf = io.StringIO()
    w = csv.DictWriter(
        buf, fieldnames=["student", "assignment", *cols, "total", "max"], lineterminator="\n"
    )
    w.writeheader()
    for r in results:
        w.writerow(gradebook_row(r, cols))
    return buf.getvalue()
