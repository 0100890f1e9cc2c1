"""Grading a class: nbgrader's layout in, gradebook.csv, results/, feedback/, summary out.

    discover.py   the tasks: one per (student, assignment), with the file to grade
    pool.py       the process pool that grades them, one sandbox slot per pool worker
    distributed.py  the same tasks on a Dask cluster (--scheduler), results written here
    store.py      the result files (the only state) and the outputs rebuilt from them

Losing nothing: each (student, assignment) result is written atomically as soon as it is
graded, and it is the only state. A re-run skips every result whose submission has not changed
(`force=True` regrades), and the gradebook, the feedback and the summary are always rebuilt
from those files, so a `kill -9` at any moment followed by a re-run gives the same gradebook
as a run that was never interrupted.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqdm import tqdm

from grader.batch.discover import BatchError, Task, discover, find_submission, safe_name
from grader.batch.pool import DEFAULT_GRADER, run_tasks
from grader.batch.store import is_done, load_results, rebuild_outputs, remove_stale_tmp
from grader.course import Course
from grader.results import GraderFailure
from grader.sandbox.command import choose_sandbox
from grader.sandbox.config import SandboxError
from grader.text import Lang

__all__ = ["BatchError", "BatchSummary", "Task", "find_submission", "grade_batch",
           "load_results", "resolve_assignments", "safe_name"]


@dataclass
class BatchSummary:
    out: Path
    graded: int = 0
    skipped: int = 0
    # "student/assignment: why" for each task the grader itself failed on (the sandbox, a
    # hidden test, the disk): nothing written for it; a re-run grades it
    failures: list[str] = field(default_factory=list)
    wall_s: float = 0.0
    per_assignment: dict[str, dict[str, Any]] = field(default_factory=dict)
    grading_s: dict[str, list[float]] = field(default_factory=dict)  # seconds per graded task

    @property
    def failed(self) -> int:
        return len(self.failures)


def resolve_assignments(assignments: list[str] | str, course: Course) -> list[str]:
    """Ids of `course` ("all": every one), in the order given; BatchError on an unknown id."""
    known = course.ids()
    if assignments == "all" or assignments == ["all"]:
        return known
    if isinstance(assignments, str):
        assignments = [assignments]
    unknown = [a for a in assignments if a not in known]
    if unknown:
        raise BatchError(f"unknown assignment {unknown[0]!r} (known: {', '.join(known)}, all)")
    return list(dict.fromkeys(assignments))


def grade_batch(
    root: Path,
    assignments: list[str] | str,
    out: Path,
    jobs: int = 1,
    force: bool = False,
    progress: bool = True,
    *,
    course: Course | None = None,
    grader: str = DEFAULT_GRADER,
    task_timeout: float = 900.0,
    lang: Lang = "both",
    scheduler: str | None = None,
) -> BatchSummary:
    """Grade a class in nbgrader layout and write every output under `out`.

    root: the class folder (with submitted/) or submitted/ itself. assignments: ids or "all".
    jobs: pool workers (each with its own sandbox slot). force: regrade finished work.
    course: whose assignments (default `Course.default()`). grader: "module:function" with
    `grade(path, assignment_id, *, course, student, slot)` and `spec_tests(assignment_id, *,
    course)` (tests and benchmarks swap it). Outputs: gradebook.csv, results/, feedback/,
    summary.md/.json, histogram.png. Raises GraderFailure when the sandbox cannot run here
    or the outputs cannot be written; a task the grader fails on is listed in
    `summary.failures` and nothing is written for it. lang: the language of the feedback files
    ("es", "en" or "both"). progress: the bar (on a terminal only) and the closing line.
    scheduler: grade on a Dask cluster instead of the local pool: a scheduler's address
    ("tcp://host:8786") or "local" (a LocalCluster of `jobs` worker processes); the results come
    back as plain data and are written here exactly as a local batch writes them.
    """
    t0 = time.monotonic()
    course = course or Course.default()
    ids = resolve_assignments(assignments, course)
    if jobs < 1:
        raise BatchError(f"-j must be at least 1, got {jobs}")
    out = Path(out)
    tasks = discover(Path(root), [course.info(a) for a in ids], course.assignment_names())
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise BatchError(f"cannot create output directory {out}: {e.strerror}") from e
    remove_stale_tmp(out)
    todo = [t for t in tasks if force or not is_done(out, t)]
    remote = scheduler not in (None, "local")  # the workers' machines run the sandboxes
    if any(t.file is not None for t in todo) and grader == DEFAULT_GRADER and not remote:
        try:  # once, before anyone is graded: a broken sandbox stops here, loudly
            choose_sandbox()
        except SandboxError as e:
            raise GraderFailure(f"the sandbox cannot run: {e}") from e
    summary = BatchSummary(out=out, skipped=len(tasks) - len(todo))
    shown = progress and sys.stderr.isatty()  # a bar for people; logs get the final line only
    with tqdm(total=len(todo), disable=not shown, unit="task", leave=False,
              file=sys.stderr) as bar:
        if todo and scheduler:
            from grader.batch.distributed import run_tasks_dask

            run_tasks_dask(todo, out, scheduler, jobs, grader, course, bar, summary)
        elif todo:
            run_tasks(todo, out, jobs, grader, course, bar, task_timeout, summary)
    try:
        summary.per_assignment = rebuild_outputs(out, course.ids(), lang)
    except OSError as e:  # a full disk, a read-only folder: ours, and a re-run rebuilds them
        raise GraderFailure(f"cannot write the outputs in {out}: {e}") from e
    summary.wall_s = time.monotonic() - t0
    if progress:
        print(f"dlgrade: {summary.graded} graded, {summary.skipped} already done, "
              f"{summary.failed} grader failures, {summary.wall_s:.1f} s -> {out}",
              file=sys.stderr)
    if summary.failures:  # the command's verdict on those students: shown even with -q
        print("dlgrade: no grade was written for these (not the students' fault; fix the "
              "cause and run the batch again to grade them):\n  "
              + "\n  ".join(summary.failures), file=sys.stderr)
    return summary
