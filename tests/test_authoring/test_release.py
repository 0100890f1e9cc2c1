"""Stubs, assignments/ and the student release are generated from solutions/, nothing else."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from grader.authoring.release import (
    check_in_sync,
    release_assignments,
    write_student_release,
)
from grader.authoring.stubs import make_stub
from grader.course import Course

COURSE = Course.default()
ROOT = COURSE.root
SOLUTIONS = COURSE.solutions
ASSIGNMENTS = COURSE.released
ASSIGNMENT_IDS = COURSE.ids()
MODULE_NAMES = {i.id: i.module for i in COURSE.infos()}
STUDENT = ROOT / "grader" / "student"


# --------------------------------------------------------------------------- make_stub

SOURCE = '''\
"""Module doc."""

import numpy as np


def area(w, h):
    """Area of a rectangle.

    area = w * h
    """
    w = float(w)
    ### BEGIN SOLUTION
    return w * h
    ### END SOLUTION


class Net:
    def __init__(self):
        self.k = 2

    def forward(self, x):
        """Doubles x."""
        ### BEGIN SOLUTION
        if x:
            return x * self.k
        return 0
        ### END SOLUTION
'''

# Written by hand from the rule: each marked block -> one raise at the marker's indentation.
EXPECTED_STUB = '''\
"""Module doc."""

import numpy as np


def area(w, h):
    """Area of a rectangle.

    area = w * h
    """
    w = float(w)
    raise NotImplementedError("Completa esta función / Complete this function: area")


class Net:
    def __init__(self):
        self.k = 2

    def forward(self, x):
        """Doubles x."""
        raise NotImplementedError("Completa esta función / Complete this function: Net.forward")
'''


def test_stub_replaces_each_block_keeps_the_rest():
    assert make_stub(SOURCE) == EXPECTED_STUB


def test_stub_keeps_crlf_line_endings():
    stub = make_stub(SOURCE.replace("\n", "\r\n"))
    assert stub == EXPECTED_STUB.replace("\n", "\r\n")


def test_stub_of_a_stub_is_unchanged():
    assert make_stub(EXPECTED_STUB) == EXPECTED_STUB


def test_stub_raises_bilingual_not_implemented():
    namespace: dict = {}
    exec(make_stub(SOURCE), namespace)
    with pytest.raises(NotImplementedError, match="Completa esta función / Complete this"):
        namespace["area"](2, 3)
    with pytest.raises(NotImplementedError, match="Net.forward"):
        namespace["Net"]().forward(1)
    assert namespace["Net"]().k == 2  # unmarked code still runs


@pytest.mark.parametrize(
    "source, problem",
    [
        ("def f():\n    ### BEGIN SOLUTION\n    return 1\n", "without ### END"),
        ("def f():\n    return 1\n    ### END SOLUTION\n", "without ### BEGIN"),
        (
            "def f():\n    ### BEGIN SOLUTION\n    ### BEGIN SOLUTION\n    return 1\n"
            "    ### END SOLUTION\n",
            "nested",
        ),
        ("### BEGIN SOLUTION\nx = 1\n### END SOLUTION\n", "outside a function"),
        ("def f():\n    return '### BEGIN SOLUTION'\n", "alone on its line"),
    ],
)
def test_stub_rejects_bad_markers(source, problem):
    with pytest.raises(ValueError, match=problem):
        make_stub(source)


def _signatures(tree: ast.Module) -> dict[str, tuple[str, str | None]]:
    """qualified name -> (arguments as ast dump, docstring) for every function."""
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    item.name = f"{node.name}.{item.name}"
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found[node.name] = (ast.dump(node.args), ast.get_docstring(node))
    return found


def _imports(tree: ast.Module) -> list[str]:
    return [ast.dump(n) for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]


@pytest.mark.parametrize("aid", ASSIGNMENT_IDS)
def test_real_stub_keeps_imports_signatures_docstrings(aid):
    source = (SOLUTIONS / aid / f"{MODULE_NAMES[aid]}.py").read_text(encoding="utf-8")
    stub = make_stub(source)
    assert "SOLUTION" not in stub
    solution_tree, stub_tree = ast.parse(source), ast.parse(stub)
    assert _imports(stub_tree) == _imports(solution_tree)
    assert _signatures(stub_tree) == _signatures(solution_tree)
    assert stub.count("raise NotImplementedError(") >= source.count("### BEGIN SOLUTION")
    assert make_stub(source) == stub  # byte for byte stable


# --------------------------------------------------------------------------- assignments/


def test_assignments_are_exactly_what_the_generator_makes():
    """Proves nobody edited a stub, notebook, statement or public test by hand."""
    assert check_in_sync(COURSE) == []


def test_assignment_folders_hold_the_four_files_and_the_declared_data_only():
    for info in COURSE.infos():
        names = {p.name for p in (ASSIGNMENTS / info.id).iterdir() if p.name != "__pycache__"}
        assert names == {f"{info.module}.py", f"{info.module}.ipynb", "README.md",
                         "test_public.py", *info.data}
    assert COURSE.info("09_softmax_regression").data == ("digits.npz",)  # one that has data


@pytest.fixture()
def course_copy(tmp_path: Path) -> Path:
    shutil.copytree(SOLUTIONS, tmp_path / "solutions", ignore=shutil.ignore_patterns("__py*"))
    shutil.copytree(ASSIGNMENTS, tmp_path / "assignments", ignore=shutil.ignore_patterns("__py*"))
    return tmp_path


def test_sync_check_sees_hand_edits_and_release_repairs_them(course_copy: Path):
    stub = course_copy / "assignments/06_conv2d/conv2d.py"
    stub.write_text(stub.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    (course_copy / "assignments/01_perceptron/perceptron.ipynb").unlink()
    (course_copy / "assignments/03_activations/notes.txt").write_text("x", encoding="utf-8")
    copy = Course.at(course_copy)
    problems = check_in_sync(copy)
    assert any("differs" in p and p.endswith("06_conv2d/conv2d.py") for p in problems)
    assert any("missing" in p and p.endswith("perceptron.ipynb") for p in problems)
    assert any("not generated" in p and p.endswith("notes.txt") for p in problems)
    assert len(problems) == 3

    written = release_assignments(copy)
    assert check_in_sync(copy) == []
    assert len(written) == sum(4 + len(i.data) for i in COURSE.infos())
    assert not (course_copy / "assignments/03_activations/notes.txt").exists()
    for path in written:  # regenerated bytes equal the committed ones
        assert path.read_bytes() == (ROOT / path.relative_to(course_copy)).read_bytes()


# --------------------------------------------------------------------------- public tests


def _pytest_junit(folder: Path) -> list[tuple[str, str, str]]:
    """Run folder/test_public.py in a fresh interpreter; [(test name, outcome, message)]."""
    (folder / "pytest.ini").write_text("[pytest]\naddopts =\n", encoding="utf-8")
    junit = folder / "junit.xml"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["MPLBACKEND"] = "Agg"
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-c", "pytest.ini",
         f"--junitxml={junit}", "test_public.py"],
        cwd=folder, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    results = []
    for case in ET.parse(junit).getroot().iter("testcase"):
        problem = case.find("failure")
        if problem is None:
            problem = case.find("error")
        if problem is None:
            problem = case.find("skipped")  # pytest.skip, e.g. no CUDA device
        if problem is None:
            results.append((case.get("name", ""), "passed", ""))
        else:
            results.append((case.get("name", ""), problem.tag, problem.get("message", "")))
    return results


def _copy_for_pytest(tmp: Path, aid: str, module_source: str) -> Path:
    folder = tmp / aid
    folder.mkdir(parents=True)
    (folder / f"{MODULE_NAMES[aid]}.py").write_text(module_source, encoding="utf-8")
    shutil.copyfile(SOLUTIONS / aid / "test_public.py", folder / "test_public.py")
    return folder


@pytest.mark.parametrize("aid", ASSIGNMENT_IDS)
def test_solution_passes_and_stub_fails_every_public_test(aid, tmp_path: Path):
    source = (SOLUTIONS / aid / f"{MODULE_NAMES[aid]}.py").read_text(encoding="utf-8")
    stub_source = (ASSIGNMENTS / aid / f"{MODULE_NAMES[aid]}.py").read_text(encoding="utf-8")
    solution_dir = _copy_for_pytest(tmp_path / "solution", aid, source)
    stub_dir = _copy_for_pytest(tmp_path / "stub", aid, stub_source)

    solved = [r for r in _pytest_junit(solution_dir) if r[1] != "skipped"]
    assert len(solved) >= 3, f"{aid}: too few public tests: {solved}"
    assert [r for r in solved if r[1] != "passed"] == []

    stubbed = [r for r in _pytest_junit(stub_dir) if r[1] != "skipped"]
    assert [r[0] for r in stubbed] == [r[0] for r in solved]
    for name, outcome, message in stubbed:
        assert outcome == "failure", (name, outcome, message)  # not a collection/import error
        assert message.startswith("NotImplementedError"), (name, message)


# --------------------------------------------------------------------------- student release


def test_student_release_has_assignments_checker_and_nothing_secret(tmp_path: Path):
    out = write_student_release(tmp_path / "release", COURSE)
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    expected = {f"{a}/{n}" for a in ASSIGNMENT_IDS for n in ("README.md", "test_public.py")}
    expected |= {f"{a}/{MODULE_NAMES[a]}.{ext}" for a in ASSIGNMENT_IDS for ext in ("py", "ipynb")}
    expected |= {f"{i.id}/{name}" for i in COURSE.infos() for name in i.data}  # digits.npz
    expected |= {"check.py", "nbjoin.py", "requirements.txt", "README.md", ".dlgrade-release"}
    assert files == expected
    for path in out.rglob("*"):
        if path.is_file() and path.suffix != ".npz":  # data files are binary
            text = path.read_text(encoding="utf-8")
            assert "BEGIN SOLUTION" not in text and "END SOLUTION" not in text, path
            assert "HiddenTest" not in text, path
    for name in ("check.py", "nbjoin.py"):
        assert (out / name).read_bytes() == (STUDENT / name).read_bytes()
    requirements = (out / "requirements.txt").read_text(encoding="utf-8")
    for package in ("numpy", "pytest", "matplotlib", "jupyter"):
        assert f"\n{package}" in requirements
    assert "\ntorch" not in requirements  # 5.6 GB with CUDA: only where a statement says so
    # A second release into the same folder replaces the first; a foreign folder is refused.
    assert write_student_release(out, COURSE) == out
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "thesis.tex").write_text("x", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_student_release(foreign, COURSE)


def test_a_statement_that_allows_torch_says_how_to_install_its_cpu_build():
    for info in COURSE.infos():
        readme = (ASSIGNMENTS / info.id / "README.md").read_text(encoding="utf-8")
        cpu_line = "download.pytorch.org/whl/cpu" in readme
        assert cpu_line == ("torch" in info.libraries), info.id
