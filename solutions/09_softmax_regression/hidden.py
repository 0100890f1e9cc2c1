"""Hidden tests of 09_softmax_regression: one-hot labels, the row softmax, the clipped
cross-entropy, its gradient, gradient descent on the 8×8 digits and the accuracy.

Values are compared with the reference (reference.softmax_reg) on fixed cases (the statement's
worked numbers among them) and on hypothesis-generated data; torch is recorded as an oracle
(F.one_hot, torch.softmax, F.nll_loss of the log of the clipped P, autograd of F.cross_entropy,
the argmax accuracy). Inputs of the gradient tests are multiples of 1/4. Stability: logits of
±1e4 and P with exact zeros, with no NumPy warning. fit may start anywhere (the seed draws the
start): it is graded by what it reaches, the test accuracy computed by the reference's accuracy
on the fixed split of the digits, never by comparing weights. Each test calls only the function
it grades. A failure's hint comes from running the known wrong variants on the same input: the
one that computes what came back names the mistake.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st

from grader.grading.checks import (
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
from reference import softmax_reg as R

RTOL, ATOL = tolerance(np.float64)
EXAMPLES = 12
DATA = Path(__file__).parent / "digits.npz"
FIT_TIMEOUT = 60.0  # seconds for one fit on the 1,437 training images (≈ 1-3 s expected)
MIN_ACCURACY = 0.9


def digits_split() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The statement's fixed split: X = pixels / 16.0, a permutation from default_rng(0), the
    first 80 % (1,437) for training, the other 360 for testing. Fresh arrays per call."""
    with np.load(DATA, allow_pickle=False) as data:
        X, y = data["X"] / 16.0, data["y"].astype(np.int64)
    order = np.random.default_rng(0).permutation(len(y))
    n_train = int(0.8 * len(y))
    train, test = order[:n_train], order[n_train:]
    return X[train], y[train], X[test], y[test]


def _no_mutation(func: str, args: Callable[[], tuple], names: tuple[str, ...],
                 kwargs: dict | None = None) -> Callable[[Ctx], None]:
    def check(ctx: Ctx) -> None:
        expect_unchanged(ctx, func, args(), kwargs, names=names)

    return check


def _f(x: Any) -> np.ndarray:
    return np.asarray(x, dtype=np.float64)


# --- the known wrong variants -------------------------------------------------------------------
def _softmax_axis(Z: Any, axis: int | None, shift: bool = True) -> np.ndarray:
    Z = _f(Z)
    E = np.exp(Z - np.max(Z, axis=axis, keepdims=True)) if shift else np.exp(Z)
    return E / np.sum(E, axis=axis, keepdims=True)


COLUMNS = Text(
    "normalizas por columnas (`axis=0`): cada muestra es una fila, así que el máximo y la suma van "
    "por filas: `np.max(Z, axis=1, keepdims=True)`, `np.sum(E, axis=1, keepdims=True)`; cada fila "
    "de P suma 1.",
    "you normalize by columns (`axis=0`): each sample is a row, so the maximum and the sum go along "
    "the rows: `np.max(Z, axis=1, keepdims=True)`, `np.sum(E, axis=1, keepdims=True)`; each row of "
    "P sums to 1.")
WHOLE = Text(
    "divides entre la suma de toda la matriz: la suma (y el máximo) son de cada fila "
    "(`axis=1, keepdims=True`), y cada fila de P suma 1.",
    "you divide by the sum of the whole matrix: the sum (and the maximum) are per row "
    "(`axis=1, keepdims=True`), and each row of P sums to 1.")
NO_SHIFT = Text(
    "calculas e^{z} sin restar antes el máximo de la fila: con z = 1e4, e^{z} = inf (NumPy avisa "
    "«overflow encountered in exp») e inf/inf = nan. Resta el máximo de cada fila, "
    "`Z - np.max(Z, axis=1, keepdims=True)`: el resultado es el mismo (e^{−max} se cancela) y "
    "ninguna exponencial pasa de 1.",
    "you compute e^{z} without subtracting the row maximum first: with z = 1e4, e^{z} = inf "
    "(NumPy warns \"overflow encountered in exp\") and inf/inf = nan. Subtract each row's maximum, "
    "`Z - np.max(Z, axis=1, keepdims=True)`: the result is the same (e^{−max} cancels) and no "
    "exponential exceeds 1.")
SOFTMAX_VARIANTS = [
    (lambda Z: _softmax_axis(Z, 0), COLUMNS),
    (lambda Z: _softmax_axis(Z, None), WHOLE),
    (lambda Z: np.exp(_f(Z) - np.max(_f(Z), axis=1, keepdims=True)),
     Text("falta dividir entre la suma de la fila: P_ij = e^{z_ij} / Σ_l e^{z_il}.",
          "the division by the row sum is missing: P_ij = e^{z_ij} / Σ_l e^{z_il}.")),
    (lambda Z: 1.0 / (1.0 + np.exp(-_f(Z))),
     Text("eso es la sigmoide de cada elemento; softmax normaliza cada fila: "
          "P_ij = e^{z_ij} / Σ_l e^{z_il}.",
          "that is the sigmoid of each element; softmax normalizes each row: "
          "P_ij = e^{z_ij} / Σ_l e^{z_il}.")),
]
SOFTMAX_HINTS = [*variant_hints(SOFTMAX_VARIANTS),
                 Hint(lambda a, k, g, e: bool(np.isnan(np.asarray(g, dtype=float)).any()), NO_SHIFT)]


# --- one_hot ------------------------------------------------------------------------------------
TRANSPOSED_Y = Text("devuelve (m, k), una fila por muestra (la fila i tiene un 1 en la columna y_i), "
                    "no (k, m).",
                    "return (m, k), one row per sample (row i has a 1 in column y_i), not (k, m).")
ONE_HOT_VARIANTS = [
    (lambda y, k: R.one_hot(y, k).T, TRANSPOSED_Y),
    (lambda y, k: R.one_hot(y, int(np.max(y)) + 1),
     Text("el número de columnas es k (el argumento), no max(y) + 1: una clase que no aparece en y "
          "también tiene su columna.",
          "the number of columns is k (the argument), not max(y) + 1: a class absent from y still "
          "has its column.")),
]
ONE_HOT_HINTS = variant_hints(ONE_HOT_VARIANTS)


def _one_hot_case(ctx: Ctx, y: np.ndarray, k: int) -> None:
    value_case(ctx, "one_hot", (y, k), exact=True, hints=ONE_HOT_HINTS)


@st.composite
def _labels_k(draw: st.DrawFn) -> tuple[np.ndarray, int]:
    k, m = draw(st.integers(1, 6)), draw(st.integers(1, 8))
    y = np.array(draw(st.lists(st.integers(0, k - 1), min_size=m, max_size=m)), dtype=np.int64)
    return y, k


def one_hot_values(ctx: Ctx) -> None:
    _one_hot_case(ctx, np.array([0, 2, 1, 2]), 3)  # the statement's example
    _one_hot_case(ctx, np.array([3, 0, 9], dtype=np.uint8), 10)  # labels as the digits store them
    _one_hot_case(ctx, np.array([0, 1]), 4)  # classes 2 and 3 absent: still 4 columns
    _one_hot_case(ctx, np.array([1, 0, 1]), 3)
    ctx.forall(_labels_k(), lambda c: _one_hot_case(ctx, c[0], c[1]), max_examples=EXAMPLES)


FLOAT_HINT = Text("devuelve floats (`np.zeros((m, k))` es float64; `np.eye(k)[y]` también): "
                  "un array de enteros o de bool no es lo pedido.",
                  "return floats (`np.zeros((m, k))` is float64; so is `np.eye(k)[y]`): an integer "
                  "or bool array is not what is asked.")


def one_hot_float(ctx: Ctx) -> None:
    for y, k in ((np.array([0, 2, 1]), 3), (np.array([1, 1], dtype=np.uint8), 2)):
        show = fmt_call("one_hot", (y, k))
        got = ctx.invoke("one_hot", (y, k), show=show)[0]
        array = type(got) is np.ndarray
        ok = array and got.dtype.kind == "f" and got.shape == (len(y), k)
        ctx.record("behaviour", "match" if ok else "mismatch")
        if not ok:
            kind = f"dtype {got.dtype}, shape {got.shape}" if array else fmt(got)
            transposed = array and got.shape != (len(y), k) and got.shape == (k, len(y))
            raise CheckFailure("one_hot", show, f"np.ndarray float, shape ({len(y)}, {k})", kind,
                               TRANSPOSED_Y if transposed else FLOAT_HINT,
                               what=Text("no devuelve un array float (m, k)",
                                         "does not return a float array (m, k)"))


# --- softmax ------------------------------------------------------------------------------------
def _softmax_case(ctx: Ctx, Z: np.ndarray, prop: str = "values") -> np.ndarray:
    return value_case(ctx, "softmax", (Z,), hints=SOFTMAX_HINTS, prop=prop)  # type: ignore[arg-type]


@st.composite
def _logits(draw: st.DrawFn, lo: float = -20.0, hi: float = 20.0) -> np.ndarray:
    m, k = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    return draw(arrays((m, k), lo, hi))


def softmax_values(ctx: Ctx) -> None:
    _softmax_case(ctx, np.array([[1.0, 2.0, 3.0]]))  # the statement's example
    _softmax_case(ctx, np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]))
    _softmax_case(ctx, np.array([[2.0, 1.0], [0.5, -1.0], [3.0, 3.0]]))  # rows ≠ columns
    _softmax_case(ctx, np.array([[0.3], [-2.0]]))  # one class: P = 1
    ctx.forall(_logits(), lambda Z: _softmax_case(ctx, Z), max_examples=EXAMPLES)


SOFTMAX_EDGE = [
    np.array([[1e4, 0.0, -1e4]]),
    np.array([[1e4, 1e4 - 1.0, 0.0], [-1e4, -1e4, -1e4 + 2.0]]),
    np.array([[1e3, -50.0], [-1e3, 50.0], [1e3, 1e3]]),
]


def softmax_stability(ctx: Ctx) -> None:
    for Z in SOFTMAX_EDGE:
        Z = Z.copy()
        _softmax_case(ctx, Z, prop="stability")
        expect_no_warnings(ctx, "softmax", fmt_call("softmax", (Z,)), hint=NO_SHIFT)


def softmax_invariance(ctx: Ctx) -> None:
    """softmax(Z + c) = softmax(Z), c a constant per row, and every row sums to 1."""
    Z = np.array([[1.0, 2.0, 3.0], [0.5, -0.5, 0.0], [2.0, 2.0, -1.0]])
    c = np.array([[800.0], [-800.0], [3.0]])
    base = ctx.invoke("softmax", (Z.copy(),))[0]
    show = fmt_call("softmax", (Z + c,))
    got = ctx.invoke("softmax", (Z + c,), show=show)[0]
    try:
        p0 = as_array(base, func="softmax", shape=Z.shape, allow_nan=True)
        p1 = as_array(got, func="softmax", shape=Z.shape, allow_nan=True)
    except (Invalid, ShapeError) as e:
        ctx.record("behaviour", "mismatch")
        raise rejected(e, "softmax", show, f"array {Z.shape}", got) from None
    ok = bool(np.allclose(p1, p0, rtol=1e-12, atol=1e-15)) and bool(
        np.allclose(p1.sum(axis=1), 1.0, rtol=0, atol=1e-12))
    ctx.record("behaviour", "match" if ok else "mismatch")
    if not ok:
        hint = pick_variant(SOFTMAX_VARIANTS, (Z + c,), p1) or NO_SHIFT
        raise CheckFailure(
            "softmax", show, f"{fmt(p0)} = tu / your softmax(Z), Z = {fmt(Z)} (c = {fmt(c.ravel())} "
            "por fila / per row); cada fila suma 1 / each row sums to 1", fmt(p1), hint,
            what=Text("softmax(Z + c) ≠ softmax(Z) al sumar una constante a cada fila",
                      "softmax(Z + c) ≠ softmax(Z) when a constant is added to each row"))


def pick_variant(variants: list[tuple[Callable[..., Any], Text]], args: tuple, got: Any) -> Text:
    return variant_hint(variants, args, {}, got)


def softmax_dtype(ctx: Ctx) -> None:
    Z = np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 4.0]], dtype=np.float32)
    show = fmt_call("softmax", (Z,))
    got = ctx.invoke("softmax", (Z,), show=show)[0]
    expect_dtype(ctx, "softmax", got, np.float32, show, hint=Text(
        "con Z float32, `Z - np.max(...)`, `np.exp` y la división conservan float32; "
        "`np.asarray(Z, dtype=float)` lo cambia a float64.",
        "with float32 Z, `Z - np.max(...)`, `np.exp` and the division keep float32; "
        "`np.asarray(Z, dtype=float)` changes it to float64."))


# --- cross_entropy ------------------------------------------------------------------------------
def _ce(P: Any, Y: Any, eps: float = 1e-12, clip: bool = True, hi: float = 1.0, plus: bool = False,
        total: bool = False, all_elements: bool = False, sign: float = -1.0) -> float:
    P, Y = _f(P), _f(Y)
    if plus:
        L = np.log(P + eps)
    else:
        L = np.log(np.clip(P, eps, hi) if clip else P)
    terms = Y * L
    if total:
        return float(sign * np.sum(terms))
    if all_elements:
        return float(sign * np.mean(terms))
    return float(sign * np.sum(terms) / P.shape[0])


CLIP = Text("recorta P a [eps, 1] antes del logaritmo (`np.clip(P, eps, 1.0)`): con P_ij = 0, "
            "ln 0 = −inf (NumPy avisa «divide by zero encountered in log») y 0·ln 0 = nan.",
            "clip P to [eps, 1] before the logarithm (`np.clip(P, eps, 1.0)`): with P_ij = 0, "
            "ln 0 = −inf (NumPy warns \"divide by zero encountered in log\") and 0·ln 0 = nan.")
CE_VARIANTS = [
    (lambda P, Y, eps=1e-12: _ce(P, Y, eps, total=True),
     Text("es la media sobre las m filas, no la suma: divide entre m (el número de muestras).",
          "it is the mean over the m rows, not the sum: divide by m (the number of samples).")),
    (lambda P, Y, eps=1e-12: _ce(P, Y, eps, all_elements=True),
     Text("`np.mean(Y * np.log(P))` divide entre m·k elementos; la media es sobre las m filas: "
          "suma cada fila (Σ_j) y divide entre m.",
          "`np.mean(Y * np.log(P))` divides by the m·k elements; the mean is over the m rows: "
          "sum each row (Σ_j) and divide by m.")),
    (lambda P, Y, eps=1e-12: _ce(P, Y, eps, sign=1.0),
     Text("falta el signo menos: J = −(1/m) Σ_i Σ_j Y_ij ln P_ij (la entropía cruzada es ≥ 0).",
          "the minus sign is missing: J = −(1/m) Σ_i Σ_j Y_ij ln P_ij (cross-entropy is ≥ 0).")),
    (lambda P, Y, eps=1e-12: _ce(P, Y, eps, plus=True),
     Text("se pide recortar P a [eps, 1] (`np.clip`), no sumar eps dentro del logaritmo: con "
          "eps = 0.05 y P = 1, ln(1 + eps) ≠ ln 1 = 0.",
          "P is to be clipped to [eps, 1] (`np.clip`), not eps added inside the log: with "
          "eps = 0.05 and P = 1, ln(1 + eps) ≠ ln 1 = 0.")),
    (lambda P, Y, eps=1e-12: _ce(P, Y, eps, hi=1.0 - eps),
     Text("el recorte es a [eps, 1], no a [eps, 1 − eps]: P = 1 (un acierto seguro) aporta ln 1 = 0.",
          "the clipping is to [eps, 1], not to [eps, 1 − eps]: P = 1 (a sure hit) contributes "
          "ln 1 = 0.")),
    (lambda P, Y, eps=1e-12: _ce(P, Y, eps, clip=False), CLIP),
    (lambda P, Y, eps=1e-12: _ce(P, Y, 1e-12),
     Text("usa el `eps` que recibe la función (tu resultado es el de eps = 1e-12).",
          "use the `eps` the function receives (your result is that of eps = 1e-12).")),
    *[(lambda P, Y, eps=1e-12, e=e: _ce(P, Y, e if eps == 1e-12 else eps),
       Text(f"el valor por defecto de eps es 1e-12 (tu resultado es el de eps = {e:g}).",
            f"eps's default value is 1e-12 (your result is that of eps = {e:g}).")) for e in
      (1e-15, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5)],
]
CE_HINTS = [*variant_hints(CE_VARIANTS),
            Hint(lambda a, k, g, e: not np.isfinite(np.asarray(g, dtype=float)).all(), CLIP)]


def _ce_case(ctx: Ctx, args: tuple, kw: dict, prop: str = "values") -> None:
    value_case(ctx, "cross_entropy", args, kw, scalar=True, hints=CE_HINTS, prop=prop)  # type: ignore[arg-type]


@st.composite
def _p_y(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    m, k = draw(st.integers(1, 6)), draw(st.integers(2, 5))
    Z = draw(arrays((m, k), -4, 4))
    y = np.array(draw(st.lists(st.integers(0, k - 1), min_size=m, max_size=m)))
    return R.softmax(Z), R.one_hot(y, k)


def ce_values(ctx: Ctx) -> None:
    # the statement's example: −(ln 0.7 + ln 0.8)/2 = 0.2899
    _ce_case(ctx, (np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1]]), np.array([[1.0, 0.0, 0.0],
                                                                          [0.0, 1.0, 0.0]])), {})
    # a uniform P over k = 4 classes: ln 4 whatever the labels
    _ce_case(ctx, (np.full((3, 4), 0.25), np.eye(4)[[0, 3, 3]]), {})
    # eps = 0.05: 0.02 is clipped to 0.05, 1.0 stays 1 (ln 1 = 0)
    _ce_case(ctx, (np.array([[0.02, 0.98, 0.0], [0.0, 0.0, 1.0]]), np.array([[1.0, 0.0, 0.0],
                                                                            [0.0, 0.0, 1.0]])),
             {"eps": 0.05})
    ctx.forall(st.tuples(_p_y(), st.sampled_from([{}, {"eps": 0.05}, {"eps": 1e-3}])),
               lambda c: _ce_case(ctx, c[0], c[1]), max_examples=EXAMPLES)


CE_EDGE = [((np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]), np.array([[0.0, 1.0, 0.0],
                                                                   [0.0, 1.0, 0.0]])), {}),
           ((np.array([[0.0, 1.0], [1.0, 0.0], [0.5, 0.5]]), np.array([[0.0, 1.0], [1.0, 0.0],
                                                                        [1.0, 0.0]])), {}),
           ((np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]), np.array([[0.0, 1.0, 0.0],
                                                                   [0.0, 1.0, 0.0]])), {"eps": 1e-3})]


def ce_clipping(ctx: Ctx) -> None:
    for args, kw in CE_EDGE:
        args = tuple(a.copy() for a in args)
        show = fmt_call("cross_entropy", args, kw)
        _ce_case(ctx, args, kw, prop="stability")
        expect_no_warnings(ctx, "cross_entropy", show, hint=CLIP)


# --- gradients ----------------------------------------------------------------------------------
def _grad(X: Any, Y: Any, W: Any, b: Any, axis: int | None = 1, total: bool = False,
          sign: float = 1.0, shift: bool = True) -> tuple[np.ndarray, np.ndarray]:
    X, Y, W, b = _f(X), _f(Y), _f(W), _f(b)
    P = _softmax_axis(X @ W.T + b, axis, shift)
    G = sign * (P - Y) / (1 if total else X.shape[0])
    return G.T @ X, G.sum(axis=0)


DW_T = Text("dW tiene la forma de W, (k, d): dW = (P − Y)ᵀ X / m. `X.T @ (P - Y)` da (d, k), "
            "la traspuesta.",
            "dW has W's shape, (k, d): dW = (P − Y)ᵀ X / m. `X.T @ (P - Y)` gives (d, k), the "
            "transpose.")
GRAD_VARIANTS = [
    (lambda X, Y, W, b: (lambda g: (g[0].T, g[1]))(R.gradients(X, Y, W, b)), DW_T),
    (lambda X, Y, W, b: _grad(X, Y, W, b, total=True),
     Text("falta dividir entre m: J es la media sobre las m muestras, así que dW = (P − Y)ᵀX/m y "
          "db = Σ_i (P_i − Y_i)/m.",
          "the division by m is missing: J is the mean over the m samples, so dW = (P − Y)ᵀX/m "
          "and db = Σ_i (P_i − Y_i)/m.")),
    (lambda X, Y, W, b: _grad(X, Y, W, b, sign=-1.0),
     Text("el signo está cambiado: el gradiente es (P − Y), no (Y − P).",
          "the sign is flipped: the gradient is (P − Y), not (Y − P).")),
    (lambda X, Y, W, b: _grad(X, Y, W, b, axis=0), COLUMNS),
    (lambda X, Y, W, b: (R.gradients(X, Y, W, b)[0], R.gradients(X, Y, W, b)[1].mean()),
     Text("db es un vector (k,), un valor por clase: la media de P − Y sobre las filas "
          "(`np.mean(P - Y, axis=0)`), no un número.",
          "db is a vector (k,), one value per class: the mean of P − Y over the rows "
          "(`np.mean(P - Y, axis=0)`), not a number.")),
    (lambda X, Y, W, b: (R.gradients(X, Y, W, b)[0], R.gradients(X, Y, W, b)[1][None, :]),
     Text("db tiene forma (k,), no (1, k): `np.mean(P - Y, axis=0)` sin keepdims.",
          "db has shape (k,), not (1, k): `np.mean(P - Y, axis=0)` without keepdims.")),
]


def _grad_case(ctx: Ctx, args: tuple, prop: str = "values") -> None:
    ctx.grade(prop)  # type: ignore[arg-type]
    show = fmt_call("gradients", args)
    dW_ref, db_ref = R.gradients(*args)
    out = ctx.invoke("gradients", args, show=show)[0]
    hint = variant_hint(GRAD_VARIANTS, args, {}, out)
    out = expect_sequence(ctx, "gradients", out, 2, show, "(dW, db)", hint)
    expected = f"dW = {fmt(dW_ref)}, db = {fmt(db_ref)}"
    try:
        dW = as_array(out[0], func="gradients", shape=dW_ref.shape, what="dW")
        db = as_array(out[1], func="gradients", shape=db_ref.shape, what="db")
    except (Invalid, ShapeError) as e:
        ctx.record("reference", "mismatch")
        raise rejected(e, "gradients", show, expected, out, hint) from None
    mm = first_mismatch(dW, dW_ref, rtol=RTOL, atol=ATOL) or first_mismatch(db, db_ref, rtol=RTOL,
                                                                            atol=ATOL)
    ctx.record("reference", "mismatch" if mm else "match")
    record_torch(ctx, "gradients", args, {}, (dW, db), rtol=1e-6, atol=1e-9)
    if mm:
        if not hint and not (np.isfinite(dW).all() and np.isfinite(db).all()):
            hint = NO_SHIFT
        raise CheckFailure("gradients", show, expected, f"dW = {fmt(dW)}, db = {fmt(db)}", hint,
                           what=Text("gradiente incorrecto", "wrong gradient"), detail=mm.text)


@st.composite
def _xywb(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    m, d, k = draw(st.integers(1, 7)), draw(st.integers(1, 4)), draw(st.integers(2, 4))
    X = draw(arrays((m, d), elements=grid(-2, 2)))
    W = draw(arrays((k, d), elements=grid(-2, 2)))
    b = draw(arrays((k,), elements=grid(-2, 2)))
    y = np.array(draw(st.lists(st.integers(0, k - 1), min_size=m, max_size=m)))
    return X, R.one_hot(y, k), W, b


def statement_xywb() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The statement's worked example: m = 2 samples, d = 2, k = 3 classes, W = 0, b = 0."""
    return (np.array([[1.0, 2.0], [3.0, -1.0]]), np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]),
            np.zeros((3, 2)), np.zeros(3))


def gradients_values(ctx: Ctx) -> None:
    _grad_case(ctx, statement_xywb())
    _grad_case(ctx, (np.array([[1.0, 0.0, 2.0], [0.5, -1.0, 0.0]]), np.array([[0.0, 1.0], [1.0, 0.0]]),
                     np.array([[0.5, -0.25, 0.0], [1.0, 0.5, -0.5]]), np.array([0.25, -0.5])))
    ctx.forall(_xywb(), lambda c: _grad_case(ctx, c), max_examples=EXAMPLES)


def gradients_stability(ctx: Ctx) -> None:
    # logits ±1e4: Z = [[1e4, −1e4, 0], [−1e4, 1e4, 0]]
    for args in ((np.array([[1.0], [-1.0]]), np.array([[1.0, 0.0, 0.0], [1.0, 0.0, 0.0]]),
                  np.array([[1e4], [-1e4], [0.0]]), np.zeros(3)),
                 (np.array([[1.0, 1.0]]), np.array([[0.0, 1.0]]), np.array([[5e3, 5e3], [0.0, 0.0]]),
                  np.array([0.0, 1e4]))):
        _grad_case(ctx, args, prop="stability")
        expect_no_warnings(ctx, "gradients", fmt_call("gradients", args), hint=NO_SHIFT)


# --- fit ----------------------------------------------------------------------------------------
FIT_SHAPE = Text("fit devuelve (W, b) con W de forma (k, d), una fila de pesos por clase, y b de "
                 "forma (k,): las logits son X·Wᵀ + b.",
                 "fit returns (W, b) with W of shape (k, d), one row of weights per class, and b "
                 "of shape (k,): the logits are X·Wᵀ + b.")


def _fit_out(ctx: Ctx, args: tuple, kw: dict, show: str, timeout: float | None = None,
             ) -> tuple[np.ndarray, np.ndarray]:
    """The student's (W, b), checked to be float arrays (k, d) and (k,)."""
    X, k = args[0], args[2]
    out = ctx.invoke("fit", args, kw, show=show, timeout=timeout)[0]
    out = expect_sequence(ctx, "fit", out, 2, show, "(W, b)",
                          Text("devuelve una tupla (W, b).", "return a tuple (W, b)."))
    expected = f"W ({k}, {X.shape[1]}), b ({k},)"
    try:
        W = as_array(out[0], func="fit", shape=(k, X.shape[1]), what="W", allow_nan=True)
        b = as_array(out[1], func="fit", shape=(k,), what="b", allow_nan=True)
    except (Invalid, ShapeError) as e:
        ctx.record("behaviour", "mismatch")
        raise rejected(e, "fit", show, expected, out, FIT_SHAPE) from None
    return W, b


def _descent_hint(acc: float, W: np.ndarray, b: np.ndarray) -> Text:
    if not (np.isfinite(W).all() and np.isfinite(b).all()):
        return Text("W o b contienen nan o inf: revisa softmax (resta el máximo de cada fila) y el "
                    "tamaño del paso.",
                    "W or b hold nan or inf: check softmax (subtract each row's maximum) and the "
                    "step size.")
    if acc < 0.5:
        return Text("el descenso no aprende: el paso es W ← W − lr·dW (menos el gradiente), con "
                    "dW = gradients(X, one_hot(y, k), W, b) de los W y b actuales, y X tal como "
                    "llega (sin escalarla dentro de fit).",
                    "the descent does not learn: the step is W ← W − lr·dW (minus the gradient), "
                    "with dW = gradients(X, one_hot(y, k), W, b) from the current W and b, and X as "
                    "it comes (not scaled inside fit).")
    return Text("aprende, pero poco: con los valores por defecto (lr = 0.5, epochs = 300) el "
                "descenso por gradiente completo pasa de 0.9; revisa los valores por defecto, que "
                "cada época dé un paso con todas las muestras y que fit use X tal como llega (W y b "
                "se aplican a esa X: sin escalarla ni normalizarla dentro).",
                "it learns, but too little: with the defaults (lr = 0.5, epochs = 300) full-batch "
                "gradient descent goes past 0.9; check the default values, that each epoch takes "
                "one step with all the samples and that fit uses X as given (W and b apply to that "
                "X: no scaling or normalizing inside).")


def fit_digits(ctx: Ctx) -> None:
    """Defaults on the training images; the reference's accuracy on the test images >= 0.9."""
    X_train, y_train, X_test, y_test = digits_split()
    show = "fit(X_train, y_train, 10)  # X_train = digits / 16.0, (1437, 64); y_train (1437,)"
    W, b = _fit_out(ctx, (X_train, y_train, 10), {}, show, timeout=FIT_TIMEOUT)
    acc = R.accuracy(W, b, X_test, y_test) if np.isfinite(W).all() and np.isfinite(b).all() else 0.0
    ok = acc >= MIN_ACCURACY
    ctx.record("behaviour", "match" if ok else "mismatch")
    if not ok:
        raise CheckFailure("fit", show, f"accuracy(W, b, X_test, y_test) ≥ {MIN_ACCURACY}",
                           f"{acc:.4f}", _descent_hint(acc, W, b),
                           what=Text("exactitud en el conjunto de prueba por debajo de 0.9",
                                     "test accuracy below 0.9"))


def _blobs() -> tuple[np.ndarray, np.ndarray]:
    """Three well separated groups of 4 points in the plane, labels 0, 1, 2."""
    centers = np.array([[2.0, 0.0], [-1.0, 2.0], [-1.0, -2.0]])
    offsets = np.array([[0.25, 0.25], [-0.25, 0.25], [0.25, -0.25], [-0.25, -0.25]])
    X = (centers[:, None, :] + offsets[None, :, :]).reshape(-1, 2)
    return X, np.repeat(np.arange(3), 4)


def fit_small(ctx: Ctx) -> None:
    """Separable groups: W (k, d) and b (k,) for the k asked for (k = 4 with class 3 absent too),
    and every training point classified right."""
    for k, kw in ((3, {"lr": 1.0, "epochs": 100}), (4, {"lr": 0.5, "epochs": 200, "seed": 3})):
        X, y = _blobs()
        show = fmt_call("fit", (X, y, k), kw)
        W, b = _fit_out(ctx, (X, y, k), kw, show)
        acc = R.accuracy(W, b, X, y) if np.isfinite(W).all() and np.isfinite(b).all() else 0.0
        ok = acc == 1.0
        ctx.record("behaviour", "match" if ok else "mismatch")
        if not ok:
            raise CheckFailure("fit", show, "accuracy(W, b, X, y) = 1.0", f"{acc:.4f}",
                               _descent_hint(acc, W, b),
                               what=Text("no separa tres grupos bien separados",
                                         "does not separate three well separated groups"))


def fit_deterministic(ctx: Ctx) -> None:
    """The same arguments (the same seed) give the same (W, b)."""
    for kw in ({"epochs": 20}, {"epochs": 20, "seed": 5}):
        X, y = _blobs()
        show = fmt_call("fit", (X, y, 3), kw)
        first = _fit_out(ctx, (X.copy(), y.copy(), 3), kw, show)
        second = _fit_out(ctx, (X, y, 3), kw, show)
        ok = all(np.array_equal(a, c, equal_nan=True) for a, c in zip(first, second))
        ctx.record("behaviour", "match" if ok else "mismatch")
        if not ok:
            raise CheckFailure(
                "fit", show + " ×2", f"W = {fmt(first[0])}, b = {fmt(first[1])} (1.ª / 1st)",
                f"W = {fmt(second[0])}, b = {fmt(second[1])} (2.ª / 2nd)",
                Text("el punto de partida aleatorio sale de `rng = np.random.default_rng(seed)` "
                     "(no de `np.random.randn` ni de un generador sin semilla): la misma semilla da "
                     "el mismo resultado.",
                     "the random start comes from `rng = np.random.default_rng(seed)` (not from "
                     "`np.random.randn` or an unseeded generator): the same seed gives the same "
                     "result."),
                what=Text("dos llamadas iguales dan resultados distintos",
                          "two equal calls give different results"))


# --- accuracy -----------------------------------------------------------------------------------
ACC_VARIANTS = [
    (lambda W, b, X, y: 100.0 * R.accuracy(W, b, X, y),
     Text("devuelve una fracción en [0, 1], no un porcentaje: quita el ×100.",
          "return a fraction in [0, 1], not a percentage: drop the ×100.")),
    (lambda W, b, X, y: float(round(R.accuracy(W, b, X, y) * len(y))),
     Text("devuelve la fracción de aciertos (aciertos / m, `np.mean(pred == y)`), no su número.",
          "return the fraction of hits (hits / m, `np.mean(pred == y)`), not their count.")),
    (lambda W, b, X, y: 1.0 - R.accuracy(W, b, X, y),
     Text("eso es la tasa de error; la exactitud es la fracción de aciertos, pred == y.",
          "that is the error rate; accuracy is the fraction of hits, pred == y.")),
]
ACC_HINTS = variant_hints(ACC_VARIANTS)


def _acc_case(ctx: Ctx, args: tuple) -> None:
    value_case(ctx, "accuracy", args, scalar=True, hints=ACC_HINTS)


@st.composite
def _wbxy(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    m, d, k = draw(st.integers(1, 8)), draw(st.integers(1, 4)), draw(st.integers(2, 4))
    W = draw(arrays((k, d), -3, 3))
    b = draw(arrays((k,), -1, 1))
    X = draw(arrays((m, d), -3, 3))
    Z = X @ W.T + b
    top = np.sort(Z, axis=1)
    assume(not np.any(top[:, -1] - top[:, -2] < 1e-6))  # a near tie: the class is not defined
    y = np.array(draw(st.lists(st.integers(0, k - 1), min_size=m, max_size=m)))
    return W, b, X, y


def accuracy_values(ctx: Ctx) -> None:
    # the statement's example: classes (0, 1, 0, 2) predicted for y = (0, 1, 1, 2): 0.75
    W = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]])
    X = np.array([[2.0, 1.0], [0.0, 3.0], [1.0, 0.5], [-2.0, -1.0]])
    _acc_case(ctx, (W, np.zeros(3), X, np.array([0, 1, 1, 2])))
    _acc_case(ctx, (W.copy(), np.array([0.0, 5.0, 0.0]), X.copy(), np.array([1, 1, 1, 1],
                                                                          dtype=np.uint8)))
    _acc_case(ctx, (W.copy(), np.zeros(3), X.copy(), np.array([2, 2, 2, 0])))  # no hit: 0.0
    ctx.forall(_wbxy(), lambda c: _acc_case(ctx, c), max_examples=EXAMPLES)


# --- the tests ----------------------------------------------------------------------------------
def _t(id: str, function: str, points: float, es: str, en: str, check: Callable[[Ctx], None],
       *graded: str) -> HiddenTest:
    return HiddenTest(id, function, points, Text(es, en), check, graded=frozenset(graded))


TESTS = [
    _t("one_hot.values", "one_hot", 0.75,
       "Y (m, k) con un 1 en la columna y_i de cada fila: el ejemplo del enunciado, etiquetas "
       "uint8, clases que no aparecen en y (k = 4 con y = (0, 1)) y casos aleatorios",
       "Y (m, k) with a 1 in column y_i of each row: the statement's example, uint8 labels, "
       "classes absent from y (k = 4 with y = (0, 1)) and random cases", one_hot_values, "values"),
    _t("one_hot.float", "one_hot", 0.25,
       "devuelve un array float de forma (m, k) (no enteros, no (k, m))",
       "returns a float array of shape (m, k) (not integers, not (k, m))", one_hot_float,
       "behaviour"),
    _t("one_hot.no_mutation", "one_hot", 0.25, "no modifica y", "does not modify y",
       _no_mutation("one_hot", lambda: (np.array([2, 0, 1]), 3), ("y", "k")), "no_mutation"),
    _t("softmax.values", "softmax", 1.0,
       "softmax de cada fila: (1, 2, 3) → (0.0900, 0.2447, 0.6652), filas iguales, una sola "
       "clase (P = 1), matrices aleatorias (m y k de 1 a 6, logits en [−20, 20])",
       "softmax of each row: (1, 2, 3) → (0.0900, 0.2447, 0.6652), equal rows, a single class "
       "(P = 1), random matrices (m and k from 1 to 6, logits in [−20, 20])", softmax_values,
       "values"),
    _t("softmax.stability", "softmax", 0.5,
       "logits de ±1e4 y ±1e3: valores finitos y correctos, cada fila suma 1, sin avisos",
       "logits of ±1e4 and ±1e3: finite and right values, each row sums to 1, no warnings",
       softmax_stability, "stability", "no_warnings"),
    _t("softmax.invariance", "softmax", 0.25,
       "softmax(Z + c) = softmax(Z) sumando a cada fila una constante (±800, 3) y cada fila suma 1",
       "softmax(Z + c) = softmax(Z) adding a constant to each row (±800, 3) and each row sums to 1",
       softmax_invariance, "behaviour"),
    _t("softmax.dtype", "softmax", 0.25, "con Z float32 devuelve un array float32",
       "float32 Z in, float32 array out", softmax_dtype, "dtype"),
    _t("softmax.no_mutation", "softmax", 0.25, "no modifica Z (ni al restar el máximo)",
       "does not modify Z (nor while subtracting the maximum)",
       _no_mutation("softmax", lambda: (np.array([[1.0, 2.0, 3.0], [4.0, -1.0, 0.5]]),), ("Z",)),
       "no_mutation"),
    _t("cross_entropy.values", "cross_entropy", 0.75,
       "la media sobre las filas de −Σ_j Y_ij ln P_ij: el ejemplo del enunciado (0.2899), P "
       "uniforme (ln k), P aleatorias con el eps por defecto y con eps = 0.05 y 1e-3 (P recortada "
       "a [eps, 1])",
       "the mean over the rows of −Σ_j Y_ij ln P_ij: the statement's example (0.2899), a uniform P "
       "(ln k), random P with the default eps and with eps = 0.05 and 1e-3 (P clipped to [eps, 1])",
       ce_values, "values"),
    _t("cross_entropy.clipping", "cross_entropy", 0.5,
       "P con ceros exactos (con el eps por defecto, 1e-12, y con eps = 1e-3): P recortada a "
       "[eps, 1], pérdida finita y correcta, sin avisos",
       "P with exact zeros (with the default eps, 1e-12, and with eps = 1e-3): P clipped to "
       "[eps, 1], finite and right loss, no warnings", ce_clipping, "stability", "no_warnings"),
    _t("cross_entropy.no_mutation", "cross_entropy", 0.25, "no modifica P ni Y (ni al recortar P)",
       "does not modify P or Y (nor while clipping P)",
       _no_mutation("cross_entropy", lambda: (np.array([[0.0, 1.0], [0.3, 0.7]]),
                                              np.array([[1.0, 0.0], [0.0, 1.0]])), ("P", "Y")),
       "no_mutation"),
    _t("gradients.values", "gradients", 1.5,
       "(dW, db) = ((P − Y)ᵀX/m, media de P − Y por columnas), formas (k, d) y (k,): el ejemplo "
       "del enunciado (W = 0, b = 0) y datos aleatorios, frente a la referencia y a la "
       "autodiferenciación de F.cross_entropy de torch",
       "(dW, db) = ((P − Y)ᵀX/m, column means of P − Y), shapes (k, d) and (k,): the statement's "
       "example (W = 0, b = 0) and random data, against the reference and torch's autograd of "
       "F.cross_entropy", gradients_values, "values"),
    _t("gradients.stability", "gradients", 0.25,
       "logits de ±1e4: gradiente finito y correcto, sin avisos",
       "logits of ±1e4: finite and right gradient, no warnings", gradients_stability,
       "stability", "no_warnings"),
    _t("gradients.no_mutation", "gradients", 0.25, "no modifica X, Y, W ni b",
       "does not modify X, Y, W or b",
       _no_mutation("gradients", lambda: (np.array([[1.0, 2.0], [-1.0, 0.5]]),
                                          np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]),
                                          np.array([[0.5, -1.0], [0.0, 0.25], [1.0, 1.0]]),
                                          np.array([0.25, 0.0, -0.5])), ("X", "Y", "W", "b")),
       "no_mutation"),
    _t("fit.digits", "fit", 1.25,
       "con los valores por defecto (lr = 0.5, epochs = 300, seed = 0) sobre las 1 437 imágenes "
       "de entrenamiento, la exactitud en las 360 de prueba (calculada con la accuracy de "
       "referencia sobre tus W, b) es ≥ 0.9",
       "with the defaults (lr = 0.5, epochs = 300, seed = 0) on the 1,437 training images, the "
       "accuracy on the 360 test images (computed with the reference accuracy on your W, b) is "
       "≥ 0.9", fit_digits, "behaviour"),
    _t("fit.small", "fit", 0.25,
       "tres grupos bien separados (12 puntos): W de forma (k, d) y b (k,) para el k pedido "
       "(también k = 4 con una clase ausente), todos los puntos bien clasificados",
       "three well separated groups (12 points): W of shape (k, d) and b (k,) for the k asked "
       "(k = 4 with an absent class too), every point classified right", fit_small, "behaviour"),
    _t("fit.deterministic", "fit", 0.25,
       "la misma llamada (la misma semilla, la de por defecto y seed = 5) da el mismo (W, b)",
       "the same call (the same seed, the default one and seed = 5) gives the same (W, b)",
       fit_deterministic, "behaviour"),
    _t("fit.no_mutation", "fit", 0.25, "no modifica X ni y", "does not modify X or y",
       _no_mutation("fit", lambda: (np.array([[1.0, 2.0], [-1.0, 0.5], [0.0, 1.0]]),
                                    np.array([0, 1, 2]), 3), ("X", "y", "k"), {"epochs": 5}),
       "no_mutation"),
    _t("accuracy.values", "accuracy", 0.75,
       "la fracción de filas con argmax_j (X·Wᵀ + b)_ij = y_i, en [0, 1]: el ejemplo del "
       "enunciado (0.75), todo aciertos (1.0), ningún acierto (0.0) y casos aleatorios",
       "the fraction of rows with argmax_j (X·Wᵀ + b)_ij = y_i, in [0, 1]: the statement's example "
       "(0.75), all hits (1.0), no hit (0.0) and random cases", accuracy_values, "values"),
    _t("accuracy.no_mutation", "accuracy", 0.25, "no modifica W, b, X ni y",
       "does not modify W, b, X or y",
       _no_mutation("accuracy", lambda: (np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([0.5, 0.0]),
                                         np.array([[2.0, 1.0], [0.0, 3.0]]), np.array([0, 1])),
                    ("W", "b", "X", "y")),
       "no_mutation"),
]
