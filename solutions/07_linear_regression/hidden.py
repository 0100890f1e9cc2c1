"""Hidden tests of 07_linear_regression: ŷ = θ0 + θ1·x, J = 1/(2m) Σ (ŷ − y)², its gradient, the
simultaneous gradient-descent step, the fit with its history of J, and the train/val/test split.

Values are compared with the reference (reference.linreg) and recorded against torch (autograd
of J, torch.optim.SGD) on fixed cases (the statement's worked example) and derandomized
hypothesis data. A wrong value is diagnosed by running the known wrong variants on the same
input (sequential update, J without the ½, gradient without 1/m, history without the initial J,
validation taken first, the global np.random generator...): the hint of the variant that
reproduces the student's value is the one shown. Each test calls only the function it grades;
the inputs must never be modified; float32 data is computed in float64 without warnings.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
from hypothesis import strategies as st

from grader.grading.checks import (
    EMPTY,
    CheckFailure,
    Ctx,
    HiddenTest,
    Hint,
    Invalid,
    ShapeError,
    Text,
    arrays,
    as_array,
    expect_dtype,
    expect_no_warnings,
    expect_sequence,
    expect_unchanged,
    first_mismatch,
    floats,
    fmt,
    fmt_call,
    pick_hint,
    record_torch,
    ref,
    rejected,
    tolerance,
    value_case,
)
from reference import linreg as R

RTOL, ATOL = tolerance(np.float64)


# --- data ---------------------------------------------------------------------------------------
def worked() -> tuple[np.ndarray, np.ndarray]:
    """The statement's worked example: x = 1..4, y = 1 + 2x (a fresh pair per call)."""
    return np.array([1.0, 2.0, 3.0, 4.0]), np.array([3.0, 5.0, 7.0, 9.0])


def noisy() -> tuple[np.ndarray, np.ndarray]:
    """Five points near y = 0.5 − 1.5x with mean(x) ≠ 0 (a sequential update shows)."""
    return np.array([-1.0, 0.5, 1.0, 2.0, 3.5]), np.array([2.25, 0.0, -1.5, -2.0, -5.0])


def big32() -> tuple[np.ndarray, np.ndarray]:
    """float32 data whose squared residuals (~1e39) do not fit in float32 (max 3.4e38)."""
    return (np.array([1e19, -2e19, 3e19], dtype=np.float32),
            np.array([-1e20, 5e19, 0.0], dtype=np.float32))


def big64() -> tuple[np.ndarray, np.ndarray]:
    """float64 data with residuals ~1e150: squares ~1e300, still finite."""
    return np.array([2e149, -1e150, 5e149]), np.array([-3e150, 1e150, 0.0])


@st.composite
def line_case(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, float, float]:
    m = draw(st.integers(1, 12))
    x = draw(arrays((m,), -3.0, 3.0))
    y = draw(arrays((m,), -5.0, 5.0))
    return x, y, draw(floats(-2.0, 2.0)), draw(floats(-2.0, 2.0))


# --- the known wrong variants (float64, on the same inputs) ------------------------------------
def _r(a: tuple) -> tuple[np.ndarray, np.ndarray]:
    x, y = (np.asarray(v, dtype=np.float64) for v in a[:2])
    return x, float(a[2]) + float(a[3]) * x - y


def _grads(x: Any, y: Any, t0: float, t1: float) -> tuple[float, float]:
    return R.gradients(x, y, t0, t1)


def _seq0(x: Any, y: Any, t0: float, t1: float, alpha: float) -> tuple[float, float]:
    """θ0 first, then θ1 from the NEW θ0."""
    t0n = t0 - alpha * _grads(x, y, t0, t1)[0]
    return t0n, t1 - alpha * _grads(x, y, t0n, t1)[1]


def _seq1(x: Any, y: Any, t0: float, t1: float, alpha: float) -> tuple[float, float]:
    """θ1 first, then θ0 from the NEW θ1."""
    t1n = t1 - alpha * _grads(x, y, t0, t1)[1]
    return t0 - alpha * _grads(x, y, t0, t1n)[0], t1n


def _close(got: Any, want: Any) -> bool:
    g, w = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    return g.shape == w.shape and bool(np.allclose(g, w, rtol=1e-9, atol=1e-12))


SEQUENTIAL = Text(
    "es la actualización secuencial: calculaste θ0 nuevo y luego el gradiente de θ1 con ese θ0 "
    "nuevo (o al revés). La regla de las diapositivas es simultánea: calcula d0 y d1 con los θ "
    "VIEJOS y sólo después actualiza ambos (`d0, d1 = gradients(x, y, theta0, theta1)`; "
    "`return theta0 - alpha * d0, theta1 - alpha * d1`).",
    "that is the sequential update: you computed the new θ0 and then θ1's gradient with that new "
    "θ0 (or the other way round). The slides' rule is simultaneous: compute d0 and d1 from the "
    "OLD θ and only then update both (`d0, d1 = gradients(x, y, theta0, theta1)`; "
    "`return theta0 - alpha * d0, theta1 - alpha * d1`).")
FLOAT64 = Text(
    "calcula en float64 (`x = np.asarray(x, dtype=float)`, igual con y): con datos float32 los "
    "cuadrados de residuos de 1e19 no caben en float32 (máximo 3.4e38) y dan inf con un aviso "
    "de overflow.",
    "compute in float64 (`x = np.asarray(x, dtype=float)`, the same for y): with float32 data "
    "the squares of residuals of 1e19 do not fit in float32 (max 3.4e38) and give inf with an "
    "overflow warning.")

PREDICT_HINTS = [
    Hint(lambda a, k, g, e: _close(g, a[2] + a[1] * np.asarray(a[0], dtype=float)),
         Text("θ0 es la ordenada en el origen y θ1 la pendiente: ŷ = θ0 + θ1·x.",
              "θ0 is the intercept and θ1 the slope: ŷ = θ0 + θ1·x.")),
    Hint(lambda a, k, g, e: _close(g, a[1] * np.asarray(a[0], dtype=float)),
         Text("falta sumar θ0: ŷ = θ0 + θ1·x.", "θ0 is not added: ŷ = θ0 + θ1·x.")),
]

COST_HINTS = [
    Hint(lambda a, k, g, e: _close(g, 2 * e) and e != 0,
         Text("falta el ½: J = 1/(2m)·Σ(ŷ − y)². Lo que devuelves es el MSE de la diapositiva "
              "de la función de coste, (1/m)·Σ(ŷ − y)², que es 2J; el ½ hace que la derivada sea "
              "exactamente la regla de θ0 y θ1 (sin el 2).",
              "the ½ is missing: J = 1/(2m)·Σ(ŷ − y)². You return the slides' MSE, "
              "(1/m)·Σ(ŷ − y)², which is 2J; the ½ makes the derivative exactly the θ0, θ1 "
              "rule (without the 2).")),
    Hint(lambda a, k, g, e: _close(g, 2 * len(a[0]) * e) and e != 0,
         Text("falta dividir entre 2m: J = 1/(2m)·Σ(ŷ − y)², no Σ(ŷ − y)².",
              "divide by 2m: J = 1/(2m)·Σ(ŷ − y)², not Σ(ŷ − y)².")),
    Hint(lambda a, k, g, e: _close(g, len(a[0]) * e) and e != 0,
         Text("falta dividir entre m: J = 1/(2m)·Σ(ŷ − y)², no ½·Σ(ŷ − y)².",
              "divide by m: J = 1/(2m)·Σ(ŷ − y)², not ½·Σ(ŷ − y)².")),
    Hint(lambda a, k, g, e: _close(g, math.sqrt(2 * e)) and e != 0,
         Text("eso es la raíz del error cuadrático medio (RMSE); J = 1/(2m)·Σ(ŷ − y)² no lleva "
              "raíz.", "that is the root mean squared error (RMSE); J = 1/(2m)·Σ(ŷ − y)² has "
              "no square root.")),
    Hint(lambda a, k, g, e: _close(g, np.mean(_r(a)[1]) ** 2 / 2),
         Text("primero se eleva al cuadrado cada residuo y luego se promedia: "
              "J = 1/(2m)·Σ(ŷ − y)², no (1/m·Σ(ŷ − y))²/2.",
              "square each residual first, then average: J = 1/(2m)·Σ(ŷ − y)², not "
              "(1/m·Σ(ŷ − y))²/2.")),
]

GRADIENT_HINTS = [
    Hint(lambda a, k, g, e: _close(g, len(a[0]) * np.asarray(e)) and len(a[0]) > 1,
         Text("falta el 1/m: d0 = (1/m)·Σ(ŷ − y), d1 = (1/m)·Σ(ŷ − y)·x (la media, no la suma).",
              "the 1/m is missing: d0 = (1/m)·Σ(ŷ − y), d1 = (1/m)·Σ(ŷ − y)·x (the mean, not the "
              "sum).")),
    Hint(lambda a, k, g, e: _close(g, -np.asarray(e)),
         Text("el signo: el residuo es ŷ − y (predicción menos dato), no y − ŷ.",
              "the sign: the residual is ŷ − y (prediction minus data), not y − ŷ.")),
    Hint(lambda a, k, g, e: _close(g, 2 * np.asarray(e)),
         Text("sobra el 2: J ya lleva el ½, así que ∂J/∂θ0 = (1/m)·Σ(ŷ − y) (el 2 del cuadrado "
              "se cancela con el ½).",
              "the 2 is extra: J has the ½, so ∂J/∂θ0 = (1/m)·Σ(ŷ − y) (the square's 2 cancels "
              "the ½).")),
    Hint(lambda a, k, g, e: _close(g, np.asarray(e)[::-1]),
         Text("el orden: devuelve (d0, d1) = (∂J/∂θ0, ∂J/∂θ1).",
              "the order: return (d0, d1) = (∂J/∂θ0, ∂J/∂θ1).")),
    Hint(lambda a, k, g, e: _close(g[0], e[0]) and _close(g[1], e[0]),
         Text("d1 lleva el factor x⁽ⁱ⁾: d1 = (1/m)·Σ(ŷ⁽ⁱ⁾ − y⁽ⁱ⁾)·x⁽ⁱ⁾.",
              "d1 has the factor x⁽ⁱ⁾: d1 = (1/m)·Σ(ŷ⁽ⁱ⁾ − y⁽ⁱ⁾)·x⁽ⁱ⁾.")),
]


def _step_with(a: tuple, d: Callable[[tuple], tuple[float, float]], sign: float = -1.0) -> np.ndarray:
    d0, d1 = d(a)
    return np.array([a[2] + sign * a[4] * d0, a[3] + sign * a[4] * d1])


STEP_HINTS = [
    Hint(lambda a, k, g, e: _close(g, _seq0(*a)) or _close(g, _seq1(*a)), SEQUENTIAL),
    Hint(lambda a, k, g, e: _close(g, _step_with(a, lambda b: _grads(*b[:4]), +1.0)),
         Text("el signo: se baja en contra del gradiente, θ := θ − α·d, no θ + α·d.",
              "the sign: step against the gradient, θ := θ − α·d, not θ + α·d.")),
    Hint(lambda a, k, g, e: _close(g, _step_with(
        a, lambda b: tuple(len(b[0]) * v for v in _grads(*b[:4])))) and len(a[0]) > 1,
         Text("falta el 1/m del gradiente: θ0 := θ0 − (α/m)·Σ(ŷ − y), θ1 := θ1 − (α/m)·Σ(ŷ − y)·x.",
              "the gradient's 1/m is missing: θ0 := θ0 − (α/m)·Σ(ŷ − y), θ1 := θ1 − "
              "(α/m)·Σ(ŷ − y)·x.")),
    Hint(lambda a, k, g, e: _close(g, np.array(_grads(*a[:4]))),
         Text("devuelve los parámetros nuevos (θ0 − α·d0, θ1 − α·d1), no los gradientes.",
              "return the new parameters (θ0 − α·d0, θ1 − α·d1), not the gradients.")),
    Hint(lambda a, k, g, e: _close(g, _step_with((*a[:4], 1.0), lambda b: _grads(*b[:4]))),
         Text("multiplica el gradiente por α (`alpha`): θ := θ − α·d.",
              "multiply the gradient by α (`alpha`): θ := θ − α·d.")),
]


# --- composite results --------------------------------------------------------------------------
def _parts(ctx: Ctx, func: str, args: tuple, kw: dict, names: tuple[str, ...],
           scalars: tuple[bool, ...], hint: Callable[[list], Text] = lambda parts: EMPTY,
           ) -> tuple[str, list[np.ndarray], list[np.ndarray]]:
    """Call `func`, check it returns len(names) values of the reference's shapes; (show, the
    student's parts as arrays, the reference's parts)."""
    show = fmt_call(func, args, kw)
    got = ctx.invoke(func, args, kw, show=show)[0]
    expected = [np.asarray(e) for e in ref(ctx, func, *args, **kw)]
    seq = expect_sequence(ctx, func, got, len(names), show, "(" + ", ".join(names) + ")")
    out = []
    for g, e, name, scalar in zip(seq, expected, names, scalars):
        try:
            out.append(as_array(g, func=func, shape=e.shape, scalar=scalar, what=name))
        except (Invalid, ShapeError) as err:
            ctx.record("reference", "mismatch")
            raise rejected(err, func, show, f"{name} = {fmt(e)}", g, hint(list(seq))) from None
    return show, out, expected


def pair_case(ctx: Ctx, func: str, args: tuple, kw: dict | None = None, *,
              hints: list[Hint], names: tuple[str, str], prop: str = "values") -> np.ndarray:
    """A function that returns two floats (gradients, gd_step): both compared with the reference
    and recorded against torch as one array of 2."""
    kw = dict(kw or {})
    ctx.grade(prop)  # type: ignore[arg-type]
    show, got, expected = _parts(ctx, func, args, kw, names, (True, True))
    g = np.array([float(v) for v in got])
    e = np.array([float(v) for v in expected])
    mm = first_mismatch(g, e, rtol=RTOL, atol=ATOL)
    ctx.record("reference", "mismatch" if mm else "match")
    record_torch(ctx, func, args, kw, g, rtol=RTOL, atol=ATOL)
    if mm:
        raise CheckFailure(func, show, f"({fmt(e[0])}, {fmt(e[1])})", f"({fmt(g[0])}, {fmt(g[1])})",
                           pick_hint(hints, args, kw, g, e),
                           what=Text("valor incorrecto", "wrong value"),
                           detail=Text(f"{names[mm.index[0]]} es distinto",
                                       f"{names[mm.index[0]]} differs"))
    return g


# --- predict ------------------------------------------------------------------------------------
def predict_values(ctx: Ctx) -> None:
    value_case(ctx, "predict", (np.array([-1.0, 0.0, 0.5, 2.0]), 1.5, -2.0), hints=PREDICT_HINTS)
    value_case(ctx, "predict", (np.array([1.0, 2.0, 3.0, 4.0]), 0.6, 1.75), hints=PREDICT_HINTS)
    ctx.forall(line_case(), lambda c: value_case(ctx, "predict", (c[0], c[2], c[3]),
                                                 hints=PREDICT_HINTS), max_examples=10)


def predict_no_mutation(ctx: Ctx) -> None:
    expect_unchanged(ctx, "predict", (np.array([1.0, -2.0, 0.5]), 0.5, 2.0),
                     names=("x", "theta0", "theta1"))


def predict_dtype(ctx: Ctx) -> None:
    x32 = np.array([-1.0, 0.0, 0.5, 2.0], dtype=np.float32)
    show = fmt_call("predict", (x32, 1.5, -2.0))
    got = ctx.invoke("predict", (x32, 1.5, -2.0), show=show)[0]
    expect_dtype(ctx, "predict", got, np.float32, show, Text(
        "`theta0 + theta1 * x` con x float32 ya da float32; `np.asarray(x, dtype=float)` o "
        "`np.array(..., dtype=np.float64)` lo cambia a float64.",
        "`theta0 + theta1 * x` with a float32 x already gives float32; "
        "`np.asarray(x, dtype=float)` or `np.array(..., dtype=np.float64)` turns it into float64."))


# --- cost ---------------------------------------------------------------------------------------
def cost_values(ctx: Ctx) -> None:
    x, y = worked()
    value_case(ctx, "cost", (x, y, 0.0, 0.0), scalar=True, hints=COST_HINTS)  # 20.5
    x, y = worked()
    value_case(ctx, "cost", (x, y, 0.6, 1.75), scalar=True, hints=COST_HINTS)  # 0.564375
    x, y = noisy()
    value_case(ctx, "cost", (x, y, 0.5, -1.5), scalar=True, hints=COST_HINTS)
    ctx.forall(line_case(), lambda c: value_case(ctx, "cost", c, scalar=True, hints=COST_HINTS),
               max_examples=15)


def _stable_cases(ctx: Ctx, func: str, case: Callable[[tuple], object]) -> None:
    for data, theta in ((big32(), (0.5, 2.0)), (big64(), (1e149, -3.0))):
        args = (*data, *theta)
        case(args)
        expect_no_warnings(ctx, func, fmt_call(func, args), FLOAT64)


def cost_stability(ctx: Ctx) -> None:
    _stable_cases(ctx, "cost", lambda a: value_case(
        ctx, "cost", a, scalar=True, prop="stability",
        hints=[*COST_HINTS, Hint(lambda *_: True, FLOAT64)]))


def cost_no_mutation(ctx: Ctx) -> None:
    x, y = noisy()
    expect_unchanged(ctx, "cost", (x, y, 0.5, -1.0), names=("x", "y", "theta0", "theta1"))


# --- gradients ----------------------------------------------------------------------------------
GRAD_NAMES = ("d0", "d1")


def gradients_values(ctx: Ctx) -> None:
    x, y = worked()
    pair_case(ctx, "gradients", (x, y, 0.0, 0.0), hints=GRADIENT_HINTS, names=GRAD_NAMES)
    x, y = noisy()
    pair_case(ctx, "gradients", (x, y, 0.5, -1.0), hints=GRADIENT_HINTS, names=GRAD_NAMES)
    ctx.forall(line_case(), lambda c: pair_case(ctx, "gradients", c, hints=GRADIENT_HINTS,
                                                names=GRAD_NAMES), max_examples=15)


def gradients_stability(ctx: Ctx) -> None:
    _stable_cases(ctx, "gradients", lambda a: pair_case(
        ctx, "gradients", a, hints=[*GRADIENT_HINTS, Hint(lambda *_: True, FLOAT64)], names=GRAD_NAMES,
        prop="stability"))


def gradients_no_mutation(ctx: Ctx) -> None:
    x, y = noisy()
    expect_unchanged(ctx, "gradients", (x, y, 0.5, -1.0), names=("x", "y", "theta0", "theta1"))


# --- gd_step ------------------------------------------------------------------------------------
STEP_NAMES = ("theta0", "theta1")


def gd_step_values(ctx: Ctx) -> None:
    x, y = worked()  # simultaneous (0.6, 1.75); sequential (0.6, 1.6)
    pair_case(ctx, "gd_step", (x, y, 0.0, 0.0, 0.1), hints=STEP_HINTS, names=STEP_NAMES)
    x, y = noisy()
    pair_case(ctx, "gd_step", (x, y, 1.0, 1.0, 0.05), hints=STEP_HINTS, names=STEP_NAMES)
    x, y = worked()
    pair_case(ctx, "gd_step", (x, y, 0.6, 1.75, 0.1), hints=STEP_HINTS, names=STEP_NAMES)
    alphas = st.sampled_from([0.01, 0.05, 0.1, 0.3])
    ctx.forall(st.tuples(line_case(), alphas),
               lambda c: pair_case(ctx, "gd_step", (*c[0], c[1]), hints=STEP_HINTS,
                                   names=STEP_NAMES), max_examples=15)


def gd_step_no_mutation(ctx: Ctx) -> None:
    x, y = noisy()
    expect_unchanged(ctx, "gd_step", (x, y, 0.5, -1.0, 0.1),
                     names=("x", "y", "theta0", "theta1", "alpha"))


# --- fit ----------------------------------------------------------------------------------------
FIT_ARGS = ("alpha", "epochs", "theta0", "theta1")
FIT_DEFAULTS = {"alpha": 0.01, "epochs": 1000, "theta0": 0.0, "theta1": 0.0}
FIT_NAMES = ("theta0", "theta1", "history")


def _fit_params(args: tuple, kw: dict) -> dict:
    return {**FIT_DEFAULTS, **dict(zip(FIT_ARGS, args[2:])), **kw}


def _seq_fit(x: Any, y: Any, p: dict) -> tuple[float, float, np.ndarray]:
    t0, t1 = float(p["theta0"]), float(p["theta1"])
    hist = [R.cost(x, y, t0, t1)]
    for _ in range(int(p["epochs"])):
        t0, t1 = _seq0(x, y, t0, t1, p["alpha"])
        hist.append(R.cost(x, y, t0, t1))
    return t0, t1, np.array(hist)


HISTORY_2J = Text(
    "history vale el doble de lo esperado: es 2J, el MSE sin el ½; cost debe devolver "
    "J = 1/(2m)·Σ(ŷ − y)² (y fit guarda cost(x, y, θ0, θ1)).",
    "history is twice the expected one: it is 2J, the MSE without the ½; cost must return "
    "J = 1/(2m)·Σ(ŷ − y)² (and fit records cost(x, y, θ0, θ1)).")
USES_OWN = Text(
    " fit usa tus gd_step y cost: si sus pruebas fallan, arréglalas primero.",
    " fit uses your gd_step and cost: if their tests fail, fix those first.")
NO_INITIAL = Text(
    "history debe tener epochs + 1 valores: J ANTES del primer paso (con los θ iniciales) y "
    "luego J después de cada paso; te falta el J inicial.",
    "history must hold epochs + 1 values: J BEFORE the first step (with the initial θ) and then "
    "J after each step; the initial J is missing.")
NO_LAST = Text(
    "history debe tener epochs + 1 valores: J antes del primer paso y J DESPUÉS de cada paso "
    "(el último es el J de los θ que devuelves); te falta el J tras el último paso.",
    "history must hold epochs + 1 values: J before the first step and J AFTER each step (the "
    "last one is the J of the θ you return); the J after the last step is missing.")


def _history_hint(args: tuple, kw: dict, hist: Any) -> Text:
    """The hint for a history of the wrong length or values."""
    h = np.asarray(hist, dtype=np.float64) if not isinstance(hist, str) else np.array([])
    full = R.fit(*args, **kw)[2]
    if _close(h, full[1:]):
        return NO_INITIAL
    if _close(h, full[:-1]):
        return NO_LAST
    if h.shape == (len(full) - 1,):
        return NO_INITIAL
    return Text("history: un array de NumPy de longitud epochs + 1 con J antes del primer paso y "
                "después de cada uno (`np.array(lista)`).",
                "history: a NumPy array of length epochs + 1 with J before the first step and "
                "after each one (`np.array(list)`).")


def fit_case(ctx: Ctx, args: tuple, kw: dict | None = None) -> None:
    kw = dict(kw or {})

    def hint(parts: list) -> Text:
        try:
            return _history_hint(args, kw, parts[2])
        except Exception:  # a hint never breaks a check
            return EMPTY

    ctx.grade("values")
    show, got, expected = _parts(ctx, "fit", args, kw, FIT_NAMES, (True, True, False), hint)
    g = np.concatenate([[float(got[0]), float(got[1])], np.asarray(got[2], dtype=np.float64)])
    e = np.concatenate([[float(expected[0]), float(expected[1])], expected[2]])
    mm = first_mismatch(g, e, rtol=RTOL, atol=ATOL)
    ctx.record("reference", "mismatch" if mm else "match")
    record_torch(ctx, "fit", args, kw, [float(got[0]), float(got[1]), got[2]], rtol=RTOL, atol=ATOL)
    if not mm:
        return
    i = mm.index[0]
    where = (Text(f"{FIT_NAMES[i]} es distinto", f"{FIT_NAMES[i]} differs") if i < 2 else
             Text(f"history[{i - 2}] es distinto", f"history[{i - 2}] differs"))
    p = _fit_params(args, kw)
    s0, s1, sh = _seq_fit(args[0], args[1], p)
    if _close(g, np.concatenate([[s0, s1], sh])) or _close(g[:2], [s0, s1]):
        h = SEQUENTIAL
    elif i >= 2 and _close(g[2:], 2 * e[2:]):
        h = HISTORY_2J
    elif i >= 2 and _close(g[:2], e[:2]):
        h = Text("θ0 y θ1 están bien pero history no: cada entrada es cost(x, y, θ0, θ1) con los θ "
                 "de ese momento (la primera con los θ iniciales).",
                 "θ0 and θ1 are right but history is not: each entry is cost(x, y, θ0, θ1) with "
                 "the θ of that moment (the first one with the initial θ).")
    else:
        h = Text(f"revisa los valores por defecto (alpha = 0.01, epochs = 1000, theta0 = theta1 = 0) "
                 f"y que haces exactamente epochs pasos de gd_step desde (theta0, theta1); aquí "
                 f"se pidió alpha = {p['alpha']}, epochs = {p['epochs']}, theta0 = {p['theta0']}, "
                 f"theta1 = {p['theta1']}.",
                 f"check the defaults (alpha = 0.01, epochs = 1000, theta0 = theta1 = 0) and that "
                 f"you take exactly epochs steps of gd_step from (theta0, theta1); this call asked "
                 f"for alpha = {p['alpha']}, epochs = {p['epochs']}, theta0 = {p['theta0']}, "
                 f"theta1 = {p['theta1']}.") + USES_OWN
    raise CheckFailure("fit", show, f"({fmt(e[0])}, {fmt(e[1])}, history = {fmt(expected[2])})",
                       f"({fmt(g[0])}, {fmt(g[1])}, history = {fmt(got[2])})", h,
                       what=Text("valor incorrecto", "wrong value"), detail=where)


@st.composite
def fit_case_data(draw: st.DrawFn) -> tuple[tuple, dict]:
    x, y, t0, t1 = draw(line_case())
    p = {"alpha": draw(st.sampled_from([0.01, 0.05, 0.1])), "epochs": draw(st.integers(0, 25)),
         "theta0": t0, "theta1": t1}
    given = draw(st.lists(st.sampled_from(FIT_ARGS), unique=True))
    return (x, y), {k: p[k] for k in FIT_ARGS if k in given}


def fit_values(ctx: Ctx) -> None:
    x, y = worked()
    fit_case(ctx, (x, y))  # every default: 1000 steps of α = 0.01 from (0, 0)
    x, y = worked()
    fit_case(ctx, (x, y), {"alpha": 0.1, "epochs": 3})  # the statement's table
    x, y = noisy()
    fit_case(ctx, (x, y, 0.05, 20, 1.0, -1.0))
    ctx.forall(fit_case_data(), lambda c: fit_case(ctx, *c), max_examples=10)


def fit_history(ctx: Ctx) -> None:
    """Behaviour: the history has epochs + 1 entries, starts at J(initial θ), ends at J(returned θ)
    and, with a small α, never increases."""
    ctx.grade("behaviour")
    for args, kw in (((*noisy(), 0.05, 7, 1.0, -1.0), {}), (noisy(), {"epochs": 0}),
                     (worked(), {"alpha": 0.1, "epochs": 12})):
        show = fmt_call("fit", args, kw)
        got = expect_sequence(ctx, "fit", ctx.invoke("fit", args, kw, show=show)[0], 3, show,
                              "(theta0, theta1, history)")
        p = _fit_params(args, kw)
        x, y = args[:2]
        try:
            t0 = float(as_array(got[0], func="fit", scalar=True, shape=(), what="theta0"))
            t1 = float(as_array(got[1], func="fit", scalar=True, shape=(), what="theta1"))
            h = as_array(got[2], func="fit", what="history")
        except (Invalid, ShapeError) as err:
            raise rejected(err, "fit", show, "(theta0, theta1, history)", got) from None
        n = int(p["epochs"]) + 1
        problems = []
        if h.shape != (n,):
            problems.append((Text(f"history tiene forma {h.shape}, no ({n},) = (epochs + 1,)",
                                  f"history has shape {h.shape}, not ({n},) = (epochs + 1,)"),
                             _history_hint(args[:2], _fit_params(args, kw), h)))
        else:
            j0 = R.cost(x, y, p["theta0"], p["theta1"])
            jn = R.cost(x, y, t0, t1)
            if _close(h[0], 2 * j0) and j0 != 0:
                problems.append((Text(f"history[0] = {fmt(h[0])} = 2·J(θ iniciales) = 2·{fmt(j0)}",
                                      f"history[0] = {fmt(h[0])} = 2·J(initial θ) = 2·{fmt(j0)}"),
                                 HISTORY_2J))
            elif not _close(h[0], j0):
                problems.append((Text(f"history[0] = {fmt(h[0])}, pero J(θ iniciales) = {fmt(j0)}",
                                      f"history[0] = {fmt(h[0])}, but J(initial θ) = {fmt(j0)}"),
                                 NO_INITIAL))
            elif not _close(h[-1], jn):
                problems.append((Text(f"history[-1] = {fmt(h[-1])}, pero J de los θ devueltos = "
                                      f"{fmt(jn)}", f"history[-1] = {fmt(h[-1])}, but J of the "
                                      f"returned θ = {fmt(jn)}"), NO_LAST))
            elif np.any(np.diff(h) > 1e-12 * np.abs(h[1:]) + 1e-15):
                problems.append((Text("J aumenta en algún paso con α pequeño",
                                      "J increases at some step with a small α"),
                                 Text("cada paso va en contra del gradiente medio: θ := θ − α·d "
                                      "con d = (1/m)·Σ…; con la suma (sin 1/m) o el signo cambiado "
                                      "los pasos divergen.",
                                      "each step goes against the mean gradient: θ := θ − α·d with "
                                      "d = (1/m)·Σ…; with the sum (no 1/m) or the sign flipped the "
                                      "steps diverge.")))
        ctx.record("behaviour", "mismatch" if problems else "match")
        if problems:
            what, hint = problems[0]
            raise CheckFailure("fit", show, Text(f"history de longitud {n}, history[0] = J(θ iniciales), "
                                                 "history[-1] = J(θ devueltos), sin subir",
                                                 f"history of length {n}, history[0] = J(initial θ), "
                                                 "history[-1] = J(returned θ), never rising"),
                               fmt(h), hint, what=Text("history incorrecto", "wrong history"),
                               detail=what)


def fit_no_mutation(ctx: Ctx) -> None:
    x, y = noisy()
    expect_unchanged(ctx, "fit", (x, y), {"alpha": 0.05, "epochs": 5}, names=("x", "y"))


# --- split_indices ------------------------------------------------------------------------------
SPLIT_NAMES = ("train", "val", "test")
SPLIT_ARGS = ("val", "test", "seed")
SPLIT_DEFAULTS = {"val": 0.2, "test": 0.2, "seed": 0}


def _split_variant(n: int, val: float, test: float, seed: int, *, order: str = "test,val",
                   gen: str = "default", count: Callable[[float], int] = int) -> list[np.ndarray]:
    if gen == "legacy":
        p = np.random.RandomState(seed).permutation(n)
    elif gen == "legacy0":
        p = np.random.RandomState(0).permutation(n)
    elif gen == "none":
        p = np.arange(n)
    else:
        p = np.random.default_rng(seed).permutation(n)
    nt, nv = count(n * test), count(n * val)
    if order == "test,val":
        te, va, tr = p[:nt], p[nt:nt + nv], p[nt + nv:]
    elif order == "val,test":
        va, te, tr = p[:nv], p[nv:nv + nt], p[nv + nt:]
    else:  # train first
        tr, va, te = p[:n - nt - nv], p[n - nt - nv:n - nt], p[n - nt:]
    return [tr, va, te]


SPLIT_VARIANTS: list[tuple[dict, Text]] = [
    ({"order": "val,test"}, Text(
        "el orden de los trozos: las primeras int(n·test) entradas de la permutación son las de "
        "PRUEBA, las siguientes int(n·val) las de validación y el resto entrenamiento (tomaste "
        "primero las de validación).",
        "the order of the pieces: the first int(n·test) entries of the permutation are the TEST "
        "indices, the next int(n·val) the validation ones and the rest training (you took the "
        "validation ones first).")),
    ({"order": "train"}, Text(
        "el orden de los trozos: las primeras int(n·test) entradas de la permutación son las de "
        "prueba, luego int(n·val) de validación y AL FINAL las de entrenamiento.",
        "the order of the pieces: the first int(n·test) entries of the permutation are the test "
        "ones, then int(n·val) validation ones and the training ones LAST.")),
    ({"gen": "legacy"}, Text(
        "usa el generador nuevo de NumPy: `np.random.default_rng(seed).permutation(n)`. "
        "`np.random.seed(seed)` + `np.random.permutation(n)` (o RandomState) es el generador "
        "antiguo y da otra permutación con la misma semilla.",
        "use NumPy's new generator: `np.random.default_rng(seed).permutation(n)`. "
        "`np.random.seed(seed)` + `np.random.permutation(n)` (or RandomState) is the legacy "
        "generator and gives another permutation for the same seed.")),
    ({"gen": "legacy0"}, Text(
        "usa `np.random.default_rng(seed).permutation(n)`: `np.random.permutation(n)` usa el "
        "generador global (antiguo) e ignora `seed`.",
        "use `np.random.default_rng(seed).permutation(n)`: `np.random.permutation(n)` uses the "
        "global (legacy) generator and ignores `seed`.")),
    ({"gen": "none"}, Text(
        "hay que barajar: p = np.random.default_rng(seed).permutation(n), no np.arange(n).",
        "shuffle first: p = np.random.default_rng(seed).permutation(n), not np.arange(n).")),
    ({"count": lambda v: int(round(v))}, Text(
        "los tamaños se truncan: int(n·test) e int(n·val) (con n = 8 y 0.2: int(1.6) = 1), no "
        "round().", "the sizes are truncated: int(n·test) and int(n·val) (with n = 8 and 0.2: "
        "int(1.6) = 1), not round().")),
    ({"count": math.ceil}, Text(
        "los tamaños se truncan: int(n·test) e int(n·val) (con n = 8 y 0.2: int(1.6) = 1), no "
        "ceil().", "the sizes are truncated: int(n·test) and int(n·val) (with n = 8 and 0.2: "
        "int(1.6) = 1), not ceil().")),
]
SPLIT_GENERIC = Text(
    "p = np.random.default_rng(seed).permutation(n); test = p[:int(n·test)], val = las "
    "int(n·val) siguientes, train = el resto; devuelve (train, val, test).",
    "p = np.random.default_rng(seed).permutation(n); test = p[:int(n·test)], val = the next "
    "int(n·val), train = the rest; return (train, val, test).")


def _split_hint(n: int, p: dict, got: list[np.ndarray]) -> Text:
    for flags, text in SPLIT_VARIANTS:
        want = _split_variant(n, p["val"], p["test"], p["seed"], **flags)
        if all(np.array_equal(g, w) for g, w in zip(got, want)):
            return text
    for order in ("test,val", "val,test", "train"):  # the same pieces, returned in another order
        want = _split_variant(n, p["val"], p["test"], p["seed"], order=order)
        if sorted(map(tuple, got)) == sorted(map(tuple, want)) and not all(
                np.array_equal(g, w) for g, w in zip(got, want)):
            return Text("devuelve los trozos en el orden (train, val, test).",
                        "return the pieces in the order (train, val, test).")
    return SPLIT_GENERIC


def _split_call(ctx: Ctx, args: tuple, kw: dict) -> tuple[str, list[np.ndarray], dict]:
    n = args[0]
    p = {**SPLIT_DEFAULTS, **dict(zip(SPLIT_ARGS, args[1:])), **kw}
    show = fmt_call("split_indices", args, kw)
    got = ctx.invoke("split_indices", args, kw, show=show)[0]
    seq = expect_sequence(ctx, "split_indices", got, 3, show, "(train, val, test)")
    parts = []
    for g, name in zip(seq, SPLIT_NAMES):
        try:
            a = as_array(g, func="split_indices", what=name)
        except (Invalid, ShapeError) as err:
            ctx.record("reference", "mismatch")
            raise rejected(err, "split_indices", show, f"{name}: array de enteros / int array", g) from None
        if a.ndim != 1 or (a.size and a.dtype.kind not in "iu"):
            ctx.record("reference", "mismatch")
            raise CheckFailure("split_indices", show, f"{name}: 1-D int array",
                               f"{name}: shape {a.shape}, dtype {a.dtype}",
                               Text("los índices son un array 1-D de enteros (lo que da "
                                    "`permutation(n)` y sus trozos `p[a:b]`).",
                                    "the indices are a 1-D integer array (what `permutation(n)` "
                                    "and its slices `p[a:b]` give)."),
                               what=Text(f"{name} no es un array 1-D de enteros",
                                         f"{name} is not a 1-D integer array"), status="invalid")
        parts.append(a)
    return show, parts, {"n": n, **p}


def split_case(ctx: Ctx, args: tuple, kw: dict | None = None) -> None:
    kw = dict(kw or {})
    ctx.grade("values")
    show, got, p = _split_call(ctx, args, kw)
    expected = list(ref(ctx, "split_indices", *args, **kw))
    bad = [name for g, e, name in zip(got, expected, SPLIT_NAMES)
           if g.shape != e.shape or not np.array_equal(g, e)]
    ctx.record("reference", "mismatch" if bad else "match")
    record_torch(ctx, None, args, kw, got)
    if bad:
        raise CheckFailure(
            "split_indices", show,
            f"train = {fmt(expected[0])}, val = {fmt(expected[1])}, test = {fmt(expected[2])}",
            f"train = {fmt(got[0])}, val = {fmt(got[1])}, test = {fmt(got[2])}",
            _split_hint(p["n"], p, got), what=Text("índices incorrectos", "wrong indices"),
            detail=Text(f"{bad[0]} es distinto", f"{bad[0]} differs"))


@st.composite
def split_case_data(draw: st.DrawFn) -> tuple[tuple, dict]:
    n = draw(st.integers(1, 60))
    test = draw(st.sampled_from([0.0, 0.1, 0.2, 0.25, 0.3, 0.5]))
    val = draw(st.sampled_from([v for v in (0.0, 0.1, 0.2, 0.25, 0.3, 0.5) if v + test <= 1]))
    p = {"val": val, "test": test, "seed": draw(st.integers(0, 2**16))}
    given = draw(st.lists(st.sampled_from(SPLIT_ARGS), unique=True))
    return (n,), {k: p[k] for k in SPLIT_ARGS if k in given}


def split_values(ctx: Ctx) -> None:
    split_case(ctx, (10,))  # defaults: test 2, val 2, train 6
    split_case(ctx, (8,))  # 8·0.2 = 1.6: one test, one validation index
    split_case(ctx, (7, 0.3, 0.3, 1))  # 2.1 -> 2 each
    split_case(ctx, (3,))  # 0.6 -> 0: empty test and validation
    split_case(ctx, (1,), {"seed": 5})
    split_case(ctx, (23,), {"val": 0.1, "test": 0.3, "seed": 7})
    split_case(ctx, (12,), {"val": 0.25, "test": 0.25, "seed": 3})
    ctx.forall(split_case_data(), lambda c: split_case(ctx, *c), max_examples=15)


def split_behaviour(ctx: Ctx) -> None:
    """Disjoint pieces that together are 0..n−1, of sizes int(n·test) and int(n·val); the same
    seed gives the same split, another seed another one."""
    ctx.grade("behaviour")
    for args, kw in (((50,), {"seed": 3}), ((9, 0.3, 0.3), {}), ((41,), {"val": 0.1, "test": 0.35})):
        show, first, p = _split_call(ctx, args, kw)
        n = p["n"]
        tr, va, te = first
        problem = None
        allidx = np.concatenate([tr, va, te]).astype(np.int64)
        if len(te) != int(n * p["test"]) or len(va) != int(n * p["val"]):
            problem = Text(f"tamaños test = {len(te)}, val = {len(va)}; se esperaban "
                           f"int(n·test) = {int(n * p['test'])}, int(n·val) = {int(n * p['val'])}",
                           f"sizes test = {len(te)}, val = {len(va)}; expected int(n·test) = "
                           f"{int(n * p['test'])}, int(n·val) = {int(n * p['val'])}")
        elif not np.array_equal(np.sort(allidx), np.arange(n)):
            problem = Text(f"train, val y test juntos no son 0..{n - 1} sin repetir",
                           f"train, val and test together are not 0..{n - 1} without repeats")
        else:
            show2, second, _ = _split_call(ctx, args, kw)
            if not all(np.array_equal(a, b) for a, b in zip(first, second)):
                problem = Text("dos llamadas con la misma semilla dan particiones distintas",
                               "two calls with the same seed give different splits")
            else:
                other = {**kw, "seed": p["seed"] + 1}
                _, third, _ = _split_call(ctx, args, other)
                if all(np.array_equal(a, b) for a, b in zip(first, third)):
                    problem = Text(f"las semillas {p['seed']} y {p['seed'] + 1} dan la misma "
                                   "partición: `seed` no se usa",
                                   f"seeds {p['seed']} and {p['seed'] + 1} give the same split: "
                                   "`seed` is not used")
        ctx.record("behaviour", "mismatch" if problem else "match")
        if problem:
            raise CheckFailure(
                "split_indices", show,
                Text("particiones disjuntas que cubren 0..n−1, reproducibles con la semilla",
                     "disjoint pieces covering 0..n−1, reproducible with the seed"),
                f"train = {fmt(tr)}, val = {fmt(va)}, test = {fmt(te)}", SPLIT_GENERIC,
                what=Text("la partición no cumple el contrato", "the split breaks the contract"),
                detail=problem)


TESTS = [
    HiddenTest("predict.values", "predict", 0.5,
               Text("ŷ = θ0 + θ1·x en datos fijos y aleatorios",
                    "ŷ = θ0 + θ1·x on fixed and random data"),
               predict_values, graded=frozenset({"values"})),
    HiddenTest("predict.no_mutation", "predict", 0.25,
               Text("predict no modifica x", "predict does not modify x"),
               predict_no_mutation, graded=frozenset({"no_mutation"})),
    HiddenTest("predict.dtype", "predict", 0.25,
               Text("predict: x float32 da ŷ float32", "predict: a float32 x gives a float32 ŷ"),
               predict_dtype, graded=frozenset({"dtype"})),
    HiddenTest("cost.values", "cost", 1.0,
               Text("J = 1/(2m)·Σ(ŷ − y)² (el ejemplo resuelto y datos aleatorios)",
                    "J = 1/(2m)·Σ(ŷ − y)² (the worked example and random data)"),
               cost_values, graded=frozenset({"values"})),
    HiddenTest("cost.stability", "cost", 0.5,
               Text("J con datos float32 cuyos cuadrados no caben en float32 y con residuos de "
                    "1e150: finito, correcto y sin avisos",
                    "J on float32 data whose squares overflow float32 and on residuals of 1e150: "
                    "finite, right and without warnings"),
               cost_stability, graded=frozenset({"stability", "no_warnings"})),
    HiddenTest("cost.no_mutation", "cost", 0.25,
               Text("cost no modifica x ni y", "cost does not modify x or y"),
               cost_no_mutation, graded=frozenset({"no_mutation"})),
    HiddenTest("gradients.values", "gradients", 1.25,
               Text("(d0, d1) = ((1/m)·Σ(ŷ − y), (1/m)·Σ(ŷ − y)·x), el gradiente de J (el de "
                    "autograd de torch)",
                    "(d0, d1) = ((1/m)·Σ(ŷ − y), (1/m)·Σ(ŷ − y)·x), the gradient of J (torch "
                    "autograd's)"),
               gradients_values, graded=frozenset({"values"})),
    HiddenTest("gradients.stability", "gradients", 0.5,
               Text("gradientes con datos float32 grandes y residuos de 1e150: finitos, correctos "
                    "y sin avisos",
                    "gradients on large float32 data and residuals of 1e150: finite, right and "
                    "without warnings"),
               gradients_stability, graded=frozenset({"stability", "no_warnings"})),
    HiddenTest("gradients.no_mutation", "gradients", 0.25,
               Text("gradients no modifica x ni y", "gradients does not modify x or y"),
               gradients_no_mutation, graded=frozenset({"no_mutation"})),
    HiddenTest("gd_step.values", "gd_step", 1.25,
               Text("un paso simultáneo θ := θ − α·d (ambos gradientes con los θ viejos)",
                    "one simultaneous step θ := θ − α·d (both gradients at the old θ)"),
               gd_step_values, graded=frozenset({"values"})),
    HiddenTest("gd_step.no_mutation", "gd_step", 0.25,
               Text("gd_step no modifica x ni y", "gd_step does not modify x or y"),
               gd_step_no_mutation, graded=frozenset({"no_mutation"})),
    HiddenTest("fit.values", "fit", 1.0,
               Text("θ0, θ1 finales e history, con los valores por defecto y con otros",
                    "final θ0, θ1 and history, with the defaults and with other values"),
               fit_values, graded=frozenset({"values"})),
    HiddenTest("fit.history", "fit", 0.5,
               Text("history: epochs + 1 valores, empieza en J(θ iniciales), acaba en J(θ "
                    "devueltos) y no sube con α pequeño",
                    "history: epochs + 1 values, starts at J(initial θ), ends at J(returned θ) "
                    "and does not rise with a small α"),
               fit_history, graded=frozenset({"behaviour"})),
    HiddenTest("fit.no_mutation", "fit", 0.25,
               Text("fit no modifica x ni y", "fit does not modify x or y"),
               fit_no_mutation, graded=frozenset({"no_mutation"})),
    HiddenTest("split_indices.values", "split_indices", 1.25,
               Text("los índices exactos de default_rng(seed).permutation(n): test, val, train; "
                    "tamaños int(n·test), int(n·val)",
                    "the exact indices of default_rng(seed).permutation(n): test, val, train; "
                    "sizes int(n·test), int(n·val)"),
               split_values, graded=frozenset({"values"})),
    HiddenTest("split_indices.behaviour", "split_indices", 0.75,
               Text("trozos disjuntos que cubren 0..n−1; misma semilla, misma partición; otra "
                    "semilla, otra",
                    "disjoint pieces covering 0..n−1; same seed, same split; another seed, "
                    "another one"),
               split_behaviour, graded=frozenset({"behaviour"})),
]
