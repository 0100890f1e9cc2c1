"""Hidden tests of 01_perceptron: step, predict, Rosenblatt's training.

Inputs are multiples of 0.25 so X·w + b is exact in floating point: the step at z = 0 cannot
flip on a rounding difference between two correct orders of summation.
"""

from __future__ import annotations

import numpy as np
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
    expect_sequence,
    expect_unchanged,
    fmt,
    fmt_call,
    grid,
    record_torch,
    rejected,
    shapes,
    value_case,
)
from reference import perceptron as R

TRUTH_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
GATES = {  # name: (labels, slide-style weights and bias that realise it)
    "AND": (np.array([0.0, 0.0, 0.0, 1.0]), np.array([1.0, 1.0]), -1.5),
    "OR": (np.array([0.0, 1.0, 1.0, 1.0]), np.array([1.0, 1.0]), -0.5),
    "NAND": (np.array([1.0, 1.0, 1.0, 0.0]), np.array([-1.0, -1.0]), 1.5),
}

STEP_HINTS = [
    Hint(lambda a, k, g, e: np.array_equal(np.asarray(g), (np.asarray(a[0]) > 0).astype(float)),
         Text("step(0) debe ser 1: la condición es z >= 0, no z > 0.",
              "step(0) must be 1: the condition is z >= 0, not z > 0.")),
]
PREDICT_HINTS = [
    Hint(lambda a, k, g, e: np.array_equal(np.asarray(g), (a[0] @ a[1] + a[2] > 0).astype(float)),
         Text("en z = X·w + b = 0 la predicción es 1 (step(z) = 1 si z >= 0).",
              "at z = X·w + b = 0 the prediction is 1 (step(z) = 1 if z >= 0).")),
    Hint(lambda a, k, g, e: np.asarray(g).shape != np.asarray(e).shape,
         Text("devuelve un vector (n,) con una predicción por fila de X.",
              "return an (n,) vector with one prediction per row of X.")),
]
TRAIN_HINT = Text(
    "revisa la regla de Rosenblatt: w = 0 y b = 0 al inicio, muestras en orden, "
    "w ← w + lr (y − ŷ) x, b ← b + lr (y − ŷ), y parar tras la primera época sin errores.",
    "check Rosenblatt's rule: start from w = 0 and b = 0, samples in order, "
    "w ← w + lr (y − ŷ) x, b ← b + lr (y − ŷ), and stop after the first epoch with no mistake.",
)


# --- step ---------------------------------------------------------------------------------------
def step_zero(ctx: Ctx) -> None:
    z = np.array([0.0, -0.0, -1e-300, 1e-300, -1e4, 1e4])
    value_case(ctx, "step", (z,), exact=True, hints=STEP_HINTS)


def step_values(ctx: Ctx) -> None:
    value_case(ctx, "step", (np.array([[-2.0, 0.0], [0.5, -0.25]]),), exact=True, hints=STEP_HINTS)
    ctx.forall(arrays(shapes(1, 2), elements=grid(-8, 8)),
               lambda z: value_case(ctx, "step", (z,), exact=True, hints=STEP_HINTS),
               max_examples=20)


# --- predict ------------------------------------------------------------------------------------
def predict_gates(ctx: Ctx) -> None:
    for _name, (_y, w, b) in GATES.items():
        value_case(ctx, "predict", (TRUTH_X, w, b), exact=True, hints=PREDICT_HINTS)


@st.composite
def _predict_case(draw: st.DrawFn) -> tuple:
    n = draw(st.integers(1, 6))
    d = draw(st.integers(1, 4))
    X = draw(arrays((n, d), elements=grid(-4, 4)))
    w = draw(arrays((d,), elements=grid(-4, 4)))
    b = draw(grid(-4, 4))
    return X, w, b


def predict_values(ctx: Ctx) -> None:
    # a sample exactly on the boundary (z = 0 -> 1)
    value_case(ctx, "predict", (np.array([[1.0, 1.0], [2.0, 0.0]]), np.array([1.0, -1.0]), 0.0),
               exact=True, hints=PREDICT_HINTS)
    ctx.forall(_predict_case(),
               lambda c: value_case(ctx, "predict", c, exact=True, hints=PREDICT_HINTS),
               max_examples=20)
    X, w = np.array([[1.0, 2.0], [-1.0, 0.5]]), np.array([0.5, -1.0])
    expect_unchanged(ctx, "predict", (X, w, 0.25), names=("X", "w", "b"))


# --- train --------------------------------------------------------------------------------------
def _train(ctx: Ctx, X: np.ndarray, y: np.ndarray, **kw: object) -> tuple[np.ndarray, float, str]:
    show = fmt_call("train", (X, y), kw)
    got = ctx.invoke("train", (X, y), kw, show=show)[0]
    got = expect_sequence(ctx, "train", got, 2, show, "(w, b)", Text("devuelve una tupla (w, b).",
                                                                     "return a tuple (w, b)."))
    try:
        w = as_array(got[0], func="train", shape=(X.shape[1],), what="w")
        b = as_array(got[1], func="train", scalar=True, shape=(), what="b")
    except (Invalid, ShapeError) as e:
        raise rejected(e, "train", show, f"w {(X.shape[1],)}, b escalar / scalar", got) from None
    return w, float(b), show


def _separates(ctx: Ctx, X: np.ndarray, y: np.ndarray, name: str) -> None:
    w, b, show = _train(ctx, X, y)
    pred = R.predict(X, w, b)
    ok = bool(np.array_equal(pred, y))
    ctx.record("behaviour", "match" if ok else "mismatch")
    if not ok:
        raise CheckFailure(
            "train", show, f"predict(X, w, b) = {fmt(y)} ({name})", f"{fmt(pred)} con/with w = {fmt(w)}, b = {fmt(b)}",
            TRAIN_HINT, what=Text("los pesos entrenados no clasifican bien los datos (linealmente separables)",
                                   "the trained weights do not classify the (linearly separable) data"))


@st.composite
def _separable(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    """Points on a grid labelled by a hidden line with a margin (so the perceptron converges)."""
    n = draw(st.integers(2, 8))
    X = draw(arrays((n, 2), elements=grid(-3, 3, 0.5)))
    w = np.array([draw(st.sampled_from([-1.0, 1.0])), draw(st.sampled_from([-1.0, 0.5, 1.0]))])
    b = draw(st.sampled_from([-0.25, 0.25]))
    z = X @ w + b
    X = X[np.abs(z) >= 0.25]
    if len(X) < 2:
        X = np.array([[1.0, 1.0], [-1.0, -1.0]])
    y = (X @ w + b >= 0).astype(float)
    return X, y


def train_gates(ctx: Ctx) -> None:
    for name, (y, _w, _b) in GATES.items():
        _separates(ctx, TRUTH_X, y, name)
    ctx.forall(_separable(), lambda c: _separates(ctx, c[0], c[1], "separable"), max_examples=10)


def _rosenblatt(ctx: Ctx, X: np.ndarray, y: np.ndarray, **kw: object) -> None:
    ctx.grade("values")
    w, b, show = _train(ctx, X, y, **kw)
    w_ref, b_ref = R.train(X, y, **kw)
    ok = np.allclose(w, w_ref, rtol=1e-9, atol=1e-12) and np.isclose(b, b_ref, rtol=1e-9, atol=1e-12)
    ctx.record("reference", "match" if ok else "mismatch")
    record_torch(ctx, None, (), {}, None)
    if not ok:
        raise CheckFailure("train", show, f"w = {fmt(w_ref)}, b = {fmt(b_ref)}",
                           f"w = {fmt(w)}, b = {fmt(b)}", TRAIN_HINT,
                           what=Text("los pesos no son los de la regla de Rosenblatt",
                                     "the weights are not those of Rosenblatt's rule"))


def train_rule(ctx: Ctx) -> None:
    _rosenblatt(ctx, TRUTH_X, GATES["AND"][0])
    _rosenblatt(ctx, TRUTH_X, GATES["OR"][0], lr=0.5)
    _rosenblatt(ctx, TRUTH_X, GATES["AND"][0], epochs=1)  # stops after one epoch
    ctx.forall(_separable(), lambda c: _rosenblatt(ctx, c[0], c[1]), max_examples=10)
    expect_unchanged(ctx, "train", (TRUTH_X.copy(), GATES["OR"][0].copy()), names=("X", "y"))


TESTS = [
    HiddenTest("step.zero", "step", 0.5, Text("step(0) = 1 y entradas extremas",
                                              "step(0) = 1 and extreme inputs"), step_zero, graded=frozenset({"values"})),
    HiddenTest("step.values", "step", 1.5, Text("step en arrays aleatorios (1-D y 2-D)",
                                                "step on random arrays (1-D and 2-D)"), step_values, graded=frozenset({"values"})),
    HiddenTest("predict.gates", "predict", 1.0, Text("predict con los pesos de AND, OR y NAND",
                                                     "predict with the AND, OR and NAND weights"), predict_gates, graded=frozenset({"values"})),
    HiddenTest("predict.values", "predict", 2.0,
               Text("predict en datos aleatorios (forma (n,), entradas sin modificar)",
                    "predict on random data (shape (n,), inputs not modified)"), predict_values, graded=frozenset({"no_mutation", "values"})),
    HiddenTest("train.separates", "train", 3.0,
               Text("train alcanza el 100 % en AND, OR, NAND y datos separables",
                    "train reaches 100% on AND, OR, NAND and separable data"), train_gates, graded=frozenset({"behaviour"})),
    HiddenTest("train.rule", "train", 2.0,
               Text("train sigue la regla de Rosenblatt (pesos exactos, parada, lr, epochs)",
                    "train follows Rosenblatt's rule (exact weights, stopping, lr, epochs)"),
               train_rule, graded=frozenset({"no_mutation", "values"})),
]
