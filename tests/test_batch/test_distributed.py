"""`dlgrade batch --scheduler`: the same tasks on a Dask cluster (grader/batch/distributed.py).

The example class graded on a LocalCluster gives the local batch's gradebook byte for byte
(tests/test_examples.py, with the module's batch); here a Dask worker killed with SIGKILL in the
middle of a task: Dask runs the task again elsewhere and the gradebook is still complete and
identical."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from grader.batch import grade_batch, load_results
from grader.grading import runner

pytest.importorskip("distributed", reason="Dask is the optional extra [distributed]")

ROOT = Path(__file__).resolve().parents[2]
CLASS = ROOT / "examples" / "class"
ASSIGNMENTS = ["03_activations", "05_optimizers"]
VICTIM = "beto_sigmoide"  # the first time anyone grades this student, its worker dies
spec_tests = runner.spec_tests


def grade_or_die(path, assignment_id, *, course, student, slot):
    """The real grader; but the first grading of VICTIM kills its Dask worker process with
    SIGKILL (the marker file, named by $DLGRADE_TEST_KILL_MARKER, makes it happen once)."""
    marker = Path(os.environ["DLGRADE_TEST_KILL_MARKER"])
    if student == VICTIM:
        try:
            fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            pass
        else:
            os.write(fd, str(os.getpid()).encode())
            os.close(fd)
            os.kill(os.getpid(), signal.SIGKILL)
    return runner.grade(path, assignment_id, course=course, student=student, slot=slot)


GRADER = f"{grade_or_die.__module__}:grade_or_die"


def test_a_dask_worker_killed_mid_batch_still_gives_the_same_gradebook(tmp_path, monkeypatch):
    marker = tmp_path / "killed"
    monkeypatch.setenv("DLGRADE_TEST_KILL_MARKER", str(marker))
    local = grade_batch(CLASS, ASSIGNMENTS, tmp_path / "local", jobs=1, progress=False)
    assert not local.failures
    dask = grade_batch(CLASS, ASSIGNMENTS, tmp_path / "dask", jobs=2, progress=False,
                       scheduler="local", grader=GRADER)
    assert marker.is_file(), "the victim's worker was never killed"
    assert int(marker.read_text()) != os.getpid()  # a worker process died, not the test
    assert not dask.failures and dask.graded == local.graded
    assert (tmp_path / "dask" / "gradebook.csv").read_bytes() == \
        (tmp_path / "local" / "gradebook.csv").read_bytes()
    got = {(r.student, r.assignment): r for r in load_results(tmp_path / "dask", ASSIGNMENTS)}
    want = {(r.student, r.assignment): r for r in load_results(tmp_path / "local", ASSIGNMENTS)}
    assert got.keys() == want.keys()
    for k, r in want.items():
        assert [(t.test_id, t.points, t.status, t.message) for t in got[k].tests] == \
            [(t.test_id, t.points, t.status, t.message) for t in r.tests], k


def test_an_unreachable_scheduler_is_a_grader_failure_with_nothing_written(tmp_path):
    from grader.results import GraderFailure

    with pytest.raises(GraderFailure, match="Dask scheduler"):
        grade_batch(CLASS, ["03_activations"], tmp_path / "out", progress=False,
                    scheduler="tcp://127.0.0.1:9")
    assert not (tmp_path / "out" / "results").exists()
