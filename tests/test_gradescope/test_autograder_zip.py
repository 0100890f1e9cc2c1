"""Gradescope's autograder, run here: the zip of one assignment unpacked as /autograder would be
(source/, submission/, results/) in a temp folder, `run_autograder` run with $AUTOGRADER_ROOT
pointing there and $DLGRADE_PYTHON this interpreter (instead of setup.sh's venv), with the
engine taken from the wheel inside the zip."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import jsonschema
import nbformat
import pytest

from grader.course import Course
from grader.gradescope.generate import build_autograder_zip
from grader.report.gradescope import gradescope_results
from grader.results import SubmissionResult, TestResult
from grader.sandbox import command

REPO = Path(__file__).resolve().parents[2]
COURSE = Course.at(REPO)
ASSIGNMENT = "03_activations"
SOLUTION = REPO / "solutions" / ASSIGNMENT / "activations.py"
SCHEMA = json.loads((REPO / "tests" / "gradescope_results.schema.json").read_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
NO_NAMESPACES = ("bwrap: No permissions to create new namespace, likely because the kernel does "
                 "not allow non-privileged user namespaces.")


def schema_errors(d: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.path))}: {e.message}" for e in VALIDATOR.iter_errors(d)]


@pytest.fixture(scope="module")
def autograder(tmp_path_factory) -> dict:
    """The zip (hidden tests visible after the due date), unpacked, and its wheel installed
    into a folder of its own, which alone provides `grader` to run_autograder."""
    tmp = tmp_path_factory.mktemp("gradescope")
    zpath = tmp / "autograder.zip"
    names = build_autograder_zip(COURSE, ASSIGNMENT, zpath, hidden_visibility="after_due_date")
    source = tmp / "autograder" / "source"
    with zipfile.ZipFile(zpath) as z:
        z.extractall(source)
        modes = {i.filename: i.external_attr >> 16 for i in z.infolist()}
    wheels = sorted((source / "dist").glob("dlgrade-*.whl"))
    site = tmp / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target",
                    str(site), str(wheels[0])], check=True, timeout=300)
    return {"zip": zpath, "names": names, "modes": modes, "root": tmp / "autograder",
            "site": site, "tmp": tmp}


def run_autograder(ag: dict, files: dict[str, str], extra_env: dict[str, str] | None = None
                   ) -> tuple[subprocess.CompletedProcess[str], dict]:
    root: Path = ag["root"]
    for sub in ("submission", "results"):
        shutil.rmtree(root / sub, ignore_errors=True)
        (root / sub).mkdir()
    for name, text in files.items():
        (root / "submission" / name).write_text(text)
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "DLGRADE_COURSE", command.SANDBOX_ENV)}
    env.update({"AUTOGRADER_ROOT": str(root), "DLGRADE_PYTHON": sys.executable,
                "PYTHONPATH": str(ag["site"]), **(extra_env or {})})
    proc = subprocess.run(["bash", str(root / "source" / "run_autograder")], cwd="/",
                          capture_output=True, text=True, env=env, timeout=300)
    return proc, json.loads((root / "results" / "results.json").read_text())


def test_the_zip_holds_this_assignment_its_oracles_and_the_engine_only(autograder):
    names = autograder["names"]
    with zipfile.ZipFile(autograder["zip"]) as z:
        assert sorted(z.namelist()) == sorted(names)
    # Gradescope's two scripts at the archive's root, executable
    assert names[:2] == ["setup.sh", "run_autograder"]
    assert autograder["modes"]["run_autograder"] & 0o111 and autograder["modes"]["setup.sh"] & 0o111
    folders = {n.split("/")[2] for n in names if n.startswith("course/solutions/")}
    assert folders == {ASSIGNMENT}  # never another assignment
    assert f"course/solutions/{ASSIGNMENT}/hidden.py" in names
    oracle = COURSE.info(ASSIGNMENT).oracle  # a module name: reference.x -> reference/x.py
    assert f"course/{oracle.replace('.', '/')}.py" in names
    assert [n for n in names if n.startswith("dist/")] == [
        f"dist/{p.name}" for p in (autograder["root"] / "source" / "dist").iterdir()]
    assert not [n for n in names if "__pycache__" in n or n.startswith(("course/grader",
                                                                           "course/tests"))]
    # nothing else of the checkout: no virtual environment inside it (CI keeps .venv there)
    course_tops = {n.split("/")[1] for n in names if n.startswith("course/")}
    assert course_tops == {"solutions", oracle.split(".")[0]}, course_tops
    assert {n.split("/")[0] for n in names} == {"setup.sh", "run_autograder", "requirements.txt",
                                                "dist", "course"}
    src = autograder["root"] / "source"
    setup = (src / "setup.sh").read_text()
    assert "apt-get install" in setup and "bubblewrap" in setup and "cannot create namespaces" in setup
    # the assignment names torch counterparts, which the grader imports: torch's CPU wheel
    assert "download.pytorch.org/whl/cpu torch" in setup
    reqs = (src / "requirements.txt").read_text().split()
    assert "numpy>=1.24" in reqs and not [r for r in reqs if r.startswith("torch")]
    assert subprocess.run(["bash", "-n", str(src / "setup.sh")]).returncode == 0


def test_a_correct_then_a_wrong_submission(autograder):
    proc, res = run_autograder(autograder, {"activations.py": SOLUTION.read_text()})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert schema_errors(res) == []
    total = sum(t["max_score"] for t in res["tests"])
    assert res["score"] == total == 10
    assert res["output_format"] == "md" and res["visibility"] == "visible"
    assert {(t["visibility"], t["output_format"]) for t in res["tests"]} == {
        ("after_due_date", "md")}
    assert "10 / 10" in res["output"]

    wrong = SOLUTION.read_text() + textwrap.dedent("""

        def relu(z):  # a mistake: the identity
            return np.asarray(z, dtype=np.float32)
        """)
    proc, res = run_autograder(autograder, {"activations.py": wrong, "notes.txt": "hi"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert schema_errors(res) == []
    failed = {t["name"].split()[0] for t in res["tests"] if t["status"] == "failed"}
    assert "relu.values" in failed and not [f for f in failed if not f.startswith("relu.")]
    assert 0 < res["score"] < 10
    relu = next(t for t in res["tests"] if t["name"].startswith("relu.values"))
    assert relu["score"] == 0 and "```" in relu["output"]  # the case, verbatim in Markdown
    # tests are hidden until the due date: the always-shown output still tells which failed
    assert "| `relu.values` | 0/" in res["output"]


def test_a_notebook_is_graded_as_the_batch_grades_it(autograder):
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Activaciones"),
        nbformat.v4.new_code_cell(SOLUTION.read_text())])
    proc, res = run_autograder(autograder, {"activations.ipynb": nbformat.writes(nb)})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert res["score"] == 10 and res["extra_data"]["dlgrade"]["result"]["submission"] == (
        "activations.ipynb")


def test_no_file_to_grade_is_the_students_zero_with_the_reason(autograder):
    proc, res = run_autograder(autograder, {})
    assert proc.returncode == 0 and schema_errors(res) == []
    assert res["score"] == 0 and res["tests"] and "activations.py" in res["output"]


@pytest.fixture
def fake_bwrap(tmp_path: Path) -> str:
    """A PATH whose `bwrap` cannot create namespaces (as in Gradescope's containers)."""
    (tmp_path / "bwrap").write_text(
        f'#!/bin/sh\n[ "$1" = --version ] && echo "bubblewrap 0.9.0" && exit 0\n'
        f'echo "{NO_NAMESPACES}" >&2\nexit 1\n')
    (tmp_path / "bwrap").chmod(0o755)
    return f"{tmp_path}{os.pathsep}{os.environ['PATH']}"


@pytest.mark.skipif(command.fallback_problem() is not None,
                    reason=f"no fallback sandbox here: {command.fallback_problem()}")
def test_without_namespaces_auto_falls_back_and_the_result_says_why(autograder, fake_bwrap):
    proc, res = run_autograder(autograder, {"activations.py": SOLUTION.read_text()},
                               {"PATH": fake_bwrap})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert res["score"] == 10
    sandbox = res["extra_data"]["dlgrade"]["result"]["sandbox"]
    assert sandbox.startswith("fallback") and NO_NAMESPACES in sandbox


def test_a_grader_failure_exits_non_zero_and_says_it_is_not_the_students(autograder, fake_bwrap):
    # the instructor demanded bubblewrap, which cannot start: the grader's failure
    proc, res = run_autograder(autograder, {"activations.py": SOLUTION.read_text()},
                               {"PATH": fake_bwrap, command.SANDBOX_ENV: "bwrap"})
    assert proc.returncode == 3
    assert schema_errors(res) == [] and res["score"] == 0 and "tests" not in res
    assert "not your fault" in res["output"] and "no es culpa tuya" in res["output"]
    assert "bubblewrap" in res["extra_data"]["dlgrade"]["grader_failure"]
    assert "grader failure" in proc.stdout  # the reason, for the instructor's eyes


def test_an_interpreter_that_cannot_start_still_leaves_a_results_json(autograder):
    proc, res = run_autograder(autograder, {"activations.py": SOLUTION.read_text()},
                               {"DLGRADE_PYTHON": str(autograder["tmp"] / "no-such-python")})
    assert proc.returncode != 0
    assert schema_errors(res) == [] and res["score"] == 0
    assert "not your fault" in res["output"]


# ------------------------------------------------------------------ results.json alone


def test_the_schema_refuses_what_the_specification_does_not_list():
    ok = {"score": 1.0, "tests": [{"name": "a", "score": 1.0, "max_score": 1.0,
                                   "visibility": "after_published", "output_format": "md"}]}
    assert schema_errors(ok) == []
    assert schema_errors({**ok, "max_score": 1.0})  # not in the specification
    assert schema_errors({**ok, "visibility": "later"})
    assert schema_errors({**ok, "tests": [{"name": "a", "output_format": "markdown"}]})
    assert schema_errors({"tests": [{"name": "a"}]})  # no score anywhere


@pytest.mark.parametrize("visibility", ["hidden", "after_due_date", "after_published", "visible"])
def test_each_visibility_is_every_tests_and_the_grade_stays_visible(visibility):
    r = SubmissionResult("NN_x", "ana", "x.py", tests=[
        TestResult("f.values", "f", 2.0, 2.0, "passed"),
        TestResult("g.values", "g", 1.0, 0.0, "failed")])
    gs = gradescope_results(r, hidden_visibility=visibility)
    assert schema_errors(gs) == []
    assert [t["visibility"] for t in gs["tests"]] == [visibility] * 2
    assert gs["visibility"] == "visible" and "2 / 3" in gs["output"]
    # the per-test table in the always-shown output only while the tests themselves are not
    assert ("| `g.values` | 0/1 |" in gs["output"]) == (visibility != "visible")
    with pytest.raises(ValueError):
        gradescope_results(r, hidden_visibility="soon")  # type: ignore[arg-type]
