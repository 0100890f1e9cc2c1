"""A student's machine: a fresh venv with numpy and pytest only, and the release folder.

The checker must work there, and nothing of the instructor's (reference, grader, solutions,
hidden tests) may be reachable from it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grader.authoring.release import write_student_release
from grader.course import COURSE_ENV, Course

COURSE = Course.default()
ROOT = COURSE.root
SECRET_NAMES = {"grader", "reference", "solutions", "hidden", "dlgrade"}

pytestmark = pytest.mark.slow


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def test_fresh_venv_runs_the_check_and_sees_no_instructor_files(tmp_path: Path):
    release = write_student_release(tmp_path / "release", COURSE)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = str(venv / "bin" / "python")
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", COURSE_ENV, "VIRTUAL_ENV", "PYTHONHOME")
    }
    env["PATH"] = str(venv / "bin") + os.pathsep + env.get("PATH", "")
    install = _run([python, "-m", "pip", "install", "-q", "numpy", "pytest"], tmp_path, env)
    assert install.returncode == 0, install.stderr[-3000:]

    # The stub as released: every test reported as not implemented, in both languages.
    stub = _run([python, "check.py", "06_conv2d"], release, env)
    assert stub.returncode == 1, stub.stdout + stub.stderr
    assert "aún no implementada / not implemented yet" in stub.stdout
    assert "Completa esta función / Complete this function: conv2d" in stub.stdout
    assert "Resultado: 0/" in stub.stdout and "Result: 0/" in stub.stdout
    print(stub.stdout)

    # A correct answer, kept outside the release, checked with --path.
    mine = tmp_path / "mine" / "conv2d.py"
    mine.parent.mkdir()
    shutil.copyfile(ROOT / "solutions" / "06_conv2d" / "conv2d.py", mine)
    solved = _run([python, "check.py", "06_conv2d", "--path", str(mine)], release, env)
    assert solved.returncode == 0, solved.stdout + solved.stderr
    assert "[XX]" not in solved.stdout and "[--]" not in solved.stdout
    print(solved.stdout)

    # Nothing of the instructor's can be imported or found.
    for module in ("reference", "grader", "solutions", "hidden"):
        probe = _run([python, "-c", f"import {module}"], release, env)
        assert probe.returncode != 0 and "ModuleNotFoundError" in probe.stderr, module
    for base in (venv, release):
        leaked = [p for p in base.rglob("*") if SECRET_NAMES & set(p.relative_to(base).parts)]
        assert leaked == [], leaked
    for path in release.rglob("*"):
        if path.is_file() and path.suffix != ".npz":  # data files are binary
            assert "BEGIN SOLUTION" not in path.read_text(encoding="utf-8"), path
    freeze = _run([python, "-m", "pip", "freeze"], tmp_path, env).stdout.lower()
    assert "dlgrade" not in freeze and "torch" not in freeze
