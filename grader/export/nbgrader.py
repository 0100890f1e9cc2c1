"""dlgrade's grades into an nbgrader course: its gradebook and its feedback folder.

    grades/results/<student>/<id>.json   -> gradebook.db: each graded cell dlgrade_<function>
                                            of the submission gets the function's score as its
                                            manual score (nbgrader's own API, Gradebook)
    grades/feedback/<student>/<id>.html  -> <nbgrader root>/feedback/<student>/<name>/<module>.html
                                            (with the submission's timestamp.txt and
                                            submission_secret.txt), what `release_feedback` sends

The graded cells come from the source notebooks `dlgrade release --nbgrader-source` writes (one
per function, worth the hidden tests' points), so `nbgrader export` and formgrader show dlgrade's
scores without nbgrader's autograde. <name> is nbgrader's name for the assignment: its id, or a
name of the course's `[assignments]` table (`Course.assignment_names()`); <student> in nbgrader
is the folder the submission was found in (the batch records it as the result's source).
"""

from __future__ import annotations

import shutil
import warnings
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from grader.authoring.notebooks import GRADED_PREFIX
from grader.batch.store import feedback_path, read_result, result_path
from grader.course import Course
from grader.results import SubmissionResult, fmt_points

if TYPE_CHECKING:  # nbgrader (the `nbgrader` extra) is imported only when exporting
    from nbgrader.api import Gradebook

# What release_feedback reads beside the HTML (nbgrader's generate_feedback copies them too).
SUBMISSION_FILES = ("timestamp.txt", "submission_secret.txt")


class NbgraderExportError(ValueError):
    """The gradebook cannot take these grades (no such file, no graded cells, other points)."""


def _db_url(db: str) -> str:
    if "://" in db:
        return db
    path = Path(db)
    if not path.is_file():  # Gradebook would create an empty one
        raise NbgraderExportError(f"no nbgrader gradebook at {db} (run `nbgrader "
                                  f"generate_assignment` in the nbgrader course first)")
    return f"sqlite:///{path.resolve()}"


def _course_id(url: str) -> str:
    """The gradebook's course (Gradebook adds the one it is given when missing)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            ids = [row[0] for row in conn.execute(text("SELECT id FROM course"))]
    finally:
        engine.dispose()
    return ids[0] if len(ids) == 1 else "default_course"


def per_function(result: SubmissionResult) -> dict[str, tuple[float, float]]:
    """function -> (points, max points) of its tests."""
    out: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for t in result.tests:
        out[t.function][0] += t.points
        out[t.function][1] += t.max_points
    return {f: (round(p, 6), round(m, 6)) for f, (p, m) in out.items()}


def export_nbgrader(grades: Path, db: str, course: Course, *, nbgrader_root: Path | None = None,
                    mapping: dict[str, str] | None = None) -> list[str]:
    """Write the batch's scores in `grades` into nbgrader's gradebook `db` (a path, or a
    database URL) and its feedback HTML into `nbgrader_root`/feedback (default: the folder of
    `db`). mapping: nbgrader's assignment name -> our id (default: the course's
    `[assignments]`; an assignment without a name there is named by its id).

    A student or submission nbgrader does not know yet (collected, never autograded) is added;
    a result without a submitted file (nothing found to grade) is left out, as nbgrader has no
    submission for it. Raises NbgraderExportError, before writing anything of an assignment,
    when the gradebook's cells do not match the hidden tests (a source notebook made before
    the points changed). Returns one line per score written, per feedback copied, and per
    assignment skipped, with why.
    """
    from nbgrader.api import Gradebook, MissingEntry

    grades = Path(grades)
    url = _db_url(db)
    root = Path(nbgrader_root) if nbgrader_root is not None else Path(db).resolve().parent
    names = course.assignment_names() if mapping is None else dict(mapping)
    unknown = sorted(a for a in names.values() if a not in course.ids())
    if unknown:
        raise NbgraderExportError(f"mapping names unknown assignments: {', '.join(unknown)}")
    lines: list[str] = []
    with Gradebook(url, course_id=_course_id(url)) as gb:
        for info in course.infos():
            stored = []  # (dlgrade's student, nbgrader's student, result)
            folder = grades / "results"
            for sdir in sorted(folder.iterdir()) if folder.is_dir() else []:
                path = result_path(grades, sdir.name, info.id)
                got = read_result(path) if path.is_file() and not path.is_symlink() else None
                if got is not None and got[0].submission:
                    stored.append((sdir.name, str(got[1].get("source") or sdir.name), got[0]))
            if not stored:
                continue
            candidates = [n for n, a in names.items() if a == info.id] or [info.id]
            present = []
            for name in candidates:
                try:
                    gb.find_assignment(name)
                    present.append(name)
                except MissingEntry:
                    pass
            if not present:
                lines.append(f"{info.id}: skipped, the gradebook has no assignment "
                             f"{' or '.join(candidates)}")
                continue
            notebook = info.module
            cells = {name: _checked_cells(gb, name, notebook, [r for _, _, r in stored])
                     for name in present}
            for student, nb_student, result in stored:
                # the nbgrader assignment this student submitted (when the course has several)
                name = next((n for n in present
                             if (root / "submitted" / nb_student / n).is_dir()), present[0])
                _write_scores(gb, name, notebook, nb_student, result, cells[name],
                              root / "submitted" / nb_student / name)
                lines.append(f"{nb_student} {name}: {fmt_points(result.score)}/"
                             f"{fmt_points(result.max_score)} ({len(cells[name])} graded cells)")
                html = feedback_path(grades, student, info.id).with_suffix(".html")
                if html.is_file():
                    lines.append(_copy_feedback(html, root, nb_student, name, notebook))
    return lines


def _checked_cells(gb: Gradebook, name: str, notebook: str, results: list[SubmissionResult]
                   ) -> dict[str, float]:
    """function -> max score of the gradebook's dlgrade_<function> cells of the notebook,
    checked against the points of the results' tests."""
    from nbgrader.api import MissingEntry

    try:
        nb = gb.find_notebook(notebook, name)
    except MissingEntry:
        raise NbgraderExportError(f"{name}: the gradebook has no notebook {notebook!r}") from None
    cells = {c.name[len(GRADED_PREFIX):]: float(c.max_score) for c in nb.grade_cells
             if c.name.startswith(GRADED_PREFIX)}
    if not cells:
        raise NbgraderExportError(
            f"{name}/{notebook}: no graded cell {GRADED_PREFIX}<function> in the gradebook "
            f"(write the source with `dlgrade release --nbgrader-source` and run "
            f"`nbgrader generate_assignment {name}`)")
    for r in results:
        for function, (_, top) in per_function(r).items():
            if abs(cells.get(function, -1.0) - top) > 1e-6:
                have = fmt_points(cells[function]) if function in cells else "no cell"
                raise NbgraderExportError(
                    f"{name}/{notebook}: {function} is worth {fmt_points(top)} points in the "
                    f"hidden tests but {have} in the gradebook: regenerate the nbgrader source "
                    f"(before any submission, nbgrader cannot change cells after)")
    return cells


def _write_scores(gb: Gradebook, name: str, notebook: str, student: str,
                  result: SubmissionResult, cells: dict[str, float], submitted: Path) -> None:
    """Each dlgrade_<function> cell's manual score: the function's points in `result` (0 for
    a function it has no test of)."""
    from nbgrader.api import MissingEntry
    from sqlalchemy.exc import SAWarning

    gb.update_or_create_student(student)
    try:
        gb.find_submission(name, student)
    except MissingEntry:  # collected but never autograded by nbgrader
        stamp = submitted / "timestamp.txt"
        extra = {"timestamp": stamp.read_text(encoding="utf-8").strip()} if stamp.is_file() else {}
        with warnings.catch_warnings():  # SQLAlchemy's autoflush notes inside nbgrader's own
            warnings.simplefilter("ignore", SAWarning)  # add_submission (autograde's too)
            gb.add_submission(name, student, **extra)
    scores = per_function(result)
    for function in cells:
        grade = gb.find_grade(f"{GRADED_PREFIX}{function}", notebook, name, student)
        grade.manual_score = scores.get(function, (0.0, 0.0))[0]
        grade.needs_manual_grade = False
    gb.db.commit()


def _copy_feedback(html: Path, root: Path, student: str, name: str, notebook: str) -> str:
    target = root / "feedback" / student / name
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(html, target / f"{notebook}.html")
    missing = []
    for extra in SUBMISSION_FILES:
        source = root / "submitted" / student / name / extra
        if source.is_file():
            shutil.copyfile(source, target / extra)
        else:
            missing.append(extra)
    note = (f" (no {' or '.join(missing)} in submitted/: nbgrader release_feedback needs them)"
            if missing else "")
    return f"{student} {name}: feedback -> {target / f'{notebook}.html'}{note}"
