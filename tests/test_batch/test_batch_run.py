"""The batch: discovery in nbgrader layout, outputs, resume, isolation, and kill -9 safety.

A stand-in grader (`fake_grade`, below) keeps these tests independent of the real hidden tests
and fast: a submission's text says what it does ("ok f1.values" passes that test, "RAISE",
"DIE", "HANG", "SLEEP 0.2"). The example class (tests/test_examples.py) runs the real grader.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from grader.batch import BatchError, find_submission, grade_batch, safe_name
from grader.batch.discover import discover
from grader.course import Course
from grader.results import SubmissionResult
from grader.results import TestResult as TR
from grader.text import Text

# ---------------------------------------------------------------- the stand-in grader


def spec_tests(assignment: str, *, course: Course | None = None) -> list[TR]:
    return [
        TR(test_id="f1.values", function="f1", max_points=1.0),
        TR(test_id="f2.values", function="f2", max_points=2.0),
    ]


def fake_grade(path, assignment_id, *, course=None, student=None, slot=0,
               use_cuda=None) -> SubmissionResult:
    text = Path(path).read_text()
    if "RAISE" in text:
        raise RuntimeError("grader bug")
    if "DIE" in text:
        os._exit(7)
    if "CHILD" in text:  # like a sandbox: a grandchild of the batch, marked when started
        child = subprocess.Popen(["sleep", "120"])
        Path(str(path) + ".started").write_text(str(child.pid))
        child.wait()
    if "HANG" in text:
        time.sleep(3600)
    m = re.search(r"SLEEP ([0-9.]+)", text)
    if m:
        time.sleep(float(m.group(1)))
    tests = spec_tests(assignment_id)
    for t in tests:
        if f"ok {t.test_id}" in text:
            t.status, t.points = "passed", t.max_points
        else:
            t.status = "failed"
            t.message = Text(f"{t.function}: valor incorrecto", f"{t.function}: wrong value")
    return SubmissionResult(
        assignment=assignment_id,
        student=student,
        submission=Path(path).name,
        tests=tests,
        notes=[Text.same(f"slot {slot}")],
    )


FAKE = f"{fake_grade.__module__}:fake_grade"
TESTS_DIR = str(Path(__file__).resolve().parent)


def make_class(root: Path, subs: dict[str, dict[str, tuple[str, str]]]) -> Path:
    """subs: student -> assignment -> (file name, text)."""
    for student, by_a in subs.items():
        for a, (name, text) in by_a.items():
            d = root / "submitted" / student / a
            d.mkdir(parents=True, exist_ok=True)
            (d / name).write_text(text)
    return root


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text())))


# ---------------------------------------------------------------- names and discovery


@pytest.mark.parametrize(
    "raw",
    [
        "..",
        "../../etc",
        "a/b",
        "=HYPERLINK(1)",
        "-rm",
        ".hidden",
        "a b",
        "x\x00y",
        "semi;colon",
        "",
    ],
)
def test_safe_name_is_a_plain_path_component(raw):
    name = safe_name(raw)
    assert name and "/" not in name and "\x00" not in name
    assert name not in (".", "..")
    assert not name.startswith((".", "-", "=", "+", "@"))
    assert re.fullmatch(r"[\w.\-]+", name)


def test_safe_name_keeps_plain_and_accented_names_and_separates_collisions():
    assert safe_name("ana_garcia") == "ana_garcia"
    assert safe_name("josé.pérez").startswith("josé.pérez")
    assert safe_name("a b") != safe_name("a_b")  # both would be "a_b" without the hash
    assert safe_name("a b") == safe_name("a b")  # deterministic


def test_find_submission_prefers_module_py_then_ipynb_then_single(tmp_path):
    d = tmp_path / "a"
    d.mkdir()
    (d / "activations.ipynb").write_text("{}")
    (d / "other.py").write_text("")
    assert find_submission(d, "activations")[0].name == "activations.ipynb"
    (d / "activations.py").write_text("")
    assert find_submission(d, "activations")[0].name == "activations.py"

    e = tmp_path / "e"
    e.mkdir()
    (e / "mine.py").write_text("")
    assert find_submission(e, "activations")[0].name == "mine.py"
    (e / "mine2.ipynb").write_text("")
    f, why = find_submission(e, "activations")
    assert f is None and "activations.py" in why.en and "activations.py" in why.es


def test_find_submission_never_follows_symlinks(tmp_path):
    secret = tmp_path / "secret.py"
    secret.write_text("ok")
    d = tmp_path / "sub"
    d.mkdir()
    (d / "conv2d.py").symlink_to(secret)
    f, why = find_submission(d, "conv2d")
    assert f is None and "link" in why.en.lower() and "enlace" in why.es.lower()
    (tmp_path / "linkdir").symlink_to(d)
    assert find_submission(tmp_path / "linkdir", "conv2d")[0] is None


def test_discover_accepts_course_or_submitted_dir_and_skips_links_and_hidden(tmp_path):
    make_class(tmp_path, {"ana": {"01_perceptron": ("perceptron.py", "x")}})
    (tmp_path / "submitted" / ".ipynb_checkpoints").mkdir()
    (tmp_path / "submitted" / "evil").symlink_to(tmp_path / "submitted" / "ana")
    (tmp_path / "submitted" / "ana" / "01_perceptron" / ".ipynb_checkpoints").mkdir()
    for root in (tmp_path, tmp_path / "submitted"):
        tasks = discover(root, [Course.default().info(a) for a in ("01_perceptron", "02_xor")])
        assert [(t.student, t.assignment, t.file is not None) for t in tasks] == [
            ("ana", "01_perceptron", True),
            ("ana", "02_xor", False),
        ]


def test_bad_arguments_raise_batch_error(tmp_path):
    with pytest.raises(BatchError, match="no such directory"):
        grade_batch(tmp_path / "nope", "all", tmp_path / "out", progress=False)
    with pytest.raises(BatchError, match="unknown assignment '07_gan'"):
        grade_batch(tmp_path, ["07_gan"], tmp_path / "out", progress=False)


# ---------------------------------------------------------------- outputs


@pytest.fixture
def small_class(tmp_path):
    return make_class(
        tmp_path / "course",
        {
            "ana": {
                "01_perceptron": ("perceptron.py", "ok f1.values\nok f2.values"),
                "06_conv2d": ("conv2d.ipynb", "ok f2.values"),
            },
            "bob": {"01_perceptron": ("perceptron.py", "ok f1.values")},
            "carla": {"01_perceptron": ("whatever.py", "RAISE")},
            "dan": {"01_perceptron": ("perceptron.py", "DIE")},
        },
    )


def test_outputs_gradebook_results_feedback_summary(small_class, tmp_path, capsys):
    out = tmp_path / "out"
    s = grade_batch(small_class, ["01_perceptron", "06_conv2d"], out, progress=True, grader=FAKE)
    # carla's grading raised, dan's grading process died: grader failures, no row written
    assert s.graded == 6 and s.skipped == 0
    assert [f.split(":")[0] for f in s.failures] == ["carla/01_perceptron", "dan/01_perceptron"]
    assert "RuntimeError: grader bug" in s.failures[0] and "pool worker" in s.failures[1]
    assert not (out / "results" / "carla" / "01_perceptron.json").exists()
    assert not (out / "results" / "dan" / "01_perceptron.json").exists()

    rows = read_csv(out / "gradebook.csv")
    header = (out / "gradebook.csv").read_text().splitlines()[0]
    # both assignments have an f1.values and an f2.values: four different tests, four columns
    assert header == ("student,assignment,01_perceptron:f1.values,01_perceptron:f2.values,"
                      "06_conv2d:f1.values,06_conv2d:f2.values,total,max")
    got = {(r["student"], r["assignment"]): tuple(list(r.values())[2:]) for r in rows}
    assert got == {
        ("ana", "01_perceptron"): ("1", "2", "", "", "3", "3"),
        ("ana", "06_conv2d"): ("", "", "0", "2", "2", "3"),
        ("bob", "01_perceptron"): ("1", "0", "", "", "1", "3"),
        ("bob", "06_conv2d"): ("", "", "0", "0", "0", "3"),  # no folder: a zero, not no row
        ("carla", "06_conv2d"): ("", "", "0", "0", "0", "3"),
        ("dan", "06_conv2d"): ("", "", "0", "0", "0", "3"),
    }
    assert [(r["student"], r["assignment"]) for r in rows] == sorted(got)

    # Gradescope's schema, plus the full result
    gs = json.loads((out / "results" / "bob" / "01_perceptron.json").read_text())
    assert gs["score"] == 1 and sum(t["max_score"] for t in gs["tests"]) == 3
    assert [t["status"] for t in gs["tests"]] == ["passed", "failed"]
    assert {"name", "score", "max_score", "status", "output", "visibility"} <= set(gs["tests"][0])
    assert (
        "f2: valor incorrecto" in gs["tests"][1]["output"]
        and "f2: wrong value" in gs["tests"][1]["output"]
    )
    full = SubmissionResult.from_dict(gs["extra_data"]["dlgrade"]["result"])
    assert full.score == 1 and full.student == "bob"

    missing = (out / "feedback" / "bob" / "06_conv2d.md").read_text()
    assert "No submission found" in missing and "No se encontró" in missing

    fb = (out / "feedback" / "bob" / "01_perceptron.md").read_text()
    assert fb.index("## Español") < fb.index("## English")
    assert "f2: valor incorrecto" in fb and "f2: wrong value" in fb

    summ = json.loads((out / "summary.json").read_text())
    p = summ["01_perceptron"]  # carla's and dan's are not graded yet: not in the figures
    assert p["n"] == 2 and p["mean"] == pytest.approx((3 + 1) / 2) and p["median"] == 2
    assert p["pass_rate"] == {"f1.values": 1.0, "f2.values": 0.5}
    assert summ["06_conv2d"]["pass_rate"] == {"f1.values": 0.0, "f2.values": 0.25}
    # only ana handed in 06: the others are zeros in the class mean, left out of "submitted"
    c = summ["06_conv2d"]
    assert c["n"] == 4 and c["mean"] == pytest.approx(2 / 4)
    assert c["submitted"] == 1 and c["mean_submitted"] == 2 and c["median_submitted"] == 2
    assert p["submitted"] == 2 and p["mean_submitted"] == pytest.approx(p["mean"])
    assert "01_perceptron" in (out / "summary.md").read_text()
    assert (out / "histogram.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    err = capsys.readouterr().err
    assert "6 graded" in err and "2 grader failures" in err and "\r" not in err  # not a TTY
    assert "no grade was written for these" in err and "carla/01_perceptron" in err

    # the cause fixed, a re-run grades exactly the two failures
    for who in ("carla", "dan"):
        folder = small_class / "submitted" / who / "01_perceptron"
        next(folder.iterdir()).write_text("ok f1.values")
    s = grade_batch(small_class, ["01_perceptron", "06_conv2d"], out, progress=False, grader=FAKE)
    assert (s.graded, s.skipped, s.failures) == (2, 6, [])
    assert len(read_csv(out / "gradebook.csv")) == 8


def test_rerun_skips_finished_work_force_regrades_and_changed_files_are_regraded(
    small_class, tmp_path
):
    out = tmp_path / "out"
    grade_batch(small_class, "01_perceptron", out, progress=False, grader=FAKE)
    before = (out / "gradebook.csv").read_bytes()
    s = grade_batch(small_class, "01_perceptron", out, progress=False, grader=FAKE)
    # carla's and dan's grader failures left no result: they are tried again, every run
    assert (s.graded, s.skipped, s.failed) == (0, 2, 2)
    assert (out / "gradebook.csv").read_bytes() == before

    (small_class / "submitted" / "bob" / "01_perceptron" / "perceptron.py").write_text(
        "ok f1.values ok f2.values"
    )
    s = grade_batch(small_class, "01_perceptron", out, progress=False, grader=FAKE)
    assert (s.graded, s.skipped, s.failed) == (1, 1, 2)
    bob = [r for r in read_csv(out / "gradebook.csv") if r["student"] == "bob"][0]
    assert bob["total"] == "3"

    s = grade_batch(small_class, "01_perceptron", out, force=True, progress=False, grader=FAKE)
    assert (s.graded, s.skipped, s.failed) == (2, 0, 2)


def test_corrupt_or_partial_result_files_are_regraded(small_class, tmp_path):
    out = tmp_path / "out"
    grade_batch(small_class, "01_perceptron", out, progress=False, grader=FAKE)
    good = (out / "gradebook.csv").read_bytes()
    (out / "results" / "ana" / "01_perceptron.json").write_text('{"score": 3, "tests": [')  # torn
    (out / "results" / "bob" / ".01_perceptron.json.999.tmp").write_text("junk")
    (out / "gradebook.csv").write_text("overwritten")
    s = grade_batch(small_class, "01_perceptron", out, progress=False, grader=FAKE)
    assert (s.graded, s.skipped, s.failed) == (1, 1, 2)
    assert (out / "gradebook.csv").read_bytes() == good
    assert not list((out / "results").glob("*/.*.tmp"))


def test_hanging_grader_is_killed_and_the_batch_goes_on(tmp_path):
    root = make_class(
        tmp_path / "c",
        {"h": {"02_xor": ("xor.py", "HANG")}, "ok": {"02_xor": ("xor.py", "ok f1.values")}},
    )
    t0 = time.monotonic()
    s = grade_batch(
        root, "02_xor", tmp_path / "out", jobs=2, progress=False, grader=FAKE, task_timeout=2
    )
    assert time.monotonic() - t0 < 30
    assert s.failed == 1 and "took more than 2 s" in s.failures[0]
    rows = {r["student"]: r["total"] for r in read_csv(tmp_path / "out" / "gradebook.csv")}
    assert rows == {"ok": "1"}  # no grade for h: the grader hung, not h


def test_parallel_jobs_use_distinct_slots_and_give_the_same_gradebook(tmp_path):
    subs = {
        f"s{i:02d}": {
            "03_activations": ("activations.py", f"SLEEP 0.05 {'ok f1.values' * (i % 2)}")
        }
        for i in range(8)
    }
    root = make_class(tmp_path / "c", subs)
    grade_batch(root, "03_activations", tmp_path / "one", jobs=1, progress=False, grader=FAKE)
    grade_batch(root, "03_activations", tmp_path / "three", jobs=3, progress=False, grader=FAKE)
    assert (tmp_path / "one" / "gradebook.csv").read_bytes() == (
        tmp_path / "three" / "gradebook.csv"
    ).read_bytes()
    slots = set()
    for f in (tmp_path / "three" / "results").glob("*/03_activations.json"):
        notes = json.loads(f.read_text())["extra_data"]["dlgrade"]["result"]["notes"]
        slots.update(n["en"] for n in notes)
    assert len(slots) >= 2  # each worker grades in its own sandbox slot


def test_weird_student_directory_names_stay_inside_out(tmp_path):
    root = make_class(
        tmp_path / "c",
        {
            "-rf": {"01_perceptron": ("perceptron.py", "ok f1.values")},
            "=1+1": {"01_perceptron": ("perceptron.py", "")},
            "a b": {"01_perceptron": ("perceptron.py", "")},
        },
    )
    out = tmp_path / "out"
    grade_batch(root, "01_perceptron", out, progress=False, grader=FAKE)
    made = [p for p in tmp_path.rglob("*.json")]
    assert all(out in p.parents for p in made)
    assert sorted(p.name for p in (out / "results").iterdir()) == sorted(
        safe_name(s) for s in ("-rf", "=1+1", "a b"))
    # the ids as found, and no cell a spreadsheet would run as a formula
    students = [r["student"] for r in read_csv(out / "gradebook.csv")]
    assert students == ["'-rf", "'=1+1", "a b"]


def test_an_email_stays_an_email_and_only_paths_use_the_safe_name(tmp_path):
    email = "ana.garcia@uni.es"
    root = make_class(tmp_path / "c", {email: {"01_perceptron": ("perceptron.py", "ok f1.values")},
                                       "bob": {"06_conv2d": ("conv2d.py", "")},
                                       "line\nbreak": {"01_perceptron": ("p.py", "")}})
    out = tmp_path / "out"
    grade_batch(root, "01_perceptron", out, progress=False, grader=FAKE)
    folder = safe_name(email)
    assert folder != email and "@" not in folder
    stored = json.loads((out / "results" / folder / "01_perceptron.json").read_text())
    assert stored["extra_data"]["dlgrade"]["result"]["student"] == email
    assert (out / "feedback" / folder / "01_perceptron.md").is_file()
    broken = safe_name("line\nbreak")  # no LMS id holds a line break: the safe name instead
    assert sorted(p.name for p in (out / "feedback").iterdir()) == sorted([folder, "bob", broken])
    rows = {r["student"]: r["total"] for r in read_csv(out / "gradebook.csv")}
    assert rows == {email: "1", "bob": "0", broken: "0"}
    from grader.batch import load_results

    assert [r.student for r in load_results(out, ["01_perceptron"])] == [email, "bob", broken]
    assert [r.student for r in load_results(out)] == [email, "bob", broken]  # every assignment


# ---------------------------------------------------------------- kill -9


def _session_members(sid: int) -> list[int]:
    """Pids whose session id is `sid` (field 6 of /proc/<pid>/stat), zombies excluded."""
    found = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[3]) == sid and fields[0] != "Z":
            found.append(int(d.name))
    return found


_RUN = """
import sys
from pathlib import Path
from grader.batch import grade_batch
grade_batch(Path(sys.argv[1]), "all", Path(sys.argv[2]), jobs=2, progress=False, grader=sys.argv[3])
"""


def _start_batch(root: Path, out: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([TESTS_DIR, *sys.path]))
    return subprocess.Popen(
        [sys.executable, "-c", _RUN, str(root), str(out), FAKE],
        env=env,
        start_new_session=True,  # its own session: every process it starts is findable
        stderr=subprocess.DEVNULL,
    )


@pytest.mark.slow
def _wait_session_empty(sid: int, seconds: float = 10) -> list[int]:
    deadline = time.monotonic() + seconds
    while _session_members(sid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return _session_members(sid)


def test_kill_9_leaves_no_worker_nor_grandchild_behind(tmp_path):
    root = make_class(
        tmp_path / "c",
        {
            "a": {"04_backprop": ("backprop.py", "CHILD")},
            "b": {"04_backprop": ("backprop.py", "CHILD")},
        },
    )
    p = _start_batch(root, tmp_path / "out")
    marks = [root / "submitted" / s / "04_backprop" / "backprop.py.started" for s in "ab"]
    deadline = time.monotonic() + 60
    while not all(m.exists() for m in marks) and time.monotonic() < deadline:
        time.sleep(0.02)
    grandchildren = [int(m.read_text()) for m in marks]
    assert all(Path(f"/proc/{pid}").exists() for pid in grandchildren)
    os.kill(p.pid, signal.SIGKILL)
    p.wait()
    assert _wait_session_empty(p.pid) == [], "processes outlived the killed batch"


def test_timeout_kills_the_workers_grandchildren_too(tmp_path):
    root = make_class(tmp_path / "c", {"a": {"04_backprop": ("backprop.py", "CHILD")}})
    s = grade_batch(
        root, "04_backprop", tmp_path / "out", progress=False, grader=FAKE, task_timeout=3
    )
    assert s.failed == 1
    pid = int((root / "submitted" / "a" / "04_backprop" / "backprop.py.started").read_text())
    time.sleep(0.2)
    assert (
        not Path(f"/proc/{pid}").exists()
        or "Z" in Path(f"/proc/{pid}/stat").read_text().split(")")[1][:3]
    )


def test_kill_9_at_any_moment_then_rerun_gives_the_same_gradebook_and_no_orphans(tmp_path):
    subs = {
        f"st{i:02d}": {
            a: ("m.py", "SLEEP 0.08 " + "ok f1.values " * (i % 3 == 0) + "ok f2.values " * (i % 2))
            for a in ("01_perceptron", "03_activations", "06_conv2d")
        }
        for i in range(10)
    }
    subs["st03"]["02_xor"] = ("xor.py", "RAISE")
    root = make_class(tmp_path / "c", subs)

    ref = tmp_path / "ref"
    grade_batch(root, "all", ref, jobs=2, progress=False, grader=FAKE)
    expected = (ref / "gradebook.csv").read_bytes()

    for n_done in (1, 7, 23):  # kill early, in the middle, late
        out = tmp_path / f"out{n_done}"
        p = _start_batch(root, out)
        deadline = time.monotonic() + 60
        while len(list(out.glob("results/*/*.json"))) < n_done and time.monotonic() < deadline:
            time.sleep(0.01)
        assert p.poll() is None, "batch finished before it could be killed"
        os.kill(p.pid, signal.SIGKILL)
        p.wait()
        assert _wait_session_empty(p.pid) == [], "worker processes outlived the killed batch"
        assert (
            not (out / "gradebook.csv").exists() or (out / "gradebook.csv").read_bytes() != expected
        )

        s = grade_batch(root, "all", out, jobs=2, progress=False, grader=FAKE)
        assert s.skipped >= n_done
        assert (out / "gradebook.csv").read_bytes() == expected
