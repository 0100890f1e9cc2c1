"""Never a silent zero: when the grader itself fails (the sandbox cannot start, the worker's
interpreter cannot run, a library the assignment needs is missing, the disk is full), no grade is
written, the command exits non-zero, and a re-run grades the submission.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from grader.batch import grade_batch
from grader.course import Course
from grader.grading import runner
from grader.results import GraderFailure
from grader.sandbox import ImportPolicy, Sandbox, SandboxError, command

REPO = Path(__file__).resolve().parents[2]
COURSE = Course.at(REPO)
SOLUTION = REPO / "solutions" / "03_activations" / "activations.py"
# what bubblewrap prints where user namespaces are refused (unprivileged Docker, AppArmor)
NO_NAMESPACES = ("bwrap: No permissions to create new namespace, likely because the kernel does "
                 "not allow non-privileged user namespaces.")
FALLBACK_OK = command.fallback_problem() is None


@pytest.fixture
def fake_bwrap(tmp_path: Path) -> dict[str, str]:
    """An environment whose PATH starts with a `bwrap` that cannot create namespaces."""
    bin_dir = tmp_path / "fakebin"
    bin_dir.mkdir()
    exe = bin_dir / "bwrap"
    exe.write_text(textwrap.dedent(f"""\
        #!/bin/sh
        [ "$1" = --version ] && echo "bubblewrap 0.9.0" && exit 0
        echo "{NO_NAMESPACES}" >&2
        exit 1
        """))
    exe.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != command.SANDBOX_ENV}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    return env


def dlgrade(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "grader", "--course", str(REPO), *args],
                          capture_output=True, text=True, env=env, timeout=600)


def small_class(root: Path) -> Path:
    for student, source in {"ana": SOLUTION.read_text(), "bob": "def sigmoid(z):\n    return z\n"
                            }.items():
        folder = root / "submitted" / student / "03_activations"
        folder.mkdir(parents=True)
        (folder / "activations.py").write_text(source)
    return root


# ------------------------------------------------------------------ a bubblewrap that cannot start


@pytest.mark.skipif(not FALLBACK_OK, reason=f"no fallback sandbox here: "
                                            f"{command.fallback_problem()}")
def test_auto_falls_back_and_records_why(fake_bwrap, tmp_path):
    out = tmp_path / "r.json"
    r = dlgrade("grade", str(SOLUTION), "-a", "03_activations", "--json", str(out),
                env=fake_bwrap)
    assert r.returncode == 0, r.stderr
    assert "using the fallback sandbox" in r.stderr and "No permissions" in r.stderr  # logged
    result = json.loads(out.read_text())
    assert result["score"] == sum(t["max_score"] for t in result["tests"]) == 10  # full marks
    sandbox = result["extra_data"]["dlgrade"]["result"]["sandbox"]
    assert sandbox.startswith("fallback") and NO_NAMESPACES in sandbox  # why, in the result


def test_asking_for_bubblewrap_stops_with_no_grade(fake_bwrap, tmp_path):
    out = tmp_path / "r.json"
    r = dlgrade("--sandbox", "bwrap", "grade", str(SOLUTION), "-a", "03_activations",
                "--json", str(out), env=fake_bwrap)
    assert r.returncode == 3, r.stdout + r.stderr
    assert "grader failure" in r.stderr and "No permissions to create new namespace" in r.stderr
    assert not out.exists() and "10/10" not in r.stdout and "0/10" not in r.stdout

    grades = tmp_path / "grades"
    r = dlgrade("--sandbox", "bwrap", "batch", str(small_class(tmp_path / "class")),
                "-a", "03_activations", "-o", str(grades), env=fake_bwrap)
    assert r.returncode == 3, r.stdout + r.stderr
    assert "bubblewrap cannot run here" in r.stderr
    assert not (grades / "results").exists() and not (grades / "gradebook.csv").exists()


def test_doctor_says_bubblewrap_does_not_work_and_exits_non_zero(fake_bwrap):
    r = dlgrade("doctor", "--json", env=fake_bwrap)
    assert r.returncode == 1, r.stdout + r.stderr
    rows = {row["check"]: row for row in json.loads(r.stdout)}
    assert rows["bubblewrap installed"]["ok"] is True
    assert rows["bubblewrap working"]["ok"] is False
    assert "No permissions" in rows["bubblewrap working"]["detail"]


def test_an_unknown_sandbox_choice_is_refused(monkeypatch):
    monkeypatch.setenv(command.SANDBOX_ENV, "docker")
    with pytest.raises(SandboxError, match="unknown sandbox 'docker'"):
        command.choose_sandbox()


def test_no_sandbox_at_all_stops_grading_before_anyone(monkeypatch, tmp_path):
    # no bubblewrap, and a fallback that cannot run this environment (a venv in a 0700 folder)
    monkeypatch.setattr(command, "bwrap_problem", lambda: "bubblewrap (bwrap) is not installed")
    monkeypatch.setattr(command, "fallback_problem", lambda: "the sandbox uid cannot run this "
                                                             "Python environment")
    monkeypatch.setattr(command, "_choose", command._choose.__wrapped__)  # no cached choice
    with pytest.raises(SandboxError, match="no sandbox can run here: the sandbox uid"):
        command.choose_sandbox()
    with pytest.raises(GraderFailure, match="no sandbox can run here"):
        runner.grade(SOLUTION, "03_activations", course=COURSE)
    with pytest.raises(GraderFailure, match="no sandbox can run here"):
        grade_batch(small_class(tmp_path / "class"), "03_activations", tmp_path / "grades",
                    progress=False)
    assert not (tmp_path / "grades" / "results").exists()


# ------------------------------------------------------------------ the worker cannot start


@pytest.mark.parametrize("kind", ["bwrap", "fallback"])
def test_an_interpreter_that_cannot_start_is_a_sandbox_error_not_a_crash(kind, monkeypatch):
    if kind == "bwrap" and not command.bwrap_path():
        pytest.skip("bubblewrap (bwrap) not installed")
    if kind == "fallback" and not FALLBACK_OK:
        pytest.skip(f"no fallback sandbox here: {command.fallback_problem()}")
    monkeypatch.setattr(command, "_python_cmd", lambda script: ["/nonexistent/python3", script])
    box = Sandbox("def f():\n    return 1\n", module_name="m", policy=ImportPolicy(), kind=kind)
    try:
        with pytest.raises(SandboxError, match="did not start"):
            box.start()
    finally:
        box.close()


def test_grading_with_a_broken_sandbox_raises_grader_failure(monkeypatch):
    def broken(self: Sandbox) -> None:
        raise SandboxError("the bwrap sandbox did not start (it exited with status 1)")

    monkeypatch.setattr(Sandbox, "start", broken)
    with pytest.raises(GraderFailure, match="did not start"):
        runner.grade(SOLUTION, "03_activations", course=COURSE)


def test_a_library_the_assignment_allows_must_be_installed(monkeypatch):
    real = runner.importlib.util.find_spec
    monkeypatch.setattr(runner.importlib.util, "find_spec",
                        lambda name, *a: None if name == "torch" else real(name, *a))
    xor = REPO / "solutions" / "02_xor" / "xor.py"
    with pytest.raises(GraderFailure, match="allows torch, which is not installed"):
        runner.grade(xor, "02_xor", course=COURSE)


# ------------------------------------------------------------------ the disk is full


def _mount_tmpfs(where: Path, size: str) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    where.mkdir(parents=True, exist_ok=True)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True).returncode == 0


def test_a_full_disk_writes_no_grade_and_a_rerun_grades_everyone(tmp_path):
    sys.path.insert(0, str(REPO / "tests" / "test_batch"))  # its stand-in grader
    from test_batch_run import FAKE, make_class

    out = tmp_path / "grades"
    if not _mount_tmpfs(out, "1m"):
        pytest.skip("cannot mount a small tmpfs here (needs root and mount)")
    try:
        cls = make_class(tmp_path / "class", {s: {"01_perceptron": ("perceptron.py", "ok f1.values")}
                                              for s in ("ana", "bob")})
        filler = out / "filler"
        with open(filler, "wb") as f:  # fill the disk
            try:
                while True:
                    f.write(b"\0" * 65536)
                    f.flush()
            except OSError:
                pass
        with pytest.raises(GraderFailure, match="cannot write the outputs"):
            grade_batch(cls, "01_perceptron", out, progress=False, grader=FAKE)
        assert not list(out.glob("results/*/*.json"))  # no grade written for anyone

        filler.unlink()  # space again: the re-run grades both
        s = grade_batch(cls, "01_perceptron", out, progress=False, grader=FAKE)
        assert (s.graded, s.failures) == (2, [])
        assert len((out / "gradebook.csv").read_text().splitlines()) == 3
    finally:
        subprocess.run(["umount", str(out)], capture_output=True)
