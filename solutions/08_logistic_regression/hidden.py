"""Hidden tests of 08_logistic_regression: σ(Xw + b), the class, the binary cross-entropy, its
gradient, gradient descent and the number of polynomial features.

Values are compared with the reference (reference.logreg) on fixed cases (the slides' five
customers among them) and on hypothesis-generated data; torch is recorded as an oracle
(torch.sigmoid, F.binary_cross_entropy, autograd of F.binary_cross_entropy_with_logits,
torch.optim.SGD). Inputs of the value tests are multiples of 1/4, so X·w + b is exact and a
class cannot flip on a rounding difference. Stability: |z| = 1e4 and p exactly 0 or 1, with no
NumPy warning. Each test calls only the function it grades. A failure's hint comes from running
the known wrong variants on the same input: the one that computes what came back names the
mistake.
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
    StudentError,
    Text,
    arrays,
    as_array,
    close_to,
    expect_dtype,
    expect_no_warnings,
    expect_sequence,
    expect_unchanged,
    first_mismatch,
    floats,
    fmt,
    fmt_call,
    grid,
    record_torch,
    rejected,
    tolerance,
    value_case,
    variant_hint,
    variant_hints,
)
from reference import logreg as R

RTOL, ATOL = tolerance(np.float64)
EXAMPLES = 12


def customers() -> np.ndarray:
    """The five customers of the slides (income in k€, age in years), a fresh array per call."""
    return np.array([[97.17, 26.6], [44.67, 32.3], [46.64, 26.7], [33.84, 23.7], [79.35, 27.0]])


def vehicle() -> np.ndarray:
    """S -> 1, N -> 0."""
    return np.array([1.0, 0.0, 0.0, 0.0, 1.0])


W_SLIDES, B_SLIDES = (0.2, 0.0), -12.0  # income above 60 k€ -> vehicle


# --- the known wrong variants -------------------------------------------------------------------
def _sigma(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def _z(X: Any, w: Any, b: float) -> np.ndarray:
    return np.asarray(X, dtype=float) @ np.asarray(w, dtype=float) + b


SIGN_SIGMA = Text("σ(z) = 1/(1 + e^{−z}), con −z en el exponente: tu resultado es σ(−z) = 1 − σ(z).",
                  "σ(z) = 1/(1 + e^{−z}), with −z in the exponent: your result is σ(−z) = 1 − σ(z).")
BIAS_SIGN = Text("el sesgo se suma: z = X·w + b.", "the bias is added: z = X·w + b.")
NAIVE_SIGMA = Text(
    "calculas 1/(1 + e^{−z}) tal cual: para z = −1e4, e^{−z} = e^{10000} desborda (NumPy avisa "
    "«overflow encountered in exp») y el 0 que sale es correcto solo porque 1/inf = 0. Usa "
    "t = e^{−|z|} (siempre ≤ 1): σ(z) = 1/(1 + t) si z ≥ 0, t/(1 + t) si z < 0 (`np.where` "
    "evalúa las dos ramas en todos los elementos: ninguna puede exponenciar un número grande).",
    "you compute 1/(1 + e^{−z}) as written: for z = −1e4, e^{−z} = e^{10000} overflows (NumPy "
    "warns \"overflow encountered in exp\") and the 0 you get is right only because 1/inf = 0. Use "
    "t = e^{−|z|} (always ≤ 1): σ(z) = 1/(1 + t) for z ≥ 0, t/(1 + t) for z < 0 (`np.where` "
    "evaluates both branches on every element: neither may exponentiate a large number).")
EXP_RATIO = Text("e^{z}/(1 + e^{z}) da inf/inf = nan para z grande: usa t = e^{−|z|}, "
                 "σ(z) = 1/(1 + t) si z ≥ 0, t/(1 + t) si z < 0.",
                 "e^{z}/(1 + e^{z}) gives inf/inf = nan for a large z: use t = e^{−|z|}, "
                 "σ(z) = 1/(1 + t) for z ≥ 0, t/(1 + t) for z < 0.")
PROBA_VARIANTS = [
    (lambda X, w, b: _sigma(-_z(X, w, b)), SIGN_SIGMA),
    (lambda X, w, b: _sigma(_z(X, w, -b)), BIAS_SIGN),
    (lambda X, w, b: _sigma(_z(X, w, b))[:, None],
     Text("devuelve un vector (m,), una probabilidad por fila de X, no una columna (m, 1).",
          "return an (m,) vector, one probability per row of X, not an (m, 1) column.")),
]
PROBA_HINTS = [*variant_hints(PROBA_VARIANTS),
               Hint(lambda a, k, g, e: bool(np.isnan(np.asarray(g, dtype=float)).any()), EXP_RATIO)]

STRICT = Text("en p = threshold la clase es 1: la condición es p ≥ threshold, no p > threshold "
              "(con z = 0, p = σ(0) = 0.5 exactamente).",
              "at p = threshold the class is 1: the condition is p ≥ threshold, not p > threshold "
              "(with z = 0, p = σ(0) = 0.5 exactly).")


def _thr(a: tuple, k: dict) -> float:
    return float(a[3]) if len(a) > 3 else float(k.get("threshold", 0.5))


PREDICT_VARIANTS = [
    (lambda X, w, b, threshold=0.5: (_sigma(_z(X, w, b)) > threshold).astype(int), STRICT),
    (lambda X, w, b, threshold=0.5: (_z(X, w, b) >= threshold).astype(int),
     Text("comparas z = X·w + b con el umbral; el umbral es de la probabilidad: "
          "clase 1 si σ(z) ≥ threshold (para threshold = 0.5 es lo mismo que z ≥ 0, para otro no).",
          "you compare z = X·w + b with the threshold; the threshold is on the probability: class 1 "
          "if σ(z) ≥ threshold (for threshold = 0.5 it is the same as z ≥ 0, for another not).")),
    (lambda X, w, b, threshold=0.5: (_sigma(_z(X, w, b)) >= 0.5).astype(int),
     Text("usa el `threshold` que recibe la función (tu resultado es el de 0.5).",
          "use the `threshold` the function receives (your result is that of 0.5).")),
    (lambda X, w, b, threshold=0.5: _sigma(_z(X, w, b)),
     Text("devuelve la clase (0 o 1), no la probabilidad.",
          "return the class (0 or 1), not the probability.")),
]
PREDICT_HINTS = variant_hints(PREDICT_VARIANTS)


def _bce(p: Any, y: Any, eps: float = 1e-12, lo: bool = True, hi: bool = True,
         plus: bool = False, total: bool = False, sign: float = -1.0, half: bool = False) -> float:
    p, y = np.asarray(p, dtype=float), np.asarray(y, dtype=float)
    if plus:
        terms = y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps)
    else:
        q = np.clip(p, eps if lo else None, 1 - eps if hi else None) if (lo or hi) else p
        terms = y * np.log(q) + (0 if half else (1 - y) * np.log(1 - q))
    return float(sign * (np.sum(terms) if total else np.mean(terms)))


CLIP = Text("recorta p a [eps, 1 − eps] antes del logaritmo (`np.clip(p, eps, 1 - eps)`): con p = 0 "
            "o p = 1, log(0) = −inf (NumPy avisa «divide by zero encountered in log») y 0·log(0) = nan.",
            "clip p to [eps, 1 − eps] before the logarithm (`np.clip(p, eps, 1 - eps)`): with p = 0 "
            "or p = 1, log(0) = −inf (NumPy warns \"divide by zero encountered in log\") and "
            "0·log(0) = nan.")
BCE_VARIANTS = [
    (lambda p, y, eps=1e-12: _bce(p, y, eps, sign=1.0),
     Text("falta el signo menos: J = −(1/m) Σ [y ln p + (1 − y) ln(1 − p)] (la entropía cruzada es ≥ 0).",
          "the minus sign is missing: J = −(1/m) Σ [y ln p + (1 − y) ln(1 − p)] (cross-entropy is ≥ 0).")),
    (lambda p, y, eps=1e-12: _bce(p, y, eps, total=True),
     Text("es la media sobre las m muestras, no la suma: divide entre m (`np.mean`).",
          "it is the mean over the m samples, not the sum: divide by m (`np.mean`).")),
    (lambda p, y, eps=1e-12: _bce(p, y, eps, half=True),
     Text("falta el término de la clase 0: (1 − y) ln(1 − p).",
          "the class-0 term is missing: (1 − y) ln(1 − p).")),
    (lambda p, y, eps=1e-12: _bce(p, y, eps, plus=True),
     Text("se pide recortar p a [eps, 1 − eps] (`np.clip`), no sumar eps dentro del logaritmo: "
          "con eps = 1e-3 y p = 1, ln(1 + eps) ≠ ln(1 − eps).",
          "p is to be clipped to [eps, 1 − eps] (`np.clip`), not eps added inside the log: with "
          "eps = 1e-3 and p = 1, ln(1 + eps) ≠ ln(1 − eps).")),
    (lambda p, y, eps=1e-12: _bce(p, y, eps, lo=False, hi=False), CLIP),
    (lambda p, y, eps=1e-12: _bce(p, y, eps, hi=False),
     Text("recorta también por arriba, a 1 − eps: con p = 1 e y = 0, ln(1 − p) = ln(0).",
          "clip from above too, to 1 − eps: with p = 1 and y = 0, ln(1 − p) = ln(0).")),
    (lambda p, y, eps=1e-12: _bce(p, y, 1e-12),
     Text("usa el `eps` que recibe la función (tu resultado es el de eps = 1e-12).",
          "use the `eps` the function receives (your result is that of eps = 1e-12).")),
    *[(lambda p, y, eps=1e-12, e=e: _bce(p, y, e if eps == 1e-12 else eps),
       Text(f"el valor por defecto de eps es 1e-12 (tu resultado es el de eps = {e:g}).",
            f"eps's default value is 1e-12 (your result is that of eps = {e:g}).")) for e in
      (1e-15, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5)],
]
BCE_HINTS = [*variant_hints(BCE_VARIANTS),
             Hint(lambda a, k, g, e: not np.isfinite(np.asarray(g, dtype=float)).all(), CLIP)]


def _grad(X: Any, y: Any, w: Any, b: float, r: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None,
          total: bool = False) -> tuple[np.ndarray, float]:
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    z = _z(X, w, b)
    res = _sigma(z) - y if r is None else r(z, y)
    m = 1 if total else X.shape[0]
    return X.T @ res / m, float(np.sum(res) / m)


NO_M = Text("falta dividir entre m: dw = Xᵀ(p − y)/m, db = (1/m) Σ (p − y) (J es una media).",
            "the division by m is missing: dw = Xᵀ(p − y)/m, db = (1/m) Σ (p − y) (J is a mean).")
SIGN_R = Text("el signo: el gradiente de J es Xᵀ(p − y)/m, con p − y (predicción menos etiqueta); "
              "y − p da el gradiente de −J (el de ascenso).",
              "the sign: J's gradient is Xᵀ(p − y)/m, with p − y (prediction minus label); y − p "
              "gives the gradient of −J (ascent).")
LINEAR = Text("usas z = X·w + b en lugar de p = σ(z): ese es el gradiente de la regresión lineal; "
              "aquí r = σ(z) − y.",
              "you use z = X·w + b instead of p = σ(z): that is linear regression's gradient; here "
              "r = σ(z) − y.")
MSE_R = Text("ese es el gradiente del error cuadrático (aparece σ'(z) = p(1 − p)); con la entropía "
             "cruzada σ' se simplifica y queda r = p − y.",
             "that is the squared error's gradient (σ'(z) = p(1 − p) appears); with cross-entropy σ' "
             "cancels out and r = p − y.")
GRAD_VARIANTS = [
    (lambda X, y, w, b: _grad(X, y, w, b, total=True), NO_M),
    (lambda X, y, w, b: _grad(X, y, w, b, r=lambda z, y: y - _sigma(z)), SIGN_R),
    (lambda X, y, w, b: _grad(X, y, w, b, r=lambda z, y: y - _sigma(z), total=True), SIGN_R + " " + NO_M),
    (lambda X, y, w, b: _grad(X, y, w, b, r=lambda z, y: z - y), LINEAR),
    (lambda X, y, w, b: _grad(X, y, w, b, r=lambda z, y: (_sigma(z) - y) * _sigma(z) * (1 - _sigma(z))),
     MSE_R),
]


def _fit(X: Any, y: Any, lr: float = 0.1, epochs: int = 1000, *, grad: Callable[..., Any] = _grad,
         ascent: bool = False, fix_b: bool = False, sequential: bool = False,
         extra: int = 0) -> tuple[np.ndarray, float]:
    X = np.asarray(X, dtype=float)
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(epochs + extra):
        dw, db = grad(X, y, w, b)
        s = 1.0 if ascent else -1.0
        w = w + s * lr * dw
        if sequential:
            db = grad(X, y, w, b)[1]
        if not fix_b:
            b = b + s * lr * db
    return w, float(b)


FIT_VARIANTS = [
    (lambda X, y, lr=0.1, epochs=1000: _fit(X, y, lr, epochs, ascent=True),
     Text("el paso va contra el gradiente: w ← w − lr·dw, b ← b − lr·db.",
          "the step goes against the gradient: w ← w − lr·dw, b ← b − lr·db.")),
    (lambda X, y, lr=0.1, epochs=1000: _fit(X, y, lr, epochs, grad=GRAD_VARIANTS[0][0]), NO_M),
    (lambda X, y, lr=0.1, epochs=1000: _fit(X, y, lr, epochs, grad=GRAD_VARIANTS[3][0]), LINEAR),
    (lambda X, y, lr=0.1, epochs=1000: _fit(X, y, lr, epochs, grad=GRAD_VARIANTS[4][0]), MSE_R),
    (lambda X, y, lr=0.1, epochs=1000: _fit(X, y, lr, epochs, fix_b=True),
     Text("b también se entrena: b ← b − lr·db en cada época.",
          "b is trained too: b ← b − lr·db at every epoch.")),
    (lambda X, y, lr=0.1, epochs=1000: _fit(X, y, lr, epochs, sequential=True),
     Text("dw y db se calculan con los mismos w y b (actualización simultánea): calcula los dos "
          "gradientes antes de cambiar w.",
          "dw and db are computed from the same w and b (a simultaneous update): compute both "
          "gradients before changing w.")),
    (lambda X, y, lr=0.1, epochs=1000: _fit(X, y, lr, epochs, extra=-1),
     Text("haces una época de menos: son `epochs` pasos (epochs = 1, un paso desde w = 0, b = 0).",
          "you run one epoch too few: it is `epochs` steps (epochs = 1, one step from w = 0, b = 0).")),
    (lambda X, y, lr=0.1, epochs=1000: _fit(X, y, lr, epochs, extra=1),
     Text("haces una época de más: son `epochs` pasos (epochs = 0 devuelve w = 0, b = 0).",
          "you run one epoch too many: it is `epochs` steps (epochs = 0 returns w = 0, b = 0).")),
]


# --- predict_proba ------------------------------------------------------------------------------
@st.composite
def _xwb(draw: st.DrawFn, lo: float = -4, hi: float = 4) -> tuple[np.ndarray, np.ndarray, float]:
    m, d = draw(st.integers(1, 7)), draw(st.integers(1, 4))
    X = draw(arrays((m, d), elements=grid(lo, hi)))
    w = draw(arrays((d,), elements=grid(-2, 2)))
    return X, w, draw(grid(-3, 3))


def proba_values(ctx: Ctx) -> None:
    value_case(ctx, "predict_proba", (customers(), np.array(W_SLIDES), B_SLIDES), hints=PROBA_HINTS)
    value_case(ctx, "predict_proba", (np.array([[1.0, 2.0], [-1.0, 0.5], [0.0, 0.0]]),
                                      np.array([0.5, -0.25]), 0.0), hints=PROBA_HINTS)
    ctx.forall(_xwb(), lambda c: value_case(ctx, "predict_proba", c, hints=PROBA_HINTS),
               max_examples=EXAMPLES)


def _big_z() -> list[tuple[np.ndarray, np.ndarray, float]]:
    col = np.array([[-1e4], [-1e3], [-50.0], [-1.0], [0.0], [1.0], [50.0], [1e3], [1e4]])
    return [(col, np.array([1.0]), 0.0),
            (np.array([[5e3, 5e3], [-5e3, -5e3], [0.0, 0.0]]), np.array([1.0, 1.0]), 0.0),
            (np.array([[0.0, 1.0], [1.0, 0.0]]), np.array([2.0, -3.0]), -1e4)]


def _warning_hint(warned: list[str], generic: Text) -> Text:
    return NAIVE_SIGMA if any("overflow" in w for w in warned) else generic


def proba_stability(ctx: Ctx) -> None:
    for X, w, b in _big_z():
        show = fmt_call("predict_proba", (X, w, b))
        value_case(ctx, "predict_proba", (X, w, b), hints=PROBA_HINTS, prop="stability")
        warned = list(getattr(ctx.last_outcome, "warnings", []) or [])
        expect_no_warnings(ctx, "predict_proba", show, hint=_warning_hint(warned, NAIVE_SIGMA))


def proba_dtype(ctx: Ctx) -> None:
    X = np.array([[1.0, -2.0], [0.5, 3.0], [0.0, 0.0]], dtype=np.float32)
    w = np.array([0.5, -0.25], dtype=np.float32)
    show = fmt_call("predict_proba", (X, w, 0.5))
    got = ctx.invoke("predict_proba", (X, w, 0.5), show=show)[0]
    expect_dtype(ctx, "predict_proba", got, np.float32, show, Text(
        "con X y w float32, X @ w + b ya es float32 y `np.exp` lo conserva; "
        "`np.asarray(X, dtype=float)` lo cambia a float64.",
        "with float32 X and w, X @ w + b is float32 already and `np.exp` keeps it; "
        "`np.asarray(X, dtype=float)` changes it to float64."))


def _no_mutation(func: str, args: Callable[[], tuple], names: tuple[str, ...],
                 kwargs: dict | None = None) -> Callable[[Ctx], None]:
    def check(ctx: Ctx) -> None:
        expect_unchanged(ctx, func, args(), kwargs, names=names)

    return check


# --- predict ------------------------------------------------------------------------------------
def _predict_case(ctx: Ctx, args: tuple, kw: dict) -> None:
    value_case(ctx, "predict", args, kw, exact=True, hints=PREDICT_HINTS)


THRESHOLDS = [{}, {"threshold": 0.25}, {"threshold": 0.9}, {"threshold": 0.5}]


def predict_values(ctx: Ctx) -> None:
    # the slides' customers (S -> 1, N -> 0), default threshold
    _predict_case(ctx, (customers(), np.array(W_SLIDES), B_SLIDES), {})
    # z = 0 exactly: p = σ(0) = 0.5 >= 0.5 -> 1, by default and passed explicitly
    on = (np.array([[1.0, 1.0], [2.0, 0.0], [0.0, 0.0], [1.0, 3.0]]), np.array([1.0, -1.0]), 0.0)
    _predict_case(ctx, tuple(a.copy() if isinstance(a, np.ndarray) else a for a in on), {})
    _predict_case(ctx, tuple(a.copy() if isinstance(a, np.ndarray) else a for a in on),
                  {"threshold": 0.5})
    # another threshold: p = σ(1) = 0.731 is class 0 at 0.8 and 1 at 0.7 (z itself is not compared)
    for thr in (0.8, 0.7, 0.2):
        _predict_case(ctx, (np.array([[1.0], [0.5], [-1.0], [3.0]]), np.array([1.0]), 0.0),
                      {"threshold": thr})
    ctx.forall(st.tuples(_xwb(), st.sampled_from(THRESHOLDS)),
               lambda c: _predict_case(ctx, c[0], c[1]), max_examples=EXAMPLES)


INT_HINT = Text("devuelve enteros: `(p >= threshold).astype(int)` (una comparación da bool; "
                "`np.where(..., 1.0, 0.0)` da float).",
                "return integers: `(p >= threshold).astype(int)` (a comparison gives bool; "
                "`np.where(..., 1.0, 0.0)` gives float).")


def predict_integer(ctx: Ctx) -> None:
    ok = True
    for args, kw in (((customers(), np.array(W_SLIDES), B_SLIDES), {}),
                     ((np.array([[1.0], [-1.0]]), np.array([2.0]), 0.5), {"threshold": 0.3})):
        show = fmt_call("predict", args, kw)
        got = ctx.invoke("predict", args, kw, show=show)[0]
        ok = type(got) is np.ndarray and got.dtype.kind in "iu"
        ctx.record("behaviour", "match" if ok else "mismatch")
        if not ok:
            kind = f"dtype {got.dtype}" if type(got) is np.ndarray else fmt(got)
            raise CheckFailure("predict", show, "np.ndarray, dtype int", kind, INT_HINT,
                               what=Text("no devuelve un array de enteros",
                                         "does not return an integer array"))


# --- bce_loss -----------------------------------------------------------------------------------
def _bce_case(ctx: Ctx, args: tuple, kw: dict, prop: str = "values") -> None:
    value_case(ctx, "bce_loss", args, kw, scalar=True, hints=BCE_HINTS, prop=prop)  # type: ignore[arg-type]


@st.composite
def _py(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    m = draw(st.integers(1, 8))
    p = draw(arrays((m,), elements=floats(1e-4, 1 - 1e-4)))
    y = draw(arrays((m,), elements=st.sampled_from([0.0, 1.0])))
    return p, y


def bce_values(ctx: Ctx) -> None:
    # a perfect-ish and a coin-flip model: ln 2 for p = 0.5
    _bce_case(ctx, (np.array([0.5, 0.5, 0.5, 0.5]), np.array([1.0, 0.0, 0.0, 1.0])), {})
    _bce_case(ctx, (np.array([0.9, 0.2, 0.3, 0.6]), np.array([1.0, 0.0, 1.0, 0.0])), {})
    _bce_case(ctx, (np.array([0.02, 0.5, 0.99]), np.array([1.0, 1.0, 0.0])), {"eps": 0.05})
    ctx.forall(st.tuples(_py(), st.sampled_from([{}, {"eps": 0.05}, {"eps": 1e-3}])),
               lambda c: _bce_case(ctx, c[0], c[1]), max_examples=EXAMPLES)


BCE_EDGE = [((np.array([0.0, 1.0, 0.0, 1.0]), np.array([0.0, 1.0, 1.0, 0.0])), {}),
            ((np.array([1.0, 1.0, 0.0]), np.array([1.0, 1.0, 1.0])), {}),
            ((np.array([0.0, 1.0, 0.0, 1.0]), np.array([0.0, 1.0, 1.0, 0.0])), {"eps": 1e-3}),
            ((np.array([1.0, 0.5]), np.array([1.0, 1.0])), {"eps": 1e-3})]


def bce_clipping(ctx: Ctx) -> None:
    for args, kw in BCE_EDGE:
        args = tuple(a.copy() for a in args)
        show = fmt_call("bce_loss", args, kw)
        _bce_case(ctx, args, kw, prop="stability")
        expect_no_warnings(ctx, "bce_loss", show, hint=CLIP)


# --- gradients ----------------------------------------------------------------------------------
def _grad_case(ctx: Ctx, args: tuple, prop: str = "values") -> None:
    ctx.grade(prop)  # type: ignore[arg-type]
    show = fmt_call("gradients", args)
    dw_ref, db_ref = R.gradients(*args)
    out = ctx.invoke("gradients", args, show=show)[0]
    hint = variant_hint(GRAD_VARIANTS, args, {}, out)
    out = expect_sequence(ctx, "gradients", out, 2, show, "(dw, db)", hint)
    expected = f"dw = {fmt(dw_ref)}, db = {fmt(db_ref)}"
    try:
        dw = as_array(out[0], func="gradients", shape=dw_ref.shape, what="dw")
        db = as_array(out[1], func="gradients", scalar=True, shape=(), what="db")
    except (Invalid, ShapeError) as e:
        ctx.record("reference", "mismatch")
        raise rejected(e, "gradients", show, expected, out, hint) from None
    mm = first_mismatch(dw, dw_ref, rtol=RTOL, atol=ATOL) or first_mismatch(
        db, np.asarray(db_ref), rtol=RTOL, atol=ATOL)
    ctx.record("reference", "mismatch" if mm else "match")
    record_torch(ctx, "gradients", args, {}, (dw, float(db)), rtol=1e-6, atol=1e-9)
    if mm:
        raise CheckFailure("gradients", show, expected, f"dw = {fmt(dw)}, db = {fmt(db)}", hint,
                           what=Text("gradiente incorrecto", "wrong gradient"), detail=mm.text)


@st.composite
def _xywb(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    X, w, b = draw(_xwb())
    y = draw(arrays((X.shape[0],), elements=st.sampled_from([0.0, 1.0])))
    return X, y, w, b


def gradients_values(ctx: Ctx) -> None:
    # the slides' customers at w = 0, b = 0: p = 0.5, dw = (−5.137, 2.91), db = 0.1
    _grad_case(ctx, (customers(), vehicle(), np.zeros(2), 0.0))
    _grad_case(ctx, (customers(), vehicle(), np.array([0.05, -0.1]), 0.5))
    ctx.forall(_xywb(), lambda c: _grad_case(ctx, c), max_examples=EXAMPLES)


def gradients_stability(ctx: Ctx) -> None:
    for X, w, b in _big_z():
        y = (np.arange(X.shape[0]) % 2).astype(float)
        _grad_case(ctx, (X, y, w, b), prop="stability")
        warned = list(getattr(ctx.last_outcome, "warnings", []) or [])
        expect_no_warnings(ctx, "gradients", fmt_call("gradients", (X, y, w, b)),
                           hint=_warning_hint(warned, NAIVE_SIGMA))


# --- fit ----------------------------------------------------------------------------------------
def _defaults_hint(ctx: Ctx, args: tuple, kw: dict, expected: tuple) -> Text:
    """The student's fit again with the contract's defaults passed explicitly: right then means a
    default value is wrong."""
    left = {k: v for k, v in {"lr": 0.1, "epochs": 1000}.items() if k not in kw}
    if not left:
        return EMPTY
    try:
        out = ctx.invoke("fit", args, {**kw, **left})[0]
    except StudentError:
        return EMPTY
    if not close_to(out, expected):
        return EMPTY
    sig = ", ".join(f"{k}={v:g}" for k, v in left.items())
    return Text(f"con los valores por defecto el resultado es otro que pasándolos ({sig}): los "
                "valores por defecto de fit deben ser los del enunciado.",
                f"with the default values the result differs from passing them ({sig}): fit's "
                "default values must be the statement's.")


def _fit_case(ctx: Ctx, X: np.ndarray, y: np.ndarray, kw: dict) -> None:
    ctx.grade("values")
    args = (X, y)
    show = fmt_call("fit", args, kw)
    w_ref, b_ref = R.fit(X, y, **kw)
    out = ctx.invoke("fit", args, kw, show=show)[0]
    out = expect_sequence(ctx, "fit", out, 2, show, "(w, b)",
                          Text("devuelve una tupla (w, b).", "return a tuple (w, b)."))
    expected = f"w = {fmt(w_ref)}, b = {fmt(b_ref)}"
    try:
        w = as_array(out[0], func="fit", shape=w_ref.shape, what="w")
        b = as_array(out[1], func="fit", scalar=True, shape=(), what="b")
    except (Invalid, ShapeError) as e:
        ctx.record("reference", "mismatch")
        raise rejected(e, "fit", show, expected, out) from None
    mm = first_mismatch(w, w_ref, rtol=RTOL, atol=ATOL) or first_mismatch(
        b, np.asarray(b_ref), rtol=RTOL, atol=ATOL)
    ctx.record("reference", "mismatch" if mm else "match")
    record_torch(ctx, "fit", args, kw, (w, float(b)), rtol=1e-6, atol=1e-9)
    if mm:
        hint = (variant_hint(FIT_VARIANTS, (X.copy(), y.copy()), kw, (w, float(b)))
                or _defaults_hint(ctx, (X.copy(), y.copy()), kw, (w_ref, b_ref))
                or _start_hint(kw, w - w_ref, float(b) - b_ref))
        raise CheckFailure("fit", show, expected, f"w = {fmt(w)}, b = {fmt(float(b))}", hint,
                           what=Text("pesos incorrectos tras el descenso por gradiente",
                                     "wrong weights after gradient descent"), detail=mm.text)


ZERO_START = Text("empieza con w = 0 (`np.zeros(d)`) y b = 0, no con pesos aleatorios: con epochs = 0 "
                  "fit devuelve exactamente ese punto de partida.",
                  "start from w = 0 (`np.zeros(d)`) and b = 0, not from random weights: with "
                  "epochs = 0 fit returns exactly that starting point.")


def _start_hint(kw: dict, dw: np.ndarray, db: float) -> Text:
    """epochs = 0 that is not the zero start, or weights near the right ones but not equal (a
    random start that gradient descent has not forgotten yet)."""
    if kw.get("epochs", 1000) == 0 or float(np.max(np.abs(dw), initial=0.0)) + abs(db) < 0.05:
        return ZERO_START
    return EMPTY


@st.composite
def _xy(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    m, d = draw(st.integers(2, 8)), draw(st.integers(1, 3))
    X = draw(arrays((m, d), elements=grid(-2, 2)))
    y = draw(arrays((m,), elements=st.sampled_from([0.0, 1.0])))
    return X, y


FIT_KW = [{}, {"lr": 0.5, "epochs": 40}, {"epochs": 25}, {"lr": 0.05}]


def fit_values(ctx: Ctx) -> None:
    _fit_case(ctx, customers() / 100.0, vehicle(), {})  # income and age in hundreds: defaults
    _fit_case(ctx, customers(), vehicle(), {"lr": 0.001, "epochs": 30})
    ctx.forall(st.tuples(_xy(), st.sampled_from(FIT_KW)),
               lambda c: _fit_case(ctx, c[0][0], c[0][1], c[1]), max_examples=8)


def fit_start(ctx: Ctx) -> None:
    # epochs = 0: the zero start itself; epochs = 1: one step from it (the slides' customers:
    # w = −0.1·(−5.137, 2.91) = (0.5137, −0.291), b = −0.1·0.1 = −0.01)
    _fit_case(ctx, customers(), vehicle(), {"epochs": 0})
    _fit_case(ctx, np.array([[1.0, -2.0, 0.5]]), np.array([1.0]), {"lr": 0.3, "epochs": 0})
    _fit_case(ctx, customers(), vehicle(), {"epochs": 1})
    _fit_case(ctx, np.array([[1.0, 2.0], [-1.0, 0.5], [0.25, -3.0]]), np.array([1.0, 0.0, 0.0]),
              {"lr": 0.5, "epochs": 2})


# --- n_poly_features ----------------------------------------------------------------------------
POLY_VARIANTS = [
    (lambda d, degree, distinct=True: R.n_poly_features(d, degree, not distinct),
     Text("confundes los dos recuentos: distinct=True cuenta monomios distintos, C(d + k, k) "
          "(x1·x2 = x2·x1 una vez; con d = 100, k = 2: 5 151); distinct=False cuenta productos "
          "ordenados, Σ_{j=0..k} d^j (la tabla de las diapositivas: 10 101). El valor por defecto "
          "es distinct=True.",
          "you mix up the two counts: distinct=True counts distinct monomials, C(d + k, k) "
          "(x1·x2 = x2·x1 once; with d = 100, k = 2: 5,151); distinct=False counts ordered "
          "products, Σ_{j=0..k} d^j (the slides' table: 10,101). The default is distinct=True.")),
    (lambda d, degree, distinct=True: R.n_poly_features(d, degree, distinct) - 1,
     Text("falta el sesgo: el monomio constante 1 (grado 0, j = 0) también cuenta (d = 100, "
          "grado ≤ 1: 101 = 100 + 1).",
          "the bias is missing: the constant monomial 1 (degree 0, j = 0) counts too (d = 100, "
          "degree ≤ 1: 101 = 100 + 1).")),
    (lambda d, degree, distinct=True: (math.comb(d + degree - 1, degree) if distinct else d**degree),
     Text("son los de grado ≤ k, no solo los de grado exactamente k: suma los grados 0, 1, …, k.",
          "it is degree ≤ k, not only degree exactly k: add up degrees 0, 1, …, k.")),
    (lambda d, degree, distinct=True: math.comb(d + degree, degree) if not distinct else d ** (degree + 1),
     Text("Σ_{j=0..k} d^j suma k + 1 términos (j = 0..k), y distinct=True es C(d + k, k).",
          "Σ_{j=0..k} d^j adds k + 1 terms (j = 0..k), and distinct=True is C(d + k, k).")),
]
POLY_HINTS = variant_hints(POLY_VARIANTS)


def _poly_case(ctx: Ctx, args: tuple, kw: dict) -> None:
    value_case(ctx, "n_poly_features", args, kw, scalar=True, exact=True, hints=POLY_HINTS,
               torch_key=None)


def poly_values(ctx: Ctx) -> None:
    # the slides' table (d = 100, ordered products) and the distinct counts beside it
    for k in range(0, 6):
        _poly_case(ctx, (100, k), {"distinct": False})
    for k in (1, 2, 3):
        _poly_case(ctx, (100, k), {})
    # the slides' RegLog, RegLog2, RegLog4 with 2 inputs: 3, 6, 15 parameters
    for k in (1, 2, 4):
        _poly_case(ctx, (2, k), {"distinct": True})
    _poly_case(ctx, (1, 4), {})  # d = 1: 1, x, x², x³, x⁴
    _poly_case(ctx, (1, 4), {"distinct": False})
    _poly_case(ctx, (7, 0), {})  # degree 0: the bias only
    ctx.forall(st.tuples(st.integers(1, 12), st.integers(0, 5),
                         st.sampled_from([{}, {"distinct": True}, {"distinct": False}])),
               lambda c: _poly_case(ctx, (c[0], c[1]), c[2]), max_examples=EXAMPLES)


EXACT_HINT = Text("devuelve un entero exacto: `math.comb(d + k, k)` y `sum(d**j for j in ...)` con "
                  "enteros de Python (o `//`); con `/`, `math.factorial(...) / ...` o `np.float64` "
                  "sale un float, que pierde dígitos por encima de 2^53 ≈ 9·10^15.",
                  "return an exact integer: `math.comb(d + k, k)` and `sum(d**j for j in ...)` with "
                  "Python ints (or `//`); `/`, `math.factorial(...) / ...` or `np.float64` give a "
                  "float, which loses digits above 2^53 ≈ 9·10^15.")


def poly_exact(ctx: Ctx) -> None:
    for args, kw in (((100, 2), {}), ((1000, 6), {"distinct": False}), ((190, 10), {})):
        show = fmt_call("n_poly_features", args, kw)
        expected = R.n_poly_features(*args, **kw)
        got = ctx.invoke("n_poly_features", args, kw, show=show)[0]
        integer = isinstance(got, (int, np.integer)) and not isinstance(got, (bool, np.bool_))
        ok = integer and int(got) == expected
        ctx.record("behaviour", "match" if ok else "mismatch")
        if not ok:
            hint = variant_hint(POLY_VARIANTS, args, kw, got) if integer else EXACT_HINT
            raise CheckFailure("n_poly_features", show, f"{expected} (int)",
                               f"{fmt(got)} ({type(got).__name__})", hint,
                               what=Text("no devuelve el entero exacto",
                                         "does not return the exact integer"))


def _t(id: str, function: str, points: float, es: str, en: str, check: Callable[[Ctx], None],
       *graded: str) -> HiddenTest:
    return HiddenTest(id, function, points, Text(es, en), check, graded=frozenset(graded))


TESTS = [
    _t("predict_proba.values", "predict_proba", 1.0,
       "σ(X·w + b) en los cinco clientes de las diapositivas y en datos aleatorios (m de 1 a 7, "
       "d de 1 a 4): forma (m,)",
       "σ(X·w + b) on the slides' five customers and on random data (m from 1 to 7, d from 1 "
       "to 4): shape (m,)", proba_values, "values"),
    _t("predict_proba.stability", "predict_proba", 0.5,
       "|z| hasta 1e4 (z = X·w + b = ±1e4, ±1e3, ±50…): valores finitos y correctos, sin avisos",
       "|z| up to 1e4 (z = X·w + b = ±1e4, ±1e3, ±50…): finite and right values, no warnings",
       proba_stability, "stability", "no_warnings"),
    _t("predict_proba.dtype", "predict_proba", 0.25,
       "con X y w float32 devuelve un array float32", "float32 X and w in, float32 array out",
       proba_dtype, "dtype"),
    _t("predict_proba.no_mutation", "predict_proba", 0.25, "no modifica X ni w",
       "does not modify X or w",
       _no_mutation("predict_proba", lambda: (np.array([[1.0, 2.0], [-1.0, 0.5]]),
                                              np.array([0.5, -1.0]), 0.25), ("X", "w", "b")),
       "no_mutation"),
    _t("predict.values", "predict", 1.0,
       "la clase 0/1 de los clientes; z = 0 (p = 0.5) da 1 con el umbral por defecto (p ≥ 0.5); "
       "otros umbrales (0.2, 0.25, 0.7, 0.8, 0.9) sobre la probabilidad; datos aleatorios",
       "the 0/1 class of the customers; z = 0 (p = 0.5) gives 1 with the default threshold "
       "(p ≥ 0.5); other thresholds (0.2, 0.25, 0.7, 0.8, 0.9) on the probability; random data",
       predict_values, "values"),
    _t("predict.integer", "predict", 0.25,
       "devuelve un array de enteros (dtype int), no bool ni float",
       "returns an integer array (dtype int), not bool or float", predict_integer, "behaviour"),
    _t("predict.no_mutation", "predict", 0.25, "no modifica X ni w", "does not modify X or w",
       _no_mutation("predict", lambda: (np.array([[1.0, 2.0], [-1.0, 0.5]]),
                                        np.array([0.5, -1.0]), 0.25), ("X", "w", "b"),
                    {"threshold": 0.4}),
       "no_mutation"),
    _t("bce_loss.values", "bce_loss", 0.75,
       "la media de −[y ln p + (1 − y) ln(1 − p)]: p = 0.5 da ln 2; p aleatorias, con el eps por "
       "defecto y con eps = 0.05 y 1e-3 (p recortada)",
       "the mean of −[y ln p + (1 − y) ln(1 − p)]: p = 0.5 gives ln 2; random p, with the default "
       "eps and with eps = 0.05 and 1e-3 (p clipped)", bce_values, "values"),
    _t("bce_loss.clipping", "bce_loss", 0.75,
       "p exactamente 0 o 1 (con el eps por defecto, 1e-12, y con eps = 1e-3): p recortada a "
       "[eps, 1 − eps], pérdida finita y correcta, sin avisos",
       "p exactly 0 or 1 (with the default eps, 1e-12, and with eps = 1e-3): p clipped to "
       "[eps, 1 − eps], finite and right loss, no warnings", bce_clipping, "stability",
       "no_warnings"),
    _t("bce_loss.no_mutation", "bce_loss", 0.25, "no modifica p ni y (ni al recortar p)",
       "does not modify p or y (nor while clipping p)",
       _no_mutation("bce_loss", lambda: (np.array([0.0, 0.3, 1.0]), np.array([1.0, 0.0, 1.0])),
                    ("p", "y")),
       "no_mutation"),
    _t("gradients.values", "gradients", 1.5,
       "(Xᵀ(p − y)/m, media de p − y) en los clientes (w = 0: dw = (−5.137, 2.91), db = 0.1) y en "
       "datos aleatorios, frente a la referencia y a la autodiferenciación de torch",
       "(Xᵀ(p − y)/m, mean of p − y) on the customers (w = 0: dw = (−5.137, 2.91), db = 0.1) and "
       "on random data, against the reference and torch's autograd", gradients_values, "values"),
    _t("gradients.stability", "gradients", 0.25,
       "|z| hasta 1e4: gradiente finito y correcto, sin avisos",
       "|z| up to 1e4: finite and right gradient, no warnings", gradients_stability,
       "stability", "no_warnings"),
    _t("gradients.no_mutation", "gradients", 0.25, "no modifica X, y ni w",
       "does not modify X, y or w",
       _no_mutation("gradients", lambda: (np.array([[1.0, 2.0], [-1.0, 0.5]]), np.array([1.0, 0.0]),
                                          np.array([0.5, -1.0]), 0.25), ("X", "y", "w", "b")),
       "no_mutation"),
    _t("fit.values", "fit", 1.0,
       "(w, b) tras el descenso por gradiente: los clientes (en cientos) con lr = 0.1 y "
       "epochs = 1000 por defecto, otros lr y epochs, datos aleatorios; frente a la referencia y a "
       "torch.optim.SGD",
       "(w, b) after gradient descent: the customers (in hundreds) with the default lr = 0.1 and "
       "epochs = 1000, other lr and epochs, random data; against the reference and "
       "torch.optim.SGD", fit_values, "values"),
    _t("fit.start", "fit", 0.25,
       "empieza en w = 0, b = 0: epochs = 0 devuelve ceros; epochs = 1 da un paso "
       "(clientes: w = (0.5137, −0.291), b = −0.01); epochs = 2",
       "starts from w = 0, b = 0: epochs = 0 returns zeros; epochs = 1 takes one step "
       "(customers: w = (0.5137, −0.291), b = −0.01); epochs = 2", fit_start, "values"),
    _t("fit.no_mutation", "fit", 0.25, "no modifica X ni y", "does not modify X or y",
       _no_mutation("fit", lambda: (np.array([[1.0, 2.0], [-1.0, 0.5], [0.0, 1.0]]),
                                    np.array([1.0, 0.0, 1.0])), ("X", "y"), {"epochs": 5}),
       "no_mutation"),
    _t("n_poly_features.values", "n_poly_features", 1.0,
       "la tabla de las diapositivas (d = 100, distinct=False: 1, 101, 10 101, 1 010 101…), los "
       "monomios distintos (d = 100: 101, 5 151, 176 851; d = 2: 3, 6, 15), d = 1, grado 0, "
       "distinct por defecto y casos aleatorios",
       "the slides' table (d = 100, distinct=False: 1, 101, 10,101, 1,010,101…), the distinct "
       "monomials (d = 100: 101, 5,151, 176,851; d = 2: 3, 6, 15), d = 1, degree 0, the default "
       "distinct and random cases", poly_values, "values"),
    _t("n_poly_features.exact", "n_poly_features", 0.25,
       "devuelve un entero exacto, también por encima de 2^53 (d = 1000, k = 6 ordenados; "
       "d = 190, k = 10 distintos)",
       "returns an exact integer, also above 2^53 (d = 1000, k = 6 ordered; d = 190, k = 10 "
       "distinct)", poly_exact, "behaviour"),
]
