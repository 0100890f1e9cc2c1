"""How hidden tests are declared and what a check function sees.

A hidden test is a `HiddenTest(id, function, points, description_es, description_en, check)`;
`check(ctx)` calls the student's code only through `ctx` (which forwards to the sandboxed
Worker) and either returns (passed) or raises:

- `CheckFailure`: a wrong answer, with the (smallest) failing input, expected vs got and a
  bilingual hint; `status="invalid"` when the value is not plain numeric data.
- `StudentError` (raised by `ctx.call`): the student's code raised, timed out, crashed, used a
  forbidden library, or the function is missing.

`ctx.forall(strategy, body)` runs hypothesis in the grader process with a fixed number of
derandomized examples, each going through the worker; hypothesis shrinks a failure and the
final replay raises the minimal one. A time-out or crash stops the search at once (no shrinking
through time-outs).
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import strategies as st

from grader.compare import fmt_call

# error_kind of a CallOutcome -> TestResult status
ERROR_STATUS = {
    "exception": "error",
    "timeout": "timeout",
    "crash": "crash",
    "memory": "crash",
    "forbidden": "forbidden",
    "missing": "missing",
    "invalid": "invalid",
}
# after these the worker had to be restarted: never retry (or shrink) through them
FATAL_STATUSES = ("timeout", "crash")


class StudentError(Exception):
    """The student's function did not return a value (raised by `Ctx.call`)."""

    def __init__(
        self,
        status: str,
        function: str,
        message_es: str,
        message_en: str,
        *,
        traceback: str = "",
        stdout: str = "",
    ):
        super().__init__(message_en)
        self.status = status
        self.function = function
        self.message_es = message_es
        self.message_en = message_en
        self.traceback = traceback
        self.stdout = stdout


class CheckFailure(Exception):
    """A wrong answer: what was called, what was expected, what came back, and a hint."""

    def __init__(
        self,
        function: str,
        input: str,
        expected: str,
        got: str,
        hint_es: str = "",
        hint_en: str = "",
        *,
        what_es: str = "resultado incorrecto",
        what_en: str = "wrong result",
        detail_es: str = "",
        detail_en: str = "",
        status: str = "failed",
    ):
        super().__init__(f"{function}: {what_en}")
        self.function = function
        self.input = input
        self.expected = expected
        self.got = got
        self.hint_es = hint_es
        self.hint_en = hint_en
        self.what_es = what_es
        self.what_en = what_en
        self.detail_es = detail_es
        self.detail_en = detail_en
        self.status = status

    @property
    def message_es(self) -> str:
        return _message(self, "es")

    @property
    def message_en(self) -> str:
        return _message(self, "en")


def _message(f: CheckFailure, lang: str) -> str:
    es = lang == "es"
    lines = [f"{f.function}: {f.what_es if es else f.what_en}."]
    if f.input:
        lines.append(("Entrada: " if es else "Input: ") + f.input)
    detail = f.detail_es if es else f.detail_en
    if detail:
        lines.append(detail[0].upper() + detail[1:] + ".")
    if f.expected:
        lines.append(("Esperado: " if es else "Expected: ") + f.expected)
    if f.got:
        lines.append(("Obtenido: " if es else "Got: ") + f.got)
    hint = f.hint_es if es else f.hint_en
    if hint:
        lines.append(("Pista: " if es else "Hint: ") + hint)
    return "\n".join(lines)


@dataclass
class HiddenTest:
    id: str
    function: str
    points: float
    description_es: str
    description_en: str
    check: Callable[[Ctx], None]
    # every student function the check calls (a missing one fails this test as "missing")
    requires: list[str] = field(default_factory=list)
    # the check needs the student's own torch module (post torch_forward): the reference has
    # no counterpart, so `verify` cannot run it against the reference
    torch_module: bool = False

    def __post_init__(self) -> None:
        if not self.requires:
            self.requires = [self.function]


@dataclass
class Assignment:
    id: str
    module: str
    title_es: str
    title_en: str
    numpy_only: bool
    # what the statement allows (shown to students); enforcement is sandbox.ImportPolicy's
    # denylist, built from numpy_only
    allowed_imports: tuple[str, ...]
    tests: list[HiddenTest]
    # functions whose points are reported together in the statement ("tanh+tanh_derivative")
    groups: dict[str, str] = field(default_factory=dict)

    def functions(self) -> list[str]:
        """Every student function some test calls, in first-use order."""
        seen: dict[str, None] = {}
        for t in self.tests:
            for f in [t.function, *t.requires]:
                seen.setdefault(f, None)
        return list(seen)

    def points_by_function(self) -> dict[str, float]:
        """Graded function -> total points of its tests (the table in docs/design.md)."""
        out: dict[str, float] = {}
        for t in self.tests:
            out[t.function] = round(out.get(t.function, 0.0) + t.points, 6)
        return out

    @property
    def max_points(self) -> float:
        return round(sum(t.points for t in self.tests), 6)


# --- the check context ----------------------------------------------------------------------------
class _Abort(BaseException):
    """Stops a hypothesis run at once (not an Exception, so hypothesis does not shrink it)."""


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


def _student_message(outcome: Any, func: str, call_text: str, timeout: float | None) -> tuple[str, str]:
    kind = outcome.error_kind
    msg = (outcome.message or "").strip()
    if kind == "exception":
        return (
            f"{func}: tu código lanzó una excepción: {msg}\nEntrada: {call_text}",
            f"{func}: your code raised an exception: {msg}\nInput: {call_text}",
        )
    if kind == "timeout":
        limit_es = f" en {timeout:g} s" if timeout else " a tiempo"
        limit_en = f" within {timeout:g} s" if timeout else " in time"
        return (
            f"{func}: no terminó{limit_es} (¿un bucle infinito o demasiado lento?).\n"
            f"Entrada: {call_text}",
            f"{func}: did not finish{limit_en} (an infinite loop, or too slow?).\nInput: {call_text}",
        )
    if kind in ("crash", "memory"):
        why_es = "se quedó sin memoria" if kind == "memory" else "terminó el proceso"
        why_en = "ran out of memory" if kind == "memory" else "ended the process"
        return (
            f"{func}: tu código {why_es} ({msg or 'sin detalle'}).\nEntrada: {call_text}",
            f"{func}: your code {why_en} ({msg or 'no detail'}).\nInput: {call_text}",
        )
    if kind == "forbidden":
        return (
            f"{func}: usa una biblioteca no permitida en este ejercicio: {msg}",
            f"{func}: uses a library not allowed in this exercise: {msg}",
        )
    if kind == "missing":
        return (
            f"{func}: la función no está definida en tu entrega.",
            f"{func}: the function is not defined in your submission.",
        )
    return (
        f"{func}: devolvió un valor no válido ({msg}).\nEntrada: {call_text}",
        f"{func}: returned an invalid value ({msg}).\nInput: {call_text}",
    )


class Ctx:
    """What a check sees: the student's functions (through the worker) and the oracles.

    `oracles` collects, per oracle name, whether the student's values matched it over every
    case this test ran ("match" unless one case did not).
    """

    def __init__(self, worker: Any, assignment: Assignment, test: HiddenTest, *,
                 use_cuda: bool | None):
        self.worker = worker
        self.assignment = assignment
        self.test = test
        self.use_cuda = use_cuda
        self.oracles: dict[str, str] = {}
        self.stdout: list[str] = []
        self.traceback = ""
        self.calls = 0
        self.last_outcome: Any = None

    # student calls
    def call(self, func: str, *args: Any, **kwargs: Any) -> Any:
        """func(*args, **kwargs) in the worker; the value, or StudentError."""
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
        self.calls += 1
        outcome = self.worker.call(
            func, *args, kwargs=dict(kwargs) if kwargs else None, seed=0, timeout=timeout,
            return_args=return_args, post=post,
        )
        self.last_outcome = outcome
        if outcome.stdout:
            self.stdout.append(outcome.stdout)
        if not outcome.ok:
            status = ERROR_STATUS.get(outcome.error_kind, "error")
            call_text = show if show is not None else fmt_call(func, tuple(args), kwargs)
            es, en = _student_message(outcome, func, call_text, timeout)
            self.traceback = outcome.traceback or ""
            raise StudentError(status, func, es, en, traceback=self.traceback,
                               stdout=outcome.stdout or "")
        return outcome.value, outcome.args_after

    # oracles
    def record(self, oracle: str, status: str) -> None:
        """Merge one case's verdict: a mismatch sticks; match/unavailable fill an empty slot."""
        old = self.oracles.get(oracle)
        if old == "mismatch":
            return
        if status == "mismatch" or old is None or old.startswith("not applicable"):
            self.oracles[oracle] = status

    # hypothesis
    def forall(self, strategy: st.SearchStrategy, body: Callable[[Any], None], *,
               max_examples: int = 20) -> None:
        """body(example) for `max_examples` derandomized examples; the minimal failure raises."""
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


_GROUP = getattr(builtins, "BaseExceptionGroup", None)


def _leaves(group: Any) -> list[BaseException]:
    out: list[BaseException] = []
    for e in group.exceptions:
        out.extend(_leaves(e) if isinstance(e, _GROUP) else [e])
    return out
