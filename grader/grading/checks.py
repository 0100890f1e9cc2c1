"""The API for writing hidden tests: everything a course's `hidden.py` needs, from one module.

A hidden.py declares `TESTS = [HiddenTest(id, function, points, description, check), ...]`; each
`check(ctx)` calls the student's code through `ctx` and compares with the assignment's oracle
(the reference module named in assignment.toml) using the helpers below, so that every
assignment produces the same kind of message: the function, the (smallest) failing input,
expected vs got, and a hint.

Declaring tests
    HiddenTest, Ctx, Text (bilingual text), Hint (a typical mistake and what to tell about it)
Each test declares what it grades (`graded=`: values, stability, no_warnings, dtype,
no_mutation, behaviour, time_budget); the helpers note what they check (`ctx.grade`), and a test
of the course proves the two agree. A check that compares values by hand calls
`ctx.grade("values")` itself.

Checking values
    value_case          call, validate, compare with the reference (and torch, finite differences)
    value_case_on       the same for a value already returned (part of a composite result)
    expect_unchanged    the inputs must come back unmodified
    expect_dtype        float32 in -> float32 out
    expect_no_warnings  the last call raised no NumPy warning (overflow, invalid, divide)
    expect_within       a call finishes within a time budget
    expect_sequence     a tuple of n values; expect_plain / expect_state: plain data to hand back
    record_torch, record_fd, matches   oracles that are recorded, never graded
    CheckFailure, StudentError, rejected   failures, and the failure for a refused value
Ready-made tests
    Elementwise, elementwise_values, elementwise_stability, elementwise_dtype,
    elementwise_no_mutation   for f(z) applied elementwise
Arguments that are not plain data (built inside the sandbox, see grader/sandbox/recipes.py)
    function_of_x       f(x) from an expression: sigmoid_approximation(f, n, x)
    torch_module        a torch.nn.Sequential of named layers: count_parameters(model)
    made                the object a recipe describes, on this side (for the oracle)
Strategies (hypothesis)
    floats, arrays, shapes, grid
Formatting
    fmt, fmt_call, allclose, describe
Pictures (drawn in the HTML feedback)
    arrays_figure, curve_figure   value_case attaches one to a wrong value by itself
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from grader.grading import oracles
from grader.grading.compare import (
    Invalid,
    ShapeError,
    allclose,
    as_array,
    first_mismatch,
    fmt,
    fmt_call,
    is_unsupported,
    tolerance,
    type_name,
)
from grader.grading.figures import arrays_figure, curve_figure
from grader.grading.spec import CheckFailure, Ctx, HiddenTest, StudentError
from grader.kinds import Property
from grader.sandbox import recipes
from grader.sandbox.protocol import Recipe
from grader.text import EMPTY, Text

__all__ = [
    "EMPTY", "CheckFailure", "Ctx", "Elementwise", "HiddenTest", "Hint", "Invalid", "ShapeError",
    "StudentError", "Text", "Variant", "allclose", "arrays", "arrays_figure", "as_array",
    "close_to", "curve_figure",
    "describe", "elementwise_dtype", "elementwise_no_mutation", "elementwise_stability",
    "elementwise_values", "expect_dtype", "expect_no_warnings", "expect_plain", "expect_sequence",
    "expect_state", "expect_unchanged", "expect_within", "first_mismatch", "floats", "fmt",
    "fmt_call", "function_of_x", "grid", "made", "matches", "oracles", "pick_hint", "quietly", "record_fd", "record_torch",
    "Recipe", "ref", "rejected", "shapes", "tolerance", "torch_module", "value_case", "value_case_on", "variant_hint",
    "variant_hints",
]  # fmt: skip

log = logging.getLogger(__name__)

INVALID_VALUE = Text("valor no válido", "invalid value")
WRONG_VALUE = Text("valor incorrecto", "wrong value")
KinkFn = Callable[[tuple, dict], tuple[np.ndarray, np.ndarray]]
# "auto": a wrong value of 2 or more dimensions shows expected, got and their difference as
# heatmaps; "curve": the value is a history (a loss per step), shown as two curves; None: none
FigureKind = Literal["auto", "curve"] | None


def _figure(kind: FigureKind, expected: np.ndarray, got: np.ndarray,
            at: tuple[int, ...]) -> dict[str, Any] | None:
    if kind == "curve":
        return curve_figure(expected, got)
    return arrays_figure(expected, got, at) if kind == "auto" else None


@dataclass
class Hint:
    """A typical mistake: `detect(args, kwargs, got, expected)` -> True when `got` is what
    that mistake computes; then the student reads `text`."""

    detect: Callable[[tuple, dict, Any, Any], bool]
    text: Text


def pick_hint(hints: Sequence[Hint], args: tuple, kwargs: dict, got: Any, expected: Any) -> Text:
    """The text of the first hint whose detector recognises `got` (EMPTY when none does)."""
    for h in hints:
        try:
            if h.detect(args, kwargs, got, expected):
                return h.text
        except Exception:  # a detector never breaks a check (shapes may not fit)
            continue
    return EMPTY


# --- hints from known wrong variants ---------------------------------------------------------
Variant = tuple[Callable[..., Any], Text]  # a wrong version of the function, and what it means


def quietly(f: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """f(*args, **kwargs) without NumPy's warnings: a known wrong variant, run only to recognise
    a student's value (its overflow is not the student's warning)."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return f(*args, **kwargs)


def close_to(got: Any, value: Any, *, rtol: float = 1e-6, atol: float = 1e-9) -> bool:
    """got (any student value) is `value` (an array, a number, or a tuple of them); never
    raises: a detector must not break a check."""
    try:
        if isinstance(value, tuple):
            return (isinstance(got, (tuple, list)) and len(got) == len(value)
                    and all(close_to(g, v, rtol=rtol, atol=atol) for g, v in zip(got, value)))
        g, v = np.asarray(got, dtype=np.float64), np.asarray(value, dtype=np.float64)
        return g.shape == v.shape and bool(np.allclose(g, v, rtol=rtol, atol=atol, equal_nan=True))
    except Exception:
        return False


def variant_hint(variants: Sequence[Variant], args: tuple, kwargs: dict, got: Any) -> Text:
    """The text of the first wrong variant f whose f(*args, **kwargs) is `got` (EMPTY: none)."""
    for f, text in variants:
        try:
            if close_to(got, quietly(f, *args, **kwargs)):
                return text
        except Exception:  # a variant never breaks a check (shapes may not fit)
            continue
    return EMPTY


def variant_hints(variants: Sequence[Variant]) -> list[Hint]:
    """`value_case` hints from wrong variants f(*args, **kwargs): the student's value is f's."""
    return [Hint(lambda a, k, g, e, f=f: close_to(g, quietly(f, *a, **k)), text)
            for f, text in variants]


def function_of_x(expr: Any, show: str) -> Recipe:
    """A function f(x) to pass to a student's function: built inside the sandbox from `expr`
    (recipes.py: "x", numbers, ["sin", e], ["mul", a, b], ["interp", e, xp, fp], ...);
    messages write it as `show` ("f(x) = sin(2πx)")."""
    recipes.check_expression(expr)
    return Recipe("function", expr, show)


def torch_module(layers: Sequence[Sequence[Any]], show: str, *, seed: int = 0,
                 frozen: Sequence[int] = (), train: bool = True,
                 weights: dict[str, np.ndarray] | None = None) -> Recipe:
    """A torch.nn.Sequential of `layers` ([["Linear", 3, 2], ["ReLU"]], names of torch.nn or
    "RequireEval"/"RequireNoGrad"), initialised after torch.manual_seed(seed), then `weights`
    ({"0.weight": array}) copied in; the layers at `frozen` without gradients; built inside
    the sandbox."""
    spec = {"layers": [list(layer) for layer in layers], "seed": int(seed),
            "frozen": [int(i) for i in frozen], "train": bool(train),
            "weights": {k: np.asarray(v, dtype=np.float32) for k, v in (weights or {}).items()}}
    return Recipe("torch_module", spec, show)


def made(recipe: Recipe) -> Any:
    """The object `recipe` describes, built here by the same code as in the sandbox."""
    return recipes.made_all(recipe, Recipe)


def ref(ctx: Ctx, func: str, *args: Any, **kwargs: Any) -> Any:
    """The oracle's `func` for this assignment (same name as the student's)."""
    return oracles.reference_value(ctx.assignment, func, args, kwargs)


def _validate(ctx: Ctx, func: str, got: Any, expected: np.ndarray,
              show: str | Callable[[], str], *, scalar: bool,
              what: str = "", hints: Sequence[Hint] = (), args: tuple = (), kwargs: dict | None = None,
              allow_nan: bool = False) -> np.ndarray:
    try:
        return as_array(got, func=func, shape=expected.shape, scalar=scalar, what=what,
                        allow_nan=allow_nan or not bool(np.all(np.isfinite(expected))))
    except Invalid as e:
        show = show() if callable(show) else show
        ctx.record("reference", "mismatch")
        hint = pick_hint(hints, args, kwargs or {}, got, expected)
        raise CheckFailure(func, show, fmt(expected), fmt(got), hint, what=INVALID_VALUE,
                           detail=e.reason, status="invalid") from None
    except ShapeError as e:
        show = show() if callable(show) else show
        ctx.record("reference", "mismatch")
        hint = pick_hint(hints, args, kwargs or {}, np.asarray(got), expected)
        raise CheckFailure(func, show, fmt(expected), fmt(got), hint, what=e.reason) from None


def value_case(
    ctx: Ctx,
    func: str,
    args: tuple,
    kwargs: dict | None = None,
    *,
    expected: Any = None,
    torch_key: str | None = "",
    torch_args: tuple | None = None,
    rtol: float | None = None,
    atol: float | None = None,
    kinks: KinkFn | None = None,
    hints: Sequence[Hint] = (),
    scalar: bool = False,
    show: str | None = None,
    fd: Callable[[np.ndarray], np.ndarray] | None = None,
    exact: bool = False,
    prop: Property = "values",
    figure: FigureKind = "auto",
) -> np.ndarray:
    """Call `func(*args, **kwargs)` in the sandbox and compare with the reference.

    torch oracles (key `torch_key`, default the function's name; None = not applicable) and a
    finite-difference oracle (`fd`, a function whose derivative the value should be) are
    recorded in `ctx.oracles`; only the reference decides pass/fail. `kinks(args, kwargs)`
    gives intervals (lo, hi; NaN = none) where any value passes. `prop`: the property this case
    grades ("stability" for extreme inputs). `figure`: the picture a wrong value leaves in the
    HTML feedback (FigureKind). Returns the student's array.
    """
    ctx.grade(prop)
    kwargs = dict(kwargs or {})
    if expected is None:
        expected = ref(ctx, func, *args, **kwargs)
    expected = np.asarray(expected)
    # the input's text only for a message (formatting every passing case costs more than it)
    given_show = show

    def shown() -> str:
        return given_show if given_show is not None else fmt_call(func, args, kwargs)

    got_raw = ctx.call(func, *args, **kwargs)
    got = _validate(ctx, func, got_raw, expected, shown, scalar=scalar, hints=hints, args=args,
                    kwargs=kwargs)
    if exact:
        rtol, atol = 0.0, 0.0
    elif rtol is None or atol is None:
        r, a = tolerance(expected.dtype)
        rtol = r if rtol is None else rtol
        atol = a if atol is None else atol
    lo, hi = kinks(args, kwargs) if kinks else (None, None)
    mm = first_mismatch(got, expected, rtol=rtol, atol=atol, lo=lo, hi=hi)
    ctx.record("reference", "mismatch" if mm else "match")
    record_torch(ctx, func if torch_key == "" else torch_key, torch_args or args, kwargs, got,
                 rtol=rtol, atol=atol, lo=lo, hi=hi)
    if fd is not None:
        record_fd(ctx, fd, args[0], got, kinks=(lo, hi))
    if mm:
        raise CheckFailure(func, shown(), fmt(expected), fmt(got),
                           pick_hint(hints, args, kwargs, got, expected), what=WRONG_VALUE,
                           detail=mm.text, figure=_figure(figure, expected, got, mm.index))
    return got


def value_case_on(ctx: Ctx, func: str, got: object, expected: np.ndarray, show: str, args: tuple,
                  kw: dict, hints: list[Hint], torch_key: str | None,
                  figure: FigureKind = "auto") -> np.ndarray:
    """value_case for a value already returned (part of a composite result)."""
    ctx.grade("values")
    g = _validate(ctx, func, got, np.asarray(expected), show, scalar=False, hints=hints, args=args, kwargs=kw)
    rtol, atol = tolerance(np.asarray(expected).dtype)
    mm = first_mismatch(g, expected, rtol=rtol, atol=atol)
    ctx.record("reference", "mismatch" if mm else "match")
    record_torch(ctx, torch_key, args, kw, g, rtol=rtol, atol=atol)
    if mm:
        raise CheckFailure(func, show, fmt(expected), fmt(g), pick_hint(hints, args, kw, g, expected),
                           what=WRONG_VALUE, detail=mm.text,
                           figure=_figure(figure, np.asarray(expected), g, mm.index))
    return g


def rejected(err: Invalid | ShapeError, func: str, show: str, expected: str, got: Any,
             hint: Text = EMPTY) -> CheckFailure:
    """The failure for a value that compare.as_array refused: "invalid" for a value that is not
    plain numeric data, "failed" for a wrong shape; the reason is compare's own sentence."""
    return CheckFailure(func, show, expected, fmt(got), hint, what=err.reason,
                        status="invalid" if isinstance(err, Invalid) else "failed")


def record_torch(ctx: Ctx, key: str | None, args: tuple, kwargs: dict, got: Any, **cmp: Any) -> None:
    """Record whether `got` matches each torch oracle (cpu, cuda) for these inputs.

    key: the torch counterpart (None, or an assignment without a torch module: not applicable);
    a key its torch module lacks is a bug of the hidden test, raised as such."""
    counterparts = oracles.torch_keys(ctx.assignment)
    if key is not None and counterparts and key not in counterparts:
        raise KeyError(f"{ctx.assignment.id}: no torch counterpart {key!r}")
    for name, device in oracles.torch_targets(ctx.use_cuda):
        if key is None or not counterparts:
            ctx.record(name, "not applicable")
        elif device is None:
            ctx.record(name, oracles.NO_CUDA)
        else:
            try:
                expected = oracles.torch_value(ctx.assignment, key, args, kwargs, device)
            except Exception as e:  # torch missing/broken or a CUDA error: report, never grade
                log.warning("torch oracle %s failed on %s: %r", name, key, e)
                ctx.record(name, f"unavailable: {type(e).__name__}")
                continue
            ctx.record(name, "match" if matches(got, expected, **cmp) else "mismatch")


def matches(got: Any, expected: Any, **cmp: Any) -> bool:
    """Structural closeness: arrays, numbers, and lists/tuples of them."""
    if isinstance(expected, (list, tuple)):
        return (isinstance(got, (list, tuple)) and len(got) == len(expected)
                and all(matches(g, e, **cmp) for g, e in zip(got, expected)))
    try:  # a student value of any kind: not numbers -> no match (never an exception)
        g, e = np.asarray(got, dtype=np.float64), np.asarray(expected, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        return False
    return g.shape == e.shape and first_mismatch(g, e, **cmp) is None


def record_fd(ctx: Ctx, f: Callable[[np.ndarray], np.ndarray], z: Any, got: np.ndarray,
              kinks: tuple = (None, None), h: float = 1e-6) -> None:
    """Finite-difference oracle of an elementwise derivative, away from kinks and overflow.

    `got` is the student's value: anything but a numeric array shaped like `z` is invalid."""
    z = np.asarray(z, dtype=np.float64)
    func = ctx.test.function
    try:
        got = as_array(got, func=func, shape=z.shape, allow_nan=True)
    except (Invalid, ShapeError) as e:
        ctx.record("finite_diff", "mismatch")
        raise CheckFailure(func, fmt_call(func, (z,)), f"array {z.shape}", fmt(got),
                           what=INVALID_VALUE, detail=e.reason, status="invalid") from None
    num = oracles.finite_difference(f, z, h)
    use = np.isfinite(num) & (np.abs(z) < 1e3)
    if kinks[0] is not None:
        use &= np.isnan(np.broadcast_to(kinks[0], z.shape)) & (np.abs(z) > 10 * h)
    if not use.any():
        return
    ok = allclose(np.asarray(got, dtype=np.float64)[use], num[use], rtol=1e-4, atol=1e-6)
    ctx.record("finite_diff", "match" if ok else "mismatch")


def expect_unchanged(ctx: Ctx, func: str, args: tuple, kwargs: dict | None = None,
                     names: Sequence[str] = (), show: str | None = None) -> Any:
    """Call with return_args and fail when an input array changed (in-place update)."""
    ctx.grade("no_mutation")
    before = _copy(args)
    value, after = ctx.invoke(func, args, kwargs, return_args=True, show=show)
    if not isinstance(after, (list, tuple)) or len(after) != len(before):
        # the server reports the arguments as a list of as many values: anything else was
        # forged from inside the sandbox
        raise CheckFailure(func, show or fmt_call(func, args, kwargs),
                           f"{len(before)} argumentos / arguments", fmt(after),
                           what=Text("respuesta no válida del proceso de tu código",
                                     "invalid reply from your code's process"), status="invalid")
    for i, (b, a) in enumerate(zip(before, after)):
        if not _same(a, b):
            name = names[i] if i < len(names) else f"#{i + 1}"
            raise CheckFailure(
                func, show or fmt_call(func, args, kwargs),
                f"{name} = {fmt(b)}", f"{name} = {fmt(a)}",
                Text("no modifiques las entradas in situ (p. ej. `w -= lr * g` o `z[z < 0] = 0`): "
                     "crea un array nuevo (`w = w - lr * g`, `np.maximum(z, 0)`).",
                     "do not modify the inputs in place (e.g. `w -= lr * g` or `z[z < 0] = 0`): "
                     "make a new array (`w = w - lr * g`, `np.maximum(z, 0)`)."),
                what=Text(f"modificó su entrada {name}", f"modified its input {name}"),
            )
    return value


def _copy(x: Any) -> Any:
    if isinstance(x, np.ndarray):
        return x.copy()
    if isinstance(x, (list, tuple)):
        return type(x)(_copy(v) for v in x)
    if isinstance(x, dict):
        return {k: _copy(v) for k, v in x.items()}
    return x


def _same(a: Any, b: Any) -> bool:
    """`a` (what came back, any plain value or Unsupported) equals `b` (our argument)."""
    if isinstance(b, np.ndarray):
        return type(a) is np.ndarray and a.shape == b.shape and a.dtype.kind in "biuf" and bool(
            np.array_equal(a, b, equal_nan=True))
    if isinstance(b, (list, tuple)):
        return isinstance(a, (list, tuple)) and len(a) == len(b) and all(
            _same(x, y) for x, y in zip(a, b))
    if isinstance(b, dict):
        return isinstance(a, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in b)
    if isinstance(a, (np.ndarray, list, tuple, dict)) or is_unsupported(a):
        return False
    try:
        return bool(a == b)
    except Exception:  # a value whose comparison raises is not the same value
        return False


def expect_dtype(ctx: Ctx, func: str, got: Any, dtype: Any, show: str,
                 hint: Text = EMPTY) -> None:
    """float32 in -> float32 out; `hint` replaces the generic one (about `np.exp` and
    `np.where`) where the assignment knows the usual cause."""
    ctx.grade("dtype")
    if type(got) is not np.ndarray:
        raise CheckFailure(func, show, f"np.ndarray, dtype {np.dtype(dtype)}", fmt(got),
                           what=INVALID_VALUE, status="invalid")
    g = got
    if g.dtype != np.dtype(dtype):
        raise CheckFailure(
            func, show, f"dtype {np.dtype(dtype)}", f"dtype {g.dtype}",
            hint or Text(
                "usa operaciones que conserven el dtype de la entrada (p. ej. `np.exp(-z)`, "
                "`np.where(z >= 0, z, 0.0).astype(z.dtype)`); `np.array(..., dtype=float)` lo "
                "cambia.",
                "use operations that keep the input's dtype (e.g. `np.exp(-z)`, "
                "`np.where(z >= 0, z, 0.0).astype(z.dtype)`); `np.array(..., dtype=float)` "
                "changes it."),
            what=Text("no conserva el dtype de la entrada", "does not keep the input's dtype"),
        )


def expect_no_warnings(ctx: Ctx, func: str, show: str, hint: Text = EMPTY) -> None:
    """The last call raised no NumPy warning (overflow, invalid value, division by zero): the
    sandbox reports every warning a call raises."""
    ctx.grade("no_warnings")
    found = [w for w in getattr(ctx.last_outcome, "warnings", []) if w.startswith("RuntimeWarning")]
    if found:
        raise CheckFailure(
            func, show, Text("sin avisos", "no warnings"), "; ".join(found[:3]),
            hint or Text("evita el cálculo que desborda (p. ej. `np.exp` de un número grande): "
                         "una forma estable no necesita silenciar avisos.",
                         "avoid the computation that overflows (e.g. `np.exp` of a large "
                         "number): a stable form needs no silenced warnings."),
            what=Text("NumPy avisó durante el cálculo", "NumPy warned during the computation"))


def expect_within(ctx: Ctx, func: str, args: tuple, kwargs: dict | None, seconds: float,
                  show: str | None = None) -> Any:
    """The call finishes within `seconds` (a time budget the statement states); its value."""
    ctx.grade("time_budget")
    return ctx.invoke(func, args, kwargs, timeout=seconds, show=show)[0]


# --- composite results: validate before indexing, iterating or sending back ----------------------
PLAIN = Text("arrays de NumPy, números, cadenas, None, listas, tuplas y dicts con claves str",
             "NumPy arrays, numbers, strings, None, lists, tuples and dicts with str keys")


def describe(value: Any) -> Text:
    """What a student value is, for a message: "un dict con las claves ['m']" / "a dict ..."."""
    if is_unsupported(value):
        return Text(f"un objeto de tipo {type_name(value)}", f"an object of type {type_name(value)}")
    if isinstance(value, tuple):
        return Text(f"una tupla de {len(value)} elementos", f"a tuple of {len(value)} elements")
    if isinstance(value, list):
        return Text(f"una lista de {len(value)} elementos", f"a list of {len(value)} elements")
    if isinstance(value, dict):
        keys = fmt(sorted(value)[:8])
        return Text(f"un dict con las claves {keys}", f"a dict with keys {keys}")
    if isinstance(value, np.ndarray):
        return Text(f"un array de forma {value.shape}", f"an array of shape {value.shape}")
    return Text.same(f"{type_name(value)} ({fmt(value)})")


def expect_sequence(ctx: Ctx, func: str, got: Any, n: int, show: str, names: str,
                    hint: Text = EMPTY) -> tuple:
    """`got` as a tuple of `n` values (a tuple or a list of that length), else a failure with
    status "invalid". `names` says what was expected, e.g. "(y_hat, cache)"."""
    if isinstance(got, (tuple, list)) and len(got) == n:
        return tuple(got)
    ctx.record("reference", "mismatch")
    raise CheckFailure(func, show, names, fmt(got), hint or Text(f"devuelve {names}.",
                                                                f"return {names}."),
                       what=Text(f"no devuelve {names}", f"does not return {names}"),
                       detail=Text("devolvió ", "it returned ") + describe(got), status="invalid")


def unsupported_path(value: Any, path: str = "", depth: int = 0) -> tuple[str, str] | None:
    """(where, type name) of the first part of `value` that is not plain data, or None."""
    if is_unsupported(value):
        return path or "(todo / whole)", type_name(value)
    if depth > 64:
        return path, "nesting too deep"
    if isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            hit = unsupported_path(v, f"{path}[{i}]", depth + 1)
            if hit:
                return hit
    elif isinstance(value, dict):
        for k, v in value.items():
            if type(k) is not str:
                return path, "dict with non-str keys"
            hit = unsupported_path(v, f"{path}[{k!r}]", depth + 1)
            if hit:
                return hit
    elif not (value is None or type(value) in (bool, int, float, str)
              or (type(value) is np.ndarray and value.dtype.kind in "biuf")
              or (isinstance(value, np.generic) and np.dtype(type(value)).kind in "biuf")):
        return path or "(todo / whole)", type_name(value)
    return None


def expect_plain(ctx: Ctx, func: str, value: Any, show: str, name: str) -> Any:
    """`value` (e.g. a state or a cache that the grader hands back to the student's next call)
    made only of plain data, else a failure with status "invalid"."""
    hit = unsupported_path(value)
    if hit is None:
        return value
    ctx.record("reference", "mismatch")
    where, kind = hit
    raise CheckFailure(
        func, show, f"{name}: {PLAIN.es} / {PLAIN.en}", fmt(value),
        Text(f"el corrector pasa {name} a tu siguiente llamada, así que solo puede contener ",
             f"the grader passes {name} to your next call, so it may only hold ") + PLAIN + ".",
        what=Text(f"{name} no son datos simples", f"{name} is not plain data"),
        detail=Text(f"contiene {kind} en {name}{where}", f"it holds {kind} at {name}{where}"),
        status="invalid")


def expect_state(ctx: Ctx, func: str, state: Any, show: str, init: str) -> dict:
    """An optimizer state: a dict (as `init` makes it) of plain data, else status "invalid"."""
    if not isinstance(state, dict):
        ctx.record("reference", "mismatch")
        raise CheckFailure(
            func, show, "state: dict", fmt(state),
            Text(f"{init}(w) crea el estado como un dict (p. ej. {{'m': np.zeros_like(w)}}) y "
                 "cada paso devuelve (nuevo_w, nuevo_estado) con un dict nuevo.",
                 f"{init}(w) makes the state as a dict (e.g. {{'m': np.zeros_like(w)}}) and each "
                 "step returns (new_w, new_state) with a new dict."),
            what=Text("el estado no es un dict", "the state is not a dict"),
            detail=Text("es ", "it is ") + describe(state), status="invalid")
    return expect_plain(ctx, func, state, show, "state")


# --- ready-made tests of an elementwise function f(z[, alpha]) ------------------------------------
EXTREMES = np.array([-1e4, -1e3, -50.0, -1.0, 0.0, 1.0, 50.0, 1e3, 1e4])
FIXED = np.array([-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0])  # 0 and a few points either side
VALUE_EXAMPLES = 15


@dataclass(frozen=True)
class Elementwise:
    """How to grade `func(z, **kw)`, applied elementwise to an array z.

    hints: typical mistakes; kinks(args, kwargs): intervals where any value passes (a
    subgradient); primitive: the function `func` is the derivative of (a finite-difference
    oracle is recorded); alpha: (default, another value) of an `alpha` keyword, both graded.
    """

    func: str
    hints: Sequence[Hint] = ()
    kinks: KinkFn | None = None
    primitive: Callable[..., np.ndarray] | None = None
    alpha: tuple[float, float] | None = None

    def case(self, ctx: Ctx, z: np.ndarray, kw: dict, prop: Property = "values") -> np.ndarray:
        prim = self.primitive
        fd = (lambda x: prim(x, **kw)) if prim is not None else None
        return value_case(ctx, self.func, (z,), kw, hints=self.hints, kinks=self.kinks, fd=fd,
                          prop=prop)

    def keywords(self) -> list[dict]:
        """{} (the defaults) and, with an `alpha`, the other value passed explicitly."""
        return [{}] if self.alpha is None else [{}, {"alpha": self.alpha[1]}]


def elementwise_values(f: Elementwise, points: float, lo: float = -20.0, hi: float = 20.0, *,
                       extremes: bool = False) -> HiddenTest:
    """`<func>.values`: fixed points (kinks included), then hypothesis arrays in [lo, hi]; with
    `extremes`, |z| up to 1e4 too (for a function that has no robustness test)."""

    def check(ctx: Ctx) -> None:
        if extremes:
            f.case(ctx, EXTREMES.copy(), {}, prop="stability")
        for kw in f.keywords():
            f.case(ctx, FIXED.copy(), kw)
        ctx.forall(
            arrays(shapes(), lo, hi).flatmap(
                lambda z: st.sampled_from(f.keywords()).map(lambda k: (z, k))
                if f.alpha is not None else st.just((z, {}))),
            lambda zk: f.case(ctx, zk[0], zk[1]),
            max_examples=VALUE_EXAMPLES,
        )

    return HiddenTest(f"{f.func}.values", f.func, points,
                      Text(f"valores de {f.func} en entradas aleatorias (y en los puntos de quiebre)",
                           f"{f.func} values on random inputs (and at the kinks)"), check,
                      graded=frozenset({"values", "stability"} if extremes else {"values"}))


def elementwise_stability(f: Elementwise, points: float) -> HiddenTest:
    """`<func>.stability`: right, finite values for |z| up to 1e4, and no NumPy warning."""

    def check(ctx: Ctx) -> None:
        f.case(ctx, EXTREMES.copy(), {}, prop="stability")
        expect_no_warnings(ctx, f.func, fmt_call(f.func, (EXTREMES,)))

    return HiddenTest(f"{f.func}.stability", f.func, points,
                      Text(f"{f.func}: |z| hasta 1e4, valores finitos y correctos, sin avisos",
                           f"{f.func}: |z| up to 1e4, finite and right values, no warnings"),
                      check, graded=frozenset({"stability", "no_warnings"}))


def elementwise_dtype(f: Elementwise, points: float) -> HiddenTest:
    """`<func>.dtype`: float32 in, float32 out (the values are the other tests' business)."""

    def check(ctx: Ctx) -> None:
        z32 = np.array([[-3.0, -0.5, 0.0], [0.25, 2.0, 7.0]], dtype=np.float32)
        show = fmt_call(f.func, (z32,))
        expect_dtype(ctx, f.func, ctx.invoke(f.func, (z32,), show=show)[0], np.float32, show)

    return HiddenTest(f"{f.func}.dtype", f.func, points,
                      Text(f"{f.func}: float32 de entrada, float32 de salida",
                           f"{f.func}: float32 in, float32 out"),
                      check, graded=frozenset({"dtype"}))


def elementwise_no_mutation(f: Elementwise, points: float) -> HiddenTest:
    """`<func>.no_mutation`: the input comes back unmodified."""

    def check(ctx: Ctx) -> None:
        expect_unchanged(ctx, f.func, (np.array([-2.0, -0.5, 0.0, 1.5]),), names=("z",))

    return HiddenTest(f"{f.func}.no_mutation", f.func, points,
                      Text(f"{f.func}: no modifica z", f"{f.func}: does not modify z"),
                      check, graded=frozenset({"no_mutation"}))


# --- strategies ---------------------------------------------------------------------------------
def floats(lo: float, hi: float, *, width: int = 64) -> st.SearchStrategy[float]:
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False, allow_subnormal=False,
                     width=width)


def arrays(shape: Any, lo: float = -10.0, hi: float = 10.0, *, dtype: Any = np.float64,
           elements: st.SearchStrategy | None = None) -> st.SearchStrategy[np.ndarray]:
    """float arrays with elements in [lo, hi]; shape a tuple or a strategy of tuples."""
    width = np.dtype(dtype).itemsize * 8
    return hnp.arrays(dtype, shape, elements=elements if elements is not None else floats(lo, hi, width=width))


def shapes(min_dims: int = 1, max_dims: int = 2, max_side: int = 5) -> st.SearchStrategy[tuple]:
    return hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=1, max_side=max_side)


def grid(lo: int, hi: int, step: float = 0.25) -> st.SearchStrategy[float]:
    """Multiples of `step` in [lo, hi]: sums are exact in floating point (no rounding ties)."""
    return st.integers(int(lo / step), int(hi / step)).map(lambda k: k * step)
