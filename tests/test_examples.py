"""The main job: grade the example class (examples/class) and hold each student to expected.json.

The batch runs once for the module (-j 2), with the real grader and the real hidden tests.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from grader.batch import grade_batch, load_results
from grader.course import Course
from grader.export import export_lms, read_roster
from grader.results import fmt_points

COURSE = Course.default()
ASSIGNMENT_IDS = COURSE.ids()
MODULE_NAMES = {i.id: i.module for i in COURSE.infos()}

ROOT = Path(__file__).resolve().parent.parent
CLASS = ROOT / "examples" / "class"
EXPECTED = json.loads((CLASS / "expected.json").read_text(encoding="utf-8"))["students"]
CASES = [(s, a) for s in sorted(EXPECTED) for a in ASSIGNMENT_IDS]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    out = tmp_path_factory.mktemp("grades")
    summary = grade_batch(CLASS, "all", out, jobs=2, progress=False)
    results = {(r.student, r.assignment): r for r in load_results(out, ASSIGNMENT_IDS)}
    return out, summary, results


def zero_functions(spec: list[str], functions: set[str]) -> set[str]:
    """expected.json's zero_functions: names, or "*" (all) with "-name" exceptions."""
    if "*" in spec:
        return functions - {s[1:] for s in spec if s.startswith("-")}
    return set(spec)


def test_example_class_is_plain_files_and_every_student_is_expected():
    assert not [p for p in CLASS.rglob("*") if p.is_symlink()]
    assert sorted(p.name for p in (CLASS / "submitted").iterdir()) == sorted(EXPECTED)


def test_the_perfect_student_is_a_copy_of_the_solutions():
    for a, module in MODULE_NAMES.items():
        mine = CLASS / "submitted" / "ana_perfecta" / a / f"{module}.py"
        assert mine.read_bytes() == (ROOT / "solutions" / a / f"{module}.py").read_bytes(), (
            f"{mine} is stale: run python examples/class/make_class.py"
        )


@pytest.mark.parametrize("student, assignment", CASES, ids=[f"{s}-{a}" for s, a in CASES])
def test_expected_grade(graded, student, assignment):
    _, _, results = graded
    r = results[(student, assignment)]
    assert r.max_score == 10
    exp = EXPECTED[student].get(assignment)
    if exp is None:  # not submitted
        assert r.score == 0 and r.tests and all(t.points == 0 for t in r.tests)
        assert "No submission found" in r.load_error.en
        return
    zeros = zero_functions(exp["zero_functions"], {t.function for t in r.tests})
    passing = set(exp.get("also_passing", []))
    wrong = [
        (t.test_id, t.points, t.status, t.message.en[:200])
        for t in r.tests
        if (
            t.points != 0
            if t.function in zeros and t.test_id not in passing
            else t.points != t.max_points
        )
    ]
    assert not wrong, f"{student}/{assignment} ({exp['why']}): {wrong}"
    assert r.score == pytest.approx(exp["total"]), exp["why"]


def test_messages_of_the_typical_mistakes(graded):
    out, _, results = graded
    beto = results[("beto_sigmoide", "03_activations")]
    bad = [t for t in beto.tests if t.function == "sigmoid_derivative" and not t.passed]
    assert bad and all(
        "sigmoid_derivative" in t.message.es and "sigmoid_derivative" in t.message.en for t in bad
    )
    md = (out / "feedback" / "beto_sigmoide" / "03_activations.md").read_text(encoding="utf-8")
    assert md.index("## Español") < md.index("## English")

    fer = results[("fer_sintaxis", "02_xor")]
    assert "syntax" in (fer.load_error.en + " ".join(t.message.en for t in fer.tests)).lower()

    gabi = [
        t for t in results[("gabi_bucle_infinito", "01_perceptron")].tests if t.function == "train"
    ]
    assert gabi and all(t.status == "timeout" for t in gabi)

    assert results[("hugo_cuaderno", "03_activations")].submission == "activations.ipynb"
    assert results[("hugo_cuaderno", "03_activations")].notes  # the dropped magic lines


def test_outputs_exist_and_a_rerun_skips_everything(graded):
    out, summary, results = graded
    assert summary.graded == len(EXPECTED) * len(ASSIGNMENT_IDS)
    for name in ("gradebook.csv", "summary.md", "summary.json", "histogram.png"):
        assert (out / name).is_file()
    for student, a in results:
        assert (out / "results" / student / f"{a}.json").is_file()
        assert (out / "feedback" / student / f"{a}.md").is_file()
    before = (out / "gradebook.csv").read_bytes()
    # the README's command, through the real CLI: everything is already graded
    p = subprocess.run(
        [
            sys.executable,
            "-m",
            "grader",
            "batch",
            str(CLASS),
            "--assignment",
            "all",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert p.returncode == 0, p.stderr
    assert f"0 graded, {summary.graded} already done" in p.stderr
    assert (out / "gradebook.csv").read_bytes() == before


def test_a_dask_local_cluster_grades_the_class_into_the_same_gradebook(graded, tmp_path):
    """`--scheduler local`: two Dask worker processes grade the whole class; the results come
    back as plain data and are written here: the gradebook is the local batch's, byte for byte,
    and so is every test's score and message."""
    pytest.importorskip("distributed", reason="Dask is the optional extra [distributed]")
    out, summary, results = graded
    dask = grade_batch(CLASS, "all", tmp_path, jobs=2, progress=False, scheduler="local")
    assert dask.graded == summary.graded and not dask.failures
    assert (tmp_path / "gradebook.csv").read_bytes() == (out / "gradebook.csv").read_bytes()
    for r in load_results(tmp_path, ASSIGNMENT_IDS):
        local = results[(r.student, r.assignment)]
        assert [(t.test_id, t.points, t.message) for t in r.tests] == \
            [(t.test_id, t.points, t.message) for t in local.tests], (r.student, r.assignment)


def test_every_result_is_a_valid_gradescope_results_json(graded):
    """Each results/<student>/<assignment>.json against a JSON Schema written from Gradescope's
    specification (tests/gradescope_results.schema.json): no field outside it."""
    import jsonschema

    out, summary, _ = graded
    schema = json.loads((ROOT / "tests" / "gradescope_results.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    files = sorted((out / "results").glob("*/*.json"))
    assert len(files) == summary.graded == len(EXPECTED) * len(ASSIGNMENT_IDS)
    for f in files:
        d = json.loads(f.read_text(encoding="utf-8"))
        errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(d)]
        assert errors == [], f.relative_to(out)
        assert d["output_format"] == "md" and d["visibility"] == "visible"
        assert d["tests"] and {(t["output_format"], t["visibility"]) for t in d["tests"]} == {
            ("md", "after_published")}  # hidden tests' details wait for the instructor
        assert d["score"] == pytest.approx(sum(t["score"] for t in d["tests"]))


def test_gradebook_columns_of_two_assignments_never_collide(graded):
    out, _, results = graded
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    tests = list(rows[0])[2:-2]
    assert tests == [f"{a}:{t.test_id}" for a in sorted(ASSIGNMENT_IDS)
                     for t in results[("ana_perfecta", a)].tests]
    ids = [c.split(":", 1)[1] for c in tests]
    assert "02_xor:relu.values" in tests and "03_activations:relu.values" in tests
    assert len(set(ids)) < len(ids)  # one column per test id would have mixed assignments
    for r in rows:  # a row fills only its own assignment's columns
        assert {c.split(":")[0] for c in tests if r[c] != ""} == {r["assignment"]}


def test_moodle_and_canvas_exports_of_the_example_class(graded, tmp_path):
    out, _, _ = graded
    roster = tmp_path / "roster.csv"
    roster.write_text("student,email\n" + "".join(f"{s},{s}@uni.example\n" for s in EXPECTED)
                      + "nadie,nadie@uni.example\n", encoding="utf-8")
    r = read_roster(roster, "email", "student")
    text, warnings = export_lms("moodle", out, r)
    assert warnings == []
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["email", *(f"{a} (max 10)" for a in sorted(ASSIGNMENT_IDS))]
    want = {f"{s}@uni.example": [fmt_points(EXPECTED[s][a]["total"]) if a in EXPECTED[s]
                                 else "0" for a in sorted(ASSIGNMENT_IDS)] for s in EXPECTED}
    want["nadie@uni.example"] = ["0"] * len(ASSIGNMENT_IDS)  # on the roster, nothing handed in
    assert {row[0]: row[1:] for row in rows[1:]} == want and len(rows) == len(want) + 1
    canvas = list(csv.reader(io.StringIO(export_lms("canvas", out, r)[0])))
    assert canvas[1] == ["Points Possible", "", "", "", "", *["10"] * len(ASSIGNMENT_IDS)]
    assert {row[3]: row[5:] for row in canvas[2:]} == want


def _descendants(pid: int) -> set[int]:
    """Every live process below `pid` (from /proc/<pid>/stat's ppid field)."""
    children: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2 :].split()
            if fields[0] != "Z":
                children.setdefault(int(fields[1]), []).append(int(d.name))
    found, todo = set(), [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            if c not in found:
                found.add(c)
                todo.append(c)
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


@pytest.mark.slow
def test_kill_9_of_a_real_batch_leaves_no_sandbox_behind(tmp_path):
    """Kill the batch while a sandbox runs an infinite loop: the worker and its sandbox die too."""
    import os
    import shutil
    import signal
    import time

    src = CLASS / "submitted" / "gabi_bucle_infinito" / "01_perceptron"
    dst = tmp_path / "submitted" / "gabi" / "01_perceptron"
    shutil.copytree(src, dst)
    p = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "grader",
            "batch",
            str(tmp_path),
            "-a",
            "01_perceptron",
            "-o",
            str(tmp_path / "g"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    seen: set[int] = set()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # batch -> worker -> sandbox (bwrap/unshare) -> python
        seen |= _descendants(p.pid)
        if len(_descendants(p.pid)) >= 3:
            break
        time.sleep(0.1)
    time.sleep(1.0)  # into the looping call
    seen |= _descendants(p.pid)
    assert len(seen) >= 3, "the sandbox never started"
    os.kill(p.pid, signal.SIGKILL)
    p.wait()
    deadline = time.monotonic() + 15
    while any(_alive(q) for q in seen) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = {q: Path(f"/proc/{q}/cmdline").read_bytes()[:80] for q in seen if _alive(q)}
    assert not left, f"outlived the batch: {left}"
