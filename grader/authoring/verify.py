"""`dlgrade verify`: the CI self-check of a course's own code, per assignment.

0. the assignment is complete: no file of its folder still holds the scaffold's TODO(dlgrade);
1. the reference agrees with PyTorch on every hidden value case (each hidden check run with the
   reference as the "submission": every torch oracle must say "match");
2. the model answer solutions/NN/<module>.py scores full marks on the hidden tests;
3. the stub assignments/NN/<module>.py scores zero, and grading it raises nothing and hits no
   internal grader error;
4. the variants in solutions/NN/variants/ (whole modules or patches of the model answer, see
   variants.py): every `ok_*.py` (a correct answer written in another style) scores full marks,
   every `wrong_*.py` (a plausible mistake) does not, and every one loads (a wrong answer that
   does not import would lose its points to the loader, not to the tests).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from grader.authoring.variants import PatchError, variants
from grader.course import TODO_MARK, AssignmentInfo, Course
from grader.grading import oracles
from grader.grading.oracles import ReferenceSandbox
from grader.grading.runner import grade
from grader.grading.spec import Assignment, CheckFailure, Ctx, StudentError, load_assignment

Check = Callable[[Assignment, Course], tuple[bool, list[str]]]


def reference_vs_torch(assignment: Assignment, *, use_cuda: bool | None = None
                       ) -> list[tuple[str, str, dict]]:
    """Every hidden check of `assignment` run on its oracle itself: since the "student" is the
    reference, each torch oracle's verdict is reference-vs-torch on every case the check
    evaluates. Returns (test_id, outcome, oracles) with outcome "passed", "skipped: ..." or
    the failure text."""
    sandbox = ReferenceSandbox(assignment.oracle)
    have = set(dir(assignment.oracle))
    rows = []
    for test in assignment.tests:
        missing = [f for f in test.requires if f not in have]
        if missing or test.torch_module:
            rows.append((test.id, f"skipped: {', '.join(missing) or 'torch module'} not in reference", {}))
            continue
        ctx = Ctx(sandbox, assignment, test, use_cuda=use_cuda)
        try:
            test.check(ctx)
            outcome = "passed"
        except (CheckFailure, StudentError) as e:
            outcome = e.message.en
        rows.append((test.id, outcome, dict(ctx.oracles)))
    return rows


def check_reference(a: Assignment, course: Course) -> tuple[bool, list[str]]:
    bad = []
    compared = 0
    for test_id, outcome, ors in reference_vs_torch(a):
        if outcome.startswith("skipped"):
            continue
        if outcome != "passed":
            bad.append(f"       {test_id}: reference fails its own check: {outcome.splitlines()[0]}")
        for name, status in ors.items():
            if name.startswith("torch") or name == "finite_diff":
                compared += status == "match"
                if status == "mismatch":
                    bad.append(f"       {test_id}: reference != {name}")
    if bad:
        return False, [f"FAIL {a.id}: reference vs torch"] + bad
    if not a.torch_counterparts:
        return True, [f"ok   {a.id}: the reference passes its hidden checks (no torch "
                      "counterparts declared)"]
    cuda = oracles.torch_targets(None)[1][1] is not None
    return True, [f"ok   {a.id}: reference == torch on every hidden value case "
                  f"({compared} test×oracle pairs compared; CUDA "
                  f"{'compared' if cuda else 'unavailable: no CUDA device'})"]


def check_solution(a: Assignment, course: Course) -> tuple[bool, list[str]]:
    path = a.info.folder / f"{a.module}.py"
    if not path.is_file():
        return False, [f"FAIL {a.id}: solution {path} is missing"]
    r = grade(path, a.id, course=course)
    bad = [t for t in r.tests if not t.passed]
    if not bad:
        return True, [f"ok   {a.id}: solution {r.score:g}/{r.max_score:g} ({r.duration_s:.1f} s)"]
    lines = [f"FAIL {a.id}: solution {r.score:g}/{r.max_score:g}"]
    lines += [f"       {t.test_id} [{t.status}] {t.message.en.splitlines()[0] if t.message else ''}"
              for t in bad]
    return False, lines


def check_stub(a: Assignment, course: Course) -> tuple[bool, list[str]]:
    path = course.released / a.id / f"{a.module}.py"
    if not path.is_file():
        return False, [f"FAIL {a.id}: stub {path} is missing (run `dlgrade release`)"]
    r = grade(path, a.id, course=course)
    if r.score == 0 and not r.load_error:
        return True, [f"ok   {a.id}: stub 0/{r.max_score:g}, no crash ({r.duration_s:.1f} s)"]
    why = []
    if r.score:
        why.append(f"scores {r.score:g} ({', '.join(t.test_id for t in r.tests if t.passed)})")
    if r.load_error:
        why.append(f"does not import: {r.load_error.en}")
    return False, [f"FAIL {a.id}: stub " + "; ".join(why)]


def check_variants(a: Assignment, course: Course) -> tuple[bool, list[str]]:
    try:
        found = variants(a.info)
    except PatchError as e:
        return False, [f"FAIL {a.id}: variant {e}"]
    bad = []
    with tempfile.TemporaryDirectory(prefix="dlgrade-variant-") as tmp:
        path = Path(tmp) / f"{a.module}.py"  # graded under the module's own name
        for v in found:
            path.write_text(v.source, encoding="utf-8")
            r = grade(path, a.id, course=course)
            if r.load_error:  # a variant that does not import proves nothing about the tests
                bad.append(f"       {v.path.name}: does not load: {r.load_error.en.splitlines()[0]}")
            elif (r.score == r.max_score) != v.correct:
                lost = ", ".join(f"{t.test_id} [{t.status}]" for t in r.tests if not t.passed)
                bad.append(f"       {v.path.name}: {r.score:g}/{r.max_score:g}"
                           + (f" ({lost})" if lost else " (a wrong answer with full marks)"))
    if bad:
        return False, [f"FAIL {a.id}: variants"] + bad
    if not found:
        return True, []
    return True, [f"ok   {a.id}: {len(found)} variants (correct ones full marks, wrong ones not)"]


CHECKS: tuple[Check, ...] = (check_reference, check_solution, check_stub, check_variants)


def verify_assignment(info: AssignmentInfo, course: Course) -> tuple[bool, list[str]]:
    todo = info.todo_files()
    if todo:
        return False, [f"INCOMPLETE {info.id}: {TODO_MARK} still in {', '.join(todo)}"]
    try:
        assignment = load_assignment(info)
    except Exception as e:  # a broken hidden.py or oracle: report it, go on with the others
        return False, [f"FAIL {info.id}: cannot load its hidden tests: {type(e).__name__}: {e}"]
    ok, lines = True, []
    for check in CHECKS:
        try:
            good, out = check(assignment, course)
        except Exception as e:  # report, do not crash the CI step
            good, out = False, [f"FAIL {info.id}: {check.__name__} raised {type(e).__name__}: {e}"]
        ok &= good
        lines += out
    return ok, lines


def verify(course: Course, ids: list[str] | None = None) -> tuple[bool, list[str]]:
    """(all good, report lines) for the assignments `ids` (default: all of the course)."""
    ok, lines = True, []
    for assignment_id in ids or course.ids():
        good, out = verify_assignment(course.info(assignment_id), course)
        ok &= good
        lines += out
    return ok, lines
