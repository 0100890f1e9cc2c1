"""A batch's tasks on a Dask distributed cluster: `dlgrade batch ... --scheduler ADDRESS|local`.

One Dask task per (student, assignment). The task carries the submission's bytes and file name,
so a worker host needs dlgrade, bubblewrap and the course (at the same path as on the client),
never the class folder. The worker grades it in a sandbox of its own machine, exactly as a pool
worker does (`pool.grade_task`), and returns the result as plain data (`SubmissionResult.to_dict`,
JSON-safe: nothing a student's process produced is ever unpickled). The client writes each result
as it arrives with the same code as a local batch (`store.write_task_result`: atomic, resumable),
so the gradebook is the same file.

A worker that dies mid-task (a machine lost, a kill -9) makes Dask run that task again on another
worker, up to the scheduler's `allowed-failures`; past that, or when the grader itself fails, the
task is a grader failure: nothing is written for it, the batch lists it, a re-run grades it.

`--scheduler local` starts a `LocalCluster` of `jobs` worker processes on this machine. Dask is an
optional extra: `pip install -e ".[distributed]"`. docs/scaling.md: SLURM and Kubernetes.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from typing import Any

from tqdm import tqdm

from grader.batch.discover import BatchError, Task
from grader.batch.pool import grade_task, zero_result
from grader.batch.store import write_task_result
from grader.course import Course
from grader.results import GraderFailure, SubmissionResult
from grader.sandbox.config import SandboxError
from grader.sandbox.slots import claim_slot

log = logging.getLogger("dlgrade.batch")

_slot: int | None = None  # the sandbox slot this worker process holds for its life


def _worker_slot() -> int:
    """A slot no other grader on the worker's machine holds (several Dask workers per host)."""
    global _slot
    if _slot is None:
        try:
            _slot = claim_slot(0, 1, process=True)
        except SandboxError:
            _slot = 0  # every slot taken: each sandbox claims one itself
    return _slot


def grade_on_worker(task: dict[str, Any], source: bytes, grader_spec: str,
                    course_root: str) -> dict[str, Any]:
    """Runs on a Dask worker: grade one submission; {"result": dict} or {"failure": why}."""
    with tempfile.TemporaryDirectory(prefix="dlgrade-dask-") as tmp:
        path = Path(tmp) / Path(task["file"]).name  # graded under its own name, as locally
        path.write_bytes(source)
        t = Task(student=task["student"], raw_student=task["raw_student"],
                 assignment=task["assignment"], file=str(path), sha256=task["sha256"])
        try:
            r = grade_task(t, grader_spec, _worker_slot(), Course(Path(course_root)))
        except GraderFailure as e:
            return {"failure": f"{e} (on worker {os.uname().nodename})"}
    return {"result": r.to_dict()}


def _client(scheduler: str, jobs: int) -> tuple[Any, Any]:
    """(client, cluster or None) for `scheduler`: "local" or a scheduler's address."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as e:
        raise BatchError('--scheduler needs Dask: pip install -e ".[distributed]"') from e
    # Dask's own INFO lines (nanny, scheduler) are noise beside dlgrade's: shown with -v only
    logging.getLogger("distributed").setLevel(max(logging.WARNING, log.getEffectiveLevel()))
    if scheduler == "local":
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        return Client(cluster), cluster
    try:
        return Client(scheduler, timeout=10), None
    except OSError as e:
        raise GraderFailure(f"cannot reach the Dask scheduler {scheduler}: {e}") from e


def run_tasks_dask(tasks: list[Task], out: Path, scheduler: str, jobs: int, grader_spec: str,
                   course: Course, progress: tqdm, summary: Any) -> None:
    """Grade `tasks` on the Dask cluster at `scheduler` and write each result here as it comes
    back. Counts go to `summary` (graded, failures, grading_s), as `pool.run_tasks` does."""
    from dask.distributed import as_completed

    client, cluster = _client(scheduler, jobs)  # first: an unreachable cluster writes nothing
    try:
        for t in tasks:  # no file: nothing to run, a zero with the reason, written here
            if t.file is None:
                write_task_result(out, t, zero_result(t, "missing", t.problem, grader_spec,
                                                      course))
                summary.graded += 1
                progress.update(1)
        futures = {}
        for t in tasks:
            if t.file is None:
                continue
            fields = {"student": t.student, "raw_student": t.raw_student,
                      "assignment": t.assignment, "file": t.file, "sha256": t.sha256}
            fut = client.submit(grade_on_worker, fields, Path(t.file).read_bytes(), grader_spec,
                                str(course.root), pure=False,
                                key=f"dlgrade-{t.assignment}-{t.student}-{t.sha256[:12]}")
            futures[fut] = t
        for fut in as_completed(futures):
            t = futures[fut]
            try:
                got = fut.result()
                if "failure" in got:
                    raise GraderFailure(got["failure"])
                r = SubmissionResult.from_dict(got["result"])
                write_task_result(out, t, r)
                summary.graded += 1
                summary.grading_s.setdefault(t.assignment, []).append(r.duration_s)
            except Exception as e:  # KilledWorker past allowed-failures, a full disk, ...
                log.error("grader failure on %s/%s: %s", t.student, t.assignment, e)
                summary.failures.append(f"{t.student}/{t.assignment}: {type(e).__name__}: {e}")
            progress.set_postfix_str(f"{t.student}/{t.assignment}"[:40], refresh=False)
            progress.update(1)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
