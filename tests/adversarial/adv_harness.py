"""Helpers of the hostile-submission suite: fast limits, the files it attacks, the checks.

The suite grades every hostile file through the real `grader.grading.runner.grade` (and the
batch through `grader.batch.grade_batch`), with shorter per-call and start limits than the defaults
so that time-outs cost seconds, not minutes.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import socket
import stat
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from adv_cases import ALL, Case

from grader.course import HIDDEN_FILE, Course
from grader.grading.spec import load_assignment
from grader.results import SubmissionResult
from grader.sandbox import Limits

HERE = Path(__file__).resolve().parent
SUBMISSIONS = HERE / "submissions"
REPO = HERE.parent.parent
COURSE = Course.default()
# the assignments the hostile files attack, and their module names
MODULES = {a: COURSE.info(a).module for a in ("03_activations", "06_conv2d")}

# per-call and start limits for the suite (the defaults are 10 s and 30 s)
FAST = {"timeout": 2.0, "start_timeout": 8.0}
# Sandbox slots (hence uids 61000+slot) of the suite: away from 0, 1... so that another grader
# running on the same machine (a batch, another test session) never shares a uid with ours: the
# uid's RLIMIT_NPROC is machine-wide and the fallback's cleanup kills by uid.
SLOT_BASE = 40
# prefix of the names (comm) the hostile processes give themselves
MARK = "dlgadv-"
# never in anything a student reads: the attacks print these only when they succeed, and
# the rest would be the grader's own internals
NEVER_SHOWN = ("LEAK", "BOMB:", "DISK:", "PWNED", "hidden.py", "/opt/dlgrade", "server.py",
               "client.py", "runner.py", "spec.py", str(REPO / "grader"), str(COURSE.solutions))


# ------------------------------------------------------------------------------ grading


@contextmanager
def fast_limits():
    """Every Sandbox built meanwhile gets FAST limits (through `Limits.for_policy`)."""
    orig = Limits.__dict__["for_policy"]
    base = orig.__func__

    def for_policy(cls, policy, **overrides):
        return base(cls, policy, **{**FAST, **overrides})

    Limits.for_policy = classmethod(for_policy)
    try:
        yield
    finally:
        Limits.for_policy = orig


def fast_grade(path, assignment_id, *, course=None, student=None, slot=0) -> SubmissionResult:
    """`grader.grading.runner.grade` with FAST limits; also the batch's grader
    ("adv_harness:fast_grade")."""
    from grader.grading.runner import grade

    with fast_limits():
        return grade(path, assignment_id, course=course, student=student, slot=SLOT_BASE + slot)


def spec_tests(assignment_id, *, course=None):
    """The batch's zero entries: the real grader's."""
    from grader.grading.runner import spec_tests as real

    return real(assignment_id, course=course)


def timed_grade(path, assignment_id, **kw) -> tuple[SubmissionResult, float]:
    t0 = time.monotonic()
    r = fast_grade(path, assignment_id, **kw)
    return r, time.monotonic() - t0


# what an attack on a function's values does not touch: whether its result keeps float32 and
# whether its inputs come back unmodified are tests of their own, which a hostile function that
# returns well-formed arrays may still pass
SIDE_PROPERTIES = {"dtype", "no_mutation"}


def side_tests(assignment_id: str) -> set[str]:
    """Ids of the tests that grade only side properties (SIDE_PROPERTIES)."""
    tests = load_assignment(COURSE.info(assignment_id)).tests
    return {t.id for t in tests if set(t.graded) <= SIDE_PROPERTIES}


def requires(assignment_id: str) -> dict[str, set[str]]:
    """test id -> the student functions it calls (from the spec: structure, not values)."""
    tests = load_assignment(COURSE.info(assignment_id)).tests
    return {t.id: set(t.requires) | {t.function} for t in tests}


# ------------------------------------------------------------------------------ the world


class World:
    """Files outside any sandbox that the attacks aim at: a canary and a class's outputs.

    The folder is 0755 and the files 0644 (like a checkout), under /tmp (world-traversable),
    so only the sandbox, not a private parent folder, keeps an attacker out.
    """

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="dlgrade-adv-world-"))
        os.chmod(self.root, 0o755)
        self.canary = self.root / "canary.txt"
        self.outdir = self.root / "class_out"
        files = {
            self.canary: "canary: nobody may change this file\n",
            self.outdir / "gradebook.csv": "student,03_activations\nalice,10.0\n",
            self.outdir / "results" / "alice" / "03_activations.json": '{"score": 10.0}\n',
            self.outdir / "feedback" / "alice" / "03_activations.md": "# alice\n",
        }
        for p, text in files.items():
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(text)
            os.chmod(p, 0o644)
        for d in [self.outdir, *self.outdir.rglob("*")]:
            if d.is_dir():
                os.chmod(d, 0o755)
        self.server = TcpTrap()

    def fill(self, text: str) -> str:
        return (text.replace("@@REPO@@", str(REPO)).replace("@@CANARY@@", str(self.canary))
                .replace("@@OUTDIR@@", str(self.outdir)).replace("@@PORT@@", str(self.server.port)))

    def snapshot(self) -> dict[str, str]:
        return snapshot(self.root)

    def close(self) -> None:
        self.server.close()
        shutil.rmtree(self.root, ignore_errors=True)


def snapshot(root: Path) -> dict[str, str]:
    """relative path -> content hash and mode, for every file, folder and link under root."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            st = p.lstat()
            if stat.S_ISREG(st.st_mode):
                what = hashlib.sha256(p.read_bytes()).hexdigest()
            elif stat.S_ISLNK(st.st_mode):
                what = "link:" + os.readlink(p)
            else:
                what = "dir"
            out[str(p.relative_to(root))] = f"{what} {oct(st.st_mode)}"
    return out


class TcpTrap:
    """A TCP server on the grader's 127.0.0.1: any connection from a sandbox is a breach."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.hits: list[bytes] = []
        self._stop = False
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1.0)
                try:
                    self.hits.append(conn.recv(1024) or b"<connected>")
                except OSError:
                    self.hits.append(b"<connected>")

    def close(self) -> None:
        self._stop = True
        self._thread.join(2)
        self.sock.close()


# ------------------------------------------------------------------------------ files


def materialize(case: Case, world: World, folder: Path) -> Path:
    """The submission file of `case` in `folder`, named like a student's (<module>.py/.ipynb)."""
    module = MODULES[case.assignment]
    folder.mkdir(parents=True, exist_ok=True)
    if case.filename == "<generated>":
        return GENERATORS[case.id](world, folder, module)
    src = SUBMISSIONS / case.filename
    if case.base is None:
        dest = folder / f"{module}{src.suffix}"
        dest.write_bytes(src.read_bytes())
        return dest
    attack = world.fill(src.read_text(encoding="utf-8"))
    clean = (SUBMISSIONS / f"_clean_{module}.py").read_text(encoding="utf-8")
    head = ""
    if attack.startswith("# -*- coding"):  # a coding cookie only counts on the first lines
        head, _, attack = attack.partition("\n")
        head += "\n"
    dest = folder / f"{module}.py"
    dest.write_text(f"{head}{clean}\n\n# ---- hostile part: {case.id} ----\n{attack}",
                    encoding="utf-8")
    return dest


def _binary_junk(world: World, folder: Path, module: str) -> Path:
    rng = random.Random(4)
    data = bytes(rng.randrange(256) for _ in range(8192)) + b"\0\xff\xfe def sigmoid(z):\0"
    dest = folder / f"{module}.py"
    dest.write_bytes(data)
    return dest


def _notebook(cells: list[dict]) -> dict:
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}


def _code_cell(source: str, outputs: list | None = None) -> dict:
    return {"cell_type": "code", "metadata": {}, "execution_count": None,
            "outputs": outputs or [], "source": source.splitlines(True)}


def _notebook_huge(world: World, folder: Path, module: str) -> Path:
    """A valid notebook of ~60 MB (a giant output), above the loader's notebook cap."""
    clean = (SUBMISSIONS / f"_clean_{module}.py").read_text(encoding="utf-8")
    blob = "A" * (60 * 2**20)
    out = [{"output_type": "display_data", "metadata": {}, "data": {"image/png": blob}}]
    dest = folder / f"{module}.ipynb"
    dest.write_text(json.dumps(_notebook([_code_cell(clean, out)])), encoding="utf-8")
    return dest


def _notebook_magics(world: World, folder: Path, module: str) -> Path:
    """The clean code as a notebook, plus shell escapes and magics aimed at the canary's folder."""
    clean = (SUBMISSIONS / f"_clean_{module}.py").read_text(encoding="utf-8")
    pwned = world.root / "PWNED_by_notebook"
    cells = [
        _code_cell(clean),
        _code_cell(f"!touch {pwned}\n!echo PWNED >> {world.canary}"),
        _code_cell(f"%%bash\ntouch {pwned}\necho PWNED >> {world.canary}"),
        _code_cell(f"%sx touch {pwned}\n%system touch {pwned}\nx = 1"),
        {"cell_type": "markdown", "metadata": {}, "source": ["# !touch nothing"]},
    ]
    dest = folder / f"{module}.ipynb"
    dest.write_text(json.dumps(_notebook(cells)), encoding="utf-8")
    return dest


GENERATORS = {"binary_junk": _binary_junk, "notebook_huge": _notebook_huge,
              "notebook_magics": _notebook_magics}


# ------------------------------------------------------------------------------ processes


def marked_processes() -> list[tuple[int, str]]:
    """(pid, name) of every live process whose name starts with MARK (the attacks' own)."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            comm = Path(f"/proc/{pid}/comm").read_text().strip()
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if comm.startswith(MARK) and state not in ("Z", "X"):
            found.append((int(pid), comm))
    return found


def survivors(grace: float = 3.0) -> list[tuple[int, str]]:
    """Marked processes still alive after `grace` seconds (none may outlive the grading)."""
    end = time.monotonic() + grace
    while True:
        left = marked_processes()
        if not left or time.monotonic() > end:
            return left
        time.sleep(0.1)


# ------------------------------------------------------------------------------ checks


def student_texts(r: SubmissionResult) -> list[str]:
    """Everything of a result that a student reads."""
    out = [r.load_error.es, r.load_error.en, *(n.render("both") for n in r.notes)]
    for t in r.tests:
        out += [t.message.es, t.message.en, t.student_traceback, t.stdout]
    return out


def leaks(r: SubmissionResult, extra: tuple[str, ...] = ()) -> list[str]:
    """Forbidden strings found in what the student reads, and hidden-test source lines."""
    text = "\n".join(student_texts(r))
    bad = [s for s in (*NEVER_SHOWN, *extra) if s in text]
    hidden_src = COURSE.solutions / r.assignment / HIDDEN_FILE
    if hidden_src.is_file():
        for line in hidden_src.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if len(line) > 30 and ("def " in line or "ctx." in line) and line in text:
                bad.append(f"hidden source line: {line}")
    return bad


def points_by_test(r: SubmissionResult) -> dict[str, float]:
    return {t.test_id: t.points for t in r.tests}


def check_outcome(case: Case, r: SubmissionResult, base: SubmissionResult) -> list[str]:
    """What is wrong with `r` as the outcome of `case` (an empty list: all as required)."""
    problems = []
    req = requires(case.assignment)
    side = side_tests(case.assignment)
    want = points_by_test(base)
    got = {t.test_id: t for t in r.tests}
    if set(got) != set(want):
        problems.append(f"tests differ from the baseline: {sorted(set(got) ^ set(want))}")
    attacked_total = 0.0
    for tid, t in got.items():
        hit = case.attacked == ALL or bool(req.get(tid, set()) & set(case.attacked))
        if hit and tid in side and case.attacked != ALL:
            if t.points > want.get(tid, 0.0):  # it may keep its points, never gain
                problems.append(f"{tid}: gained points ({t.points} > {want.get(tid)})")
        elif hit:
            attacked_total += t.max_points
            if t.points != 0:
                problems.append(f"{tid}: attacked but scored {t.points} ({t.status})")
            if t.status not in case.statuses:
                problems.append(f"{tid}: status {t.status!r}, expected one of "
                                f"{sorted(case.statuses)}: {t.message.en[:200]!r}")
            es = t.message.es or r.load_error.es
            en = t.message.en or r.load_error.en
            if not es.strip() or not en.strip() or es == en:
                problems.append(f"{tid}: no bilingual message (es={es[:80]!r}, en={en[:80]!r})")
        elif case.others == "same" and t.points != want.get(tid):
            problems.append(f"{tid}: not attacked, but {t.points} != baseline {want.get(tid)} "
                            f"({t.status}: {t.message.en[:200]!r})")
        elif t.points > want.get(tid, 0.0):
            problems.append(f"{tid}: gained points ({t.points} > {want.get(tid)})")
    if case.attacked == ALL and not (r.load_error.es and r.load_error.en):
        problems.append("the module cannot load, but there is no load error message")
    if r.score > base.score - attacked_total + 1e-9:
        problems.append(f"score {r.score} > baseline {base.score} - attacked {attacked_total}")
    return problems
