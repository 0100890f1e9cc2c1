"""The student-side checker (grader/student/check.py, shipped as check.py beside nbjoin.py):
standard library only, its exit codes and the bilingual summary for a stub, a solution, a wrong
answer, a syntax error, an endless loop and a notebook."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from grader.authoring.stubs import stub_message
from grader.course import Course
from grader.student import check

COURSE = Course.default()
ROOT = COURSE.root
SOLUTIONS = COURSE.solutions
ASSIGNMENTS = COURSE.released
STUDENT = ROOT / "grader" / "student"


@pytest.mark.parametrize("name", ["check.py", "nbjoin.py"])
def test_the_shipped_files_are_standalone_stdlib_and_pytest_only(name):
    tree = ast.parse((STUDENT / name).read_text(encoding="utf-8"))
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            modules.add((node.module or "").split(".")[0])
    # "" is the relative import of nbjoin inside the package; "nbjoin" beside check.py
    assert modules - set(sys.stdlib_module_names) <= {"pytest", "", "nbjoin"}


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
    from grader.authoring.release import write_solution_notebooks

    notebook = write_solution_notebooks(tmp_path, COURSE)[0]  # 01_perceptron, solution version
    code, out = _check(capsys, "01_perceptron", notebook)
    assert code == 0, out
    code, out = _check(capsys, "01_perceptron", ASSIGNMENTS / "01_perceptron/perceptron.ipynb")
    assert code == 1 and "not implemented yet" in out


def test_check_py_runs_as_a_script():
    done = subprocess.run(
        [sys.executable, str(STUDENT / "check.py"), "06_conv2d", "--lang", "en"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 1
    assert "not implemented yet" in done.stdout and "aún" not in done.stdout
