"""Discovery in nbgrader's real folders: what `collect` copies beside the notebook, a renamed
notebook, and the course's own assignment names (dlgrade.toml or [tool.dlgrade])."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from grader.batch.discover import discover, find_submission
from grader.course import Course, CourseError

ENGINE = Course.default()
AID, MODULE = "01_perceptron", "perceptron"


def collected(folder: Path, notebook: str, *extra: str) -> Path:
    """A submission folder as `nbgrader collect` leaves it."""
    folder.mkdir(parents=True)
    (folder / notebook).write_text("{}")
    for name in ("test_public.py", "timestamp.txt", "submission_secret.txt", *extra):
        (folder / name).write_text("x")
    return folder


def make_course(tmp_path: Path, config: str | None = None, pyproject: str | None = None,
                data: str | None = None) -> Course:
    root = tmp_path / "course"
    shutil.copytree(ENGINE.solutions / AID, root / "solutions" / AID,
                    ignore=shutil.ignore_patterns("__pycache__"))
    if data:  # a data file released beside the stub (a .py one, the hardest to tell apart)
        (root / "solutions" / AID / data).write_text("TABLE = [1, 2]\n")
        meta = root / "solutions" / AID / "assignment.toml"
        text = meta.read_text()
        at = text.index("\n[") if "\n[" in text else len(text)
        meta.write_text(text[:at] + f'\ndata = ["{data}"]\n' + text[at:])
    if config is not None:
        (root / "dlgrade.toml").write_text(config)
    if pyproject is not None:
        (root / "pyproject.toml").write_text(pyproject)
    return Course.at(root)


def test_a_renamed_notebook_beside_what_collect_copies_is_the_submission(tmp_path: Path):
    folder = collected(tmp_path / "bob" / AID, f"{MODULE}-Copy1.ipynb")
    found, why = find_submission(folder, MODULE)
    assert found == folder / f"{MODULE}-Copy1.ipynb" and why.en == ""
    # test_public.py is what the release shipped, never the submission
    (folder / f"{MODULE}-Copy1.ipynb").unlink()
    found, why = find_submission(folder, MODULE)
    assert found is None and "Neither perceptron.py nor perceptron.ipynb" in why.en


def test_two_notebooks_are_still_ambiguous(tmp_path: Path):
    folder = collected(tmp_path / "bob" / AID, f"{MODULE}-Copy1.ipynb", "mine.ipynb")
    found, why = find_submission(folder, MODULE)
    assert found is None and "Several files" in why.en and "test_public" not in why.en


def test_the_data_files_of_the_release_are_not_submissions(tmp_path: Path):
    course = make_course(tmp_path, data="table.py")
    collected(tmp_path / "submitted" / "bob" / AID, f"{MODULE}-Copy1.ipynb", "table.py")
    [task] = discover(tmp_path, [course.info(AID)])
    assert Path(task.file).name == f"{MODULE}-Copy1.ipynb"


@pytest.mark.parametrize("where", ["dlgrade.toml", "pyproject.toml"])
def test_the_course_names_its_assignments_as_nbgrader_does(tmp_path: Path, where: str):
    table = f'"ps1" = "{AID}"\n'
    course = (make_course(tmp_path, config="[assignments]\n" + table) if where == "dlgrade.toml"
              else make_course(tmp_path, pyproject="[project]\nname = 'c'\n\n"
                               "[tool.dlgrade.assignments]\n" + table))
    assert course.assignment_names() == {"ps1": AID} and course.names_of(AID) == ["ps1"]
    collected(tmp_path / "submitted" / "alice" / "ps1", f"{MODULE}.ipynb")
    collected(tmp_path / "submitted" / "bob" / AID, f"{MODULE}.ipynb")  # our id still works
    (tmp_path / "submitted" / "carol").mkdir()
    tasks = discover(tmp_path, [course.info(AID)], course.assignment_names())
    got = {t.student: (Path(t.file).parent.name if t.file else None) for t in tasks}
    assert got == {"alice": "ps1", "bob": AID, "carol": None}
    assert [t.assignment for t in tasks] == [AID] * 3
    # without the names, alice's folder is not this assignment's
    assert {t.student: t.file for t in discover(tmp_path, [course.info(AID)])}["alice"] is None


def test_no_configuration_is_no_names(tmp_path: Path):
    course = make_course(tmp_path, pyproject="[project]\nname = 'c'\n")
    assert course.assignment_names() == {} and course.names_of(AID) == [AID]


@pytest.mark.parametrize("config, message", [
    (f'[assignment]\n"ps1" = "{AID}"\n', "must not contain"),  # misspelt table
    ('[assignments]\n"ps1" = "perceptron"\n', "must match pattern"),  # a module, not an id
    ('[assignments]\n"ps/1" = "01_perceptron"\n', "must not contain"),  # not a folder name
    ('[assignments]\n"ps1" = 1\n', "must be string"),
    ('[assignments]\n"ps1" = "09_missing"\n', "unknown assignment '09_missing'"),
    ('[assignments\n', "Expected"),  # not TOML
])
def test_a_bad_configuration_is_a_course_error(tmp_path: Path, config: str, message: str):
    course = make_course(tmp_path, config=config)
    with pytest.raises(CourseError, match=message) as e:
        course.assignment_names()
    assert "dlgrade.toml" in str(e.value) or "unknown assignment" in str(e.value)
