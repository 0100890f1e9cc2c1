"""Grades out of dlgrade, into the instructor's tools.

    lms.py        wide, Canvas and Moodle CSV: pure functions of the results and a roster
    nbgrader.py   scores and feedback into an nbgrader gradebook, through nbgrader's own API

`export_lms` reads a batch's grades folder (its results/) and a roster and returns the CSV text
with the warnings the person exporting should read (students graded but not on the roster).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from grader.batch import load_results
from grader.export.lms import Roster, canvas_csv, moodle_csv, unrostered, wide_csv
from grader.results import SubmissionResult

LMS_FORMATS: dict[str, Callable[[list[SubmissionResult], Roster | None], str]] = {
    "wide": wide_csv, "canvas": canvas_csv, "moodle": moodle_csv}
FORMATS = (*LMS_FORMATS, "nbgrader")

__all__ = ["FORMATS", "LMS_FORMATS", "ExportError", "Roster", "export_lms", "read_roster"]


class ExportError(Exception):
    """Bad input to an export (a missing folder, a roster without the named column)."""


def read_roster(path: Path, id_column: str, student_column: str | None = None) -> Roster:
    """The roster CSV at `path` (UTF-8, a spreadsheet's byte-order mark allowed).

    `id_column`: the identifier the LMS matches on; `student_column`: the column holding
    dlgrade's student ids (the submission folders' names), default the id column. Every row
    needs both, and no student may appear twice. A Canvas gradebook export can be the roster
    (its `Points Possible` row is skipped).
    """
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            rows = [{k: (v or "").strip() for k, v in row.items() if k is not None}
                    for row in reader]
            # a Canvas gradebook export as the roster: its second row is no student
            rows = [r for r in rows if next(iter(r.values()), "") != "Points Possible"]
            header = reader.fieldnames or []
    except OSError as e:
        raise ExportError(f"cannot read the roster {path}: {e.strerror}") from e
    except (UnicodeDecodeError, csv.Error) as e:
        raise ExportError(f"the roster {path} is not a UTF-8 CSV file: {e}") from e
    roster = Roster(id_column=id_column, rows=rows,
                    student_column="" if student_column in (None, id_column) else student_column)
    for col in dict.fromkeys((id_column, roster.key)):
        if col not in header:
            raise ExportError(f"the roster {path} has no column {col!r} "
                              f"(its columns: {', '.join(header) or 'none'})")
    for n, row in enumerate(rows, start=2):
        for col in dict.fromkeys((id_column, roster.key)):
            if not row.get(col):
                raise ExportError(f"{path}, line {n}: empty {col!r}")
    seen: set[str] = set()
    for s in roster.students():
        if s in seen:
            raise ExportError(f"the roster {path} lists {s!r} twice")
        seen.add(s)
    return roster


def export_lms(fmt: str, grades_dir: Path, roster: Roster | None = None
               ) -> tuple[str, list[str]]:
    """(CSV text, warnings) of the results under `grades_dir` (a `dlgrade batch` output) in
    format `fmt` (one of LMS_FORMATS)."""
    if fmt not in LMS_FORMATS:
        raise ExportError(f"unknown format {fmt!r} (known: {', '.join(LMS_FORMATS)})")
    grades_dir = Path(grades_dir)
    if not (grades_dir / "results").is_dir():
        raise ExportError(f"no results/ in {grades_dir}: run `dlgrade batch ... --out "
                          f"{grades_dir}` first")
    results = load_results(grades_dir)
    warnings = []
    missing = unrostered(results, roster)
    if missing:
        kept = "kept at the end" if fmt == "wide" else "left out: the LMS cannot import them"
        warnings.append(f"{len(missing)} graded student(s) not on the roster ({kept}): "
                        + ", ".join(missing))
    return LMS_FORMATS[fmt](results, roster), warnings
