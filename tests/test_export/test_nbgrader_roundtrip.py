"""nbgrader, end to end, with nbgrader's own commands: dlgrade writes the source notebook,
nbgrader generates, releases and collects it through an exchange (two students, one with a bug,
one who renamed the notebook), `dlgrade batch` grades nbgrader's submitted/ folder,
`export_nbgrader` writes the scores into nbgrader's gradebook, and `nbgrader export` shows
them; `release_feedback`/`fetch_feedback` deliver the feedback page.

The course calls the assignment "ps1" (its dlgrade.toml maps it to 01_perceptron), as a
course that used nbgrader before dlgrade would. Expected totals come from the statement's
"what is graded" table: step 2 + predict 3 + train 5 = 10; a train that raises loses its 5.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from grader.cli import main as dlgrade
from grader.course import Course
from grader.export.nbgrader import export_nbgrader

pytestmark = pytest.mark.slow

AID, NAME, MODULE = "01_perceptron", "ps1", "perceptron"
ENGINE_COURSE = Course.default()


def run_nbgrader(*args: str, cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"nbgrader {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


def nbgrader_config(path: Path, exchange: Path, **extra: str) -> None:
    lines = ["c = get_config()", "c.CourseDirectory.course_id = 'dl101'",
             f"c.Exchange.root = {str(exchange)!r}",
             *(f"c.{key} = {value!r}" for key, value in extra.items())]
    (path / "nbgrader_config.py").write_text("\n".join(lines) + "\n", encoding="utf-8")


def solve(notebook: Path, source: nbformat.NotebookNode, *, bug: bool) -> None:
    """Fill each solution cell of the fetched notebook with the model answer (markers left
    out); with `bug`, train uses a misspelt name on its first mistake (it raises)."""
    answers = {c.metadata["nbgrader"]["grade_id"]: c.source for c in source.cells
               if c.metadata.get("nbgrader", {}).get("solution")}
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = "\n".join(line for line in answers[grade_id].splitlines()
                                    if "### BEGIN SOLUTION" not in line
                                    and "### END SOLUTION" not in line)
            if bug and grade_id == "train":
                assert "b = b + lr * error" in cell.source
                cell.source = cell.source.replace("b = b + lr * error", "b = b + lr * eror")
    nbformat.write(nb, notebook)


def test_nbgrader_round_trip_ends_with_dlgrade_scores_in_nbgrader_export(tmp_path: Path):
    course = tmp_path / "course"  # the dlgrade course and the nbgrader course, one folder
    shutil.copytree(ENGINE_COURSE.solutions / AID, course / "solutions" / AID,
                    ignore=shutil.ignore_patterns("__pycache__"))
    (course / "dlgrade.toml").write_text(f'[assignments]\n"{NAME}" = "{AID}"\n',
                                         encoding="utf-8")
    exchange, students = tmp_path / "exchange", tmp_path / "students"
    exchange.mkdir()
    nbgrader_config(course, exchange)
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / "jupyter"),
               JUPYTER_DATA_DIR=str(tmp_path / "jupyter-data"),
               # nbgrader runs `alembic` from PATH to create its database
               PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))

    # dlgrade writes nbgrader's source folder, under the course's name for the assignment
    assert dlgrade(["--course", str(course), "release", "--nbgrader-source",
                    str(course / "source")]) == 0
    source = nbformat.read(course / "source" / NAME / f"{MODULE}.ipynb", as_version=4)
    run_nbgrader("generate_assignment", NAME, cwd=course, env=env)
    run_nbgrader("release_assignment", NAME, cwd=course, env=env)

    for student, bug in (("alice", False), ("bob", True)):
        home = students / student
        home.mkdir(parents=True)
        nbgrader_config(home, exchange, **{"Exchange.cache": str(tmp_path / "cache")})
        run_nbgrader("fetch_assignment", NAME, cwd=home, env=env)
        notebook = home / NAME / f"{MODULE}.ipynb"
        solve(notebook, source, bug=bug)
        if bug:  # bob worked on a copy Jupyter made: the only notebook of his submission
            notebook.rename(notebook.with_name(f"{MODULE}-Copy1.ipynb"))
        run_nbgrader("submit", NAME, f"--student={student}", cwd=home, env=env)
    run_nbgrader("collect", NAME, cwd=course, env=env)
    bob = course / "submitted" / "bob" / NAME
    assert sorted(p.name for p in bob.iterdir()) == [
        f"{MODULE}-Copy1.ipynb", "submission_secret.txt", "test_public.py", "timestamp.txt"]

    # dlgrade grades nbgrader's submitted/ folder
    grades = tmp_path / "dlgrade-grades"
    assert dlgrade(["--course", str(course), "batch", str(course), "-a", AID,
                    "-o", str(grades)]) == 0
    for student in ("alice", "bob"):  # the batch's HTML feedback, which nbgrader delivers
        assert "<html" in (grades / "feedback" / student / f"{AID}.html").read_text("utf-8")

    lines = export_nbgrader(grades, str(course / "gradebook.db"), Course.at(course))
    assert "alice ps1: 10/10 (3 graded cells)" in lines
    assert "bob ps1: 5/10 (3 graded cells)" in lines

    run_nbgrader("export", cwd=course, env=env)
    exported = (course / "grades.csv").read_text()
    print(f"nbgrader export:\n{exported}")  # shown with -s
    rows = list(csv.DictReader(io.StringIO(exported)))
    got = {r["student_id"]: (r["assignment"], float(r["raw_score"]), float(r["score"]),
                             float(r["max_score"])) for r in rows}
    assert got == {"alice": (NAME, 10.0, 10.0, 10.0), "bob": (NAME, 5.0, 5.0, 10.0)}
    # the same scores as dlgrade's own results; bob lost exactly train's tests
    results = {s: json.loads((grades / "results" / s / f"{AID}.json").read_text())
               for s in ("alice", "bob")}
    assert {s: r["score"] for s, r in results.items()} == {"alice": 10.0, "bob": 5.0}
    assert {t["name"].split(" ")[0] for t in results["bob"]["tests"]
            if t["score"] < t["max_score"]} == {"train.separates", "train.rule", "train.no_mutation"}

    # nbgrader's exchange delivers dlgrade's feedback page to the student
    run_nbgrader("release_feedback", NAME, cwd=course, env=env)
    run_nbgrader("fetch_feedback", NAME, "--student=alice", cwd=students / "alice", env=env)
    fetched = list((students / "alice" / NAME / "feedback").rglob(f"{MODULE}.html"))
    assert len(fetched) == 1
    assert fetched[0].read_bytes() == (grades / "feedback" / "alice" / f"{AID}.html").read_bytes()
