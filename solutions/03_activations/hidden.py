"""Hidden tests of 03_activations: the activation table and its derivatives, softmax.

Every function is graded the same way, in four tests with fixed shares of its points:

    <f>.values       1/2   fixed points (the kink z = 0 among them) and hypothesis arrays of 1 to
                           3 dimensions, against the reference (torch.autograd and, for the
                           derivatives, finite differences are recorded); at a kink any
                           subgradient passes; every `alpha`/`axis` default is left out in some
                           call and another value is passed in another
    <f>.stability    1/4   |z| up to 1e4: finite, right values and no NumPy warning
    <f>.dtype        1/8   float32 in -> float32 out (the statement's dtype policy)
    <f>.no_mutation  1/8   z comes back unmodified

(sigmoid_derivative, worth 2, has the slides' own numbers, `.slides`, 0.5, besides values 1,
stability 0.25, dtype 0.125, no_mutation 0.125). Each test calls only the
function it grades. A failure's hint comes from running the known wrong variants on the same
input: the one whose values (and NumPy warnings) are the student's names the mistake.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
from hypothesis import strategies as st

from grader.grading.checks import (
    EMPTY,
    CheckFailure,
    Ctx,
    Elementwise,
    HiddenTest,
    Hint,
    Invalid,
    ShapeError,
    Text,
    allclose,
    arrays,
    as_array,
    expect_dtype,
    expect_no_warnings,
    expect_unchanged,
    fmt,
    fmt_call,
    rejected,
    shapes,
    value_case,
)
from grader.kinds import Property
from reference import activations as R

VALUE_EXAMPLES = 15
EXTREMES = np.array([-1e4, -1e3, -50.0, -1.0, 0.0, 1.0, 50.0, 1e3, 1e4])
FIXED = np.array([-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0])
Z32 = np.array([[-3.0, -0.5, 0.0], [0.25, 2.0, 7.0]], dtype=np.float32)
NO_MUTATION_Z = np.array([-2.0, -0.5, 0.0, 1.5])

# function -> its total points (unchanged from the course's first version)
POINTS = {
    "sigmoid": 1.0, "sigmoid_derivative": 2.0,
    "tanh": 0.5, "tanh_derivative": 0.5,
    "relu": 0.5, "relu_derivative": 0.5,
    "leaky_relu": 0.5, "leaky_relu_derivative": 0.5,
    "elu": 0.5, "elu_derivative": 0.5,
    "softplus": 0.5, "softplus_derivative": 0.5,
    "arctan": 0.25, "arctan_derivative": 0.25,
    "binary_step": 0.25, "binary_step_derivative": 0.25,
    "softmax": 1.0,
}  # fmt: skip
RANGES = {"sigmoid": (-40.0, 40.0), "sigmoid_derivative": (-40.0, 40.0)}  # default (-20, 20)
ALPHAS = {"leaky_relu": (0.01, 0.2), "elu": (1.0, 0.5)}  # the default, and one passed explicitly


def _base(func: str) -> str:
    return func.removesuffix("_derivative")


def _alpha(a: tuple, k: dict, default: float) -> float:
    return float(a[1]) if len(a) > 1 else float(k.get("alpha", default))


def _quiet(f: Callable[..., np.ndarray], *args, **kwargs) -> np.ndarray:
    """A known wrong variant, run on the student's input without its warnings."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return np.asarray(f(*args, **kwargs), dtype=np.float64)


def _run_warned(f: Callable[..., np.ndarray], z: np.ndarray, kw: dict
                ) -> tuple[np.ndarray, set[str]]:
    """A known wrong variant on z: its values and the NumPy warnings it raises (as the sandbox
    reports them: "RuntimeWarning: overflow encountered in exp")."""
    with warnings.catch_warnings(record=True) as caught, \
            np.errstate(over="warn", invalid="warn", divide="warn", under="ignore"):
        warnings.simplefilter("always")
        value = np.asarray(f(z, **kw), dtype=np.float64)
    return value, {f"{w.category.__name__}: {w.message}" for w in caught}


def _same(got: object, value: np.ndarray) -> bool:
    g = np.asarray(got, dtype=np.float64)
    return g.shape == value.shape and bool(np.allclose(g, value, rtol=1e-6, atol=1e-9,
                                                       equal_nan=True))


# --- the known wrong variants -------------------------------------------------------------------
def _naive_sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def _where_sigmoid(z: np.ndarray) -> np.ndarray:
    return np.where(z >= 0, 1.0 / (1.0 + np.exp(-z)), np.exp(z) / (1.0 + np.exp(z)))


def _table_tanh(z: np.ndarray) -> np.ndarray:
    return 2.0 / (1.0 + np.exp(-2.0 * z)) - 1.0


def _exp_tanh(z: np.ndarray) -> np.ndarray:
    return (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))


def _where_elu(z: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    return np.where(z >= 0, z, alpha * (np.exp(z) - 1.0))


def _where_elu_derivative(z: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    return np.where(z >= 0, 1.0, alpha * np.exp(z))


def _naive_softplus(z: np.ndarray) -> np.ndarray:
    return np.log(1.0 + np.exp(z))


def _threshold_softplus(z: np.ndarray) -> np.ndarray:
    return np.where(z > 20, z, np.log1p(np.exp(z)))


def _no_shift_softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    e = np.exp(z)
    return e / np.sum(e, axis=axis, keepdims=True)


NAIVE_SIGMOID = Text(
    "calculas 1/(1 + e^{−z}) tal cual: para z = −1e4, e^{−z} = e^{10000} desborda (NumPy avisa "
    "«overflow encountered in exp») y el 0 que sale es correcto solo porque 1/inf = 0. Usa "
    "t = e^{−|z|} (siempre ≤ 1): σ(z) = 1/(1 + t) si z ≥ 0, t/(1 + t) si z < 0.",
    "you compute 1/(1 + e^{−z}) as written: for z = −1e4, e^{−z} = e^{10000} overflows (NumPy "
    "warns \"overflow encountered in exp\") and the 0 you get is right only because 1/inf = 0. Use "
    "t = e^{−|z|} (always ≤ 1): σ(z) = 1/(1 + t) for z ≥ 0, t/(1 + t) for z < 0.")
WHERE_BOTH = Text(
    "`np.where(cond, a, b)` calcula a y b en TODOS los elementos antes de elegir: la exponencial "
    "de la rama que no se usa también se evalúa en z = ±1e4 y desborda, aunque su valor se "
    "descarte. ",
    "`np.where(cond, a, b)` computes a and b for EVERY element before choosing: the exponential "
    "of the branch that is not used is evaluated at z = ±1e4 too and overflows, although its value "
    "is thrown away. ")
STABLE_SIGMOID = Text("aplica la exponencial solo a −|z|: t = e^{−|z|}, σ = 1/(1 + t) si z ≥ 0, "
                      "t/(1 + t) si z < 0.",
                      "apply the exponential to −|z| only: t = e^{−|z|}, σ = 1/(1 + t) for z ≥ 0, "
                      "t/(1 + t) for z < 0.")
TABLE_TANH = Text(
    "usas la fórmula de la tabla 2/(1 + e^{−2z}) − 1: para z = −1e4, e^{−2z} desborda (NumPy avisa "
    "«overflow encountered in exp»); el −1 que sale es correcto solo porque 2/inf = 0. Usa "
    "`np.tanh(z)`, que no desborda.",
    "you use the table's formula 2/(1 + e^{−2z}) − 1: for z = −1e4, e^{−2z} overflows (NumPy warns "
    "\"overflow encountered in exp\"); the −1 you get is right only because 2/inf = 0. Use "
    "`np.tanh(z)`, which does not overflow.")
EXP_TANH = Text("(e^{z} − e^{−z})/(e^{z} + e^{−z}) da inf/inf = nan para |z| grande: usa "
                "`np.tanh(z)`.",
                "(e^{z} − e^{−z})/(e^{z} + e^{−z}) gives inf/inf = nan for a large |z|: use "
                "`np.tanh(z)`.")
SECH = Text("calculas 1/cosh(z)²: cosh(z) desborda para |z| > 710 (NumPy avisa «overflow "
            "encountered in cosh»); el 0 es correcto solo porque 1/inf = 0. Usa 1 − tanh(z)² con "
            "`np.tanh`.",
            "you compute 1/cosh(z)²: cosh(z) overflows for |z| > 710 (NumPy warns \"overflow "
            "encountered in cosh\"); the 0 is right only because 1/inf = 0. Use 1 − tanh(z)² with "
            "`np.tanh`.")
WHERE_ELU = Text("evalúa e^{z} solo sobre min(z, 0): `alpha * np.expm1(np.minimum(z, 0))`.",
                 "evaluate e^{z} on min(z, 0) only: `alpha * np.expm1(np.minimum(z, 0))`.")
WHERE_ELU_D = Text("evalúa e^{z} solo sobre min(z, 0): `alpha * np.exp(np.minimum(z, 0))`.",
                   "evaluate e^{z} on min(z, 0) only: `alpha * np.exp(np.minimum(z, 0))`.")
NAIVE_SOFTPLUS = Text("ln(1 + e^{z}) tal cual desborda para z grande (e^{1e4} = inf): usa "
                      "max(z, 0) + ln(1 + e^{−|z|}) (`np.log1p`) o `np.logaddexp(0, z)`.",
                      "ln(1 + e^{z}) as written overflows for a large z (e^{1e4} = inf): use "
                      "max(z, 0) + ln(1 + e^{−|z|}) (`np.log1p`) or `np.logaddexp(0, z)`.")
STABLE_SOFTPLUS = Text("usa max(z, 0) + ln(1 + e^{−|z|}) (`np.log1p`) o `np.logaddexp(0, z)`.",
                       "use max(z, 0) + ln(1 + e^{−|z|}) (`np.log1p`) or `np.logaddexp(0, z)`.")
NO_SHIFT = Text("exponencias z sin restar el máximo (e^{1000} = inf e inf/inf = nan): resta el "
                "máximo a lo largo de `axis` (`np.max(z, axis=axis, keepdims=True)`) antes de "
                "exponenciar, softmax(z) = softmax(z − max(z)).",
                "you exponentiate z without subtracting the maximum (e^{1000} = inf and "
                "inf/inf = nan): subtract the maximum along `axis` (`np.max(z, axis=axis, "
                "keepdims=True)`) before exponentiating, softmax(z) = softmax(z − max(z)).")


def _capital(s: str) -> str:
    return s[:1].upper() + s[1:]


def _where_then(text: Text) -> Text:
    return WHERE_BOTH + text.map(_capital)


# function -> [(wrong variant, what to tell)]: a no-warnings failure whose warnings and values
# are that variant's gets its text (the first that fits)
WARNING_VARIANTS: dict[str, list[tuple[Callable[..., np.ndarray], Text]]] = {
    "sigmoid": [(_naive_sigmoid, NAIVE_SIGMOID), (_where_sigmoid, _where_then(STABLE_SIGMOID))],
    "sigmoid_derivative": [
        (lambda z: _naive_sigmoid(z) * (1.0 - _naive_sigmoid(z)),
         Text("tu σ(z) es 1/(1 + e^{−z}) tal cual, que desborda para z = −1e4: ",
              "your σ(z) is 1/(1 + e^{−z}) as written, which overflows at z = −1e4: ")
         + STABLE_SIGMOID),
        (lambda z: _where_sigmoid(z) * (1.0 - _where_sigmoid(z)), _where_then(STABLE_SIGMOID)),
    ],
    "softplus_derivative": [
        (_naive_sigmoid, Text("softplus'(z) = σ(z), pero tu σ(z) es 1/(1 + e^{−z}) tal cual, que "
                              "desborda para z = −1e4: ",
                              "softplus'(z) = σ(z), but your σ(z) is 1/(1 + e^{−z}) as written, "
                              "which overflows at z = −1e4: ") + STABLE_SIGMOID),
        (_where_sigmoid, _where_then(STABLE_SIGMOID)),
    ],
    "tanh": [(_table_tanh, TABLE_TANH)],
    "tanh_derivative": [
        (lambda z: 1.0 - _table_tanh(z) ** 2,
         Text("tu tanh es la fórmula de la tabla 2/(1 + e^{−2z}) − 1, que desborda para "
              "z = −1e4: usa `np.tanh(z)`.",
              "your tanh is the table's formula 2/(1 + e^{−2z}) − 1, which overflows at z = −1e4: "
              "use `np.tanh(z)`.")),
        (lambda z: 1.0 / np.cosh(z) ** 2, SECH),
    ],
    "elu": [(_where_elu, _where_then(WHERE_ELU))],
    "elu_derivative": [(_where_elu_derivative, _where_then(WHERE_ELU_D)),
                       (lambda z, alpha=1.0: _where_elu(z, alpha) + alpha, _where_then(WHERE_ELU_D))],
    "softplus": [(_threshold_softplus, _where_then(STABLE_SOFTPLUS))],
    "softmax": [],
}

# function -> what to do about any other NumPy warning at |z| up to 1e4
WARNING_DEFAULT: dict[str, Text] = {
    "sigmoid": STABLE_SIGMOID,
    "sigmoid_derivative": Text("calcula σ(z) de forma estable y luego σ(z)(1 − σ(z)): ",
                               "compute σ(z) in a stable way, then σ(z)(1 − σ(z)): ") + STABLE_SIGMOID,
    "softplus_derivative": Text("softplus'(z) = σ(z): calcúlala de forma estable; ",
                                "softplus'(z) = σ(z): compute it in a stable way; ") + STABLE_SIGMOID,
    "tanh": Text("usa `np.tanh(z)`, que no desborda.", "use `np.tanh(z)`, which does not overflow."),
    "tanh_derivative": Text("usa 1 − tanh(z)² con `np.tanh(z)`, que no desborda.",
                            "use 1 − tanh(z)² with `np.tanh(z)`, which does not overflow."),
    "elu": WHERE_ELU,
    "elu_derivative": WHERE_ELU_D,
    "softplus": STABLE_SOFTPLUS,
    "softmax": Text("resta el máximo a lo largo de `axis` antes de exponenciar.",
                    "subtract the maximum along `axis` before exponentiating."),
}


def _warning_hint(func: str, z: np.ndarray, kw: dict, got: object, warned: list[str]) -> Text:
    """The known wrong variant whose warnings and values on z are the student's, or the
    function's own advice."""
    fits: list[tuple[bool, Text]] = []
    for variant, text in WARNING_VARIANTS.get(func, []):
        try:
            value, its = _run_warned(variant, z, kw)
        except Exception:  # a variant that does not fit this input says nothing
            continue
        if its and its <= set(warned) and _same(got, value):
            fits.append((its == set(warned), text))
    exact = [text for same, text in fits if same]
    return (exact or [text for _, text in fits] or [WARNING_DEFAULT.get(func, EMPTY)])[0]


# --- hints for wrong values: detect(args, kwargs, got, expected) runs a wrong variant ------------
def _nonfinite(a: tuple, k: dict, got: object, exp: object) -> bool:
    return not np.all(np.isfinite(np.asarray(got, dtype=np.float64)))


def _variant_hint(variant: Callable[..., np.ndarray], text: Text, *, only_nonfinite: bool = False
                  ) -> Hint:
    def detect(a: tuple, k: dict, got: object, exp: object) -> bool:
        if only_nonfinite and not _nonfinite(a, k, got, exp):
            return False
        return _same(got, _quiet(variant, np.asarray(a[0], dtype=np.float64), **k))

    return Hint(detect, text)


def _ignores_alpha(func: str) -> Hint:
    """alpha passed explicitly, the default's values returned."""
    default, other = ALPHAS[_base(func)]
    ref = getattr(R, func)
    return Hint(lambda a, k, g, e: "alpha" in k and not allclose(e, ref(a[0], alpha=default))
                and allclose(g, ref(a[0], alpha=default)),
                Text(f"con alpha={other:g} devuelves lo mismo que con el valor por defecto "
                     f"{default:g}: usa el argumento `alpha` en lugar de un número fijo.",
                     f"with alpha={other:g} you return the same as with the default {default:g}: "
                     "use the `alpha` argument instead of a fixed number."))


# where z < 0, the value divided by alpha: the same for every element when alpha is a constant
PER_ALPHA: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "leaky_relu": lambda z: z,
    "leaky_relu_derivative": np.ones_like,
    "elu": np.expm1,
    "elu_derivative": np.exp,
}


def _wrong_default(func: str) -> Hint:
    """alpha left to its default, another alpha used (a changed default value)."""
    default = ALPHAS[_base(func)][0]

    def detect(a: tuple, k: dict, got: object, exp: object) -> bool:
        if "alpha" in k or len(a) > 1:
            return False
        z = np.asarray(a[0], dtype=np.float64)
        g = np.asarray(got, dtype=np.float64)
        neg = z < -1e-3
        if g.shape != z.shape or not neg.any():
            return False
        with np.errstate(all="ignore"):
            used = g[neg] / PER_ALPHA[func](z[neg])
        return bool(np.allclose(used, used[0], rtol=1e-6)
                    and not np.isclose(used[0], default, rtol=1e-6)
                    and allclose(g[~neg & (z > 1e-3)], exp[~neg & (z > 1e-3)]))

    return Hint(detect, Text(f"con `alpha` sin pasar (su valor por defecto) usas otro α: el valor "
                             f"por defecto es {default:g} (`def {func}(z, alpha={default!r})`).",
                             f"with `alpha` not passed (its default) you use another α: the default "
                             f"is {default:g} (`def {func}(z, alpha={default!r})`)."))


def _swapped(func: str) -> Hint:
    """The function where its derivative is due, or the other way round."""
    other = f"{func}_derivative" if not func.endswith("_derivative") else _base(func)
    ref = getattr(R, other)
    return Hint(lambda a, k, g, e: not allclose(e, ref(*a, **k)) and allclose(g, ref(*a, **k)),
                Text(f"devuelves {other}(z): {func} es "
                     + ("la derivada." if func.endswith("_derivative") else "la función, no su derivada."),
                     f"you return {other}(z): {func} is "
                     + ("the derivative." if func.endswith("_derivative") else "the function, not its derivative.")))


HINTS: dict[str, list[Hint]] = {
    "sigmoid": [
        _variant_hint(lambda z: 1.0 / (1.0 + np.exp(z)),
                      Text("calculas 1/(1 + e^{z}); el exponente lleva signo menos: σ(z) = 1/(1 + e^{−z}).",
                           "you compute 1/(1 + e^{z}); the exponent is negative: σ(z) = 1/(1 + e^{−z}).")),
        _variant_hint(_where_sigmoid, _where_then(STABLE_SIGMOID), only_nonfinite=True),
        Hint(_nonfinite, Text("sigmoid da valores no finitos para |z| grande: ",
                              "sigmoid gives non-finite values for a large |z|: ") + STABLE_SIGMOID),
    ],
    "sigmoid_derivative": [
        _variant_hint(lambda z: R.sigmoid(z) * (1.0 - z),
                      Text("parece que calculas σ(z)(1 − z); la derivada es σ'(z) = σ(z)(1 − σ(z)): "
                           "usa σ(z) en los dos factores.",
                           "it looks like you compute σ(z)(1 − z); the derivative is "
                           "σ'(z) = σ(z)(1 − σ(z)): use σ(z) in both factors.")),
        _variant_hint(lambda z: z * (1.0 - z),
                      Text("calculas z(1 − z), como si z ya fuera σ(z); la función recibe z: "
                           "σ'(z) = σ(z)(1 − σ(z)).",
                           "you compute z(1 − z), as if z were already σ(z); the function receives "
                           "z: σ'(z) = σ(z)(1 − σ(z)).")),
        _variant_hint(lambda z: np.exp(-z) / (1.0 + np.exp(-z)) ** 2,
                      Text("e^{−z}/(1 + e^{−z})² da inf/inf = nan para z muy negativo: calcula σ(z) "
                           "de forma estable y luego σ(z)(1 − σ(z)).",
                           "e^{−z}/(1 + e^{−z})² gives inf/inf = nan for a very negative z: compute "
                           "σ(z) in a stable way, then σ(z)(1 − σ(z))."), only_nonfinite=True),
        _swapped("sigmoid_derivative"),
        Hint(_nonfinite, WARNING_DEFAULT["sigmoid_derivative"]),
    ],
    "tanh": [
        _variant_hint(_exp_tanh, EXP_TANH, only_nonfinite=True),
        Hint(_nonfinite, WARNING_DEFAULT["tanh"]),
    ],
    "tanh_derivative": [
        _variant_hint(lambda z: 1.0 - z ** 2,
                      Text("calculas 1 − z²; la derivada es 1 − tanh(z)².",
                           "you compute 1 − z²; the derivative is 1 − tanh(z)².")),
        _variant_hint(lambda z: 1.0 - np.tanh(z),
                      Text("falta el cuadrado: tanh'(z) = 1 − tanh(z)².",
                           "the square is missing: tanh'(z) = 1 − tanh(z)².")),
        _swapped("tanh_derivative"),
        Hint(_nonfinite, WARNING_DEFAULT["tanh_derivative"]),
    ],
    "relu": [_swapped("relu")],
    "relu_derivative": [_swapped("relu_derivative")],
    "leaky_relu": [_ignores_alpha("leaky_relu"), _wrong_default("leaky_relu"), _swapped("leaky_relu")],
    "leaky_relu_derivative": [_ignores_alpha("leaky_relu_derivative"), _wrong_default("leaky_relu_derivative"),
                              _swapped("leaky_relu_derivative")],
    "elu": [
        _ignores_alpha("elu"),
        _wrong_default("elu"),
        _variant_hint(lambda z, alpha=1.0: np.where(z >= 0, z, alpha * np.exp(z)),
                      Text("para z < 0, ELU es α(e^{z} − 1): falta el − 1.",
                           "for z < 0, ELU is α(e^{z} − 1): the − 1 is missing.")),
        _swapped("elu"),
        Hint(_nonfinite, WHERE_ELU),
    ],
    "elu_derivative": [
        _ignores_alpha("elu_derivative"),
        _wrong_default("elu_derivative"),
        _swapped("elu_derivative"),
        _variant_hint(lambda z, alpha=1.0: R.elu(z, alpha) + alpha,
                      Text("f(z) + α vale solo para z < 0; para z > 0 la derivada es 1.",
                           "f(z) + α holds only for z < 0; for z > 0 the derivative is 1.")),
        Hint(_nonfinite, WHERE_ELU_D),
    ],
    "softplus": [
        _variant_hint(_naive_softplus, NAIVE_SOFTPLUS, only_nonfinite=True),
        _swapped("softplus"),
        Hint(_nonfinite, NAIVE_SOFTPLUS),
    ],
    "softplus_derivative": [
        _variant_hint(lambda z: 1.0 / (1.0 + np.exp(z)),
                      Text("calculas 1/(1 + e^{z}); softplus'(z) = σ(z) = 1/(1 + e^{−z}).",
                           "you compute 1/(1 + e^{z}); softplus'(z) = σ(z) = 1/(1 + e^{−z}).")),
        _swapped("softplus_derivative"),
        Hint(_nonfinite, WARNING_DEFAULT["softplus_derivative"]),
    ],
    "arctan": [_swapped("arctan")],
    "arctan_derivative": [
        _variant_hint(lambda z: 1.0 / (1.0 + z),
                      Text("calculas 1/(1 + z); la derivada es 1/(z² + 1).",
                           "you compute 1/(1 + z); the derivative is 1/(z² + 1).")),
        _swapped("arctan_derivative"),
    ],
    "binary_step": [
        _variant_hint(lambda z: np.where(z > 0, 1.0, 0.0),
                      Text("en z = 0 el escalón vale 1 (0 si z < 0, 1 si z ≥ 0): usa `z >= 0`.",
                           "at z = 0 the step is 1 (0 for z < 0, 1 for z ≥ 0): use `z >= 0`.")),
        _swapped("binary_step"),
    ],
    "binary_step_derivative": [_swapped("binary_step_derivative")],
}


def _softmax_axis_hint(default: bool) -> Hint:
    """Normalised along an axis that is not `axis` (with `axis` passed, or left to default)."""
    def detect(a: tuple, k: dict, got: object, exp: object) -> bool:
        if ("axis" in k) == default:
            return False
        z = np.asarray(a[0], dtype=np.float64)
        want = k.get("axis", -1) % z.ndim
        return any(_same(got, R.softmax(z, axis=ax)) and not _same(exp, R.softmax(z, axis=ax))
                   for ax in range(z.ndim) if ax != want)

    if default:
        return Hint(detect, Text("sin pasar `axis` normalizas a lo largo de otro eje: el valor por "
                                 "defecto es el último eje (`def softmax(z, axis=-1)`).",
                                 "with `axis` not passed you normalise along another axis: the "
                                 "default is the last axis (`def softmax(z, axis=-1)`)."))
    return Hint(detect, Text("normalizas a lo largo de otro eje: usa el argumento `axis` en el "
                             "máximo y en la suma (con `keepdims=True`).",
                             "you normalise along another axis: use the `axis` argument in the "
                             "maximum and in the sum (with `keepdims=True`)."))


def _global_max_softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    e = np.exp(z - np.max(z))
    return e / np.sum(e, axis=axis, keepdims=True)


def _global_sum_softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    e = np.exp(z - np.max(z))
    return e / np.sum(e)


HINTS["softmax"] = [
    _variant_hint(_no_shift_softmax, NO_SHIFT, only_nonfinite=True),
    _variant_hint(_global_max_softmax,
                  Text("restas el máximo de todo el array: una fila muy por debajo de él da "
                       "e^{−9000} = 0 en todos sus elementos y 0/0 = nan. Resta el máximo de cada "
                       "fila: `np.max(z, axis=axis, keepdims=True)`.",
                       "you subtract the maximum of the whole array: a row far below it gives "
                       "e^{−9000} = 0 in every element and 0/0 = nan. Subtract each row's "
                       "maximum: `np.max(z, axis=axis, keepdims=True)`."), only_nonfinite=True),
    _softmax_axis_hint(default=True),
    _softmax_axis_hint(default=False),
    _variant_hint(_global_sum_softmax,
                  Text("divides por la suma de todo el array; cada fila (a lo largo de `axis`) "
                       "debe sumar 1: `np.sum(e, axis=axis, keepdims=True)`.",
                       "you divide by the sum over the whole array; each row (along `axis`) "
                       "must sum to 1: `np.sum(e, axis=axis, keepdims=True)`.")),
    Hint(_nonfinite, Text("softmax da valores no finitos con entradas grandes: ",
                          "softmax gives non-finite values for large inputs: ")
         + WARNING_DEFAULT["softmax"]),
]


# --- dtype: which wrong variant turned float32 into something else ------------------------------
# piecewise-constant functions built with np.where on two plain numbers: (value at z >= 0,
# value at z < 0) from the alpha (or None)
CONSTANTS: dict[str, Callable[[float | None], tuple[float, float]]] = {
    "relu_derivative": lambda al: (1.0, 0.0),
    "leaky_relu_derivative": lambda al: (1.0, al),
    "binary_step": lambda al: (1.0, 0.0),
}


def _dtype_hint(func: str, z: np.ndarray, got: object) -> Text:
    g = np.asarray(got)
    if g.dtype == np.bool_:
        return Text("devuelves un array booleano (una comparación como `z > 0`): conviértelo con "
                    "`.astype(z.dtype)`.",
                    "you return a boolean array (a comparison such as `z > 0`): convert it with "
                    "`.astype(z.dtype)`.")
    if g.dtype != np.float64:
        return EMPTY
    alpha = ALPHAS.get(_base(func), (None,))[0]
    if func in CONSTANTS:
        hi, lo = CONSTANTS[func](alpha)
        for cond in (z >= 0, z > 0):
            if g.shape == z.shape and np.array_equal(g, np.where(cond, hi, lo)):
                return Text(f"`np.where(cond, {hi!r}, {lo!r})` con dos números de Python da float64 "
                            "aunque z sea float32: añade `.astype(z.dtype)` (o usa "
                            "`np.ones_like(z)`/`np.zeros_like(z)`).",
                            f"`np.where(cond, {hi!r}, {lo!r})` with two Python numbers gives float64 "
                            "even when z is float32: add `.astype(z.dtype)` (or use "
                            "`np.ones_like(z)`/`np.zeros_like(z)`).")
    ref = getattr(R, func)
    if g.shape == z.shape and allclose(g, ref(z.astype(np.float64)), rtol=1e-12, atol=0.0):
        return Text("tus valores son los de calcular en float64: en algún paso conviertes z "
                    "(`np.asarray(z, dtype=float)`, `z.astype(float)`, `np.array(z, "
                    "dtype=np.float64)`) o lo mezclas con un array float64 (`np.zeros(z.shape)`, "
                    "`np.ones(n)`). Usa `as_float_array(z)`, `np.zeros_like(z)` o, al final, "
                    "`.astype(z.dtype)`.",
                    "your values are those of computing in float64: at some step you convert z "
                    "(`np.asarray(z, dtype=float)`, `z.astype(float)`, `np.array(z, "
                    "dtype=np.float64)`) or mix it with a float64 array (`np.zeros(z.shape)`, "
                    "`np.ones(n)`). Use `as_float_array(z)`, `np.zeros_like(z)` or, at the end, "
                    "`.astype(z.dtype)`.")
    return EMPTY


# --- kinks: intervals (lo, hi) where any subgradient passes; NaN = none at that element ---------
def _kink(lo_hi: Callable[[tuple, dict], tuple[float, float]]) -> Callable[[tuple, dict], tuple]:
    def f(a: tuple, k: dict) -> tuple[np.ndarray, np.ndarray]:
        z = np.asarray(a[0], dtype=np.float64)
        lo_v, hi_v = lo_hi(a, k)
        at = z == 0
        return np.where(at, lo_v, np.nan), np.where(at, hi_v, np.nan)

    return f


KINKS: dict[str, Callable[[tuple, dict], tuple]] = {
    "relu_derivative": _kink(lambda a, k: (0.0, 1.0)),
    "leaky_relu_derivative": _kink(lambda a, k: tuple(sorted((_alpha(a, k, 0.01), 1.0)))),
    "elu_derivative": _kink(lambda a, k: tuple(sorted((_alpha(a, k, 1.0), 1.0)))),
    "binary_step_derivative": _kink(lambda a, k: (-np.inf, np.inf)),
}


def _elementwise(func: str) -> Elementwise:
    primitive = getattr(R, _base(func)) if func.endswith("_derivative") else None
    return Elementwise(func, hints=HINTS.get(func, ()), kinks=KINKS.get(func),
                       primitive=primitive, alpha=ALPHAS.get(_base(func)))


# --- the tests ------------------------------------------------------------------------------------
KINK_TEXT = {
    "relu_derivative": Text("; en z = 0 vale cualquier valor de [0, 1]", "; at z = 0 any value in [0, 1] passes"),
    "leaky_relu_derivative": Text("; en z = 0 vale cualquier valor de [α, 1]", "; at z = 0 any value in [α, 1] passes"),
    "elu_derivative": Text("; en z = 0 vale cualquier valor de [α, 1]", "; at z = 0 any value in [α, 1] passes"),
    "binary_step_derivative": Text("; en z = 0 vale cualquier número finito", "; at z = 0 any finite number passes"),
}  # fmt: skip


def values_test(func: str, points: float) -> HiddenTest:
    f = _elementwise(func)
    lo, hi = RANGES.get(func, (-20.0, 20.0))
    keywords = f.keywords()
    span = f"{lo:g} y {hi:g}".replace("-", "−"), f"{lo:g} and {hi:g}".replace("-", "−")

    def check(ctx: Ctx) -> None:
        for kw in keywords:
            f.case(ctx, FIXED.copy(), kw)
        ctx.forall(
            arrays(shapes(1, 3, 4), lo, hi).flatmap(lambda z: st.sampled_from(keywords).map(
                lambda k: (z, k))),
            lambda zk: f.case(ctx, zk[0], zk[1]),
            max_examples=VALUE_EXAMPLES,
        )

    desc = Text(
        f"{func}: valores en z = 0, ±0.5, ±1, ±3 y en arrays aleatorios de 1 a 3 dimensiones con "
        f"z entre {span[0]}",
        f"{func}: values at z = 0, ±0.5, ±1, ±3 and on random arrays of 1 to 3 dimensions with z "
        f"between {span[1]}")
    if f.alpha is not None:
        desc = desc + Text(f", con el α por defecto ({f.alpha[0]:g}) y con alpha={f.alpha[1]:g}",
                           f", with the default α ({f.alpha[0]:g}) and with alpha={f.alpha[1]:g}")
    desc = desc + KINK_TEXT.get(func, Text("", ""))
    return HiddenTest(f"{func}.values", func, points, desc, check, graded=frozenset({"values"}))


def stability_test(func: str, points: float) -> HiddenTest:
    f = _elementwise(func)

    def check(ctx: Ctx) -> None:
        z = EXTREMES.copy()
        got = f.case(ctx, z, {}, prop="stability")
        warned = list(getattr(ctx.last_outcome, "warnings", []) or [])
        expect_no_warnings(ctx, func, fmt_call(func, (z,)),
                           hint=_warning_hint(func, z, {}, got, warned))

    return HiddenTest(f"{func}.stability", func, points,
                      Text(f"{func}: z = ±1e4, ±1e3, ±50, ±1 y 0 dan valores finitos y correctos, "
                           "sin ningún aviso de NumPy (desbordamiento, valor no válido)",
                           f"{func}: z = ±1e4, ±1e3, ±50, ±1 and 0 give finite, right values, "
                           "with no NumPy warning (overflow, invalid value)"),
                      check, graded=frozenset({"stability", "no_warnings"}))


def dtype_test(func: str, points: float, z: np.ndarray = Z32, kwargs: dict | None = None
               ) -> HiddenTest:
    def check(ctx: Ctx) -> None:
        zz = z.copy()
        show = fmt_call(func, (zz,), kwargs)
        got = ctx.invoke(func, (zz,), kwargs, show=show)[0]
        try:
            expect_dtype(ctx, func, got, np.float32, show)
        except CheckFailure as e:
            hint = _dtype_hint(func, z, got)
            if hint:
                e.hint = hint
            raise

    return HiddenTest(f"{func}.dtype", func, points,
                      Text(f"{func}: con z float32 devuelve un array float32",
                           f"{func}: float32 z in, float32 array out"),
                      check, graded=frozenset({"dtype"}))


def no_mutation_test(func: str, points: float, cases: list[tuple[np.ndarray, dict]] | None = None
                     ) -> HiddenTest:
    cases = cases or [(NO_MUTATION_Z, {})]

    def check(ctx: Ctx) -> None:
        for z, kw in cases:
            value = expect_unchanged(ctx, func, (z.copy(),), kw, names=("z",))
            try:  # "returns a new array": a numeric array shaped like z (its values: .values)
                as_array(value, func=func, shape=z.shape, allow_nan=True)
            except (Invalid, ShapeError) as e:
                raise rejected(e, func, fmt_call(func, (z,), kw), f"array {z.shape}", value) from None

    return HiddenTest(f"{func}.no_mutation", func, points,
                      Text(f"{func}: no modifica z y devuelve un array nuevo de su forma",
                           f"{func}: does not modify z and returns a new array of its shape"),
                      check, graded=frozenset({"no_mutation"}))


def sigmoid_derivative_slides(ctx: Ctx) -> None:
    """σ'(0) = 0.25 (the slides' σ' = σ(1 − σ)), and σ'(±2) by hand."""
    z = np.array([0.0, 2.0, -2.0])
    s2 = 1.0 / (1.0 + np.exp(-2.0))
    value_case(ctx, "sigmoid_derivative", (z,), expected=np.array([0.25, s2 * (1 - s2), s2 * (1 - s2)]),
               hints=HINTS["sigmoid_derivative"])


# --- softmax --------------------------------------------------------------------------------------
def _softmax_case(ctx: Ctx, z: np.ndarray, kw: dict, prop: Property = "values") -> np.ndarray:
    return value_case(ctx, "softmax", (z,), kw, hints=HINTS["softmax"], prop=prop)


def _with_axis(z: np.ndarray) -> st.SearchStrategy:
    return st.sampled_from([{}, *({"axis": a} for a in range(-z.ndim, z.ndim))]).map(lambda k: (z, k))


def softmax_values(ctx: Ctx) -> None:
    _softmax_case(ctx, np.array([1.0, 2.0, 3.0]), {})
    _softmax_case(ctx, np.array([[1.0, 2.0], [3.0, 5.0], [0.0, 0.0]]), {"axis": 0})
    _softmax_case(ctx, np.arange(12.0).reshape(2, 3, 2) / 4.0, {"axis": 1})
    ctx.forall(arrays(shapes(1, 3, 4), -20, 20).flatmap(_with_axis),
               lambda zk: _softmax_case(ctx, zk[0], zk[1]), max_examples=VALUE_EXAMPLES)


BIG = [(np.array([[1000.0, 1001.0, 999.0], [-1e4, 0.0, 1e4]]), {}),
       (np.array([[1000.0, -1e4], [1001.0, 0.0], [999.0, 1e4]]), {"axis": 0})]


def softmax_stability(ctx: Ctx) -> None:
    f = "softmax"
    for z, kw in BIG:
        show = fmt_call(f, (z,), kw)
        got = _softmax_case(ctx, z.copy(), kw, prop="stability")
        warned = list(getattr(ctx.last_outcome, "warnings", []) or [])
        expect_no_warnings(ctx, f, show, hint=_warning_hint(f, z, kw, got, warned))
        sums = got.sum(axis=kw.get("axis", -1))  # tighter than the value tolerance
        if not allclose(sums, np.ones_like(sums), rtol=0.0, atol=1e-12):
            raise CheckFailure(f, show, "1 ± 1e-12", fmt(sums),
                               Text("divide cada exponencial por la suma a lo largo de `axis`.",
                                    "divide each exponential by the sum along `axis`."),
                               what=Text("las sumas a lo largo de axis no son 1",
                                         "the sums along axis are not 1"))


def _tests() -> list[HiddenTest]:
    tests: list[HiddenTest] = []
    for func, total in POINTS.items():
        if func == "softmax":
            tests += [
                HiddenTest("softmax.values", "softmax", total / 2,
                           Text("softmax: valores a lo largo del eje por defecto (el último) y de "
                                "cada axis (0, 1, 2, −1…) en arrays de 1 a 3 dimensiones con z "
                                "entre −20 y 20",
                                "softmax: values along the default axis (the last) and along "
                                "each axis (0, 1, 2, −1…) on arrays of 1 to 3 dimensions with z "
                                "between −20 and 20"),
                           softmax_values, graded=frozenset({"values"})),
                HiddenTest("softmax.stability", "softmax", total / 4,
                           Text("softmax: entradas de hasta ±1e4 (filas como [1000, 1001, 999] y "
                                "[−1e4, 0, 1e4], con el eje por defecto y con axis=0): valores "
                                "correctos, sumas de 1 ± 1e-12 y ningún aviso de NumPy",
                                "softmax: inputs up to ±1e4 (rows such as [1000, 1001, 999] and "
                                "[−1e4, 0, 1e4], along the default axis and with axis=0): right "
                                "values, sums of 1 ± 1e-12 and no NumPy warning"),
                           softmax_stability, graded=frozenset({"stability", "no_warnings"})),
                dtype_test("softmax", total / 8),
                no_mutation_test("softmax", total / 8,
                                 [(np.array([[3.0, 1.0, 2.0], [0.0, -1.0, 5.0]]), {}),
                                  (np.array([[3.0, 1.0, 2.0], [0.0, -1.0, 5.0]]), {"axis": 0})]),
            ]
            continue
        if func == "sigmoid_derivative":
            tests.append(HiddenTest(
                "sigmoid_derivative.slides", func, 0.5,
                Text("sigmoid_derivative: σ'(0) = 0.25 y σ'(±2) = σ(2)(1 − σ(2)), los números de "
                     "las diapositivas",
                     "sigmoid_derivative: σ'(0) = 0.25 and σ'(±2) = σ(2)(1 − σ(2)), the slides' "
                     "numbers"),
                sigmoid_derivative_slides, graded=frozenset({"values"})))
            tests += [values_test(func, 1.0), stability_test(func, 0.25), dtype_test(func, 0.125),
                      no_mutation_test(func, 0.125)]
            continue
        tests += [values_test(func, total / 2), stability_test(func, total / 4),
                  dtype_test(func, total / 8), no_mutation_test(func, total / 8)]
    return tests


TESTS = _tests()
