"""Grades for a learning management system: one row per student, one column per assignment.

Pure functions of the stored results (and a roster) returning CSV text; `grader.export` reads
the files and writes the output. Each column holds the assignment's total; a student on the
roster without a result (no folder, or not graded) gets 0. The formats follow:

- Canvas: the Gradebook's CSV export, which is also what its import reads ("How do I import
  grades in the Gradebook?", Canvas Instructor Guide; the Ohio State guide "Import a CSV file
  to Carmen Grades" lists the required columns: Student name or ID or SIS User ID, SIS Login
  ID, Section, then one column per assignment, a column that matches no assignment creating a
  new one). Columns `Student, ID, SIS User ID, SIS Login ID, Section`, then the assignments; the
  second row is Canvas's `Points Possible` row (each assignment's maximum).
- Moodle: "Grade import" (docs.moodle.org, CSV grade import): one row per user, identified by
  a column the teacher maps ("Map from" that column "Map to" email address, username or ID
  number; emails are compared case-sensitively), and one column per grade item, mapped to an
  existing item or to a new one. Moodle's CSV has no points-possible row, so each header says
  its maximum: `NN_name (max 10)`.
- wide: the same table for people and scripts: `student`, the roster's id column, one
  `<assignment> (max N)` column per assignment, and `total (max N)`.

The roster (`Roster`) names the class: `id_column` is the identifier the LMS matches on
(an email, a login, a Canvas SIS id) and `student_column` the column holding the student's
dlgrade id (the name of the submission folder; the id column itself by default). A student
graded but not on the roster cannot be imported: `unrostered` lists them (the CLI warns), the
Canvas and Moodle exports leave them out, and the wide export keeps them, after the roster, with
blank roster columns. Without a roster every graded student is a row, identified by dlgrade's id.
Text cells go through `csv_text` (a cell that starts like a spreadsheet formula is quoted).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from grader.report.gradebook import csv_text
from grader.results import SubmissionResult, fmt_points

CANVAS_ID_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")


@dataclass(frozen=True)
class Roster:
    """The class list: `rows` as read from its CSV (column name -> value)."""

    id_column: str
    rows: list[dict[str, str]] = field(default_factory=list)
    student_column: str = ""  # "" : the id column holds dlgrade's student ids

    @property
    def key(self) -> str:
        return self.student_column or self.id_column

    def students(self) -> list[str]:
        """dlgrade's student ids, in roster order."""
        return [row[self.key] for row in self.rows]


@dataclass(frozen=True)
class Table:
    """Totals: assignments in id order with their maximum, student -> assignment -> points."""

    assignments: list[str]
    max_points: dict[str, float]
    points: dict[str, dict[str, float]]


def table(results: Iterable[SubmissionResult]) -> Table:
    results = list(results)
    ids = sorted({r.assignment for r in results})
    max_points = {a: max(r.max_score for r in results if r.assignment == a) for a in ids}
    points: dict[str, dict[str, float]] = {}
    for r in results:
        points.setdefault(r.student or "", {})[r.assignment] = r.score
    return Table(ids, max_points, points)


def unrostered(results: Iterable[SubmissionResult], roster: Roster | None) -> list[str]:
    """Students with a result who are not on the roster (none without a roster)."""
    if roster is None:
        return []
    on = set(roster.students())
    return sorted({r.student or "" for r in results} - on)


def _rows(t: Table, roster: Roster | None, *, keep_unrostered: bool
          ) -> list[tuple[str, dict[str, str]]]:
    """(dlgrade id, roster row) per student to write: the roster's order, else the graded ids."""
    if roster is None:
        return [(s, {}) for s in sorted(t.points)]
    rows = [(row[roster.key], row) for row in roster.rows]
    if keep_unrostered:
        on = set(roster.students())
        rows += [(s, {}) for s in sorted(t.points) if s not in on]
    return rows


def _scores(t: Table, student: str) -> list[str]:
    got = t.points.get(student, {})
    return [fmt_points(got.get(a, 0.0)) for a in t.assignments]


def _with_max(name: str, points: float) -> str:
    return f"{name} (max {fmt_points(points)})"


def _csv(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def wide_csv(results: Iterable[SubmissionResult], roster: Roster | None = None) -> str:
    """`student[, <id column>], <assignment> (max N)..., total (max N)`: every roster student
    (0 without a result) and every graded student (after the roster when not on it)."""
    t = table(results)
    extra = [roster.id_column] if roster is not None and roster.student_column else []
    head = ["student", *extra, *(_with_max(a, t.max_points[a]) for a in t.assignments),
            _with_max("total", sum(t.max_points.values()))]
    out = [head]
    for student, row in _rows(t, roster, keep_unrostered=True):
        scores = _scores(t, student)
        total = sum(t.points.get(student, {}).values())
        out.append([csv_text(student), *(csv_text(row.get(c, "")) for c in extra), *scores,
                    fmt_points(total)])
    return _csv(out)


def canvas_csv(results: Iterable[SubmissionResult], roster: Roster | None = None) -> str:
    """Canvas's gradebook CSV: `Student, ID, SIS User ID, SIS Login ID, Section`, one column
    per assignment, a `Points Possible` row, then one row per roster student.

    The identifying columns are copied from the roster's columns of the same names (a Canvas
    gradebook export works as the roster); one the roster lacks is filled from what it has:
    `Student` from a `name` column, else the student's id, and `SIS Login ID` from the id
    column. Without a roster, `Student` and `SIS Login ID` are dlgrade's student id.
    """
    t = table(results)
    out = [[*CANVAS_ID_COLUMNS, *t.assignments],
           ["Points Possible", "", "", "", "", *(fmt_points(t.max_points[a])
                                                   for a in t.assignments)]]
    for student, row in _rows(t, roster, keep_unrostered=False):
        ident = {c: row.get(c, "") for c in CANVAS_ID_COLUMNS}
        login = row.get(roster.id_column, "") if roster is not None else student
        ident["Student"] = ident["Student"] or row.get("name", "") or login or student
        ident["SIS Login ID"] = ident["SIS Login ID"] or login
        out.append([*(csv_text(ident[c]) for c in CANVAS_ID_COLUMNS), *_scores(t, student)])
    return _csv(out)


def moodle_csv(results: Iterable[SubmissionResult], roster: Roster | None = None) -> str:
    """Moodle's CSV grade import: the id column (map it to email address, username or ID
    number), then one `<assignment> (max N)` column per assignment, one row per roster student.
    Without a roster the id column is `student`, dlgrade's student id."""
    t = table(results)
    id_column = roster.id_column if roster is not None else "student"
    out = [[id_column, *(_with_max(a, t.max_points[a]) for a in t.assignments)]]
    for student, row in _rows(t, roster, keep_unrostered=False):
        ident = row[id_column] if roster is not None else student
        out.append([csv_text(ident), *_scores(t, student)])
    return _csv(out)
