"""grade(): one submission through the hidden tests of one assignment.

load (grading.loader) -> start a Sandbox -> run every hidden test's check through it -> points
(grading.scoring). What the submission does (a broken file, an import error, a crash, a
time-out, a wrong value) becomes statuses and bilingual messages. What the grader does wrong
(the sandbox does not start, a hidden test or the reference raises, a library the assignment
allows is missing here) raises GraderFailure instead: the infrastructure is never the student's
fault, so no grade is produced for that submission and the caller says so loudly.
"""

from __future__ import annotations

import importlib.util
import logging
import time
from pathlib import Path

from grader.course import Course
from grader.grading import plan, scoring
from grader.grading.loader import Submission, SubmissionError, load_submission
from grader.grading.spec import (
    Assignment,
    CheckFailure,
    Ctx,
    HiddenTest,
    StudentError,
    load_assignment,
)
from grader.kinds import ERROR_STATUS, Status
from grader.results import GraderFailure, SubmissionResult, TestResult
from grader.sandbox import ImportPolicy, LoadReport, Sandbox, SandboxError
from grader.text import Text

log = logging.getLogger("dlgrade.grader")

MAX_STDOUT = 4000  # characters of a test's captured output kept in the result

def grade(path: Path | str, assignment_id: str, *, course: Course | None = None,
          student: str | None = None, slot: int = 0, use_cuda: bool | None = None
          ) -> SubmissionResult:
    """Grade the submission at `path` (.py or .ipynb) on `assignment_id`'s hidden tests.

    course: the course the assignment belongs to (default: `Course.default()`).
    use_cuda: None = torch CUDA oracles (and the CUDA run of the PyTorch part) when a CUDA
    device is available; False = CPU only. Raises KeyError only for an unknown assignment id.
    """
    t0 = time.perf_counter()
    course = course or Course.default()
    info = course.info(assignment_id)
    # the file's name only: a report must not reveal the grading machine's folder layout
    result = SubmissionResult(assignment=info.id, student=student, submission=Path(path).name)
    try:
        sub: Submission | SubmissionError = load_submission(Path(path))
    except SubmissionError as e:
        sub = e
    sandbox = None
    try:
        if isinstance(sub, Submission):
            sandbox = Sandbox(sub.source, module_name=info.module,
                              policy=ImportPolicy.allowing(info.libraries), slot=slot,
                              protected=(course.root,))
            sandbox.prestart()  # it starts while the hidden tests are imported
        assignment = load_assignment(info)
        _check_libraries(assignment)
        _grade(result, sub, sandbox, assignment, use_cuda=use_cuda)
    except GraderFailure:
        raise
    except SandboxError as e:
        raise GraderFailure(f"the sandbox failed: {e}") from e
    except Exception as e:  # a bug of ours: never a zero for the student
        log.exception("grading %s (%s) failed", path, info.id)
        raise GraderFailure(f"grading raised {type(e).__name__}: {e}") from e
    finally:
        if sandbox is not None:
            sandbox.close()
    p = plan.for_assignment(assignment)
    if p is not None:
        p.save()  # what this submission added (the first one builds it; later ones reuse it)
    result.duration_s = round(time.perf_counter() - t0, 3)
    log.info("%s on %s: %g/%g in %.1f s (%s)", path, assignment.id, result.score,
             result.max_score, result.duration_s, result.sandbox or "no sandbox")
    return result


def _check_libraries(assignment: Assignment) -> None:
    """Every library the statement allows must import where the grader runs: the sandbox
    reuses this environment, and a missing torch would fail every student's `import torch`."""
    missing = [lib for lib in assignment.info.libraries
               if importlib.util.find_spec(lib.split(".")[0]) is None]
    if missing:
        raise GraderFailure(f"{assignment.id} allows {', '.join(missing)}, which is not "
                            "installed where the grader runs; install it and grade again")


def spec_tests(assignment_id: str, *, course: Course | None = None) -> list[TestResult]:
    """A zero-point result for every hidden test of the assignment (the right maximum for a
    submission that could not be graded)."""
    assignment = load_assignment((course or Course.default()).info(assignment_id))
    return [TestResult(t.id, t.function, float(t.points)) for t in assignment.tests]


def _zero(test: HiddenTest, status: Status, message: Text, traceback: str = "") -> TestResult:
    return scoring.finalize(TestResult(test.id, test.function, test.points, status=status,
                                       message=message, student_traceback=traceback))


def _grade(result: SubmissionResult, sub: Submission | SubmissionError, sandbox: Sandbox | None,
           assignment: Assignment, *, use_cuda: bool | None) -> None:
    if isinstance(sub, SubmissionError) or sandbox is None:
        message = sub.message if isinstance(sub, SubmissionError) else Text.same("?")
        result.load_error = message
        result.tests = [_zero(t, "error", t.function + ": " + message) for t in assignment.tests]
        return
    result.notes = list(sub.notes)
    result.sandbox = sandbox.describe()
    report = sandbox.start()
    if not report.ok:
        _load_failed(result, assignment, report)
        return
    available = set(report.functions)
    for test in assignment.tests:
        result.tests.append(run_test(sandbox, assignment, test, available, use_cuda=use_cuda,
                                     violations=report.violations_by_function))


def _load_failed(result: SubmissionResult, assignment: Assignment, report: LoadReport) -> None:
    kind = report.error_kind or "crash"
    status = ERROR_STATUS.get(kind, "error")
    msg = report.message.map(str.strip)
    mod = f"{assignment.module}.py: "
    if kind == "timeout":
        why = Text("importar tu archivo no terminó a tiempo (¿un bucle infinito fuera de una "
                   "función?).",
                   "importing your file did not finish in time (an infinite loop outside a "
                   "function?).")
    elif kind in ("crash", "memory"):
        detail = msg if msg else Text("sin detalle", "no detail")
        why = Text("el proceso terminó al importar tu archivo (",
                   "the process ended while importing your file (") + detail + ")."
    elif kind == "forbidden":
        why = Text("usa una biblioteca no permitida en este ejercicio: ",
                   "uses a library not allowed in this exercise: ") + msg
    elif msg.en.startswith("SyntaxError"):
        why = Text("error de sintaxis, no se puede importar: ",
                   "syntax error, the file cannot be imported: ") + msg
    else:
        why = Text("tu archivo lanzó una excepción al importarlo: ",
                   "your file raised an exception when imported: ") + msg
    message = mod + why + Text(" Ninguna función se pudo probar.", " No function could be tested.")
    result.load_error = message
    result.tests = [_zero(t, status, message, report.traceback) for t in assignment.tests]


def run_test(sandbox: object, assignment: Assignment, test: HiddenTest, available: set[str], *,
             use_cuda: bool | None = None, violations: dict[str, list[str]] | None = None) -> TestResult:
    """One hidden test against a started worker; raises only GraderFailure (a bug of the test
    or of an oracle) or SandboxError."""
    tr = TestResult(test.id, test.function, test.points)
    missing = [f for f in test.requires if f not in available]
    if missing:
        names = ", ".join(missing)
        tr.status = "missing"
        tr.message = Text(f"{test.function}: falta la definición de {names} en tu entrega.",
                          f"{test.function}: {names} is not defined in your submission.")
        return scoring.finalize(tr)
    ctx = Ctx(sandbox, assignment, test, use_cuda=use_cuda)
    if isinstance(sandbox, Sandbox):
        sandbox.timed_out.clear()  # one time-out per function and test: the others still run
    try:
        test.check(ctx)
        tr.status = "passed"
    except CheckFailure as f:
        tr.status, tr.message, tr.figure = f.status, f.message, f.figure
    except StudentError as e:
        tr.status, tr.message = e.status, e.message
        tr.student_traceback = e.traceback
        if e.status == "forbidden":
            why = [v for f in test.requires for v in (violations or {}).get(f, [])]
            why += (violations or {}).get("<module>", [])
            if why:
                tr.message += Text("\nDónde: ", "\nWhere: ") + "; ".join(why)
    except (GraderFailure, SandboxError):
        raise
    except Exception as e:  # the hidden test or an oracle: ours, never the student's
        log.exception("hidden test %s of %s raised", test.id, assignment.id)
        raise GraderFailure(f"hidden test {test.id} of {assignment.id} raised "
                            f"{type(e).__name__}: {e}") from e
    tr.oracles = dict(sorted(ctx.oracles.items()))
    tr.stdout = "".join(ctx.stdout)[:MAX_STDOUT]
    return scoring.finalize(tr)
