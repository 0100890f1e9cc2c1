"""The batch's process pool: `jobs` pool workers, each grading one task at a time in a sandbox
slot of its own, writing each result as it finishes.

No orphans: a pool worker asks the kernel to kill it when the batch dies (`die_with_parent`),
leads its own process group, and takes that group (its sandbox) down with it; a pool worker
that dies or hangs is replaced, and its task is a grader failure: nothing is written for it,
the batch lists it and exits non-zero, and a re-run grades it.
"""

from __future__ import annotations

import importlib
import logging
import multiprocessing as mp
import os
import signal
import time
from multiprocessing.connection import wait as mp_wait
from pathlib import Path
from typing import Any

from tqdm import tqdm

from grader.batch.discover import Task
from grader.batch.store import write_task_result
from grader.course import Course
from grader.kinds import Status
from grader.logs import configure as configure_logging
from grader.results import GraderFailure, SubmissionResult, TestResult
from grader.sandbox.config import SandboxError
from grader.sandbox.process import die_with_parent
from grader.sandbox.slots import claim_slot
from grader.text import Text

DEFAULT_GRADER = "grader.grading.runner:grade"
log = logging.getLogger("dlgrade.batch")


# ---------------------------------------------------------------- grading one task


def _grader_module(grader_spec: str) -> Any:
    return importlib.import_module(grader_spec.partition(":")[0])


def _spec_tests(assignment: str, grader_spec: str, course: Course) -> list[TestResult]:
    """Zero-point entries for every hidden test of `assignment` (so a zero still has the right
    max), from the grader module's `spec_tests`."""
    try:
        return list(_grader_module(grader_spec).spec_tests(assignment, course=course))
    except Exception:
        return []


def zero_result(task: Task, status: Status, message: Text, grader_spec: str,
                course: Course) -> SubmissionResult:
    tests = _spec_tests(task.assignment, grader_spec, course)
    for t in tests:
        t.status, t.message = status, message
    return SubmissionResult(assignment=task.assignment, student=task.student,
                            submission=Path(task.file).name if task.file else "", tests=tests,
                            load_error=message)


def grade_task(task: Task, grader_spec: str, slot: int, course: Course) -> SubmissionResult:
    """Grade one task. Raises GraderFailure when the grader (not the submission) failed: the
    caller writes nothing for it, so a re-run grades it."""
    if task.file is None:
        return zero_result(task, "missing", task.problem, grader_spec, course)
    try:
        grade_fn = getattr(_grader_module(grader_spec), grader_spec.partition(":")[2])
        r = grade_fn(Path(task.file), task.assignment, course=course, student=task.student,
                     slot=slot)
    except GraderFailure:
        raise
    except Exception as e:  # any other exception of the grader is a grader failure too
        log.exception("grading %s/%s raised", task.student, task.assignment)
        raise GraderFailure(f"{type(e).__name__}: {e}") from e
    r.student = task.student
    r.submission = Path(task.file).name  # not the grading machine's absolute path
    return r


# ---------------------------------------------------------------- pool workers


def _kill_my_group(signum: int, frame: Any) -> None:
    os.killpg(0, signal.SIGKILL)  # this pool worker and everything it started (its sandbox)


def _worker_main(conn: Any, slot: int, out: str, grader_spec: str, course_root: str,
                 parent_pid: int, stride: int = 1) -> None:
    # lead a process group and take it down when the batch dies, even by kill -9: the kernel
    # sends SIGTERM, whose handler SIGKILLs the whole group (a sandbox cannot outlive us)
    os.setpgid(0, 0)
    configure_logging()  # the level the command line chose ($DLGRADE_LOG_LEVEL)
    signal.signal(signal.SIGTERM, _kill_my_group)
    die_with_parent(parent_pid, signal.SIGTERM)
    # a slot no other grader on this machine holds, for this process's life; the sandboxes it
    # starts reuse the claim (when every slot is taken, each sandbox claims one itself)
    try:
        slot = claim_slot(slot, stride, process=True)
    except SandboxError:
        pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the batch's to handle
    outp, course = Path(out), Course(Path(course_root))
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        t0 = time.monotonic()
        try:
            write_task_result(outp, task, grade_task(task, grader_spec, slot, course))
            conn.send(("done", time.monotonic() - t0, ""))
        except GraderFailure as e:
            conn.send(("failed", time.monotonic() - t0, str(e)))
        except Exception as e:  # e.g. disk full: tell the batch, keep serving
            conn.send(("failed", time.monotonic() - t0, f"writing the result: "
                                                        f"{type(e).__name__}: {e}"))


class _PoolWorker:
    """One pool worker process and the task it is grading (if any)."""

    def __init__(self, ctx: Any, slot: int, out: Path, grader_spec: str, course: Course,
                 stride: int):
        self.slot, self.ctx, self.out, self.grader_spec = slot, ctx, out, grader_spec
        self.course, self.stride = course, stride
        self.task: Task | None = None
        self.started = 0.0
        self.start()

    def start(self) -> None:
        self.conn, child = self.ctx.Pipe()
        self.proc = self.ctx.Process(
            target=_worker_main,
            args=(child, self.slot, str(self.out), self.grader_spec, str(self.course.root),
                  os.getpid(), self.stride),
            name=f"dlgrade-pool-{self.slot}",
            daemon=True,
        )
        self.proc.start()
        child.close()

    def give(self, task: Task) -> None:
        self.task, self.started = task, time.monotonic()
        self.conn.send(task)

    def kill(self) -> None:
        """Kill the pool worker's whole process group (it and any sandbox it started)."""
        try:  # also after the worker exited: a sandbox it left behind is still in its group
            os.killpg(self.proc.pid, signal.SIGKILL)
        except OSError:  # not (yet) a group leader, or nothing left in the group
            if self.proc.is_alive():
                self.proc.kill()
        self.proc.join(5)
        self.conn.close()


# ---------------------------------------------------------------- running the tasks


def run_tasks(tasks: list[Task], out: Path, jobs: int, grader_spec: str, course: Course,
              progress: tqdm, task_timeout: float, summary: Any) -> None:
    """Grade `tasks` on `jobs` pool workers; one that dies or hangs is replaced and its task
    is a grader failure (no result written), never the batch's end. Counts go to `summary`
    (graded, failures, grading_s)."""
    ctx = mp.get_context("spawn")  # no fork of a process that may hold torch's threads
    pending = list(reversed(tasks))
    n = min(jobs, len(tasks))
    workers = [_PoolWorker(ctx, i, out, grader_spec, course, n) for i in range(n)]
    try:
        for w in workers:
            if pending:
                w.give(pending.pop())
        while any(w.task for w in workers):
            busy = [w for w in workers if w.task]
            ready = mp_wait([w.conn for w in busy] + [w.proc.sentinel for w in busy], timeout=1.0)
            now = time.monotonic()
            for w in busy:
                task = w.task
                if w.conn in ready or (w.conn.poll() if not w.conn.closed else False):
                    try:
                        kind, secs, err = w.conn.recv()
                    except (EOFError, OSError):
                        kind, secs, err = "died", now - w.started, "pool worker died"
                elif w.proc.sentinel in ready or not w.proc.is_alive():
                    kind, secs, err = "died", now - w.started, f"pool worker exit code {w.proc.exitcode}"
                elif now - w.started > task_timeout:
                    kind, secs, err = "died", now - w.started, f"took more than {task_timeout:g} s"
                else:
                    continue
                if kind == "died":  # the grading process itself died or hung: a fresh one
                    w.kill()
                    w.start()
                if kind == "done":
                    summary.graded += 1
                else:  # a grader failure: nothing written for it, a re-run grades it
                    log.error("grader failure on %s/%s: %s", task.student, task.assignment, err)
                    summary.failures.append(f"{task.student}/{task.assignment}: {err}")
                summary.grading_s.setdefault(task.assignment, []).append(secs)
                progress.set_postfix_str(f"{task.student}/{task.assignment}"[:40], refresh=False)
                progress.update(1)
                w.task = None
                if pending:
                    w.give(pending.pop())
    finally:
        for w in workers:
            try:
                if w.proc.is_alive() and not w.task:
                    w.conn.send(None)
            except OSError:
                pass
        for w in workers:
            w.proc.join(2)
            w.kill()
