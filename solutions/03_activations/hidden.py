"""Hidden tests of 03_activations: the activation table and its derivatives, softmax.

Each function: values (hypothesis arrays against the reference, torch.autograd and, for the
derivatives, finite differences), and robustness (|z| up to 1e4 with no NaN/inf, float32 in
-> float32 out, the input not modified). At a kink any subgradient passes.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from hypothesis import strategies as st

from grader.grading.checks import (
    CheckFailure,
    Ctx,
    Elementwise,
    HiddenTest,
    Hint,
    Text,
    allclose,
    arrays,
    elementwise_dtype,
    elementwise_no_mutation,
    elementwise_stability,
    elementwise_values,
    expect_dtype,
    expect_unchanged,
    fmt,
    fmt_call,
    shapes,
    value_case,
)
from reference import activations as R

VALUE_EXAMPLES = 15


def _nonfinite(a: tuple, k: dict, got: object, exp: object) -> bool:
    return not np.all(np.isfinite(np.asarray(got, dtype=np.float64)))


def _stable_hint(func: str, how: Text) -> Hint:
    return Hint(_nonfinite, Text(f"{func} desborda para |z| grande: ",
                                 f"{func} overflows for large |z|: ") + how)


# Typical mistakes, by function: detect(args, kwargs, got, expected).
HINTS: dict[str, list[Hint]] = {
    "sigmoid": [
        _stable_hint("sigmoid", Text("usa la forma estable (1/(1+e^{−z}) para z ≥ 0, e^{z}/(1+e^{z}) para "
                                     "z < 0) o `np.exp(-np.abs(z))`.",
                                     "use the stable form (1/(1+e^{−z}) for z ≥ 0, e^{z}/(1+e^{z}) for z < 0) "
                                     "or `np.exp(-np.abs(z))`.")),
        Hint(lambda a, k, g, e: allclose(g, 1.0 / (1.0 + np.exp(np.clip(a[0], -700, 700)))),
             Text("calculas 1/(1 + e^{z}); el signo del exponente es negativo: σ(z) = 1/(1 + e^{−z}).",
                  "you compute 1/(1 + e^{z}); the exponent is negative: σ(z) = 1/(1 + e^{−z}).")),
    ],
    "sigmoid_derivative": [
        Hint(lambda a, k, g, e: allclose(g, R.sigmoid(a[0]) * (1.0 - a[0])),
             Text("parece que calculas σ(z)(1 − z); la derivada es σ'(z) = σ(z)(1 − σ(z)): "
                  "usa σ(z) en los dos factores.",
                  "it looks like you compute σ(z)(1 − z); the derivative is σ'(z) = σ(z)(1 − σ(z)): "
                  "use σ(z) in both factors.")),
        Hint(lambda a, k, g, e: allclose(g, a[0] * (1.0 - a[0])),
             Text("calculas z(1 − z), como si z ya fuera σ(z); la función recibe z: "
                  "σ'(z) = σ(z)(1 − σ(z)).",
                  "you compute z(1 − z), as if z were already σ(z); the function receives z: "
                  "σ'(z) = σ(z)(1 − σ(z)).")),
        Hint(lambda a, k, g, e: allclose(g, R.sigmoid(a[0])),
             Text("devuelves σ(z) en lugar de su derivada σ(z)(1 − σ(z)).",
                  "you return σ(z) instead of its derivative σ(z)(1 − σ(z)).")),
        _stable_hint("sigmoid_derivative", Text("calcula σ(z) de forma estable y luego σ(z)(1 − σ(z)).",
                                                "compute σ(z) in a stable way, then σ(z)(1 − σ(z)).")),
    ],
    "tanh_derivative": [
        Hint(lambda a, k, g, e: allclose(g, 1.0 - a[0] ** 2),
             Text("calculas 1 − z²; la derivada es 1 − tanh(z)².",
                  "you compute 1 − z²; the derivative is 1 − tanh(z)².")),
        Hint(lambda a, k, g, e: allclose(g, 1.0 - np.tanh(a[0])),
             Text("falta el cuadrado: tanh'(z) = 1 − tanh(z)².",
                  "the square is missing: tanh'(z) = 1 − tanh(z)².")),
    ],
    "elu_derivative": [
        Hint(lambda a, k, g, e: allclose(g, R.elu(*a, **k)),
             Text("devuelves ELU(z); para z ≤ 0 la derivada es α·e^{z} (para z > 0, 1).",
                  "you return ELU(z); for z ≤ 0 the derivative is α·e^{z} (for z > 0, 1).")),
    ],
    "softplus": [
        _stable_hint("softplus", Text("usa `np.logaddexp(0, z)` (= log(1 + e^{z}) sin desbordar).",
                                      "use `np.logaddexp(0, z)` (= log(1 + e^{z}) without overflow).")),
    ],
    "softplus_derivative": [
        _stable_hint("softplus_derivative", Text("la derivada de softplus es σ(z): calcúlala de forma "
                                                 "estable.",
                                                 "the derivative of softplus is σ(z): compute it in a stable way.")),
    ],
    "elu": [
        _stable_hint("elu", Text("evalúa e^{z} solo donde z ≤ 0 (p. ej. `np.expm1(np.minimum(z, 0))`).",
                                 "evaluate e^{z} only where z ≤ 0 (e.g. `np.expm1(np.minimum(z, 0))`).")),
    ],
    "softmax": [
        _stable_hint("softmax", Text("resta el máximo de cada fila antes de exponenciar: "
                                     "softmax(z) = softmax(z − max(z)).",
                                     "subtract each row's maximum before exponentiating: "
                                     "softmax(z) = softmax(z − max(z)).")),
        Hint(lambda a, k, g, e: np.asarray(a[0]).ndim == 2
             and allclose(g, R.softmax(a[0], axis=1 - (k.get("axis", -1) % 2))),
             Text("normalizas a lo largo del eje equivocado: usa `axis` (y `keepdims=True` en la suma).",
                  "you normalize along the wrong axis: use `axis` (and `keepdims=True` in the sum).")),
        Hint(lambda a, k, g, e: allclose(g, np.exp(a[0]) / np.exp(a[0]).sum()),
             Text("divides por la suma de todo el array; cada fila (a lo largo de `axis`) debe sumar 1.",
                  "you divide by the sum over the whole array; each row (along `axis`) must sum to 1.")),
    ],
}

# kink intervals (lo, hi) where any subgradient passes; NaN = no interval at that element
KINKS: dict[str, Callable[[tuple, dict], tuple[np.ndarray, np.ndarray]]] = {}


def _kink(lo_hi: Callable[[tuple, dict], tuple[float, float]]) -> Callable[[tuple, dict], tuple]:
    def f(a: tuple, k: dict) -> tuple[np.ndarray, np.ndarray]:
        z = np.asarray(a[0], dtype=np.float64)
        lo_v, hi_v = lo_hi(a, k)
        at = z == 0
        return np.where(at, lo_v, np.nan), np.where(at, hi_v, np.nan)

    return f


def _alpha(a: tuple, k: dict, default: float) -> float:
    return float(a[1]) if len(a) > 1 else float(k.get("alpha", default))


KINKS["relu_derivative"] = _kink(lambda a, k: (0.0, 1.0))
KINKS["leaky_relu_derivative"] = _kink(
    lambda a, k: tuple(sorted((_alpha(a, k, 0.01), 1.0))))
KINKS["elu_derivative"] = _kink(lambda a, k: tuple(sorted((_alpha(a, k, 1.0), 1.0))))
KINKS["binary_step_derivative"] = _kink(lambda a, k: (-np.inf, np.inf))

ALPHAS = {"leaky_relu": (0.01, 0.2), "elu": (1.0, 0.5)}  # default, and one passed explicitly


def _primitive(func: str) -> Callable[..., np.ndarray] | None:
    """The function whose derivative `func` is (for the finite-difference oracle)."""
    if not func.endswith("_derivative"):
        return None
    return getattr(R, func.removesuffix("_derivative"))


def _elementwise(func: str) -> Elementwise:
    return Elementwise(func, hints=HINTS.get(func, ()), kinks=KINKS.get(func),
                       primitive=_primitive(func), alpha=ALPHAS.get(func.replace("_derivative", "")))


def values_test(func: str, points: float, lo: float = -20.0, hi: float = 20.0,
                extremes: bool = False) -> HiddenTest:
    return elementwise_values(_elementwise(func), points, lo, hi, extremes=extremes)


def robust_tests(func: str, points: float) -> list[HiddenTest]:
    """|z| up to 1e4 without warnings, float32 kept, the input not modified."""
    f = _elementwise(func)
    return [elementwise_stability(f, points / 2), elementwise_dtype(f, points / 4),
            elementwise_no_mutation(f, points / 4)]


def sigmoid_derivative_slides(ctx: Ctx) -> None:
    """σ'(0) = 0.25 (the slides' σ' = σ(1 − σ)), and σ'(±2) by hand."""
    z = np.array([0.0, 2.0, -2.0])
    s2 = 1.0 / (1.0 + np.exp(-2.0))
    value_case(ctx, "sigmoid_derivative", (z,), expected=np.array([0.25, s2 * (1 - s2), s2 * (1 - s2)]),
               hints=HINTS["sigmoid_derivative"])


def softmax_values(ctx: Ctx) -> None:
    f = "softmax"
    value_case(ctx, f, (np.array([1.0, 2.0, 3.0]),), hints=HINTS[f])
    value_case(ctx, f, (np.array([[1.0, 2.0], [3.0, 5.0], [0.0, 0.0]]),), {"axis": 0}, hints=HINTS[f])
    ctx.forall(
        arrays(shapes(2, 2), -20, 20).flatmap(
            lambda z: st.sampled_from([{}, {"axis": 0}, {"axis": 1}]).map(lambda k: (z, k))),
        lambda zk: value_case(ctx, f, (zk[0],), zk[1], hints=HINTS[f]),
        max_examples=VALUE_EXAMPLES,
    )


def softmax_invariants(ctx: Ctx) -> None:
    f = "softmax"
    big = np.array([[1000.0, 1001.0, 999.0], [-1e4, 0.0, 1e4]])
    got = value_case(ctx, f, (big,), hints=HINTS[f])
    rows = got.sum(axis=-1)  # the invariant, stated on its own (tighter than the value tolerance)
    if not allclose(rows, np.ones_like(rows), rtol=0.0, atol=1e-12):
        raise CheckFailure(f, fmt_call(f, (big,)), "filas que suman 1 / rows summing to 1",
                           fmt(rows), what=Text("las filas no suman 1", "rows do not sum to 1"))
    z32 = np.array([[0.5, -1.0, 2.0]], dtype=np.float32)
    got32 = value_case(ctx, f, (z32,), hints=HINTS[f])
    expect_dtype(ctx, f, got32, np.float32, fmt_call(f, (z32,)))
    expect_unchanged(ctx, f, (np.array([[3.0, 1.0, 2.0]]),), names=("z",))


def _tests() -> list[HiddenTest]:
    tests = [
        values_test("sigmoid", 0.5, -40, 40),
        *robust_tests("sigmoid", 0.5),
        HiddenTest("sigmoid_derivative.slides", "sigmoid_derivative", 0.5,
                   Text("σ'(0) = 0.25 y σ'(±2) (la fórmula de las diapositivas σ(1 − σ))",
                        "σ'(0) = 0.25 and σ'(±2) (the slides' formula σ(1 − σ))"),
                   sigmoid_derivative_slides, graded=frozenset({"values"})),
        values_test("sigmoid_derivative", 1.0, -40, 40),
        *robust_tests("sigmoid_derivative", 0.5),
    ]
    for name in ("tanh", "relu", "leaky_relu", "elu", "softplus"):
        tests += [values_test(name, 0.25), *robust_tests(name, 0.25),
                  values_test(f"{name}_derivative", 0.25), *robust_tests(f"{name}_derivative", 0.25)]
    for name in ("arctan", "binary_step"):
        tests += [values_test(name, 0.25, extremes=True),
                  values_test(f"{name}_derivative", 0.25, extremes=True)]
    tests += [
        HiddenTest("softmax.values", "softmax", 0.5, Text("valores de softmax por filas y por columnas",
                                                          "softmax values along rows and columns"), softmax_values, graded=frozenset({"values"})),
        HiddenTest("softmax.invariants", "softmax", 0.5,
                   Text("las filas suman 1, estable con entradas grandes, float32, entrada sin modificar",
                        "rows sum to 1, stable with big inputs, float32, input not modified"),
                   softmax_invariants, graded=frozenset({"dtype", "no_mutation", "values"})),
    ]
    return tests


TESTS = _tests()
