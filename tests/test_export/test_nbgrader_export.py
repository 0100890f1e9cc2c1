"""export_nbgrader on a gradebook built with nbgrader's API (fast; the real round trip with
nbgrader's commands is test_nbgrader_roundtrip.py): the scores per graded cell, a gradebook
that does not match the hidden tests, the feedback copied where release_feedback looks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from nbgrader.api import Gradebook, MissingEntry

from grader.batch.discover import Task
from grader.batch.store import write_task_result
from grader.course import Course
from grader.export.nbgrader import NbgraderExportError, export_nbgrader
from grader.results import SubmissionResult
from grader.results import TestResult as TR

COURSE = Course.default()
AID, NAME, MODULE = "01_perceptron", "ps1", "perceptron"
CELLS = {"step": 2.0, "predict": 3.0, "train": 5.0}


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A gradebook as `nbgrader generate_assignment` leaves it for our source notebook (made
    once: creating one takes seconds)."""
    path = tmp_path_factory.mktemp("nbgrader") / "gradebook.db"
    with Gradebook(f"sqlite:///{path}") as gb:
        gb.add_assignment(NAME)
        gb.add_notebook(MODULE, NAME)
        for function, points in CELLS.items():
            gb.add_grade_cell(f"dlgrade_{function}", MODULE, NAME, max_score=points,
                              cell_type="code")
        gb.add_grade_cell("public-checks", MODULE, NAME, max_score=0, cell_type="code")
    return path


def make_gradebook(template: Path, path: Path, cells: dict[str, float] = CELLS) -> str:
    """A copy of the template whose dlgrade cells are worth `cells` (absent: removed)."""
    shutil.copyfile(template, path)
    with Gradebook(f"sqlite:///{path}") as gb:
        for function in CELLS:
            cell = gb.find_grade_cell(f"dlgrade_{function}", MODULE, NAME)
            if function in cells:
                cell.max_score = cells[function]
            else:
                gb.db.delete(cell)
        gb.db.commit()
    return str(path)


def store(grades: Path, folder: str, scores: dict[str, tuple[float, float]],
          file: str = "perceptron.ipynb") -> None:
    """A batch result: test `<function>.t` worth the function's points, with `scores`."""
    tests = [TR(test_id=f"{f}.t", function=f, max_points=top, points=got,
                status="passed" if got == top else "failed") for f, (got, top) in scores.items()]
    r = SubmissionResult(assignment=AID, student=folder, submission=file, tests=tests)
    task = Task(student=folder, raw_student=folder, assignment=AID, file=file, sha256="x")
    write_task_result(grades, task, r)


def test_scores_go_to_each_graded_cell_and_nbgrader_totals_them(tmp_path: Path, template: Path):
    db = make_gradebook(template, tmp_path / "gradebook.db")
    grades = tmp_path / "grades"
    store(grades, "alice", {"step": (2, 2), "predict": (1.5, 3), "train": (0, 5)})
    store(grades, "bob", {"step": (2, 2), "predict": (3, 3), "train": (5, 5)})
    lines = export_nbgrader(grades, db, COURSE, mapping={NAME: AID})
    assert lines == ["alice ps1: 3.5/10 (3 graded cells)", "bob ps1: 10/10 (3 graded cells)"]
    with Gradebook(f"sqlite:///{db}") as gb:
        assert gb.find_submission(NAME, "alice").score == 3.5
        assert gb.find_submission(NAME, "bob").score == 10
        grade = gb.find_grade("dlgrade_predict", MODULE, NAME, "alice")
        assert (grade.manual_score, grade.max_score, grade.needs_manual_grade) == (1.5, 3, False)
    # a second export (a regrade) updates the same submission
    store(grades, "alice", {"step": (2, 2), "predict": (3, 3), "train": (5, 5)})
    export_nbgrader(grades, db, COURSE, mapping={NAME: AID})
    with Gradebook(f"sqlite:///{db}") as gb:
        assert gb.find_submission(NAME, "alice").score == 10
        assert len(gb.assignment_submissions(NAME)) == 2


def test_a_gradebook_with_other_points_is_refused_before_anything_is_written(tmp_path: Path,
                                                                            template: Path):
    db = make_gradebook(template, tmp_path / "gradebook.db", {**CELLS, "train": 4.0})
    grades = tmp_path / "grades"
    store(grades, "alice", {"step": (2, 2), "predict": (3, 3), "train": (5, 5)})
    with pytest.raises(NbgraderExportError, match="train is worth 5 points in the hidden tests "
                                                  "but 4 in the gradebook"):
        export_nbgrader(grades, db, COURSE, mapping={NAME: AID})
    with Gradebook(f"sqlite:///{db}") as gb, pytest.raises(MissingEntry):
        gb.find_submission(NAME, "alice")


def test_a_gradebook_without_our_cells_or_assignment_or_file(tmp_path: Path, template: Path):
    grades = tmp_path / "grades"
    store(grades, "alice", {"step": (2, 2), "predict": (3, 3), "train": (5, 5)})
    bare = make_gradebook(template, tmp_path / "bare.db", {})
    with pytest.raises(NbgraderExportError, match="no graded cell dlgrade_<function>"):
        export_nbgrader(grades, bare, COURSE, mapping={NAME: AID})
    db = make_gradebook(template, tmp_path / "gradebook.db")
    assert export_nbgrader(grades, db, COURSE) == [  # no mapping: nbgrader would say 01_...
        f"{AID}: skipped, the gradebook has no assignment {AID}"]
    with pytest.raises(NbgraderExportError, match="no nbgrader gradebook"):
        export_nbgrader(grades, str(tmp_path / "missing.db"), COURSE, mapping={NAME: AID})
    assert not (tmp_path / "missing.db").exists()


def test_no_submission_no_score_and_feedback_where_release_feedback_looks(tmp_path: Path,
                                                                         template: Path):
    db = make_gradebook(template, tmp_path / "gradebook.db")
    grades, root = tmp_path / "grades", tmp_path / "nbgrader"
    store(grades, "alice", {"step": (2, 2), "predict": (3, 3), "train": (5, 5)})
    store(grades, "carol", {"step": (0, 2), "predict": (0, 3), "train": (0, 5)}, file="")
    submitted = root / "submitted" / "alice" / NAME
    submitted.mkdir(parents=True)
    (submitted / "timestamp.txt").write_text("2026-11-30 10:00:00.000000 UTC")
    (submitted / "submission_secret.txt").write_text("s3cret")
    page = grades / "feedback" / "alice" / f"{AID}.html"  # the batch's HTML feedback
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text("<html>alice</html>")
    lines = export_nbgrader(grades, db, COURSE, nbgrader_root=root, mapping={NAME: AID})
    target = root / "feedback" / "alice" / NAME
    assert lines == ["alice ps1: 10/10 (3 graded cells)",
                     f"alice ps1: feedback -> {target / 'perceptron.html'}"]
    assert (target / "perceptron.html").read_text() == "<html>alice</html>"
    assert (target / "timestamp.txt").read_text() == "2026-11-30 10:00:00.000000 UTC"
    assert (target / "submission_secret.txt").read_text() == "s3cret"
    with Gradebook(f"sqlite:///{db}") as gb:
        assert str(gb.find_submission(NAME, "alice").timestamp) == "2026-11-30 10:00:00"
        with pytest.raises(MissingEntry):  # carol submitted nothing: nbgrader shows 0
            gb.find_submission(NAME, "carol")
