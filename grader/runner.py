"""grade(): one submission through the hidden tests of one assignment.

load (grader.loader) -> start a sandboxed Worker (grader.sandbox) -> run every hidden test's
check through it -> points (grader.scoring). Nothing a submission or a test does escapes
`grade()` as an exception: a broken file, an import error, a crash, a time-out or a bug of
ours in one test all become statuses and bilingual messages; our own bugs are logged for the
instructor and shown to the student only as a generic line.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from grader import scoring
from grader.hidden import get_assignment
from grader.loader import SubmissionError, load_submission
from grader.results import SubmissionResult, TestResult
from grader.spec import ERROR_STATUS, Assignment, CheckFailure, Ctx, HiddenTest, StudentError

log = logging.getLogger("dlgrade.grader")

MAX_STDOUT = 4000  # characters of a test's captured output kept in the result

INTERNAL_ES = ("error interno del corrector en esta prueba (no es culpa tuya); se ha avisado al "
               "profesorado.")
INTERNAL_EN = "internal grader error in this test (not your fault); the instructors were notified."


def grade(path: Path | str, assignment_id: str, *, student: str | None = None, slot: int = 0,
          use_cuda: bool | None = None) -> SubmissionResult:
    """Grade the submission at `path` (.py or .ipynb) on `assignment_id`'s hidden tests.

    use_cuda: None = torch CUDA oracles (and the CUDA run of the PyTorch part) when a CUDA
    device is available; False = CPU only. Raises KeyError only for an unknown assignment id.
    """
    t0 = time.perf_counter()
    assignment = get_assignment(assignment_id)
    # the file's name only: a report must not reveal the grading machine's folder layout
    result = SubmissionResult(assignment=assignment.id, student=student, submission=Path(path).name)
    try:
        _grade(result, Path(path), assignment, slot=slot, use_cuda=use_cuda)
    except Exception:  # never let a bug of ours stop a batch
        log.exception("grading %s (%s) failed", path, assignment.id)
        done = {t.test_id for t in result.tests}
        result.tests += [_zero(t, "error", INTERNAL_ES, INTERNAL_EN) for t in assignment.tests
                         if t.id not in done]
    result.duration_s = round(time.perf_counter() - t0, 3)
    return result


def _zero(test: HiddenTest, status: str, es: str, en: str, traceback: str = "") -> TestResult:
    return scoring.finalize(TestResult(test.id, test.function, test.points, status=status,
                                       message_es=es, message_en=en, student_traceback=traceback))


def _grade(result: SubmissionResult, path: Path, assignment: Assignment, *, slot: int,
           use_cuda: bool | None) -> None:
    from grader.sandbox import ImportPolicy, Worker  # the sandbox is only needed to run code

    try:
        sub = load_submission(path)
    except SubmissionError as e:
        result.load_error_es, result.load_error_en = e.message_es, e.message_en
        result.tests = [_zero(t, "error", f"{t.function}: {e.message_es}", f"{t.function}: {e.message_en}")
                        for t in assignment.tests]
        return
    result.notes = list(sub.notes)
    worker = Worker(sub, module_name=assignment.module, policy=ImportPolicy.for_assignment(assignment),
                    slot=slot)
    result.sandbox = worker.describe()
    try:
        report = worker.start()
        if not report.ok:
            _load_failed(result, assignment, report)
            return
        available = set(report.functions)
        for test in assignment.tests:
            result.tests.append(run_test(worker, assignment, test, available, use_cuda=use_cuda,
                                         violations=report.violations_by_function))
    finally:
        worker.close()


def _load_failed(result: SubmissionResult, assignment: Assignment, report: object) -> None:
    kind = getattr(report, "error_kind", None) or "crash"
    status = ERROR_STATUS.get(kind, "error")
    msg = (getattr(report, "message", "") or "").strip()
    mod = f"{assignment.module}.py"
    if kind == "timeout":
        es = f"{mod}: importar tu archivo no terminó a tiempo (¿un bucle infinito fuera de una función?)."
        en = f"{mod}: importing your file did not finish in time (an infinite loop outside a function?)."
    elif kind in ("crash", "memory"):
        es = f"{mod}: el proceso terminó al importar tu archivo ({msg or 'sin detalle'})."
        en = f"{mod}: the process ended while importing your file ({msg or 'no detail'})."
    elif kind == "forbidden":
        es = f"{mod}: usa una biblioteca no permitida en este ejercicio: {msg}"
        en = f"{mod}: uses a library not allowed in this exercise: {msg}"
    elif msg.startswith("SyntaxError"):
        es = f"{mod}: error de sintaxis, no se puede importar: {msg}"
        en = f"{mod}: syntax error, the file cannot be imported: {msg}"
    else:
        es = f"{mod}: tu archivo lanzó una excepción al importarlo: {msg}"
        en = f"{mod}: your file raised an exception when imported: {msg}"
    es += " Ninguna función se pudo probar."
    en += " No function could be tested."
    result.load_error_es, result.load_error_en = es, en
    tb = getattr(report, "traceback", "") or ""
    result.tests = [_zero(t, status, es, en, tb) for t in assignment.tests]


def run_test(worker: object, assignment: Assignment, test: HiddenTest, available: set[str], *,
             use_cuda: bool | None = None, violations: dict[str, list[str]] | None = None) -> TestResult:
    """One hidden test against a started worker; never raises."""
    tr = TestResult(test.id, test.function, test.points)
    missing = [f for f in test.requires if f not in available]
    if missing:
        names = ", ".join(missing)
        tr.status = "missing"
        tr.message_es = f"{test.function}: falta la definición de {names} en tu entrega."
        tr.message_en = f"{test.function}: {names} is not defined in your submission."
        return scoring.finalize(tr)
    ctx = Ctx(worker, assignment, test, use_cuda=use_cuda)
    try:
        test.check(ctx)
        tr.status = "passed"
    except CheckFailure as f:
        tr.status, tr.message_es, tr.message_en = f.status, f.message_es, f.message_en
    except StudentError as e:
        tr.status, tr.message_es, tr.message_en = e.status, e.message_es, e.message_en
        tr.student_traceback = e.traceback
        if e.status == "forbidden":
            why = [v for f in test.requires for v in (violations or {}).get(f, [])]
            why += (violations or {}).get("<module>", [])
            if why:
                tr.message_es += "\nDónde: " + "; ".join(why)
                tr.message_en += "\nWhere: " + "; ".join(why)
    except Exception:
        log.exception("hidden test %s of %s raised", test.id, assignment.id)
        tr.status, tr.message_es, tr.message_en = "error", f"{test.function}: {INTERNAL_ES}", \
            f"{test.function}: {INTERNAL_EN}"
    tr.oracles = dict(sorted(ctx.oracles.items()))
    tr.stdout = "".join(ctx.stdout)[:MAX_STDOUT]
    return scoring.finalize(tr)
