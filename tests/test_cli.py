"""The command line: domain errors are one line and exit 2; commands call the library."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import types

import pytest

from grader import cli
from grader.results import SubmissionResult
from grader.results import TestResult as TR
from grader.text import Text


def run_main(argv, capsys):
    rc = cli.main(argv)
    cap = capsys.readouterr()
    return rc, cap.out, cap.err


@pytest.mark.parametrize(
    "argv, needle",
    [
        (["grade", "nope.py", "--assignment", "01_perceptron"], "no such file: nope.py"),
        (["grade", "{file}", "--assignment", "07_gan"], "unknown assignment '07_gan'"),
        (
            ["grade", "{file}", "--assignment", "01_perceptron", "--json", "/nonexistent/x.json"],
            "no such directory",
        ),
        (["batch", "/nonexistent/class", "--assignment", "all", "--out", "g"], "no such directory"),
        (["batch", "{dir}", "--assignment", "99_x", "--out", "g"], "unknown assignment '99_x'"),
        (
            ["batch", "{dir}", "--assignment", "all", "--out", "g", "-j", "0"],
            "-j must be at least 1",
        ),
        (["check", "08_rnn"], "unknown assignment '08_rnn'"),
        (["check", "01_perceptron", "--path", "missing.py"], "no such file"),
        (["--course", "{dir}", "verify"], "is not a course: it has no solutions/ folder"),
        (["verify", "07_nothing"], "unknown assignment '07_nothing'"),
        (["new", "7_bad", "--module", "m"], "is not an assignment id"),
        (["new", "07_ok", "--module", "class"], "is not a Python module name"),
        (["new", "01_perceptron", "--module", "p"], "exists already"),
    ],
)
def test_domain_errors_are_one_line_and_exit_2(argv, needle, tmp_path, capsys):
    f = tmp_path / "sub.py"
    f.write_text("")
    argv = [a.format(file=f, dir=tmp_path) for a in argv]
    rc, out, err = run_main(argv, capsys)
    assert rc == 2
    assert err.count("\n") == 1 and needle in err and err.startswith("dlgrade: error:")


def test_unknown_flag_is_argparse_usage_and_exit_2(capsys):
    with pytest.raises(SystemExit) as e:
        cli.main(["grade", "--bogus"])
    assert e.value.code == 2


def test_python_m_grader_help_works():
    p = subprocess.run(
        [sys.executable, "-m", "grader", "--help"], capture_output=True, text=True, timeout=60
    )
    assert p.returncode == 0
    for cmd in ("check", "grade", "batch", "verify", "release", "new", "doctor", "--course"):
        assert cmd in p.stdout
    p = subprocess.run(
        [sys.executable, "-m", "grader", "batch", "/nonexistent", "-a", "all", "-o", "x"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (
        p.returncode == 2 and p.stderr.strip() == "dlgrade: error: no such directory: /nonexistent"
    )


def _fake_module(monkeypatch, name, **attrs):
    mod = types.ModuleType(name)
    mod.__dict__.update(attrs)
    monkeypatch.setitem(sys.modules, name, mod)
    parent, _, child = name.rpartition(".")
    monkeypatch.setattr(importlib.import_module(parent), child, mod, raising=False)
    return mod


def test_grade_prints_the_table_writes_json_and_exits_0(monkeypatch, tmp_path, capsys):
    seen = {}

    def grade(path, assignment_id, *, course=None, student=None, slot=0, use_cuda=None):
        seen.update(path=str(path), assignment=assignment_id)
        return SubmissionResult(
            assignment_id,
            student,
            path.name,
            tests=[
                TR(
                    "step.values",
                    "step",
                    2.0,
                    0.0,
                    "failed",
                    message=Text("step(0) debe ser 1", "step(0) must be 1"),
                ),
                TR("predict.values", "predict", 3.0, 3.0, "passed"),
            ],
        )

    _fake_module(monkeypatch, "grader.grading.runner", grade=grade)
    f = tmp_path / "perceptron.py"
    f.write_text("")
    out = tmp_path / "r.json"
    rc, stdout, err = run_main(
        ["grade", str(f), "--assignment", "01_perceptron", "--lang", "en", "--json", str(out)],
        capsys,
    )
    assert rc == 0 and seen == {"path": str(f), "assignment": "01_perceptron"}
    assert "step(0) must be 1" in stdout and "debe ser" not in stdout and "3/5" in stdout
    gs = json.loads(out.read_text())
    assert gs["score"] == 3 and gs["tests"][0]["status"] == "failed"
    assert sum(t["max_score"] for t in gs["tests"]) == 5
    assert gs["tests"][0]["visibility"] == "after_published"  # the default


def test_grade_json_takes_the_hidden_tests_visibility(monkeypatch, tmp_path, capsys):
    def grade(path, assignment_id, *, course=None, student=None, slot=0, use_cuda=None):
        return SubmissionResult(assignment_id, student, path.name,
                                tests=[TR("step.values", "step", 2.0, 2.0, "passed")])

    _fake_module(monkeypatch, "grader.grading.runner", grade=grade)
    f, out = tmp_path / "perceptron.py", tmp_path / "r.json"
    f.write_text("")
    rc, _, _ = run_main(["grade", str(f), "-a", "01_perceptron", "--json", str(out),
                         "--hidden-visibility", "after_due_date"], capsys)
    assert rc == 0 and json.loads(out.read_text())["tests"][0]["visibility"] == "after_due_date"
    with pytest.raises(SystemExit) as e:  # argparse's usage error
        cli.main(["grade", str(f), "-a", "01_perceptron", "--hidden-visibility", "soon"])
    assert e.value.code == 2 and "invalid choice" in capsys.readouterr().err


def test_gradescope_builds_the_zip_for_a_known_assignment_only(monkeypatch, tmp_path, capsys):
    built = []

    def build_autograder_zip(course, assignment, out, *, engine_dist=None,
                             hidden_visibility="after_published"):
        built.append((assignment, out, hidden_visibility))
        return ["setup.sh", "run_autograder"]

    _fake_module(monkeypatch, "grader.gradescope.generate",
                 build_autograder_zip=build_autograder_zip, GradescopeError=RuntimeError)
    zpath = tmp_path / "ag.zip"
    rc, stdout, _ = run_main(["gradescope", "-a", "01_perceptron", "--out", str(zpath),
                              "--hidden-visibility", "hidden"], capsys)
    assert rc == 0 and built == [("01_perceptron", zpath, "hidden")] and "run_autograder" in stdout
    rc, _, err = run_main(["gradescope", "-a", "99_nothing", "--out", str(zpath)], capsys)
    assert rc == 2 and "unknown assignment" in err and len(built) == 1


def test_verify_exit_code_follows_the_result(monkeypatch, capsys):
    asked = []

    def verify(course, ids=None):
        asked.append(ids)
        return False, ["06_conv2d solution: 9/10"]

    _fake_module(monkeypatch, "grader.authoring.verify", verify=verify)
    rc, out, err = run_main(["verify"], capsys)
    assert rc == 1 and "06_conv2d solution: 9/10" in out
    assert run_main(["verify", "06_conv2d", "02_xor"], capsys)[0] == 1
    assert asked == [None, ["06_conv2d", "02_xor"]]
    _fake_module(monkeypatch, "grader.authoring.verify", verify=lambda course, ids=None: (True, ["ok"]))
    assert run_main(["verify"], capsys)[0] == 0


def test_check_passes_arguments_and_exit_code(monkeypatch, tmp_path, capsys):
    calls = []

    def run_check(assignment, path=None, lang="both", base=None):
        calls.append((assignment, path, lang, base))
        return 1

    _fake_module(monkeypatch, "grader.student.check", run_check=run_check)
    f = tmp_path / "conv2d.py"
    f.write_text("")
    assert run_main(["check", "06_conv2d", "--path", str(f), "--lang", "es"], capsys)[0] == 1
    # the course's generated assignments/ is where the checker looks
    assert calls == [("06_conv2d", f, "es", cli.Course.default().released)]


def test_release_and_doctor(monkeypatch, tmp_path, capsys):
    calls = []
    _fake_module(
        monkeypatch,
        "grader.authoring.release",
        release_assignments=lambda course: calls.append("regen") or [],
        write_student_release=lambda out, course: calls.append(("out", str(out))),
    )
    assert run_main(["release"], capsys)[0] == 0
    assert run_main(["release", "--out", str(tmp_path / "rel")], capsys)[0] == 0
    # --out regenerates assignments/ first, so the release is never built from stale stubs
    assert calls == ["regen", "regen", ("out", str(tmp_path / "rel"))]

    def out_of_sync(out, course):
        raise RuntimeError("assignments/ is out of sync with solutions/")

    _fake_module(monkeypatch, "grader.authoring.release", release_assignments=lambda course: [],
                 write_student_release=out_of_sync)
    code, _, err = run_main(["release", "--out", str(tmp_path / "rel2")], capsys)
    assert code == 2 and err.strip() == "dlgrade: error: assignments/ is out of sync with solutions/"

    _fake_module(
        monkeypatch,
        "grader.sandbox.doctor",
        doctor_report=lambda course=None: [
            ("bubblewrap", True, "bwrap 0.8"),
            ("network namespace", False, "unshare failed"),
        ],
    )
    rc, out, _ = run_main(["doctor"], capsys)
    assert rc == 1 and "bubblewrap" in out and "unshare failed" in out  # a check failed
    rc, out, _ = run_main(["doctor", "--json"], capsys)
    assert rc == 1 and json.loads(out) == [
        {"check": "bubblewrap", "ok": True, "detail": "bwrap 0.8"},
        {"check": "network namespace", "ok": False, "detail": "unshare failed"}]
    _fake_module(monkeypatch, "grader.sandbox.doctor",
                 doctor_report=lambda course=None: [("bubblewrap", True, "bwrap 0.8")])
    rc, out, _ = run_main(["doctor"], capsys)
    assert rc == 0 and "yes" in out


def test_batch_command_calls_grade_batch(monkeypatch, tmp_path, capsys):
    from grader import batch

    calls = []

    def fake_batch(root, assignments, out, jobs=1, force=False, progress=True, course=None,
                   lang="both", scheduler=None):
        calls.append((str(root), assignments, str(out), jobs, force, lang, progress, scheduler))
        return batch.BatchSummary(
            out=out,
            per_assignment={"02_xor": {"n": 3, "mean": 5.0, "median": 6.0, "max_score": 10.0}},
        )

    monkeypatch.setattr(batch, "grade_batch", fake_batch)
    rc, out, _ = run_main(
        [
            "batch",
            str(tmp_path),
            "--assignment",
            "02_xor",
            "--out",
            str(tmp_path / "g"),
            "-j",
            "2",
            "--force",
            "--lang",
            "es",
            "--scheduler",
            "tcp://10.0.0.1:8786",
        ],
        capsys,
    )
    assert rc == 0 and calls == [(str(tmp_path), "02_xor", str(tmp_path / "g"), 2, True, "es",
                                  True, "tcp://10.0.0.1:8786")]
    assert "02_xor: n=3 mean=5.00" in out
