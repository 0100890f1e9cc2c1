"""Hidden tests of 01_perceptron: step, predict, Rosenblatt's training.

Inputs are multiples of 0.25 so X·w + b is exact in floating point: the step at z = 0 cannot
flip on a rounding difference between two correct orders of summation.

Each test grades one function and one property (values, behaviour, inputs not modified); the
hints of `train` are diagnosed by running the known wrong variant on the same input (a strict
step, the batch rule, the error's sign flipped, `lr` ignored, the loop stopping at another epoch
than the rule, e.g. a changed default of `epochs`) and comparing with what came back.
"""

from __future__ import annotations

from collections.abc import Callable

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


def truth_x() -> np.ndarray:
    """The four inputs of a two-input gate, a fresh array per call."""
    return np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])


GATES = {  # name: (labels, slide-style weights and bias that realise it)
    "AND": ((0.0, 0.0, 0.0, 1.0), (1.0, 1.0), -1.5),
    "OR": ((0.0, 1.0, 1.0, 1.0), (1.0, 1.0), -0.5),
    "NAND": ((1.0, 1.0, 1.0, 0.0), (-1.0, -1.0), 1.5),
}


def labels(name: str) -> np.ndarray:
    return np.array(GATES[name][0])


# Separable with a tiny margin (two points 0.25 apart on the diagonal): Rosenblatt needs 298
# epochs and its weights differ after every epoch before that, so the default `epochs=100` is
# visible (a cycling, non-separable set would repeat its weights every few epochs).
SLOW_X = ((4.0, 4.0), (4.25, 4.25))
SLOW_Y = (0.0, 1.0)

STEP_HINTS = [
    Hint(lambda a, k, g, e: np.array_equal(np.asarray(g), (np.asarray(a[0]) > 0).astype(float)),
         Text("step(0) debe ser 1: la condición es z >= 0, no z > 0.",
              "step(0) must be 1: the condition is z >= 0, not z > 0.")),
]
PREDICT_HINTS = [
    Hint(lambda a, k, g, e: np.array_equal(np.asarray(g), (a[0] @ a[1] + a[2] > 0).astype(float)),
         Text("en z = X·w + b = 0 la predicción es 1 (step(z) = 1 si z >= 0).",
              "at z = X·w + b = 0 the prediction is 1 (step(z) = 1 if z >= 0).")),
    Hint(lambda a, k, g, e: np.array_equal(np.asarray(g), (a[0] @ a[1] - a[2] >= 0).astype(float)),
         Text("el sesgo se suma: z = X·w + b.", "the bias is added: z = X·w + b.")),
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


def step_no_mutation(ctx: Ctx) -> None:
    expect_unchanged(ctx, "step", (np.array([-2.0, -0.5, 0.0, 1.5]),), names=("z",))


# --- predict ------------------------------------------------------------------------------------
def predict_gates(ctx: Ctx) -> None:
    for _name, (_y, w, b) in GATES.items():
        value_case(ctx, "predict", (truth_x(), np.array(w), b), exact=True, hints=PREDICT_HINTS)


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


def predict_no_mutation(ctx: Ctx) -> None:
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
            _train_hint(X, y, {}, w, b),
            what=Text("los pesos entrenados no clasifican bien los datos (linealmente separables)",
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
    for name in GATES:
        _separates(ctx, truth_x(), labels(name), name)
    ctx.forall(_separable(), lambda c: _separates(ctx, c[0], c[1], "separable"), max_examples=10)


# The known wrong versions of Rosenblatt's rule, run on the failing input to name the mistake.
def _variant(X: np.ndarray, y: np.ndarray, lr: float = 1.0, epochs: int = 100, *,
             strict: bool = False, batch: bool = False, flip: bool = False,
             plain_lr: bool = False) -> tuple[np.ndarray, float]:
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    eta = 1.0 if plain_lr else lr
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(epochs):
        mistakes, dw, db = 0, np.zeros_like(w), 0.0
        for x_i, y_i in zip(X, y):
            z = x_i @ w + b
            err = y_i - float(z > 0 if strict else z >= 0)
            if flip:
                err = -err
            if err:
                mistakes += 1
                if batch:
                    dw, db = dw + eta * err * x_i, db + eta * err
                else:
                    w, b = w + eta * err * x_i, b + eta * err
        if batch:
            w, b = w + dw, b + db
        if mistakes == 0:
            break
    return w, b


VARIANTS: list[tuple[dict, Text]] = [
    ({"strict": True}, Text(
        "en el entrenamiento ŷ = step(x·w + b) con step(0) = 1: usa z >= 0, no z > 0 (con w = 0 y "
        "b = 0 la primera predicción es 1).",
        "while training ŷ = step(x·w + b) with step(0) = 1: use z >= 0, not z > 0 (with w = 0 and "
        "b = 0 the first prediction is 1).")),
    ({"batch": True}, Text(
        "actualiza w y b después de CADA muestra (regla en línea de Rosenblatt), no sumando los "
        "cambios de toda la época: la predicción de la muestra siguiente usa los pesos ya "
        "actualizados.",
        "update w and b after EACH sample (Rosenblatt's online rule), not by adding up the "
        "changes of the whole epoch: the next sample's prediction uses the updated weights.")),
    ({"flip": True}, Text(
        "el error es y − ŷ (etiqueta menos predicción): con ŷ − y los pesos se alejan de la "
        "respuesta.",
        "the error is y − ŷ (label minus prediction): with ŷ − y the weights move away from "
        "the answer.")),
    ({"plain_lr": True}, Text(
        "multiplica cada cambio por lr: w ← w + lr (y − ŷ) x, b ← b + lr (y − ŷ).",
        "multiply each change by lr: w ← w + lr (y − ŷ) x, b ← b + lr (y − ŷ).")),
]


def _same(w: np.ndarray, b: float, wv: np.ndarray, bv: float) -> bool:
    return bool(np.allclose(w, wv, rtol=1e-9, atol=1e-12) and np.isclose(b, bv, rtol=1e-9, atol=1e-12))


def _trace(X: np.ndarray, y: np.ndarray, lr: float, limit: int = 400) -> list[tuple[np.ndarray, float]]:
    """(w, b) after 0, 1, 2... epochs of the right rule, up to the first epoch without mistakes
    (the last entry) or `limit` epochs."""
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    w, b = np.zeros(X.shape[1]), 0.0
    out = [(w, b)]
    for _ in range(limit):
        mistakes = 0
        for x_i, y_i in zip(X, y):
            err = y_i - float(x_i @ w + b >= 0)
            if err:
                w, b, mistakes = w + lr * err * x_i, b + lr * err, mistakes + 1
        if mistakes == 0:
            break
        out.append((w, b))
    return out


def _train_hint(X: np.ndarray, y: np.ndarray, kw: dict, w: np.ndarray, b: float) -> Text:
    """The hint of the first known wrong variant that computes what came back."""
    for flags, text in VARIANTS:
        try:
            wv, bv = _variant(X, y, **kw, **flags)
        except Exception:  # a variant never breaks a check
            continue
        if _same(w, b, wv, bv):
            return text
    trace = _trace(X, y, float(kw.get("lr", 1.0)))
    epochs = int(kw.get("epochs", 100))
    runs = min(len(trace) - 1, epochs)  # epochs with a mistake that the rule runs
    stops = (Text(f"se hacen {runs} épocas", f"{runs} epochs run") if runs == epochs else Text(
        f"la época {runs + 1} no tiene errores y ahí se para",
        f"epoch {runs + 1} has no mistake, and the rule stops there"))
    for e, (wv, bv) in enumerate(trace):
        if e != runs and _same(w, b, wv, bv):
            asked = (Text(f"con epochs = {epochs}", f"with epochs = {epochs}") if "epochs" in kw
                     else Text("con los valores por defecto (lr = 1.0, epochs = 100)",
                               "with the default arguments (lr = 1.0, epochs = 100)"))
            return (Text(f"tus pesos son los de la regla tras {e} épocas, pero ",
                         f"your weights are the rule's after {e} epochs, but ") + asked
                    + Text(" y estos datos ", " on this data ") + stops + Text(
                        ". Revisa el valor por defecto de epochs, el límite del bucle y la "
                        "parada tras una época sin errores.",
                        ". Check the default value of epochs, the loop's limit and the stop after "
                        "an epoch without mistakes."))
    w_ref, b_ref = R.train(X, y, **kw)
    if np.max(np.abs(np.asarray(w) - w_ref), initial=0.0) + abs(b - b_ref) < 0.1:
        return Text(
            "tus pesos se parecen a los de la regla pero no son exactos: empieza con w = 0 y "
            "b = 0 (no con pesos aleatorios pequeños).",
            "your weights are close to the rule's but not exact: start from w = 0 and b = 0 "
            "(not from small random weights).")
    return TRAIN_HINT


def _rosenblatt(ctx: Ctx, X: np.ndarray, y: np.ndarray, **kw: object) -> None:
    ctx.grade("values")
    w, b, show = _train(ctx, X, y, **kw)
    w_ref, b_ref = R.train(X, y, **kw)
    ok = _same(w, b, w_ref, b_ref)
    ctx.record("reference", "match" if ok else "mismatch")
    record_torch(ctx, None, (), {}, None)
    if not ok:
        raise CheckFailure("train", show, f"w = {fmt(w_ref)}, b = {fmt(b_ref)}",
                           f"w = {fmt(w)}, b = {fmt(b)}", _train_hint(X, y, kw, w, b),
                           what=Text("los pesos no son los de la regla de Rosenblatt",
                                     "the weights are not those of Rosenblatt's rule"))


def train_rule(ctx: Ctx) -> None:
    _rosenblatt(ctx, truth_x(), labels("AND"))  # the README's worked example, defaults
    _rosenblatt(ctx, truth_x(), labels("OR"), lr=0.5)
    _rosenblatt(ctx, truth_x(), labels("AND"), epochs=1)  # stops after one epoch
    # needs 298 epochs: all default epochs run (100, not 99 or 101)
    _rosenblatt(ctx, np.array(SLOW_X), np.array(SLOW_Y))
    ctx.forall(_separable(), lambda c: _rosenblatt(ctx, c[0], c[1]), max_examples=10)


def train_no_mutation(ctx: Ctx) -> None:
    expect_unchanged(ctx, "train", (truth_x(), labels("OR")), {"lr": 0.5}, names=("X", "y"))


def _t(id: str, function: str, points: float, es: str, en: str, check: Callable[[Ctx], None],
       *graded: str) -> HiddenTest:
    return HiddenTest(id, function, points, Text(es, en), check, graded=frozenset(graded))


TESTS = [
    _t("step.zero", "step", 0.5,
       "step(0) = 1 (también en −0.0) y entradas extremas (±1e-300, ±1e4)",
       "step(0) = 1 (also at −0.0) and extreme inputs (±1e-300, ±1e4)", step_zero, "values"),
    _t("step.values", "step", 1.25,
       "step en arrays aleatorios 1-D y 2-D: 0.0/1.0 con la forma de z",
       "step on random 1-D and 2-D arrays: 0.0/1.0 with the shape of z", step_values, "values"),
    _t("step.no_mutation", "step", 0.25, "step no modifica z", "step does not modify z",
       step_no_mutation, "no_mutation"),
    _t("predict.gates", "predict", 1.0,
       "predict con los pesos de AND, OR y NAND en la tabla de verdad",
       "predict with the AND, OR and NAND weights on the truth table", predict_gates, "values"),
    _t("predict.values", "predict", 1.75,
       "predict en datos aleatorios (n de 1 a 6, d de 1 a 4, muestras en la frontera z = 0): "
       "forma (n,)",
       "predict on random data (n from 1 to 6, d from 1 to 4, samples on the boundary z = 0): "
       "shape (n,)", predict_values, "values"),
    _t("predict.no_mutation", "predict", 0.25, "predict no modifica X ni w",
       "predict does not modify X or w", predict_no_mutation, "no_mutation"),
    _t("train.separates", "train", 3.0,
       "train(X, y) alcanza el 100 % en AND, OR, NAND y datos linealmente separables",
       "train(X, y) reaches 100% on AND, OR, NAND and linearly separable data",
       train_gates, "behaviour"),
    _t("train.rule", "train", 1.5,
       "train da exactamente los pesos de la regla de Rosenblatt: el ejemplo resuelto, lr = 0.5, "
       "epochs = 1, dos puntos que necesitan más de 100 épocas con los valores por defecto "
       "(lr = 1, epochs = 100) y datos separables aleatorios",
       "train gives exactly the weights of Rosenblatt's rule: the worked example, lr = 0.5, "
       "epochs = 1, two points that need more than 100 epochs with the default arguments "
       "(lr = 1, epochs = 100) and random separable data", train_rule, "values"),
    _t("train.no_mutation", "train", 0.5, "train no modifica X ni y",
       "train does not modify X or y", train_no_mutation, "no_mutation"),
]
