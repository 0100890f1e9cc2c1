"""A class in nbgrader layout -> gradebook.csv, results/, feedback/, summary, histogram.

    submitted/<student>/<assignment>/<module>.py | <module>.ipynb

Losing nothing: each (student, assignment) result is written atomically (a temp file, then
`os.replace`) as `results/<student>/<assignment>.json`, and it is the only state. A re-run skips
every result whose submission has not changed (`force=True` regrades), and the gradebook, the
feedback and the summary are always rebuilt from those files, so a `kill -9` at any moment
followed by a re-run gives the same gradebook as a run that was never interrupted.

No orphans: grading happens in worker processes (one per job, each with its own sandbox slot)
that ask the kernel to kill them when the batch dies (PR_SET_PDEATHSIG), and a sandbox dies
with its worker.
"""

from __future__ import annotations

import csv
import ctypes
import hashlib
import importlib
import io
import json
import multiprocessing as mp
import os
import re
import signal
import statistics
import sys
import time
import traceback
import unicodedata
from dataclasses import dataclass, field
from multiprocessing.connection import wait as mp_wait
from pathlib import Path
from typing import Any

from grader import report
from grader.paths import ASSIGNMENT_IDS, MODULE_NAMES
from grader.results import SubmissionResult, TestResult

DEFAULT_GRADER = "grader.runner:grade"
RESULT_FORMAT = 1


class BatchError(Exception):
    """A problem with the batch's arguments (not with a student's submission)."""


@dataclass(frozen=True)
class Task:
    student: str  # sanitized: safe as a path component and in a CSV cell
    raw_student: str  # the directory's name, as found
    assignment: str
    file: str | None  # absolute path of the submission file, None when there is none
    sha256: str  # of the file's bytes ("" when there is none)
    problem_es: str = ""  # why there is no gradable file (shown to the student)
    problem_en: str = ""


@dataclass
class BatchSummary:
    out: Path
    graded: int = 0
    skipped: int = 0
    failed: int = 0  # submissions whose grading itself raised or died (they still got a row)
    wall_s: float = 0.0
    per_assignment: dict[str, dict[str, Any]] = field(default_factory=dict)
    grading_s: dict[str, list[float]] = field(default_factory=dict)  # seconds per graded submission


# ---------------------------------------------------------------- names and files


_SAFE = re.compile(r"[^\w.\-]", re.UNICODE)


def safe_name(raw: str) -> str:
    """A directory name -> a safe path component and CSV cell.

    Keeps letters (accents included), digits, '.', '_', '-'; anything else becomes '_'; no
    leading '.' or '-' (no '..', no hidden files, no spreadsheet formulas). When the name had to
    change, a short hash of the original keeps two different students apart.
    """
    name = unicodedata.normalize("NFC", raw)
    clean = _SAFE.sub("_", name).lstrip(".-")[:64] or "student"
    if clean != raw:
        clean = f"{clean}-{hashlib.sha256(raw.encode('utf-8', 'surrogateescape')).hexdigest()[:8]}"
    return clean


def submitted_dir(root: Path) -> Path:
    """`root` is the course folder (holding submitted/) or submitted/ itself."""
    root = Path(root)
    if not root.is_dir():
        raise BatchError(f"no such directory: {root}")
    if (root / "submitted").is_dir() and not (root / "submitted").is_symlink():
        return root / "submitted"
    return root


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def find_submission(folder: Path, module: str) -> tuple[Path | None, str, str]:
    """The file to grade in `folder`: <module>.py, else <module>.ipynb, else the only .py/.ipynb.

    Symlinks are never followed (a link is ignored, with a message). Returns (file, why_es,
    why_en) with file None when there is nothing to grade.
    """
    if not folder.is_dir() or folder.is_symlink():
        return None, "No se encontró tu entrega.", "No submission found."
    files, links = [], []
    for p in sorted(folder.iterdir()):
        if p.name.startswith("."):
            continue  # .ipynb_checkpoints and friends
        if p.is_symlink():
            links.append(p.name)
        elif p.is_file() and p.suffix in (".py", ".ipynb"):
            files.append(p)
    by_name = {p.name: p for p in files}
    for name in (f"{module}.py", f"{module}.ipynb"):
        if name in by_name:
            return by_name[name], "", ""
    if len(files) == 1:
        return files[0], "", ""
    if files:
        names = ", ".join(p.name for p in files)
        return (
            None,
            f"Hay varios archivos ({names}) y ninguno se llama {module}.py: renombra el tuyo.",
            f"Several files ({names}) and none is named {module}.py: rename yours.",
        )
    if links:
        names = ", ".join(links)
        return (
            None,
            f"Los enlaces simbólicos no se corrigen ({names}): entrega el archivo {module}.py.",
            f"Symbolic links are not graded ({names}): submit the file {module}.py itself.",
        )
    return (
        None,
        f"No se encontró {module}.py ni {module}.ipynb en tu entrega.",
        f"Neither {module}.py nor {module}.ipynb was found in your submission.",
    )


def discover(root: Path, assignments: list[str]) -> list[Task]:
    """Every (student, assignment) pair: one task per student folder and requested assignment."""
    sub = submitted_dir(root)
    tasks = []
    seen: dict[str, str] = {}
    for sdir in sorted(sub.iterdir(), key=lambda p: p.name):
        if sdir.name.startswith(".") or sdir.is_symlink() or not sdir.is_dir():
            continue
        student = safe_name(sdir.name)
        if student in seen:  # only possible if a name is truncated to the same 64 chars
            student = f"{student}-{hashlib.sha256(sdir.name.encode()).hexdigest()[:8]}"
        seen[student] = sdir.name
        for a in assignments:
            f, why_es, why_en = find_submission(sdir / a, MODULE_NAMES[a])
            tasks.append(
                Task(
                    student=student,
                    raw_student=sdir.name,
                    assignment=a,
                    file=str(f.resolve()) if f else None,
                    sha256=_sha256(f) if f else "",
                    problem_es=why_es,
                    problem_en=why_en,
                )
            )
    return tasks


def resolve_assignments(assignments: list[str] | str) -> list[str]:
    if assignments == "all" or assignments == ["all"]:
        return list(ASSIGNMENT_IDS)
    if isinstance(assignments, str):
        assignments = [assignments]
    unknown = [a for a in assignments if a not in ASSIGNMENT_IDS]
    if unknown:
        raise BatchError(
            f"unknown assignment {unknown[0]!r} (known: {', '.join(ASSIGNMENT_IDS)}, all)"
        )
    return list(dict.fromkeys(assignments))


# ---------------------------------------------------------------- atomic files


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write `path` so that a reader (or a re-run after kill -9) sees the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.{os.getpid()}.tmp"
    with open(tmp, "wb") as f:
        f.write(data.encode("utf-8") if isinstance(data, str) else data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def result_path(out: Path, student: str, assignment: str) -> Path:
    return out / "results" / student / f"{assignment}.json"


def feedback_path(out: Path, student: str, assignment: str) -> Path:
    return out / "feedback" / student / f"{assignment}.md"


def read_result(path: Path) -> tuple[SubmissionResult, dict[str, Any]] | None:
    """(result, our metadata) from a results/<student>/<assignment>.json, None if unreadable."""
    try:
        d = json.loads(path.read_text(encoding="utf-8"))
        meta = d["extra_data"]["dlgrade"]
        if meta.get("format") != RESULT_FORMAT:
            return None
        return report.result_from_gradescope(d), meta
    except (OSError, ValueError, KeyError, TypeError):
        return None


def is_done(out: Path, task: Task) -> bool:
    """Finished earlier, on the same bytes: nothing to do."""
    got = read_result(result_path(out, task.student, task.assignment))
    return got is not None and got[1].get("submission_sha256") == task.sha256


# ---------------------------------------------------------------- grading one task


def _spec_tests(assignment: str, grader_spec: str = DEFAULT_GRADER) -> list[TestResult]:
    """Zero-point entries for every hidden test of `assignment` (so a zero still has the right max).

    From the grader module's `spec_tests(assignment)` when it has one (test doubles do), else
    from the hidden-test registry.
    """
    try:
        mod = importlib.import_module(grader_spec.partition(":")[0])
        if hasattr(mod, "spec_tests"):
            return list(mod.spec_tests(assignment))
        from grader.hidden import get_assignment

        spec = get_assignment(assignment)
        return [
            TestResult(test_id=t.id, function=t.function, max_points=float(t.points))
            for t in spec.tests
        ]
    except Exception:
        return []


def zero_result(
    task: Task, status: str, es: str, en: str, grader_spec: str = DEFAULT_GRADER
) -> SubmissionResult:
    tests = _spec_tests(task.assignment, grader_spec)
    for t in tests:
        t.status, t.message_es, t.message_en = status, es, en
    return SubmissionResult(
        assignment=task.assignment,
        student=task.student,
        submission=Path(task.file).name if task.file else "",
        tests=tests,
        load_error_es=es,
        load_error_en=en,
    )


def _load_grader(spec: str):
    mod, _, fn = spec.partition(":")
    return getattr(importlib.import_module(mod), fn)


def grade_task(task: Task, grader_spec: str, slot: int) -> SubmissionResult:
    """Grade one task; never raises (a grader failure is a zero with a message, and the batch goes on)."""
    if task.file is None:
        return zero_result(task, "missing", task.problem_es, task.problem_en, grader_spec)
    try:
        grade_fn = _load_grader(grader_spec)
        r = grade_fn(Path(task.file), task.assignment, student=task.student, slot=slot)
    except Exception as e:  # the grader itself failed on this file: still a row
        detail = f"{type(e).__name__}: {e}"
        print(f"dlgrade: grading {task.student}/{task.assignment} raised {detail}", file=sys.stderr)
        traceback.print_exc(file=sys.stderr)
        return zero_result(
            task,
            "error",
            f"El corrector no pudo evaluar tu entrega ({type(e).__name__}); avisa al profesor.",
            f"The grader could not grade your submission ({type(e).__name__}); tell your instructor.",
            grader_spec,
        )
    r.student = task.student
    r.submission = Path(task.file).name  # not the grading machine's absolute path
    return r


def write_task_result(out: Path, task: Task, r: SubmissionResult) -> None:
    meta = {"format": RESULT_FORMAT, "submission_sha256": task.sha256, "source": task.raw_student}
    data = json.dumps(report.gradescope_results(r, extra=meta), indent=1, ensure_ascii=False)
    atomic_write(result_path(out, task.student, task.assignment), data + "\n")
    atomic_write(feedback_path(out, task.student, task.assignment), report.feedback_markdown(r))


# ---------------------------------------------------------------- worker processes


def _kill_my_group(signum, frame) -> None:
    os.killpg(0, signal.SIGKILL)  # this worker and everything it started (a sandbox without bwrap)


def _die_with_parent(parent_pid: int) -> None:
    """Lead a process group, and take it down when the parent (the batch) dies, even by kill -9.

    Linux sends PR_SET_PDEATHSIG's signal when the parent dies; the handler SIGKILLs the whole
    group, so a grandchild (a sandbox) cannot outlive the batch either.
    """
    os.setpgid(0, 0)
    signal.signal(signal.SIGTERM, _kill_my_group)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        _kill_my_group(0, None)


def _claim_slot(preferred: int, stride: int) -> tuple[int, object]:
    """A sandbox slot no other dlgrade grader on this machine holds: preferred, +stride, ...

    The slot picks the sandbox's uid, and a sandbox's clean-up kills its uid's processes, so
    two graders running at once must not share one. `grader.sandbox.claim_slot` locks it for
    this process's life; the Workers this process starts reuse that claim (no second lock).
    """
    from grader.sandbox import SandboxError, claim_slot

    try:
        return claim_slot(preferred, stride, process=True), None
    except SandboxError:  # every slot taken: the Worker claims one itself (or says why)
        return preferred, None


def _worker_main(
    conn, slot: int, out: str, grader_spec: str, parent_pid: int, stride: int = 1
) -> None:
    _die_with_parent(parent_pid)
    slot, _lock = _claim_slot(slot, stride)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the batch's to handle
    outp = Path(out)
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        t0 = time.monotonic()
        r = grade_task(task, grader_spec, slot)
        try:
            write_task_result(outp, task, r)
            conn.send(("done", time.monotonic() - t0, ""))
        except Exception as e:  # e.g. disk full: tell the batch, keep serving
            conn.send(("error", time.monotonic() - t0, f"{type(e).__name__}: {e}"))


class _Slot:
    """One worker process and the task it is grading (if any)."""

    def __init__(self, ctx, slot: int, out: Path, grader_spec: str, stride: int):
        self.slot, self.ctx, self.out, self.grader_spec = slot, ctx, out, grader_spec
        self.stride = stride
        self.task: Task | None = None
        self.started = 0.0
        self.start()

    def start(self) -> None:
        self.conn, child = self.ctx.Pipe()
        self.proc = self.ctx.Process(
            target=_worker_main,
            args=(child, self.slot, str(self.out), self.grader_spec, os.getpid(), self.stride),
            name=f"dlgrade-batch-{self.slot}",
            daemon=True,
        )
        self.proc.start()
        child.close()

    def give(self, task: Task) -> None:
        self.task, self.started = task, time.monotonic()
        self.conn.send(task)

    def kill(self) -> None:
        """Kill the worker's whole process group (it and any sandbox it started)."""
        try:  # also after the worker exited: a sandbox it left behind is still in its group
            os.killpg(self.proc.pid, signal.SIGKILL)
        except OSError:  # not (yet) a group leader, or nothing left in the group
            if self.proc.is_alive():
                self.proc.kill()
        self.proc.join(5)
        self.conn.close()


# ---------------------------------------------------------------- progress


class Progress:
    """A one-line progress bar on stderr; when stderr is not a terminal, only the final line."""

    def __init__(self, total: int, enabled: bool = True, stream=None):
        self.total, self.done, self.enabled = total, 0, enabled
        self.stream = stream or sys.stderr
        self.tty = enabled and hasattr(self.stream, "isatty") and self.stream.isatty()
        self.t0 = time.monotonic()

    def step(self, label: str = "") -> None:
        self.done += 1
        if self.tty:
            width = 30
            filled = int(width * self.done / max(1, self.total))
            bar = "#" * filled + "." * (width - filled)
            self.stream.write(f"\r[{bar}] {self.done}/{self.total} {label[:40]:<40}")
            self.stream.flush()

    def finish(self, line: str) -> None:
        if not self.enabled:
            return
        if self.tty:
            self.stream.write("\r" + " " * 80 + "\r")
        self.stream.write(line + "\n")
        self.stream.flush()


# ---------------------------------------------------------------- the batch


def run_tasks(
    tasks: list[Task],
    out: Path,
    jobs: int,
    grader_spec: str,
    progress: Progress,
    task_timeout: float,
    summary: BatchSummary,
) -> None:
    """Grade `tasks` on `jobs` worker processes; a worker that dies or hangs costs one zero, not the batch."""
    ctx = mp.get_context("spawn")  # no fork of a process that may hold torch's threads
    pending = list(reversed(tasks))
    n = min(jobs, len(tasks))
    slots = [_Slot(ctx, i, out, grader_spec, n) for i in range(n)]
    try:
        for s in slots:
            if pending:
                s.give(pending.pop())
        while any(s.task for s in slots):
            busy = [s for s in slots if s.task]
            ready = mp_wait([s.conn for s in busy] + [s.proc.sentinel for s in busy], timeout=1.0)
            now = time.monotonic()
            for s in busy:
                task = s.task
                if s.conn in ready or (s.conn.poll() if not s.conn.closed else False):
                    try:
                        kind, secs, err = s.conn.recv()
                    except (EOFError, OSError):
                        kind, secs, err = "died", now - s.started, "worker process died"
                elif s.proc.sentinel in ready or not s.proc.is_alive():
                    kind, secs, err = "died", now - s.started, f"worker exit code {s.proc.exitcode}"
                elif now - s.started > task_timeout:
                    kind, secs, err = "died", now - s.started, f"took more than {task_timeout:g} s"
                else:
                    continue
                if kind == "died":  # the grader process itself died or hung: zero, fresh worker
                    s.kill()
                    print(f"dlgrade: {task.student}/{task.assignment}: {err}", file=sys.stderr)
                    r = zero_result(
                        task,
                        "crash",
                        "El corrector se detuvo con tu entrega (tiempo o memoria); avisa al profesor.",
                        "The grader stopped on your submission (time or memory); tell your instructor.",
                        grader_spec,
                    )
                    write_task_result(out, task, r)
                    summary.failed += 1
                    s.start()
                elif kind == "error":
                    print(f"dlgrade: {task.student}/{task.assignment}: {err}", file=sys.stderr)
                    summary.failed += 1
                summary.graded += 1
                summary.grading_s.setdefault(task.assignment, []).append(secs)
                progress.step(f"{task.student}/{task.assignment}")
                s.task = None
                if pending:
                    s.give(pending.pop())
    finally:
        for s in slots:
            try:
                if s.proc.is_alive() and not s.task:
                    s.conn.send(None)
            except OSError:
                pass
        for s in slots:
            s.proc.join(2)
            s.kill()


def grade_batch(
    root: Path,
    assignments: list[str] | str,
    out: Path,
    jobs: int = 1,
    force: bool = False,
    progress: bool = True,
    *,
    grader: str = DEFAULT_GRADER,
    task_timeout: float = 900.0,
) -> BatchSummary:
    """Grade a class in nbgrader layout and write every output under `out`.

    root: the course folder (with submitted/) or submitted/ itself. assignments: ids or "all".
    jobs: worker processes (each with its own sandbox slot). force: regrade finished work.
    grader: "module:function" with `grade(path, assignment_id, *, student, slot)` (tests and
    benchmarks swap it). Outputs: gradebook.csv, results/, feedback/, summary.md/.json,
    histogram.png.
    """
    t0 = time.monotonic()
    ids = resolve_assignments(assignments)
    if jobs < 1:
        raise BatchError(f"-j must be at least 1, got {jobs}")
    out = Path(out)
    tasks = discover(Path(root), ids)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise BatchError(f"cannot create output directory {out}: {e.strerror}") from e
    _remove_stale_tmp(out)
    todo = [t for t in tasks if force or not is_done(out, t)]
    summary = BatchSummary(out=out, skipped=len(tasks) - len(todo))
    bar = Progress(len(todo), enabled=progress)
    if todo:
        run_tasks(todo, out, jobs, grader, bar, task_timeout, summary)
    summary.per_assignment = rebuild_outputs(out)
    summary.wall_s = time.monotonic() - t0
    bar.finish(
        f"dlgrade: {summary.graded} graded, {summary.skipped} already done, "
        f"{summary.failed} grader failures, {summary.wall_s:.1f} s -> {out}"
    )
    return summary


def _remove_stale_tmp(out: Path) -> None:
    """Temp files of a killed run (never read: results are only ever read after os.replace)."""
    for sub in ("results", "feedback"):
        d = out / sub
        if d.is_dir():
            for p in d.glob("*/.*.tmp"):
                p.unlink(missing_ok=True)
    for p in out.glob(".*.tmp"):
        p.unlink(missing_ok=True)


# ---------------------------------------------------------------- outputs rebuilt from results


def load_results(out: Path) -> list[SubmissionResult]:
    """Every stored result under out/results, sorted by (student, assignment)."""
    found = []
    base = out / "results"
    if not base.is_dir():
        return []
    for sdir in sorted(base.iterdir()):
        if sdir.is_symlink() or not sdir.is_dir():
            continue
        for f in sorted(sdir.glob("*.json")):
            if f.stem not in ASSIGNMENT_IDS or f.is_symlink():
                continue
            got = read_result(f)
            if got is not None:
                r = got[0]
                r.student = sdir.name
                found.append(r)
    found.sort(key=lambda r: (r.student or "", ASSIGNMENT_IDS.index(r.assignment)))
    return found


def test_columns(results: list[SubmissionResult]) -> list[str]:
    """Test ids in assignment order, each assignment's in the order its results list them."""
    cols: dict[str, None] = {}
    for a in ASSIGNMENT_IDS:
        for r in results:
            if r.assignment == a:
                cols.update(dict.fromkeys(t.test_id for t in r.tests))
    return list(cols)


def gradebook_csv(results: list[SubmissionResult]) -> str:
    cols = test_columns(results)
    buf = io.StringIO()
    w = csv.DictWriter(
        buf, fieldnames=["student", "assignment", *cols, "total", "max"], lineterminator="\n"
    )
    w.writeheader()
    for r in results:
        w.writerow(report.gradebook_row(r, cols))
    return buf.getvalue()


def class_summary(results: list[SubmissionResult]) -> dict[str, dict[str, Any]]:
    """Per assignment: n, mean, median, min, max, and each test's pass rate (fraction passed).

    Everyone on the roster counts (a missing submission is a zero); `submitted`,
    `mean_submitted` and `median_submitted` describe only those who handed something in.
    """
    out: dict[str, dict[str, Any]] = {}
    for a in ASSIGNMENT_IDS:
        rs = [r for r in results if r.assignment == a]
        if not rs:
            continue
        scores = [r.score for r in rs]
        rates: dict[str, float] = {}
        for tid in test_columns(rs):
            ran = [t for r in rs for t in r.tests if t.test_id == tid]
            rates[tid] = round(sum(t.passed for t in ran) / len(ran), 4) if ran else 0.0
        handed_in = [r.score for r in rs if r.submission]
        out[a] = {
            "n": len(rs),
            "submitted": len(handed_in),
            "mean_submitted": round(statistics.fmean(handed_in), 4) if handed_in else None,
            "median_submitted": round(statistics.median(handed_in), 4) if handed_in else None,
            "max_score": max(r.max_score for r in rs),
            "mean": round(statistics.fmean(scores), 4),
            "median": round(statistics.median(scores), 4),
            "min": min(scores),
            "max": max(scores),
            "pass_rate": rates,
        }
    return out


def summary_markdown(summ: dict[str, dict[str, Any]]) -> str:
    lines = ["# Resumen de la clase / Class summary", ""]
    lines.append(
        "| tarea / assignment | n | media / mean | mediana / median | mín / min | máx / max | de / of "
        "| entregas / submitted | media entregas / mean submitted | mediana entregas / median submitted |"
    )
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    f = report.fmt_points

    def g(v: float | None) -> str:
        return "–" if v is None else f"{v:.2f}"

    for a, s in summ.items():
        lines.append(
            f"| {a} | {s['n']} | {s['mean']:.2f} | {f(s['median'])} | {f(s['min'])} | {f(s['max'])} "
            f"| {f(s['max_score'])} | {s['submitted']} | {g(s['mean_submitted'])} "
            f"| {g(s['median_submitted'])} |"
        )
    for a, s in summ.items():
        lines += ["", f"## {a}", "", "| prueba / test | aprobado / pass rate |", "|---|---:|"]
        for tid, rate in s["pass_rate"].items():
            lines.append(f"| `{tid}` | {100 * rate:.0f}% |")
    lines += ["", "![histograma / histogram](histogram.png)"]
    return "\n".join(lines) + "\n"


def histogram_png(results: list[SubmissionResult], path: Path) -> None:
    """One histogram of totals per assignment (matplotlib, Agg: no display needed)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ids = [a for a in ASSIGNMENT_IDS if any(r.assignment == a for r in results)]
    if not ids:
        return
    cols = min(3, len(ids))
    rows = (len(ids) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(4 * cols, 3 * rows), squeeze=False)
    for ax in axes.flat[len(ids) :]:
        ax.set_visible(False)
    for ax, a in zip(axes.flat, ids):
        scores = [r.score for r in results if r.assignment == a]
        top = max([r.max_score for r in results if r.assignment == a] + [1.0])
        ax.hist(scores, bins=10, range=(0, top), color="#3b7dd8", edgecolor="white")
        ax.set_title(a)
        ax.set_xlabel("nota / grade")
        ax.set_ylabel("estudiantes / students")
    fig.tight_layout()
    tmp = path.parent / f".{path.name}.{os.getpid()}.tmp"
    fig.savefig(tmp, format="png", dpi=80, metadata={"Software": None})
    plt.close(fig)
    os.replace(tmp, path)


def rebuild_outputs(out: Path) -> dict[str, dict[str, Any]]:
    """gradebook.csv, feedback/, summary.md/.json and histogram.png from results/ alone."""
    results = load_results(out)
    atomic_write(out / "gradebook.csv", gradebook_csv(results))
    for r in results:
        md = report.feedback_markdown(r)
        p = feedback_path(out, r.student or "", r.assignment)
        if not p.is_file() or p.read_text(encoding="utf-8") != md:
            atomic_write(p, md)
    summ = class_summary(results)
    atomic_write(out / "summary.json", json.dumps(summ, indent=1, sort_keys=True) + "\n")
    atomic_write(out / "summary.md", summary_markdown(summ))
    histogram_png(results, out / "histogram.png")
    return summ
