"""How hidden tests are declared and what a check function sees.

A hidden test is a `HiddenTest(id, function, points, description, check)`; `check(ctx)` calls
the student's code only through `ctx` (which forwards to the sandbox) and either returns
(passed) or raises:

- `CheckFailure`: a wrong answer, with the (smallest) failing input, expected vs got and a
  bilingual hint; `status="invalid"` when the value is not plain numeric data.
- `StudentError` (raised by `ctx.call`): the student's code raised, timed out, crashed, used a
  forbidden library, or the function is missing.

`ctx.forall(strategy, body)` runs hypothesis in the grader process with a fixed number of
derandomized examples, each going through the sandbox; hypothesis shrinks a failure and the
final replay raises the minimal one. A time-out or crash stops the search at once (no shrinking
through time-outs).
"""

from __future__ import annotations

import builtins
import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from types import ModuleType
from typing import Any

from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import strategies as st

from grader.course import HIDDEN_FILE, AssignmentInfo, CourseError
from grader.grading import plan
from grader.grading.compare import fmt_call
from grader.kinds import ERROR_STATUS, FATAL_STATUSES, PROPERTIES, Property, Status
from grader.sandbox.config import ImportPolicy
from grader.text import EMPTY, Text


class StudentError(Exception):
    """The student's function did not return a value (raised by `Ctx.call`)."""

    def __init__(self, status: Status, function: str, message: Text, *, traceback: str = "",
                 stdout: str = ""):
        super().__init__(message.en)
        self.status = status
        self.function = function
        self.message = message
        self.traceback = traceback
        self.stdout = stdout


WRONG_RESULT = Text("resultado incorrecto", "wrong result")


class CheckFailure(Exception):
    """A wrong answer: what was called, what was expected, what came back, and a hint.

    `input` is language-neutral (a call); `expected` and `got` are values (language-neutral) or
    a Text where they are words; `what` says what is wrong in a few words, `detail` where (the
    first differing element), `hint` how to fix it; `figure` the picture of expected vs got
    (grader.grading.figures) where one teaches.
    """

    def __init__(self, function: str, input: str, expected: str | Text, got: str | Text,
                 hint: Text = EMPTY, *, what: Text = WRONG_RESULT, detail: Text = EMPTY,
                 status: Status = "failed", figure: dict[str, Any] | None = None):
        super().__init__(f"{function}: {what.en}")
        self.function = function
        self.input = input
        self.expected = expected
        self.got = got
        self.hint = hint
        self.what = what
        self.detail = detail
        self.status = status
        self.figure = figure

    @property
    def message(self) -> Text:
        lines = [(self.function + ": " + self.what).map(_sentence)]
        if self.input:
            lines.append(Text("Entrada: ", "Input: ") + self.input)
        if self.detail:
            lines.append(self.detail.map(lambda s: _sentence(s[:1].upper() + s[1:])))
        if self.expected:
            lines.append(Text("Esperado: ", "Expected: ") + self.expected)
        if self.got:
            lines.append(Text("Obtenido: ", "Got: ") + self.got)
        if self.hint:
            lines.append(Text("Pista: ", "Hint: ") + self.hint)
        return Text.join("\n", lines)


# How the statement names each property (grading.kinds.Property).
PROPERTY_LABELS: dict[Property, Text] = {
    "values": Text("valores", "values"),
    "stability": Text("entradas extremas", "extreme inputs"),
    "no_warnings": Text("sin avisos de NumPy", "no NumPy warnings"),
    # the test's own description says which dtype (float32 kept, or float64 on purpose)
    "dtype": Text("dtype", "dtype"),
    "no_mutation": Text("entradas sin modificar", "inputs not modified"),
    "behaviour": Text("comportamiento", "behaviour"),
    "time_budget": Text("tiempo límite", "time budget"),
}


def _sentence(s: str) -> str:
    """s with one full stop at its end."""
    return s if s.endswith((".", "?", "!", "…")) else s + "."


@dataclass
class HiddenTest:
    """Points for `function` when `check(ctx)` returns; `graded` says which properties the
    check grades (what the statement lists; a test runs the check and compares)."""

    id: str
    function: str
    points: float
    description: Text
    check: Callable[[Ctx], None]
    # every student function the check calls (a missing one fails this test as "missing"; a
    # call to any other is a bug of the check)
    requires: list[str] = field(default_factory=list)
    # the check needs the student's own torch module (post torch_forward): the reference has
    # no counterpart, so `verify` cannot run it against the reference
    torch_module: bool = False
    graded: frozenset[Property] = frozenset()

    def __post_init__(self) -> None:
        if not self.requires:
            self.requires = [self.function]
        self.graded = frozenset(self.graded)


@dataclass
class Assignment:
    """An assignment ready to grade: its metadata and its hidden tests."""

    info: AssignmentInfo
    tests: list[HiddenTest]

    @property
    def id(self) -> str:
        return self.info.id

    @property
    def module(self) -> str:
        return self.info.module

    @property
    def policy(self) -> ImportPolicy:
        return ImportPolicy.allowing(self.info.libraries)

    @cached_property
    def oracle(self) -> ModuleType:
        """The reference module: the student's functions under the same names."""
        return self.info.import_module(self.info.oracle)

    @cached_property
    def torch_counterparts(self) -> dict[str, Callable[..., Any]]:
        """key -> f(args, kwargs, device): the same computation with PyTorch ({} when the
        assignment names no torch module)."""
        if self.info.torch is None:
            return {}
        return dict(self.info.import_module(self.info.torch).COUNTERPARTS)

    def functions(self) -> list[str]:
        """Every student function some test calls, in first-use order."""
        seen: dict[str, None] = {}
        for t in self.tests:
            for f in [t.function, *t.requires]:
                seen.setdefault(f, None)
        return list(seen)

    def points_by_function(self) -> dict[str, float]:
        """Graded function -> total points of its tests, in first-test order."""
        out: dict[str, float] = {}
        for t in self.tests:
            out[t.function] = round(out.get(t.function, 0.0) + t.points, 6)
        return out

    @property
    def max_points(self) -> float:
        return round(sum(t.points for t in self.tests), 6)


def load_assignment(info: AssignmentInfo) -> Assignment:
    """The assignment with the hidden tests of its hidden.py (`TESTS`, a list of HiddenTest)."""
    module = info.import_module(HIDDEN_FILE)
    tests = getattr(module, "TESTS", None)
    where = info.folder / HIDDEN_FILE
    if not isinstance(tests, list) or not all(isinstance(t, HiddenTest) for t in tests):
        raise CourseError(f"{where}: TESTS must be a list of HiddenTest")
    ids = [t.id for t in tests]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise CourseError(f"{where}: repeated test ids {dup}")
    bad = [t.id for t in tests if not t.points > 0]
    if bad:
        raise CourseError(f"{where}: tests without points {bad}")
    bad = [t.id for t in tests if not t.graded or not t.graded <= set(PROPERTIES)]
    if bad:
        raise CourseError(f"{where}: tests must declare what they grade ({', '.join(PROPERTIES)}): "
                          f"{bad}")
    graded = {t.function for t in tests}
    stray = sorted(f for f, g in info.groups.items() if f not in graded or g not in graded)
    if stray:
        raise CourseError(f"{info.folder / 'assignment.toml'}: groups name ungraded functions {stray}")
    return Assignment(info, list(tests))


# --- the check context ----------------------------------------------------------------------------
class _Abort(BaseException):
    """Stops a hypothesis run at once (not an Exception, so hypothesis does not shrink it)."""


def _no_local_constants() -> None:
    """Hypothesis (≥ 6.131) sometimes draws a constant found in the source of any non-library
    module loaded in the process. Which modules a grading process has loaded (the CLI, a Dask
    worker, the hidden tests of the assignments graded before) is not part of a submission, so
    it must not change its examples or its shrunk failure: the grader draws from hypothesis's
    own global constants only. Hypothesis has no setting for this; its provider reads the
    module-level function replaced here (absent in older versions: nothing to do)."""
    try:
        from hypothesis.internal.conjecture import providers
    except ImportError:  # pragma: no cover
        return
    if hasattr(providers, "_get_local_constants") and hasattr(providers, "Constants"):
        empty = providers.Constants()
        providers._get_local_constants = lambda: empty
        if hasattr(providers, "CONSTANTS_CACHE"):  # drawn before this import: forget them
            providers.CONSTANTS_CACHE.cache.clear()


_no_local_constants()


def _hyp_settings(max_examples: int) -> settings:
    return settings(
        max_examples=max_examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        verbosity=Verbosity.quiet,
        print_blob=False,
    )


def _student_message(outcome: Any, func: str, call_text: str, timeout: float | None) -> Text:
    kind = outcome.error_kind
    msg = outcome.message.map(str.strip)
    head = Text(f"{func}: ", f"{func}: ")
    input_line = Text(f"\nEntrada: {call_text}", f"\nInput: {call_text}")
    if kind == "exception":
        return head + Text("tu código lanzó una excepción: ", "your code raised an exception: ") \
            + msg + input_line
    if kind == "timeout":
        limit = (Text(f" en {timeout:g} s", f" within {timeout:g} s") if timeout
                 else Text(" a tiempo", " in time"))
        return head + Text("no terminó", "did not finish") + limit + Text(
            " (¿un bucle infinito o demasiado lento?).", " (an infinite loop, or too slow?).") \
            + input_line
    if kind in ("crash", "memory"):
        why = (Text("se quedó sin memoria", "ran out of memory") if kind == "memory"
               else Text("terminó el proceso", "ended the process"))
        detail = msg if msg else Text("sin detalle", "no detail")
        return head + Text("tu código ", "your code ") + why + " (" + detail + ")." + input_line
    if kind == "forbidden":
        return head + Text("usa una biblioteca no permitida en este ejercicio: ",
                           "uses a library not allowed in this exercise: ") + msg
    if kind == "missing":
        return head + Text("la función no está definida en tu entrega.",
                           "the function is not defined in your submission.")
    return head + Text("devolvió un valor no válido (", "returned an invalid value (") + msg \
        + ")." + input_line


class Ctx:
    """What a check sees: the student's functions (through the sandbox) and the oracles.

    `oracles` collects, per oracle name, whether the student's values matched it over every
    case this test ran ("match" unless one case did not).
    """

    def __init__(self, sandbox: Any, assignment: Assignment, test: HiddenTest, *,
                 use_cuda: bool | None):
        self.sandbox = sandbox
        self.assignment = assignment
        self.test = test
        self.use_cuda = use_cuda
        self.oracles: dict[str, str] = {}
        self.graded: set[Property] = set()  # what the check exercised (see HiddenTest.graded)
        self.defaults_left: dict[str, set[str]] = {}  # function -> parameters left to default
        self.stdout: list[str] = []
        self.traceback = ""
        self.calls = 0
        self.last_outcome: Any = None
        self._forall_sites = 0  # the n-th forall of this check: its case-plan site

    # student calls
    def call(self, func: str, *args: Any, **kwargs: Any) -> Any:
        """func(*args, **kwargs) in the sandbox; the value, or StudentError."""
        return self.invoke(func, args, kwargs)[0]

    def invoke(
        self,
        func: str,
        args: Sequence[Any] = (),
        kwargs: dict[str, Any] | None = None,
        *,
        return_args: bool = False,
        post: dict | None = None,
        timeout: float | None = None,
        show: str | None = None,
    ) -> tuple[Any, Any]:
        """(value, args_after) of one call; `show` replaces the input text in messages."""
        if func not in self.test.requires:  # a bug of the check: it would grade another function
            raise RuntimeError(f"{self.test.id} calls {func}, not in its requires "
                               f"{self.test.requires}")
        self._note_defaults(func, len(args), set(kwargs or ()))
        self.calls += 1
        outcome = self.sandbox.call(
            func, *args, kwargs=dict(kwargs) if kwargs else None, seed=0, timeout=timeout,
            return_args=return_args, post=post,
        )
        self.last_outcome = outcome
        if outcome.stdout:
            self.stdout.append(outcome.stdout)
        if not outcome.ok:
            status = ERROR_STATUS.get(outcome.error_kind, "error")
            call_text = show if show is not None else fmt_call(func, tuple(args), kwargs)
            message = _student_message(outcome, func, call_text, timeout)
            self.traceback = outcome.traceback or ""
            raise StudentError(status, func, message, traceback=self.traceback,
                               stdout=outcome.stdout or "")
        return outcome.value, outcome.args_after

    def _note_defaults(self, func: str, n_args: int, given: set[str]) -> None:
        """Which of `func`'s parameters with a default (in the oracle) this call left out."""
        ref = getattr(self.assignment.oracle, func, None)
        try:
            params = list(inspect.signature(ref).parameters.values()) if callable(ref) else []
        except (TypeError, ValueError):
            params = []
        left = {p.name for i, p in enumerate(params) if p.default is not p.empty
                and i >= n_args and p.name not in given}
        self.defaults_left.setdefault(func, set()).update(left)

    def grade(self, prop: Property) -> None:
        """Note that the check grades `prop` (the helpers of grading.checks do it themselves)."""
        self.graded.add(prop)

    # oracles
    def record(self, oracle: str, status: str) -> None:
        """Merge one case's verdict: a mismatch sticks; match/unavailable fill an empty slot.
        The "behaviour" oracle is a graded property of its own."""
        if oracle == "behaviour":
            self.grade("behaviour")
        old = self.oracles.get(oracle)
        if old == "mismatch":
            return
        if status == "mismatch" or old is None or old.startswith("not applicable"):
            self.oracles[oracle] = status

    # hypothesis
    def forall(self, strategy: st.SearchStrategy, body: Callable[[Any], None], *,
               max_examples: int = 20) -> None:
        """body(example) for `max_examples` derandomized examples; the minimal failure raises.

        With a case plan (grading.plan), the examples come from the plan, the same list
        hypothesis draws for a passing body; at the first failing example, hypothesis takes
        over from the start and shrinks, exactly as without a plan."""
        site = f"{self.test.id}#{self._forall_sites}"
        self._forall_sites += 1
        p = plan.for_assignment(self.assignment)
        examples = p.examples_for(site, lambda: _draw(strategy, max_examples)) if p else None
        if examples is not None:
            try:
                for example in examples:
                    body(example)
                return
            except StudentError as e:
                if e.status in FATAL_STATUSES:  # hypothesis stops at this one too
                    raise
            except CheckFailure:
                pass
        _run_given(strategy, body, max_examples)


def _run_given(strategy: st.SearchStrategy, body: Callable[[Any], None],
               max_examples: int) -> None:
    """Hypothesis runs body over the strategy's derandomized examples and shrinks a failure.

    Every forall goes through this one `run` function: derandomize seeds hypothesis from the
    test function's source, so `_draw` (the plan's examples) and a live run draw the same."""
    fatal: list[StudentError] = []

    def run(example: Any) -> None:
        if fatal:
            raise _Abort
        try:
            body(example)
        except StudentError as e:
            if e.status in FATAL_STATUSES:
                fatal.append(e)
                raise _Abort from None
            raise

    test = _hyp_settings(max_examples)(given(strategy)(run))
    try:
        test()
    except _Abort:
        raise fatal[0] from None
    except Exception as group:  # hypothesis' Flaky* groups: report the first real failure
        if _GROUP is not None and isinstance(group, _GROUP):
            for e in _leaves(group):
                if isinstance(e, (CheckFailure, StudentError)):
                    raise e from None
        raise


def _draw(strategy: st.SearchStrategy, max_examples: int) -> list[Any]:
    """The examples a passing body sees, in order (hypothesis's own draw, see _run_given)."""
    seen: list[Any] = []
    _run_given(strategy, seen.append, max_examples)
    return seen


_GROUP = getattr(builtins, "BaseExceptionGroup", None)


def _leaves(group: Any) -> list[BaseException]:
    out: list[BaseException] = []
    for e in group.exceptions:
        out.extend(_leaves(e) if isinstance(e, _GROUP) else [e])
    return out
