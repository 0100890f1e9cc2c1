"""Hidden tests of 11_universal_approximation: steps, bumps and sums of bumps of sigmoid units,
hinges of ReLU units, and the hidden units each construction needs.

Values are compared with the reference (reference/approx.py; torch.sigmoid and torch.relu
recorded as oracles). Extreme inputs (x far from the steps, w up to 1e6) must give right, finite
values and no NumPy warning. The sum of bumps is also graded through the bound the statement
states (away from the edges it is the height of x's interval, up to 2(n + 1)·max|h|·e^(−10)),
relu_approximation through np.interp (the hinges must reproduce the interpolant) and its
ValueError for knots that do not increase.

sigmoid_approximation(f, n, x, w) takes a Python function f, which cannot cross the sandbox
boundary: the tests send f as a recipe (`function_of_x`: an expression of x such as
sin(2πx) + x/2), built inside the sandbox by the grader's own code. It is graded against the
reference, and through the statement's bound: |g − f| ≤ f's variation on x's interval plus
2(n + 1)·max|f(m_j)|·e^(−10), away from the edges.

A failure's hint comes from running the known wrong variants on the same input.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
from hypothesis import strategies as st

from grader.grading.checks import (
    CheckFailure,
    Ctx,
    HiddenTest,
    Hint,
    Invalid,
    ShapeError,
    StudentError,
    Text,
    arrays,
    as_array,
    expect_dtype,
    expect_no_warnings,
    expect_sequence,
    expect_unchanged,
    first_mismatch,
    fmt,
    fmt_call,
    function_of_x,
    grid,
    made,
    pick_hint,
    rejected,
    shapes,
    value_case,
    value_case_on,
)
from reference import approx as R

VALUES, NO_MUT, DTYPE, BEHAVIOUR = (frozenset({"values"}), frozenset({"no_mutation"}),
                                    frozenset({"dtype"}), frozenset({"behaviour"}))
STABLE = frozenset({"stability", "no_warnings"})
SLIDES_X = np.array([0.0, 0.2, 0.39, 0.4, 0.41, 0.5, 0.59, 0.6, 0.61, 0.8, 1.0])


def _close(got: Any, value: Any) -> bool:
    try:
        g = np.asarray(got, dtype=np.float64)
        v = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    return g.shape == v.shape and bool(np.allclose(g, v, rtol=1e-6, atol=1e-9))


def _variant(f: Callable[..., Any], text: Text) -> Hint:
    """A wrong variant f(*args, **kwargs): its value is the student's -> text (when it differs
    from the expected one)."""
    def detect(a: tuple, k: dict, got: Any, exp: Any) -> bool:
        with np.errstate(all="ignore"):
            value = f(*a, **k)
        return not _close(exp, value) and _close(got, value)

    return Hint(detect, text)


def _flat(pair: Any) -> np.ndarray:
    """(b0, slopes) as one float array [b0, *slopes] (ValueError when it is not such a pair)."""
    b0, slopes = pair
    return np.concatenate([np.asarray(b0, dtype=float).reshape(1),
                           np.asarray(slopes, dtype=float).ravel()])


def _pair_variant(f: Callable[..., Any], text: Text) -> Hint:
    """A wrong variant returning (b0, slopes), compared on [b0, *slopes]."""
    def detect(a: tuple, k: dict, got: Any, exp: Any) -> bool:
        with np.errstate(all="ignore"):
            value = _flat(f(*a, **k))
        return not _close(_flat(exp), value) and _close(_flat(got), value)

    return Hint(detect, text)


def _sig(z: np.ndarray) -> np.ndarray:
    return R.sigmoid(np.asarray(z, dtype=np.float64))


def _raised_value_error(e: StudentError) -> bool:
    last = (e.traceback or "").strip().splitlines()[-1:] or [""]
    return e.status == "error" and (last[0].startswith("ValueError") or "ValueError" in e.message.en)


def _scalar_on(ctx: Ctx, func: str, got: Any, expected: float, show: str, what: str,
               hint: Text) -> None:
    """One returned number (a part of a tuple) against the reference's."""
    ctx.grade("values")
    try:
        g = as_array(got, func=func, shape=(), scalar=True, what=what)
    except (Invalid, ShapeError) as e:
        ctx.record("reference", "mismatch")
        raise rejected(e, func, show, fmt(expected), got, hint) from None
    mm = first_mismatch(g.astype(np.float64), np.asarray(expected, dtype=np.float64),
                        rtol=1e-6, atol=1e-9)
    ctx.record("reference", "mismatch" if mm else "match")
    if mm:
        raise CheckFailure(func, show, f"{what} = {fmt(expected)}", f"{what} = {fmt(g)}", hint,
                           what=Text(f"{what} incorrecto", f"wrong {what}"))


def _pair_case(ctx: Ctx, func: str, args: tuple, kw: dict, names: tuple[str, str],
               hints: list[Hint]) -> tuple:
    """A function returning a pair: the pair's shape, then each part against the reference."""
    show = fmt_call(func, args, kw)
    expected = getattr(R, func)(*args, **kw)
    got = expect_sequence(ctx, func, ctx.call(func, *args, **kw), 2, show,
                          f"({names[0]}, {names[1]})")
    text = pick_hint(hints, args, kw, got, expected)
    for i in range(2):
        exp = np.asarray(expected[i])
        if exp.ndim == 0:
            _scalar_on(ctx, func, got[i], float(exp), show, names[i], text)
        else:
            value_case_on(ctx, func, got[i], exp, show + f" → {names[i]}", args, kw,
                          [Hint(lambda *a: True, text)] if text else [], None)
    return got


# --- step_params ---------------------------------------------------------------------------------
STEP_HINTS = [
    _pair_variant(lambda s, w=1000.0: (w, w * s),
             Text("el signo de b: z = w·x + b vale 0 en x = s, así que b = −w·s (no w·s).",
                  "the sign of b: z = w·x + b is 0 at x = s, so b = −w·s (not w·s).")),
    _pair_variant(lambda s, w=1000.0: (w, -s / w),
             Text("de w·s + b = 0 se despeja b = −w·s (multiplica, no dividas: s = −b/w).",
                  "w·s + b = 0 gives b = −w·s (multiply, do not divide: s = −b/w).")),
    _pair_variant(lambda s, w=1000.0: (w, -s),
             Text("b = −w·s, no −s: el escalón de σ(w·x − s) está en x = s/w.",
                  "b = −w·s, not −s: the step of σ(w·x − s) is at x = s/w.")),
    _pair_variant(lambda s, w=1000.0: (-w * s, w),
             Text("devuelve la tupla en el orden (w, b).", "return the tuple in the order (w, b).")),
]


def step_params_values(ctx: Ctx) -> None:
    for args, kw in (((0.4,), {}), ((0.6,), {"w": 1000.0}), ((0.25, 10.0), {})):  # the slides' s
        _pair_case(ctx, "step_params", args, kw, ("w", "b"), STEP_HINTS)
    ctx.forall(st.tuples(grid(-2, 2, 0.125), st.sampled_from([1.0, 8.0, 100.0, 1000.0])),
               lambda sw: _pair_case(ctx, "step_params", sw, {}, ("w", "b"), STEP_HINTS),
               max_examples=10)


# --- sigmoid_bump --------------------------------------------------------------------------------
def _bump_swapped(x, s1, s2, h, w=1000.0):
    return h * (_sig(w * (np.asarray(x) - s2)) - _sig(w * (np.asarray(x) - s1)))


def _bump_no_h(x, s1, s2, h, w=1000.0):
    return _sig(w * (np.asarray(x) - s1)) - _sig(w * (np.asarray(x) - s2))


def _bump_b_minus_s(x, s1, s2, h, w=1000.0):
    return h * (_sig(w * np.asarray(x) - s1) - _sig(w * np.asarray(x) - s2))


def _bump_plus(x, s1, s2, h, w=1000.0):
    return h * (_sig(w * (np.asarray(x) + s1)) - _sig(w * (np.asarray(x) + s2)))


BUMP_HINTS = [
    _variant(_bump_swapped, Text(
        "la joroba es σ(w(x − s1)) − σ(w(x − s2)): el escalón que sube en s1 menos el que sube en "
        "s2 (al revés sale −h).",
        "the bump is σ(w(x − s1)) − σ(w(x − s2)): the step rising at s1 minus the one rising at "
        "s2 (the other way round gives −h).")),
    _variant(_bump_no_h, Text("multiplica la diferencia de sigmoides por la altura h.",
                              "multiply the difference of sigmoids by the height h.")),
    _variant(_bump_b_minus_s, Text(
        "el escalón en s es σ(w·x + b) con b = −w·s, es decir σ(w(x − s)); σ(w·x − s) tiene el "
        "escalón en s/w.",
        "the step at s is σ(w·x + b) with b = −w·s, that is σ(w(x − s)); σ(w·x − s) steps at s/w.")),
    _variant(_bump_plus, Text("el escalón en s es σ(w(x − s)), con un menos (σ(w(x + s)) está en −s).",
                              "the step at s is σ(w(x − s)), with a minus (σ(w(x + s)) is at −s).")),
]

OVERFLOW_HINT = Text(
    "con w = 1000 y x lejos del escalón, z = w(x − s) es enorme y np.exp(−z) desborda: calcula σ "
    "de forma estable, con e^(−|z|) (σ(z) = 1/(1 + e^(−z)) si z ≥ 0, e^z/(1 + e^z) si z < 0).",
    "with w = 1000 and x far from the step, z = w(x − s) is huge and np.exp(−z) overflows: compute "
    "σ stably, from e^(−|z|) (σ(z) = 1/(1 + e^(−z)) for z ≥ 0, e^z/(1 + e^z) for z < 0).")


def _bump_case(ctx: Ctx, args: tuple, kw: dict | None = None, prop: str = "values") -> np.ndarray:
    return value_case(ctx, "sigmoid_bump", args, kw or {}, hints=BUMP_HINTS, prop=prop,
                      figure="curve")


def bump_values(ctx: Ctx) -> None:
    _bump_case(ctx, (SLIDES_X.copy(), 0.4, 0.6, 0.8))  # the slides' s = 0.4 and 0.6, w = 1000
    _bump_case(ctx, (SLIDES_X.copy(), 0.4, 0.6, 1.0), {"w": 10.0})
    _bump_case(ctx, (np.linspace(-1.0, 1.0, 12).reshape(3, 4), -0.5, 0.25, -2.0, 4.0))
    bumps = st.tuples(arrays(shapes(1, 2, 6), -1.0, 2.0), grid(-1, 1, 0.125),
                      grid(0.125, 1, 0.125), grid(-3, 3, 0.25),
                      st.sampled_from([1.0, 5.0, 50.0, 1000.0]))
    ctx.forall(bumps, lambda b: _bump_case(ctx, (b[0], b[1], b[1] + b[2], b[3], b[4])),
               max_examples=15)


def bump_stability(ctx: Ctx) -> None:
    x = np.array([-1e4, -50.0, -1.0, 0.4, 0.5, 0.6, 2.0, 50.0, 1e4])
    for args in ((x, 0.4, 0.6, 1.0), (x, 0.4, 0.6, 3.0, 1e6)):
        _bump_case(ctx, (args[0].copy(), *args[1:]), prop="stability")
        expect_no_warnings(ctx, "sigmoid_bump", fmt_call("sigmoid_bump", args), OVERFLOW_HINT)


def bump_dtype(ctx: Ctx) -> None:
    x32 = np.array([0.3, 0.4, 0.5, 0.6, 0.7], dtype=np.float32)
    show = fmt_call("sigmoid_bump", (x32, 0.4, 0.6, 1.0))
    expect_dtype(ctx, "sigmoid_bump", ctx.invoke("sigmoid_bump", (x32, 0.4, 0.6, 1.0), show=show)[0],
                 np.float32, show)


def bump_no_mutation(ctx: Ctx) -> None:
    expect_unchanged(ctx, "sigmoid_bump", (np.array([0.0, 0.4, 0.5, 1.0]), 0.4, 0.6, 2.0),
                     names=("x",))


# --- midpoints -----------------------------------------------------------------------------------
MID_HINTS = [
    _variant(lambda n: np.arange(n) / n, Text(
        "k/n es el borde izquierdo del intervalo k; el punto medio es (k + 1/2)/n.",
        "k/n is the left edge of interval k; its midpoint is (k + 1/2)/n.")),
    _variant(lambda n: (np.arange(n) + 1) / n, Text(
        "(k + 1)/n es el borde derecho del intervalo k; el punto medio es (k + 1/2)/n.",
        "(k + 1)/n is the right edge of interval k; its midpoint is (k + 1/2)/n.")),
    _variant(lambda n: np.linspace(0, 1, n), Text(
        "np.linspace(0, 1, n) incluye los extremos 0 y 1: los puntos medios son (k + 1/2)/n, "
        "k = 0..n−1.",
        "np.linspace(0, 1, n) includes the ends 0 and 1: the midpoints are (k + 1/2)/n, "
        "k = 0..n−1.")),
]


def midpoints_values(ctx: Ctx) -> None:
    for n in (1, 2, 4, 10):
        value_case(ctx, "midpoints", (n,), hints=MID_HINTS, torch_key=None)
    ctx.forall(st.integers(1, 60), lambda n: value_case(ctx, "midpoints", (n,), hints=MID_HINTS,
                                                        torch_key=None), max_examples=8)


# --- sigmoid_sum ---------------------------------------------------------------------------------
def _sum_with_edges(edges_of: Callable[[int], np.ndarray]) -> Callable[..., np.ndarray]:
    def f(heights, x, w=1000.0):
        h = np.asarray(heights, dtype=np.float64)
        e = edges_of(len(h))
        xs = np.asarray(x, dtype=np.float64)[..., None]
        return np.sum(h * (_sig(w * (xs - e[:-1])) - _sig(w * (xs - e[1:]))), axis=-1)
    return f


def _sum_swapped(heights, x, w=1000.0):
    return -R.sigmoid_sum(heights, x, w)


def _sum_steps_only(heights, x, w=1000.0):
    h = np.asarray(heights, dtype=np.float64)
    n = len(h)
    xs = np.asarray(x, dtype=np.float64)[..., None]
    return np.sum(h * _sig(w * (xs - np.arange(n) / n)), axis=-1)


SUM_HINTS = [
    _variant(_sum_swapped, Text(
        "cada joroba es σ(w(x − k/n)) − σ(w(x − (k+1)/n)), en ese orden (al revés cambia el signo).",
        "each bump is σ(w(x − k/n)) − σ(w(x − (k+1)/n)), in that order (reversed, the sign flips).")),
    _variant(_sum_with_edges(lambda n: np.arange(n + 1) / (n + 1)), Text(
        "n jorobas parten [0, 1] en n intervalos iguales: los bordes son k/n, k = 0..n.",
        "n bumps split [0, 1] into n equal intervals: the edges are k/n, k = 0..n.")),
    _variant(_sum_steps_only, Text(
        "sumaste escalones, no jorobas: la joroba k es la diferencia de dos escalones, en k/n y en "
        "(k+1)/n.",
        "you summed steps, not bumps: bump k is the difference of two steps, at k/n and at (k+1)/n.")),
]


def _heights(max_n: int = 12) -> st.SearchStrategy[np.ndarray]:
    return st.integers(1, max_n).flatmap(lambda n: arrays((n,), elements=grid(-3, 3, 0.25)))


def _sum_case(ctx: Ctx, args: tuple, kw: dict | None = None, prop: str = "values") -> np.ndarray:
    return value_case(ctx, "sigmoid_sum", args, kw or {}, hints=SUM_HINTS, prop=prop,
                      figure="curve")


def sum_values(ctx: Ctx) -> None:
    # the worked example, plus points within 10/w of the edges, where the default w = 1000 shows
    _sum_case(ctx, (np.array([1.0, 2.0, 3.0, 4.0]),
                    np.array([0.0, 0.001, 0.1, 0.249, 0.25, 0.2505, 0.3, 0.5, 0.9, 0.999, 1.0])))
    _sum_case(ctx, (np.array([0.5, -1.0]), np.linspace(-0.5, 1.5, 9)), {"w": 20.0})
    _sum_case(ctx, (np.array([2.0]), np.array([[0.0, 0.5], [1.0, 2.0]]), 1000.0))
    cases = st.tuples(_heights(), arrays(shapes(1, 2, 6), -0.5, 1.5),
                      st.sampled_from([10.0, 100.0, 1000.0]))
    ctx.forall(cases, lambda c: _sum_case(ctx, c), max_examples=12)


def sum_bound(ctx: Ctx) -> None:
    """Away from every edge (distance >= 10/w), the sum is the height of x's interval up to
    2(n + 1)·max|h|·e^(−10)."""
    w = 1000.0

    def one(h: np.ndarray) -> None:
        n = len(h)
        x = np.linspace(0.0, 1.0, 401)
        d = np.min(np.abs(x[:, None] - np.arange(n + 1) / n), axis=1)
        x = x[d >= 10 / w]
        show = fmt_call("sigmoid_sum", (h, x))
        try:
            g = as_array(ctx.call("sigmoid_sum", h, x), func="sigmoid_sum", shape=x.shape)
        except (Invalid, ShapeError) as e:
            ctx.record("behaviour", "mismatch")
            raise rejected(e, "sigmoid_sum", show, f"array {x.shape}", None) from None
        k = np.minimum((x * n).astype(int), n - 1)
        tol = 2 * (n + 1) * float(np.max(np.abs(h))) * math.exp(-10) + 1e-9
        err = np.abs(g - h[k])
        bad = np.flatnonzero(~(err <= tol))
        if bad.size:
            ctx.record("behaviour", "mismatch")
            i = int(bad[0])
            raise CheckFailure(
                "sigmoid_sum", show, f"|g(x) − heights[{k[i]}]| <= {tol:.3g} (x = {x[i]:.4g})",
                f"g(x) = {fmt(g[i])}", Text(
                    "en el interior del intervalo k (a más de 10/w de los bordes) la suma vale "
                    "heights[k]: comprueba los bordes k/n y el orden de las jorobas.",
                    "inside interval k (farther than 10/w from the edges) the sum is heights[k]: "
                    "check the edges k/n and the order of the bumps."),
                what=Text("no cumple la cota del enunciado", "breaks the statement's bound"))
        ctx.record("behaviour", "match")

    one(np.array([1.0, 2.0, 3.0, 4.0]))
    ctx.forall(_heights(20), one, max_examples=8)


def sum_stability(ctx: Ctx) -> None:
    x = np.array([-1e4, -30.0, -1.0, 0.5, 2.0, 30.0, 1e4])
    h = np.array([1.0, -2.0, 0.5])
    for args in ((h, x), (h, x, 1e6)):
        _sum_case(ctx, tuple(a.copy() if isinstance(a, np.ndarray) else a for a in args),
                  prop="stability")
        expect_no_warnings(ctx, "sigmoid_sum", fmt_call("sigmoid_sum", args), OVERFLOW_HINT)


def sum_dtype(ctx: Ctx) -> None:
    h32 = np.array([1.0, 2.0, 3.0], dtype=np.float32)
    x32 = np.array([0.1, 0.5, 0.9], dtype=np.float32)
    show = fmt_call("sigmoid_sum", (h32, x32))
    expect_dtype(ctx, "sigmoid_sum", ctx.invoke("sigmoid_sum", (h32, x32), show=show)[0],
                 np.float32, show)


def sum_no_mutation(ctx: Ctx) -> None:
    expect_unchanged(ctx, "sigmoid_sum", (np.array([1.0, -1.0, 2.0]), np.array([0.1, 0.5, 0.9])),
                     names=("heights", "x"))


# --- sigmoid_approximation -----------------------------------------------------------------------
TWO_PI = 2 * math.pi
# f as recipes (built inside the sandbox): the worked example's t², the slides-like sin(2πt) +
# t/2, a kinked |t − 0.3|, a piecewise-linear tent and a jump at 0.55
FUNCTIONS = [
    function_of_x(["square", "x"], "f = lambda t: t**2"),
    function_of_x(["add", ["sin", ["mul", TWO_PI, "x"]], ["mul", 0.5, "x"]],
                  "f = lambda t: np.sin(2*np.pi*t) + t/2"),
    function_of_x(["abs", ["sub", "x", 0.3]], "f = lambda t: np.abs(t - 0.3)"),
    function_of_x(["interp", "x", [0.0, 0.2, 0.7, 1.0], [0.0, 2.0, -1.0, 0.5]],
                  "f = lambda t: np.interp(t, [0, 0.2, 0.7, 1], [0, 2, -1, 0.5])"),
    function_of_x(["step", ["sub", "x", 0.55]], "f = lambda t: np.where(t >= 0.55, 1.0, 0.0)"),
]


def _approx_left(f, n, x, w=1000.0):
    return R.sigmoid_sum(np.asarray(f(np.arange(n) / n), dtype=np.float64), x, w)


def _approx_n_plus_1(f, n, x, w=1000.0):
    return R.sigmoid_sum(np.asarray(f(R.midpoints(n + 1)), dtype=np.float64), x, w)


def _approx_on_x(f, n, x, w=1000.0):
    return np.asarray(f(np.asarray(x, dtype=np.float64)), dtype=np.float64)


APPROX_HINTS = [
    _variant(_approx_left, Text(
        "las alturas son f en los puntos medios m_k = (k + 1/2)/n, no en los bordes k/n.",
        "the heights are f at the midpoints m_k = (k + 1/2)/n, not at the edges k/n.")),
    _variant(_approx_n_plus_1, Text(
        "n jorobas: n alturas f(m_0), …, f(m_(n−1)) con midpoints(n).",
        "n bumps: n heights f(m_0), …, f(m_(n−1)) from midpoints(n).")),
    _variant(_approx_on_x, Text(
        "devuelves f(x): la red devuelve la suma de jorobas sigmoid_sum(f(midpoints(n)), x, w).",
        "you return f(x): the network returns the sum of bumps sigmoid_sum(f(midpoints(n)), x, "
        "w).")),
    Hint(lambda a, k, g, e: True, Text(
        "g = sigmoid_sum(f(midpoints(n)), x, w): n jorobas de alturas f(m_k).",
        "g = sigmoid_sum(f(midpoints(n)), x, w): n bumps of heights f(m_k).")),
]


def _approx_case(ctx: Ctx, args: tuple, kw: dict | None = None) -> np.ndarray:
    return value_case(ctx, "sigmoid_approximation", args, kw or {}, hints=APPROX_HINTS,
                      torch_key=None, figure="curve")


def approx_values(ctx: Ctx) -> None:
    x = np.linspace(0.0, 1.0, 21)
    _approx_case(ctx, (FUNCTIONS[0], 4, np.array([0.0, 0.1, 0.25, 0.3, 0.9, 1.0])))
    _approx_case(ctx, (FUNCTIONS[1], 10, x))
    _approx_case(ctx, (FUNCTIONS[2], 7, x), {"w": 100.0})
    _approx_case(ctx, (FUNCTIONS[3], 1, x, 20.0))
    _approx_case(ctx, (FUNCTIONS[4], 5, np.array([[0.1, 0.5], [0.62, 0.95]])))


def approx_bound(ctx: Ctx) -> None:
    """Away from the edges (distance >= 10/w): |g(x) − f(x)| <= max over x's interval I_k of
    |f(t) − f(m_k)| + 2(n + 1)·max_j |f(m_j)|·e^(−10) (the variation measured on 201 points of
    I_k, plus 1e-9)."""
    w = 1000.0
    for recipe, n in ((FUNCTIONS[1], 50), (FUNCTIONS[0], 12), (FUNCTIONS[3], 20),
                      (FUNCTIONS[4], 9)):
        f = made(recipe)
        x = np.linspace(0.0, 1.0, 501)
        d = np.min(np.abs(x[:, None] - np.arange(n + 1) / n), axis=1)
        x = x[d >= 10 / w]
        show = fmt_call("sigmoid_approximation", (recipe, n, x))
        try:
            g = as_array(ctx.call("sigmoid_approximation", recipe, n, x),
                         func="sigmoid_approximation", shape=x.shape)
        except (Invalid, ShapeError) as e:
            ctx.record("behaviour", "mismatch")
            raise rejected(e, "sigmoid_approximation", show, f"array {x.shape}", None) from None
        m = R.midpoints(n)
        fm = f(m)
        variation = np.array([np.max(np.abs(f(np.linspace(k / n, (k + 1) / n, 201)) - fm[k]))
                              for k in range(n)])
        k = np.minimum((x * n).astype(int), n - 1)
        tol = variation[k] + 2 * (n + 1) * float(np.max(np.abs(fm))) * math.exp(-10) + 1e-9
        err = np.abs(g - f(x))
        bad = np.flatnonzero(~(err <= tol))
        if bad.size:
            ctx.record("behaviour", "mismatch")
            i = int(bad[0])
            raise CheckFailure(
                "sigmoid_approximation", show,
                f"|g(x) − f(x)| <= {tol[i]:.3g} (x = {x[i]:.4g})",
                f"|g(x) − f(x)| = {err[i]:.3g}", Text(
                    "lejos de los bordes la red vale f(m_k) en el intervalo k, a menos de la "
                    "variación de f en él: las alturas son f(midpoints(n)).",
                    "away from the edges the network is f(m_k) on interval k, within f's "
                    "variation there: the heights are f(midpoints(n))."),
                what=Text("no cumple la cota del enunciado", "breaks the statement's bound"))
    ctx.record("behaviour", "match")


# --- relu_approximation --------------------------------------------------------------------------
def _seg_slopes(knots, values):
    k, v = np.asarray(knots, dtype=float), np.asarray(values, dtype=float)
    return np.diff(v) / np.diff(k)


RELU_APPROX_HINTS = [
    _pair_variant(lambda k, v: (float(np.asarray(v)[0]), _seg_slopes(k, v)), Text(
        "esas son las pendientes de los tramos m_i; cada bisagra suma el CAMBIO de pendiente: "
        "slopes[0] = m_0 y slopes[i] = m_i − m_(i−1).",
        "those are the segments' slopes m_i; each hinge adds the CHANGE of slope: slopes[0] = m_0 "
        "and slopes[i] = m_i − m_(i−1).")),
    _pair_variant(lambda k, v: (float(np.asarray(v)[0]),
                                np.diff(np.diff(np.asarray(v, dtype=float)), prepend=0.0)), Text(
        "la pendiente de un tramo es Δvalues/Δknots: divide entre la anchura del tramo.",
        "a segment's slope is Δvalues/Δknots: divide by the segment's width.")),
    _pair_variant(lambda k, v: (0.0, R.relu_approximation(k, v)[1]), Text(
        "b0 = values[0]: en x = knots[0] ninguna bisagra ha empezado, g(knots[0]) = b0.",
        "b0 = values[0]: at x = knots[0] no hinge has started, g(knots[0]) = b0.")),
]


def _knots_values(max_k: int = 8) -> st.SearchStrategy[tuple[np.ndarray, np.ndarray]]:
    def build(k: int) -> st.SearchStrategy:
        knots = st.lists(st.integers(-16, 16), min_size=k, max_size=k, unique=True).map(
            lambda v: np.sort(np.array(v, dtype=float)) / 4)
        return st.tuples(knots, arrays((k,), elements=grid(-3, 3, 0.25)))
    return st.integers(2, max_k).flatmap(build)


def _relu_approx_case(ctx: Ctx, knots: np.ndarray, values: np.ndarray) -> None:
    _pair_case(ctx, "relu_approximation", (knots, values), {}, ("b0", "slopes"), RELU_APPROX_HINTS)


def relu_approx_values(ctx: Ctx) -> None:
    _relu_approx_case(ctx, np.array([0.0, 0.4, 0.6, 1.0]), np.array([0.0, 1.0, 1.0, 0.0]))
    _relu_approx_case(ctx, np.array([-1.0, 0.0, 2.0]), np.array([3.0, 1.0, 2.0]))
    ctx.forall(_knots_values(), lambda kv: _relu_approx_case(ctx, *kv), max_examples=12)


def relu_approx_interp(ctx: Ctx) -> None:
    """b0 + Σ slopes[i]·relu(x − knots[i]) == np.interp(x, knots, values) on [knots[0], knots[-1]]
    (evaluated with the reference's relu_eval), and ValueError for knots that do not increase."""
    def one(kv: tuple[np.ndarray, np.ndarray]) -> None:
        knots, values = kv
        show = fmt_call("relu_approximation", kv)
        got = expect_sequence(ctx, "relu_approximation", ctx.call("relu_approximation", *kv), 2,
                              show, "(b0, slopes)")
        try:
            b0 = float(as_array(got[0], func="relu_approximation", shape=(), scalar=True))
            slopes = as_array(got[1], func="relu_approximation", shape=(len(knots) - 1,))
        except (Invalid, ShapeError) as e:
            ctx.record("behaviour", "mismatch")
            raise rejected(e, "relu_approximation", show, f"(b0, slopes de {len(knots) - 1})",
                           got) from None
        x = np.linspace(knots[0], knots[-1], 97)
        g = R.relu_eval(x, knots, b0, slopes)
        want = np.interp(x, knots, values)
        if not np.allclose(g, want, rtol=1e-6, atol=1e-9):
            ctx.record("behaviour", "mismatch")
            i = int(np.argmax(np.abs(g - want)))
            raise CheckFailure(
                "relu_approximation", show, f"np.interp({x[i]:.4g}) = {want[i]:.6g}",
                f"b0 + Σ slopes[i]·relu(x − knots[i]) = {g[i]:.6g}", Text(
                    "las bisagras deben reproducir la interpolación lineal: en cada nudo la "
                    "pendiente cambia en slopes[i] = m_i − m_(i−1).",
                    "the hinges must reproduce the linear interpolant: at each knot the slope "
                    "changes by slopes[i] = m_i − m_(i−1)."),
                what=Text("no coincide con np.interp", "does not match np.interp"))
        ctx.record("behaviour", "match")

    one((np.array([0.0, 0.4, 0.6, 1.0]), np.array([0.0, 1.0, 1.0, 0.0])))
    ctx.forall(_knots_values(10), one, max_examples=8)
    for knots in (np.array([0.0, 0.5, 0.5, 1.0]), np.array([1.0, 0.5, 0.0, -0.5])):
        args = (knots, np.array([0.0, 1.0, 2.0, 3.0]))
        show = fmt_call("relu_approximation", args)
        try:
            got = ctx.invoke("relu_approximation", args, show=show)[0]
        except StudentError as e:
            if _raised_value_error(e):
                continue
            ctx.record("behaviour", "mismatch")
            if "NotImplementedError" in (e.traceback or ""):
                raise
            raise StudentError(e.status, e.function, e.message + Text(
                "\nPista: se espera ValueError si los nudos no crecen estrictamente.",
                "\nHint: a ValueError is expected when the knots do not strictly increase."),
                traceback=e.traceback, stdout=e.stdout) from None
        ctx.record("behaviour", "mismatch")
        raise CheckFailure(
            "relu_approximation", show, "ValueError", fmt(got, max_chars=200), Text(
                "comprueba que knots crece estrictamente (np.all(np.diff(knots) > 0)) y si no, "
                "lanza ValueError: un nudo repetido divide entre cero.",
                "check that knots strictly increase (np.all(np.diff(knots) > 0)) and raise "
                "ValueError otherwise: a repeated knot divides by zero."),
            what=Text("nudos que no crecen: no lanza ValueError",
                      "knots that do not increase: no ValueError"))


def relu_approx_no_mutation(ctx: Ctx) -> None:
    expect_unchanged(ctx, "relu_approximation",
                     (np.array([0.0, 0.4, 0.6, 1.0]), np.array([0.0, 1.0, 1.0, 0.0])),
                     names=("knots", "values"))


# --- relu_eval -----------------------------------------------------------------------------------
def _eval_with(hinge: Callable[[np.ndarray, np.ndarray], np.ndarray], with_b0: bool = True):
    def f(x, knots, b0, slopes):
        s = np.asarray(slopes, dtype=float)
        k = np.asarray(knots, dtype=float)[: len(s)]
        xs = np.asarray(x, dtype=float)[..., None]
        return (b0 if with_b0 else 0.0) + np.sum(s * hinge(xs, k), axis=-1)
    return f


RELU_EVAL_HINTS = [
    _variant(_eval_with(lambda x, k: np.maximum(k - x, 0)), Text(
        "la bisagra en knots[i] es relu(x − knots[i]): vale 0 a la izquierda del nudo y crece a "
        "su derecha.",
        "the hinge at knots[i] is relu(x − knots[i]): 0 left of the knot, growing to its right.")),
    _variant(_eval_with(lambda x, k: np.maximum(x - k, 0), with_b0=False), Text(
        "falta el término independiente b0: g(x) = b0 + Σ slopes[i]·relu(x − knots[i]).",
        "the constant b0 is missing: g(x) = b0 + Σ slopes[i]·relu(x − knots[i]).")),
    _variant(_eval_with(lambda x, k: x - k), Text(
        "aplica relu: max(0, x − knots[i]), no x − knots[i].",
        "apply the relu: max(0, x − knots[i]), not x − knots[i].")),
]


def _eval_case(ctx: Ctx, args: tuple) -> np.ndarray:
    return value_case(ctx, "relu_eval", args, hints=RELU_EVAL_HINTS, figure="curve")


def relu_eval_values(ctx: Ctx) -> None:
    knots = np.array([0.0, 0.4, 0.6, 1.0])
    _eval_case(ctx, (np.linspace(-0.2, 1.2, 15), knots, 0.0, np.array([2.5, -2.5, -2.5])))
    _eval_case(ctx, (np.array([[-1.0, 0.0], [1.0, 3.0]]), np.array([-1.0, 0.0, 2.0]), 3.0,
                     np.array([-2.0, 2.5])))

    def one(c: tuple) -> None:
        (knots, values), x = c
        b0, slopes = R.relu_approximation(knots, values)
        _eval_case(ctx, (x, knots, b0, slopes))

    ctx.forall(st.tuples(_knots_values(), arrays(shapes(1, 2, 6), -5, 5)), one, max_examples=12)


def relu_eval_dtype(ctx: Ctx) -> None:
    args = (np.array([-0.5, 0.5, 1.5], dtype=np.float32), np.array([0.0, 1.0], dtype=np.float32),
            1.0, np.array([2.0], dtype=np.float32))
    show = fmt_call("relu_eval", args)
    expect_dtype(ctx, "relu_eval", ctx.invoke("relu_eval", args, show=show)[0], np.float32, show)


def relu_eval_no_mutation(ctx: Ctx) -> None:
    expect_unchanged(ctx, "relu_eval", (np.array([-0.5, 0.5, 1.5]), np.array([0.0, 1.0, 2.0]), 1.0,
                                        np.array([2.0, -1.0])), names=("x", "knots", "b0", "slopes"))


# --- hidden_units --------------------------------------------------------------------------------
UNIT_HINTS = [
    _variant(lambda n, kind: n, Text(
        "cada joroba necesita dos unidades sigmoides (un escalón que sube en s1 y otro que baja "
        "en s2): 2n para n jorobas; cada bisagra ReLU es una unidad.",
        "each bump needs two sigmoid units (a step up at s1 and one down at s2): 2n for n bumps; "
        "each ReLU hinge is one unit.")),
    _variant(lambda n, kind: n + 1 if kind == "sigmoid" else n, Text(
        "en la construcción del enunciado cada joroba tiene sus dos unidades propias: 2n, sin "
        "compartir escalones.",
        "in the statement's construction each bump has its own two units: 2n, no shared steps.")),
    _variant(lambda n, kind: 2 * n, Text(
        "una bisagra ReLU es una sola unidad: n para n bisagras (2n es para las jorobas).",
        "a ReLU hinge is a single unit: n for n hinges (2n is for the bumps).")),
]


def units_values(ctx: Ctx) -> None:
    for n in (1, 3, 10, 500):
        for kind in ("sigmoid", "relu"):
            value_case(ctx, "hidden_units", (n, kind), hints=UNIT_HINTS, exact=True, scalar=True,
                       torch_key=None)


def units_invalid(ctx: Ctx) -> None:
    for kind in ("tanh", "step"):
        args = (4, kind)
        show = fmt_call("hidden_units", args)
        try:
            got = ctx.invoke("hidden_units", args, show=show)[0]
        except StudentError as e:
            if _raised_value_error(e):
                ctx.record("behaviour", "match")
                continue
            ctx.record("behaviour", "mismatch")
            raise
        ctx.record("behaviour", "mismatch")
        raise CheckFailure(
            "hidden_units", show, "ValueError", fmt(got), Text(
                "solo hay dos construcciones, \"sigmoid\" y \"relu\": con otro kind lanza "
                "ValueError.",
                "there are two constructions only, \"sigmoid\" and \"relu\": for any other kind "
                "raise ValueError."),
            what=Text(f"kind = {kind!r} no lanza ValueError", f"kind = {kind!r} raises no ValueError"))


def _t(id: str, function: str, points: float, es: str, en: str, check: Callable[[Ctx], None],
       graded: frozenset) -> HiddenTest:
    return HiddenTest(id, function, points, Text(es, en), check, graded=graded)


TESTS = [
    _t("step_params.values", "step_params", 0.5,
       "b = −w·s: s = 0.4 y 0.6 de las diapositivas (w = 1000 por defecto), otros s y w",
       "b = −w·s: the slides' s = 0.4 and 0.6 (w = 1000 by default), other s and w",
       step_params_values, VALUES),
    _t("sigmoid_bump.values", "sigmoid_bump", 1.0,
       "la joroba de las diapositivas (s1 = 0.4, s2 = 0.6, w = 1000 por defecto) y jorobas "
       "aleatorias, frente a la referencia (torch.sigmoid registrado)",
       "the slides' bump (s1 = 0.4, s2 = 0.6, w = 1000 by default) and random bumps, against the "
       "reference (torch.sigmoid recorded)", bump_values, VALUES),
    _t("sigmoid_bump.stability", "sigmoid_bump", 0.5,
       "x hasta ±1e4 con w = 1000 y w = 1e6: valores correctos y finitos, sin avisos",
       "x up to ±1e4 with w = 1000 and w = 1e6: right and finite values, no warnings",
       bump_stability, STABLE),
    _t("sigmoid_bump.dtype", "sigmoid_bump", 0.25, "x float32 da float32",
       "float32 x gives float32", bump_dtype, DTYPE),
    _t("sigmoid_bump.no_mutation", "sigmoid_bump", 0.25, "no modifica x", "does not modify x",
       bump_no_mutation, NO_MUT),
    _t("midpoints.values", "midpoints", 0.5, "(k + 1/2)/n para n = 1..60",
       "(k + 1/2)/n for n = 1..60", midpoints_values, VALUES),
    _t("sigmoid_sum.values", "sigmoid_sum", 0.75,
       "sumas de 1 a 12 jorobas con w = 1000 (por defecto), 100, 20 y 10, frente a la referencia",
       "sums of 1 to 12 bumps with w = 1000 (default), 100, 20 and 10, against the reference",
       sum_values, VALUES),
    _t("sigmoid_sum.bound", "sigmoid_sum", 0.5,
       "a más de 10/w de los bordes k/n la suma vale heights[k] salvo 2(n + 1)·max|h|·e^(−10) "
       "(w = 1000, hasta 20 jorobas)",
       "farther than 10/w from the edges k/n the sum is heights[k] up to "
       "2(n + 1)·max|h|·e^(−10) (w = 1000, up to 20 bumps)", sum_bound, BEHAVIOUR),
    _t("sigmoid_sum.stability", "sigmoid_sum", 0.5,
       "x hasta ±1e4 con w = 1000 y w = 1e6: valores correctos y finitos, sin avisos",
       "x up to ±1e4 with w = 1000 and w = 1e6: right and finite values, no warnings",
       sum_stability, STABLE),
    _t("sigmoid_sum.dtype", "sigmoid_sum", 0.25, "heights y x float32 dan float32",
       "float32 heights and x give float32", sum_dtype, DTYPE),
    _t("sigmoid_sum.no_mutation", "sigmoid_sum", 0.25, "no modifica heights ni x",
       "does not modify heights or x", sum_no_mutation, NO_MUT),
    _t("sigmoid_approximation.values", "sigmoid_approximation", 0.75,
       "f = t², sin(2πt) + t/2, |t − 0.3|, un tramo lineal y un salto, con n = 1..10 y w = 1000 "
       "(por defecto), 100 y 20, frente a la referencia",
       "f = t², sin(2πt) + t/2, |t − 0.3|, a piecewise-linear f and a jump, with n = 1..10 and "
       "w = 1000 (default), 100 and 20, against the reference", approx_values, VALUES),
    _t("sigmoid_approximation.bound", "sigmoid_approximation", 0.5,
       "a más de 10/w de los bordes, |g − f| ≤ variación de f en el intervalo + "
       "2(n + 1)·max|f(m_j)|·e^(−10) (w = 1000; sin(2πt) + t/2 con n = 50, t², un tramo lineal "
       "y un salto)",
       "farther than 10/w from the edges, |g − f| ≤ f's variation on the interval + "
       "2(n + 1)·max|f(m_j)|·e^(−10) (w = 1000; sin(2πt) + t/2 with n = 50, t², a "
       "piecewise-linear f and a jump)", approx_bound, BEHAVIOUR),
    _t("relu_approximation.values", "relu_approximation", 0.75,
       "(b0, slopes) de la figura de las diapositivas (0, 0.4, 0.6, 1) y de nudos aleatorios, "
       "frente a la referencia",
       "(b0, slopes) of the slides' figure (0, 0.4, 0.6, 1) and of random knots, against the "
       "reference", relu_approx_values, VALUES),
    _t("relu_approximation.interp", "relu_approximation", 0.5,
       "b0 + Σ slopes[i]·relu(x − knots[i]) coincide con np.interp en [knots[0], knots[−1]]; "
       "nudos repetidos o decrecientes lanzan ValueError",
       "b0 + Σ slopes[i]·relu(x − knots[i]) equals np.interp on [knots[0], knots[−1]]; repeated "
       "or decreasing knots raise ValueError", relu_approx_interp, BEHAVIOUR),
    _t("relu_approximation.no_mutation", "relu_approximation", 0.25, "no modifica knots ni values",
       "does not modify knots or values", relu_approx_no_mutation, NO_MUT),
    _t("relu_eval.values", "relu_eval", 0.75,
       "sumas de bisagras fijas y aleatorias, dentro y fuera de [knots[0], knots[−1]], frente a la "
       "referencia (torch.relu registrado)",
       "fixed and random hinge sums, inside and outside [knots[0], knots[−1]], against the "
       "reference (torch.relu recorded)", relu_eval_values, VALUES),
    _t("relu_eval.dtype", "relu_eval", 0.25, "x, knots y slopes float32 dan float32",
       "float32 x, knots and slopes give float32", relu_eval_dtype, DTYPE),
    _t("relu_eval.no_mutation", "relu_eval", 0.25, "no modifica x, knots ni slopes",
       "does not modify x, knots or slopes", relu_eval_no_mutation, NO_MUT),
    _t("hidden_units.values", "hidden_units", 0.5,
       "2n para \"sigmoid\" y n para \"relu\", n = 1, 3, 10 y 500",
       "2n for \"sigmoid\" and n for \"relu\", n = 1, 3, 10 and 500", units_values, VALUES),
    _t("hidden_units.invalid", "hidden_units", 0.25, "otro kind lanza ValueError",
       "another kind raises ValueError", units_invalid, BEHAVIOUR),
]
