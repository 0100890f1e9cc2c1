"""The course model: an assignment is one folder, found by the engine without any registry.

Through the real command line, on temporary courses:
- a copy of 06_conv2d renamed 42_conv_copy (nothing else changed) is a working assignment:
  release, check, grade, batch and verify all handle it;
- a course kept outside this repo (--course and $DLGRADE_COURSE), with its own reference.py, is
  released and a small class of it graded;
- `dlgrade new` scaffolds a folder that verify reports incomplete until its TODOs are filled;
- removing an assignment folder, then `dlgrade release`, removes it everywhere and breaks nothing.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from grader.authoring.release import check_in_sync
from grader.course import COURSE_ENV, TODO_MARK, Course, CourseError

REPO = Course.default().root
pytestmark = pytest.mark.slow


def dlgrade(*args: str, course: Path | None = None, env: dict | None = None,
            cwd: Path | None = None) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "grader"] + (["--course", str(course)] if course else [])
    e = {k: v for k, v in os.environ.items() if k != COURSE_ENV}
    e.update(env or {})
    return subprocess.run(cmd + list(args), capture_output=True, text=True, timeout=600, env=e,
                          cwd=cwd)


def copy_course(tmp_path: Path) -> Path:
    """solutions/ of this repo in a temporary course (assignments/ comes from `release`)."""
    root = tmp_path / "course"
    shutil.copytree(REPO / "solutions", root / "solutions",
                    ignore=shutil.ignore_patterns("__pycache__"))
    return root


def gradebook(out: Path) -> dict[tuple[str, str], str]:
    with open(out / "gradebook.csv", newline="") as f:
        return {(r["student"], r["assignment"]): r["total"] for r in csv.DictReader(f)}


# --------------------------------------------------------------------------- a renamed copy


def test_a_copied_folder_is_a_working_assignment(tmp_path: Path):
    root = copy_course(tmp_path)
    shutil.copytree(root / "solutions" / "06_conv2d", root / "solutions" / "42_conv_copy")

    r = dlgrade("release", course=root)
    assert r.returncode == 0, r.stderr
    released = root / "assignments" / "42_conv_copy"
    assert sorted(p.name for p in released.iterdir()) == [
        "README.md", "conv2d.ipynb", "conv2d.py", "test_public.py"]
    assert "| **`conv2d`** | | **5** |" in (released / "README.md").read_text(encoding="utf-8")

    r = dlgrade("check", "42_conv_copy", "--lang", "en", course=root)
    assert r.returncode == 1 and "not implemented yet" in r.stdout, r.stdout + r.stderr

    solution = root / "solutions" / "42_conv_copy" / "conv2d.py"
    r = dlgrade("grade", str(solution), "-a", "42_conv_copy", "--json",
                str(tmp_path / "r.json"), course=root)
    assert r.returncode == 0, r.stderr
    assert json.loads((tmp_path / "r.json").read_text())["score"] == 10

    cls = tmp_path / "class"
    for student, source in (("ana", solution), ("bob", released / "conv2d.py")):
        (cls / "submitted" / student / "42_conv_copy").mkdir(parents=True)
        shutil.copyfile(source, cls / "submitted" / student / "42_conv_copy" / "conv2d.py")
    r = dlgrade("batch", str(cls), "-a", "42_conv_copy", "-o", str(tmp_path / "g"), course=root)
    assert r.returncode == 0, r.stderr
    assert gradebook(tmp_path / "g") == {("ana", "42_conv_copy"): "10",
                                         ("bob", "42_conv_copy"): "0"}

    r = dlgrade("verify", "42_conv_copy", course=root)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.count("ok   42_conv_copy") == 4  # reference, solution, stub, variants


# --------------------------------------------------------------------------- outside this repo


TINY = {
    "assignment.toml": '''\
        module = "tiny"
        title = { es = "Una función", en = "One function" }
        libraries = ["numpy"]
        oracle = "reference.py"
        ''',
    "tiny.py": '''\
        import numpy as np


        def square(x):
            """x², elementwise."""
            ### BEGIN SOLUTION
            return np.asarray(x, dtype=float) ** 2
            ### END SOLUTION
        ''',
    "reference.py": '''\
        import numpy as np


        def square(x):
            return np.asarray(x, dtype=float) ** 2
        ''',
    "hidden.py": '''\
        import numpy as np

        from grader.grading.checks import HiddenTest, Hint, Text, value_case

        from . import reference  # the oracle kept beside this file

        HINTS = [Hint(lambda a, k, g, e: np.allclose(g, 2 * np.asarray(a[0]))
                      and not np.allclose(g, reference.square(a[0])),
                      Text("x² no es 2x.", "x² is not 2x."))]


        def values(ctx):
            value_case(ctx, "square", (np.array([1.0, -2.0, 3.0]),), hints=HINTS)


        TESTS = [HiddenTest("square.values", "square", 4.0, Text("valores", "values"), values,
                            graded=frozenset({"values"}))]
        ''',
    "README.md": '''\
        # 01 · Tiny

        ## Español
        Escribe `square(x)`.

        <!-- dlgrade:graded es -->

        ## English
        Write `square(x)`.

        <!-- dlgrade:graded en -->
        ''',
    "test_public.py": '''\
        import numpy as np
        from tiny import square


        def test_square():
            assert np.allclose(square(np.array([2.0])), [4.0])
        ''',
}


def make_tiny_course(root: Path) -> Path:
    folder = root / "solutions" / "01_tiny"
    folder.mkdir(parents=True)
    for name, text in TINY.items():
        (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def test_a_course_outside_the_repo_is_released_and_graded(tmp_path: Path):
    root = make_tiny_course(tmp_path / "elsewhere")
    env = {COURSE_ENV: str(root)}
    r = dlgrade("release", env=env, cwd=tmp_path)  # $DLGRADE_COURSE
    assert r.returncode == 0, r.stderr
    readme = (root / "assignments" / "01_tiny" / "README.md").read_text(encoding="utf-8")
    assert "### Qué se califica (4 puntos)" in readme and "| **`square`** | | **4** |" in readme
    assert not (REPO / "assignments" / "01_tiny").exists()

    cls = tmp_path / "class"
    answers = {"ana": "def square(x):\n    return x * x\n",
               "bob": "def square(x):\n    return 2 * x\n"}
    for student, source in answers.items():
        (cls / "submitted" / student / "01_tiny").mkdir(parents=True)
        (cls / "submitted" / student / "01_tiny" / "tiny.py").write_text(source)
    out = tmp_path / "grades"
    r = dlgrade("batch", str(cls), "-a", "all", "-o", str(out), course=root)  # --course
    assert r.returncode == 0, r.stderr
    assert gradebook(out) == {("ana", "01_tiny"): "4", ("bob", "01_tiny"): "0"}
    feedback = (out / "feedback" / "bob" / "01_tiny.md").read_text(encoding="utf-8")
    assert "x² no es 2x." in feedback and "x² is not 2x." in feedback  # its own hints

    r = dlgrade("verify", course=root)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "no torch counterparts declared" in r.stdout


def test_a_broken_course_folder_is_one_clear_error(tmp_path: Path):
    root = make_tiny_course(tmp_path / "c")
    toml = root / "solutions" / "01_tiny" / "assignment.toml"
    toml.write_text(toml.read_text().replace('oracle = "reference.py"\n', ""))
    r = dlgrade("release", course=root)
    assert r.returncode == 2
    assert r.stderr.startswith("dlgrade: error:") and "oracle" in r.stderr
    with pytest.raises(CourseError, match="not a course"):
        Course.at(tmp_path)


def test_data_files_are_released_with_the_stub(tmp_path: Path):
    root = make_tiny_course(tmp_path / "c")
    folder = root / "solutions" / "01_tiny"
    toml = folder / "assignment.toml"
    toml.write_text(toml.read_text() + 'data = ["points.csv"]\n')
    r = dlgrade("release", course=root)
    assert r.returncode == 2 and "points.csv" in r.stderr  # declared but absent: one clear error
    (folder / "points.csv").write_bytes(b"x,y\n1,2\n")
    r = dlgrade("release", "--out", str(tmp_path / "rel"), course=root)
    assert r.returncode == 0, r.stderr
    for where in (root / "assignments", tmp_path / "rel"):
        assert (where / "01_tiny" / "points.csv").read_bytes() == b"x,y\n1,2\n"
    (folder / "points.csv").write_bytes(b"x,y\n3,4\n")  # a changed data file is out of sync
    assert check_in_sync(Course.at(root)) == [
        "differs from the generator's output: assignments/01_tiny/points.csv"]


# --------------------------------------------------------------------------- dlgrade new


def test_new_scaffolds_every_file_and_verify_wants_the_todos_done(tmp_path: Path):
    root = make_tiny_course(tmp_path / "c")
    r = dlgrade("new", "02_linear_regression", "--module", "linreg", course=root)
    assert r.returncode == 0, r.stderr
    folder = root / "solutions" / "02_linear_regression"
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["README.md", "assignment.toml", "hidden.py", "linreg.py", "notebook.py",
                     "reference.py", "test_public.py"]
    assert all(TODO_MARK in (folder / n).read_text() for n in names)

    assert dlgrade("release", course=root).returncode == 0  # a working skeleton already
    r = dlgrade("verify", "02_linear_regression", course=root)
    assert r.returncode == 1 and "INCOMPLETE 02_linear_regression" in r.stdout, r.stdout

    for p in folder.iterdir():  # the instructor fills in every TODO
        p.write_text(p.read_text().replace(TODO_MARK, "done:"))
    assert dlgrade("release", course=root).returncode == 0
    r = dlgrade("verify", "02_linear_regression", course=root)
    assert r.returncode == 0, r.stdout + r.stderr
    r = dlgrade("check", "02_linear_regression", course=root)
    assert r.returncode == 1 and "not implemented yet" in r.stdout  # the released stub


# --------------------------------------------------------------------------- removal


def test_removing_a_folder_removes_the_assignment_everywhere(tmp_path: Path):
    root = copy_course(tmp_path)
    assert dlgrade("release", course=root).returncode == 0
    shutil.rmtree(root / "solutions" / "03_activations")
    r = dlgrade("release", course=root)
    assert r.returncode == 0, r.stderr
    assert not (root / "assignments" / "03_activations").exists()
    assert "03_activations" not in Course.at(root).ids()

    # 02_xor's ReLU tests once came from 03's hidden tests: it still grades in full
    r = dlgrade("grade", str(root / "solutions" / "02_xor" / "xor.py"), "-a", "02_xor",
                "--json", str(tmp_path / "x.json"), course=root)
    assert r.returncode == 0 and json.loads((tmp_path / "x.json").read_text())["score"] == 10
    # a class that still holds 03 folders: only the course's assignments are graded
    cls = tmp_path / "class"
    for a in ("01_perceptron", "03_activations"):
        (cls / "submitted" / "ana" / a).mkdir(parents=True)
    shutil.copyfile(root / "solutions" / "01_perceptron" / "perceptron.py",
                    cls / "submitted" / "ana" / "01_perceptron" / "perceptron.py")
    r = dlgrade("batch", str(cls), "-a", "01_perceptron", "-o", str(tmp_path / "g"), course=root)
    assert r.returncode == 0, r.stderr
    assert gradebook(tmp_path / "g") == {("ana", "01_perceptron"): "10"}
    r = dlgrade("grade", str(root / "solutions" / "02_xor" / "xor.py"), "-a", "03_activations",
                course=root)
    assert r.returncode == 2 and "unknown assignment '03_activations'" in r.stderr
