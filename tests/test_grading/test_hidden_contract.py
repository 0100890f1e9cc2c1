"""What every hidden test of the course owes the statement and the student, checked by running
each check on the assignment's own reference (which passes them all):

- it grades exactly the properties it declares (`graded`), so the generated "what is graded"
  section is the truth;
- it calls only the function it grades, its ungraded helpers (momentum_init) and what
  assignment.toml says that function is used through (`uses`: backward takes forward's cache);
- a test that grades float32 grades nothing else and is worth at most a quarter of its function
  (the dtype policy the statements state);
- every default argument of every graded function is left out in some call, so a changed
  default is noticed;
- the statement's own prose promises nothing no test grades.
"""

from __future__ import annotations

import inspect
import re

import pytest

from grader.authoring.statement import MARK
from grader.course import Course
from grader.grading.oracles import ReferenceSandbox
from grader.grading.spec import CheckFailure, Ctx, StudentError, load_assignment

COURSE = Course.default()
ASSIGNMENTS = {aid: load_assignment(COURSE.info(aid)) for aid in COURSE.ids()}
CASES = [(aid, t.id) for aid, a in ASSIGNMENTS.items() for t in a.tests if not t.torch_module]


def run_on_reference(aid: str, test_id: str) -> Ctx:
    a = ASSIGNMENTS[aid]
    test = next(t for t in a.tests if t.id == test_id)
    ctx = Ctx(ReferenceSandbox(a.oracle), a, test, use_cuda=False)
    try:
        test.check(ctx)
    except (CheckFailure, StudentError) as e:
        pytest.fail(f"the reference fails {aid} {test_id}: {e.message.en}")
    return ctx


@pytest.mark.parametrize("aid, test_id", CASES, ids=[f"{a}:{t}" for a, t in CASES])
def test_a_check_grades_exactly_what_it_declares(aid, test_id):
    test = next(t for t in ASSIGNMENTS[aid].tests if t.id == test_id)
    assert run_on_reference(aid, test_id).graded == set(test.graded)


@pytest.mark.parametrize("aid", sorted(ASSIGNMENTS))
def test_a_test_depends_only_on_its_function(aid):
    a = ASSIGNMENTS[aid]
    graded = set(a.points_by_function())
    for t in a.tests:
        others = set(t.requires) - {t.function} - set(a.info.uses.get(t.function, ()))
        assert not others & graded, f"{t.id} also calls graded {sorted(others & graded)}"


@pytest.mark.parametrize("aid", sorted(ASSIGNMENTS))
def test_dtype_costs_at_most_a_quarter_of_a_function(aid):
    a = ASSIGNMENTS[aid]
    per_function = a.points_by_function()
    for t in a.tests:
        if "dtype" in t.graded:
            assert t.graded == {"dtype"}, f"{t.id}: float32 graded together with {t.graded}"
    for f, total in per_function.items():
        dtype = sum(t.points for t in a.tests if t.function == f and "dtype" in t.graded)
        assert dtype <= total / 4 + 1e-9, f"{f}: {dtype} of {total} points for float32"


@pytest.mark.parametrize("aid", sorted(ASSIGNMENTS))
def test_every_default_argument_is_left_out_in_some_call(aid):
    a = ASSIGNMENTS[aid]
    left: dict[str, set[str]] = {}
    for t in a.tests:
        if not t.torch_module:
            for f, names in run_on_reference(aid, t.id).defaults_left.items():
                left.setdefault(f, set()).update(names)
    for f in a.points_by_function():
        ref = getattr(a.oracle, f, None)
        if not callable(ref):  # a torch class graded through its own module
            continue
        defaults = {p.name for p in inspect.signature(ref).parameters.values()
                    if p.default is not p.empty}
        assert defaults <= left.get(f, set()), f"{f}: never left to default: {defaults - left.get(f, set())}"


# a claim in the statement's prose -> the property a test must grade for it to hold
CLAIMS = {
    "dtype": re.compile(r"float32", re.I),
    "no_warnings": re.compile(r"\bwarnings?\b|\bavisos?\b|advertencias?", re.I),
    "no_mutation": re.compile(r"in situ|in-place|in place|sin modificar|not modif|no modific", re.I),
    "time_budget": re.compile(r"time[- ]?out|tiempo l[ií]mite|time limit|agotar\w* el tiempo|"
                              r"run out of time", re.I),
}


@pytest.mark.parametrize("aid", sorted(ASSIGNMENTS))
def test_the_statements_prose_promises_only_what_is_graded(aid):
    a = ASSIGNMENTS[aid]
    prose = MARK.sub("", (a.info.folder / "README.md").read_text(encoding="utf-8"))
    graded = set().union(*(t.graded for t in a.tests))
    for prop, pattern in CLAIMS.items():
        said = pattern.search(prose)
        assert not said or prop in graded, (
            f"{aid}'s statement says {said.group(0)!r} but no test grades {prop}")
