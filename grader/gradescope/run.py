"""Inside Gradescope's container: grade /autograder/submission into results/results.json.

    python -m grader.gradescope.run --assignment NN_name [--root DIR] [--hidden-visibility V]

`--root` defaults to `$AUTOGRADER_ROOT`, else /autograder (Gradescope's layout: source/,
submission/, results/), so a test runs the autograder in a temp folder. The submission is found
as the batch finds it (`find_submission`: <module>.py, else <module>.ipynb, else the only file).

Exit 0 with the student's results.json; exit 3 when the grader failed (the sandbox, a hidden
test, a missing library...): results.json then says that the grader failed and that the 0 is
not the student's (`grader_failure_results`), and the reason goes to stdout, which Gradescope
shows only to instructors.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from grader.batch.discover import Task, find_submission
from grader.batch.pool import DEFAULT_GRADER, zero_result
from grader.batch.store import atomic_write
from grader.course import Course
from grader.grading.runner import grade
from grader.report.feedback import terminal_table
from grader.report.gradescope import (
    DEFAULT_HIDDEN_VISIBILITY,
    VISIBILITIES,
    Visibility,
    grader_failure_results,
    gradescope_results,
)
from grader.results import GraderFailure, SubmissionResult

ROOT_ENV = "AUTOGRADER_ROOT"
DEFAULT_ROOT = "/autograder"
GRADER_FAILURE_EXIT = 3  # the CLI's exit status for a grader failure

log = logging.getLogger("dlgrade.gradescope")


def _grade_submission(root: Path, assignment_id: str, course: Course) -> SubmissionResult:
    info = course.info(assignment_id)
    file, why = find_submission(root / "submission", info.module)
    if file is None:  # nothing gradable: the student's zero, with the reason (as in a batch)
        task = Task(student="", raw_student="", assignment=assignment_id, file=None, sha256="",
                    problem=why)
        return zero_result(task, "missing", why, DEFAULT_GRADER, course)
    return grade(file, assignment_id, course=course)


def run_autograder(root: Path, assignment_id: str, *, course: Course | None = None,
                   hidden_visibility: Visibility = DEFAULT_HIDDEN_VISIBILITY) -> int:
    """Grade the submission under `root` and write `root`/results/results.json; 0, or 3 when
    the grader failed (results.json then says so)."""
    t0 = time.perf_counter()
    data: dict[str, Any]
    try:
        result = _grade_submission(root, assignment_id, course or Course.default())
        data = gradescope_results(result, hidden_visibility=hidden_visibility)
        sys.stdout.write(terminal_table(result, lang="both", width=100))
        status = 0
    except Exception as e:  # GraderFailure, or any bug of ours: never the student's zero
        if not isinstance(e, GraderFailure):
            traceback.print_exc()
        reason = f"{type(e).__name__}: {e}"
        print(f"dlgrade: grader failure (not the student's fault): {reason}", flush=True)
        data = grader_failure_results(reason, execution_time=time.perf_counter() - t0)
        status = GRADER_FAILURE_EXIT
    atomic_write(root / "results" / "results.json",
                 json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    return status


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m grader.gradescope.run",
                                description="Grade Gradescope's submission folder.")
    p.add_argument("--assignment", "-a", required=True, metavar="NN_name")
    p.add_argument("--root", default=os.environ.get(ROOT_ENV, DEFAULT_ROOT),
                   help=f"the autograder folder (default: ${ROOT_ENV}, else {DEFAULT_ROOT})")
    p.add_argument("--hidden-visibility", choices=VISIBILITIES, default=DEFAULT_HIDDEN_VISIBILITY)
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    return run_autograder(Path(args.root), args.assignment,
                          hidden_visibility=args.hidden_visibility)


if __name__ == "__main__":
    sys.exit(main())
