"""Stubs, assignments/ and the student release are generated from solutions/, nothing else.

Also the student-side checker (grader/check.py, shipped as check.py): its exit codes and the
bilingual summary for a stub, a solution, a wrong answer, a syntax error and an endless loop.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from grader import check
from grader.paths import ASSIGNMENT_IDS, MODULE_NAMES
from grader.release import (
    check_in_sync,
    make_stub,
    release_assignments,
    stub_message,
    write_student_release,
)

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
ASSIGNMENTS = ROOT / "assignments"


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
    assert check_in_sync(ROOT) == []


def test_assignment_folders_hold_the_four_files_only():
    for aid in ASSIGNMENT_IDS:
        module = MODULE_NAMES[aid]
        names = {p.name for p in (ASSIGNMENTS / aid).iterdir() if p.name != "__pycache__"}
        assert names == {f"{module}.py", f"{module}.ipynb", "README.md", "test_public.py"}


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
    problems = check_in_sync(course_copy)
    assert any("differs" in p and p.endswith("06_conv2d/conv2d.py") for p in problems)
    assert any("missing" in p and p.endswith("perceptron.ipynb") for p in problems)
    assert any("not generated" in p and p.endswith("notes.txt") for p in problems)
    assert len(problems) == 3

    written = release_assignments(course_copy)
    assert check_in_sync(course_copy) == []
    assert len(written) == 4 * len(ASSIGNMENT_IDS)
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
    out = write_student_release(tmp_path / "release", ROOT)
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    expected = {f"{a}/{n}" for a in ASSIGNMENT_IDS for n in ("README.md", "test_public.py")}
    expected |= {f"{a}/{MODULE_NAMES[a]}.{ext}" for a in ASSIGNMENT_IDS for ext in ("py", "ipynb")}
    expected |= {"check.py", "requirements.txt", "README.md", ".dlgrade-release"}
    assert files == expected
    for path in out.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert "BEGIN SOLUTION" not in text and "END SOLUTION" not in text, path
            assert "HiddenTest" not in text, path
    assert (out / "check.py").read_bytes() == (ROOT / "grader/check.py").read_bytes()
    requirements = (out / "requirements.txt").read_text(encoding="utf-8")
    for package in ("numpy", "pytest", "matplotlib", "torch"):
        assert f"\n{package}" in requirements
    # A second release into the same folder replaces the first; a foreign folder is refused.
    assert write_student_release(out, ROOT) == out
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "thesis.tex").write_text("x", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_student_release(foreign, ROOT)


def test_checker_is_standalone_stdlib_and_pytest_only():
    tree = ast.parse((ROOT / "grader/check.py").read_text(encoding="utf-8"))
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            modules.add((node.module or "").split(".")[0])
    assert modules - set(sys.stdlib_module_names) == {"pytest"}


# --------------------------------------------------------------------------- the checker


def _check(capsys, *args, **kwargs) -> tuple[int, str]:
    code = check.run_check(*args, **kwargs)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_check_stub_not_implemented_bilingual(capsys):
    code, out = _check(capsys, "06_conv2d")
    assert code == 1
    assert "aún no implementada / not implemented yet" in out
    assert stub_message("conv2d") in out
    assert "[ok]" not in out
    assert "Resultado: 0/" in out and "Result: 0/" in out


def test_check_solution_passes(capsys):
    code, out = _check(capsys, "conv2d", SOLUTIONS / "06_conv2d" / "conv2d.py")
    assert code == 0
    assert "[XX]" not in out and "[--]" not in out
    n = len(_pytest_public_names("06_conv2d"))
    assert f"Result: {n}/{n} tests passed" in out


def _pytest_public_names(aid: str) -> list[str]:
    tree = ast.parse((SOLUTIONS / aid / "test_public.py").read_text(encoding="utf-8"))
    names = [n.name for n in tree.body if isinstance(n, ast.FunctionDef)]
    return [n for n in names if n.startswith("test")]


def _wrong_perceptron(body: str) -> str:
    """The stub with every `raise NotImplementedError(...)` line replaced by `body`."""
    stub = (ASSIGNMENTS / "01_perceptron" / "perceptron.py").read_text(encoding="utf-8")
    lines = []
    for line in stub.splitlines():
        if line.strip().startswith("raise NotImplementedError("):
            line = line[: len(line) - len(line.lstrip())] + body
        lines.append(line)
    return "\n".join(lines) + "\n"


def test_check_wrong_answer_shows_the_tests_message(capsys, tmp_path: Path):
    wrong = tmp_path / "mine.py"
    wrong.write_text(_wrong_perceptron("return np.zeros(3)"), encoding="utf-8")
    code, out = _check(capsys, "01_perceptron", wrong, "en")
    assert code == 1
    assert "== 01_perceptron: mine.py ==" in out
    assert "failed" in out and "falla" not in out  # English only
    assert "expected" in out  # the public test's own expected-vs-got message


def test_check_errors_point_at_the_students_line(capsys, tmp_path: Path):
    wrong = tmp_path / "mine.py"
    wrong.write_text(_wrong_perceptron("return [][1]"), encoding="utf-8")
    code, out = _check(capsys, "01", wrong, "es")
    assert code == 1
    assert "IndexError" in out and "mine.py, línea/line" in out
    assert "/ not implemented" not in out


def test_check_syntax_error_and_endless_loop(capsys, tmp_path: Path):
    broken = tmp_path / "broken.py"
    broken.write_text("def step(z:\n    return z\n", encoding="utf-8")
    code, out = _check(capsys, "01_perceptron", broken)
    assert code == 1
    assert "No se pudo cargar broken.py / Could not load broken.py" in out
    assert "SyntaxError" in out

    loop = tmp_path / "loop.py"
    loop.write_text(_wrong_perceptron("while True: pass"), encoding="utf-8")
    code, out = _check(capsys, "01_perceptron", loop, timeout=0.5)
    assert code == 1
    assert "tiempo agotado" in out and "timed out" in out
    assert out.count("[XX]") == len(_pytest_public_names("01_perceptron"))


def test_check_bad_arguments_exit_2(capsys, tmp_path: Path):
    code, out = _check(capsys, "07_transformers")
    assert code == 2 and "unknown assignment" in out and "06_conv2d" in out
    code, out = _check(capsys, "06_conv2d", tmp_path / "missing.py")
    assert code == 2 and "no such" in out
    code, out = _check(capsys, "06_conv2d", lang="fr")
    assert code == 2


def test_check_accepts_a_notebook(capsys, tmp_path: Path):
    from grader.release import write_solution_notebooks

    notebook = write_solution_notebooks(tmp_path, ROOT)[0]  # 01_perceptron, solution version
    code, out = _check(capsys, "01_perceptron", notebook)
    assert code == 0, out
    code, out = _check(capsys, "01_perceptron", ASSIGNMENTS / "01_perceptron/perceptron.ipynb")
    assert code == 1 and "not implemented yet" in out


def test_check_py_runs_as_a_script():
    done = subprocess.run(
        [sys.executable, str(ROOT / "grader/check.py"), "06_conv2d", "--lang", "en"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 1
    assert "not implemented yet" in done.stdout and "aún" not in done.stdout
