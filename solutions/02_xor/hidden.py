"""Hidden tests of 02_xor: ReLU, the two-layer forward pass, weights that solve XOR, training
by gradient descent, and the PyTorch version (XorNet, train_xor_torch) on "cpu" and, where
available, "cuda".

The statement leaves `train_xor`'s initialisation free, so its weights cannot be compared with
the reference's. What it does fix is checked on the student's own weights instead:
- each epoch is one gradient-descent step of the statement: the weights after E + 1 epochs are
  those after E epochs moved by −lr·∂L/∂θ (computed here, with the statement's formulas);
- the defaults and the seed: train_xor() is train_xor(hidden=2, lr=0.1, epochs=5000, seed=0),
  the same seed gives the same weights and another seed other weights.
XorNet is probed as a function: a Linear → ReLU → Linear network with h hidden units is
piecewise linear, and along a line its output bends at most h times.
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
    Invalid,
    ShapeError,
    StudentError,
    Text,
    allclose,
    arrays,
    as_array,
    elementwise_dtype,
    elementwise_no_mutation,
    elementwise_stability,
    elementwise_values,
    expect_sequence,
    fmt,
    fmt_call,
    oracles,
    rejected,
    value_case,
)
from reference import xor as R

Y = R.XOR_Y.reshape(4)


def truth_x() -> np.ndarray:
    """The truth table's inputs, a fresh array per call."""
    return R.XOR_X.copy()


def slides() -> tuple[np.ndarray, ...]:
    """W1 = [[1, 1], [1, 1]], b1 = [0, -1], W2 = [[1, -2]], b2 = [0] (fresh arrays)."""
    return R.xor_weights()


FORWARD_HINTS = [
    Hint(lambda a, k, g, e: allclose(g, np.maximum(a[0] @ a[1] + a[2], 0) @ a[3].T + a[4]),
         Text("usas W1 transpuesta: con la convención de torch.nn.Linear, W1 es (salida, entrada) y "
              "la capa calcula X W1ᵀ + b1.",
              "you use W1 transposed: with torch.nn.Linear's convention W1 is (out, in) and the layer "
              "computes X W1ᵀ + b1.")),
    Hint(lambda a, k, g, e: allclose(g, (a[0] @ a[1].T + a[2]) @ a[3].T + a[4]),
         Text("falta la ReLU en la capa oculta: U = relu(X W1ᵀ + b1).",
              "the hidden layer's ReLU is missing: U = relu(X W1ᵀ + b1).")),
    Hint(lambda a, k, g, e: allclose(g, np.maximum(a[0] @ a[1].T + a[2], 0) @ a[3].T),
         Text("falta el sesgo de salida: Ŷ = U W2ᵀ + b2.",
              "the output bias is missing: Ŷ = U W2ᵀ + b2.")),
    Hint(lambda a, k, g, e: np.asarray(g).shape == (np.asarray(e).shape[0],),
         Text("devuelve Ŷ con forma (n, 1), no (n,).", "return Ŷ with shape (n, 1), not (n,).")),
]


def _weights(ctx: Ctx, func: str, got: object, show: str,
             hidden: int | None = None) -> tuple[np.ndarray, ...]:
    """Validate (W1, b1, W2, b2) with W1 (h, 2), b1 (h,), W2 (1, h), b2 (1,)."""
    got = expect_sequence(ctx, func, got, 4, show, "(W1, b1, W2, b2)",
                          Text("devuelve una tupla de 4 arrays.", "return a tuple of 4 arrays."))
    try:
        W1 = as_array(got[0], func=func, what="W1")
        h = W1.shape[0] if W1.ndim == 2 else -1
        if hidden is not None and h != hidden or W1.shape != (h, 2):
            raise ShapeError(func, (hidden or max(h, 1), 2), W1.shape, "W1")
        b1 = as_array(got[1], func=func, shape=(h,), what="b1")
        W2 = as_array(got[2], func=func, shape=(1, h), what="W2")
        b2 = as_array(got[3], func=func, shape=(1,), what="b2")
    except ShapeError as e:
        raise rejected(e, func, show, "W1 (h, 2), b1 (h,), W2 (1, h), b2 (1,)", got,
                       Text("convención de torch.nn.Linear: peso (salida, entrada), sesgo (salida,).",
                            "torch.nn.Linear's convention: weight (out, in), bias (out,).")) from None
    except Invalid as e:
        hint = (DIVERGES if func == "train_xor" else
                Text("devuelve 4 arrays de NumPy de números finitos.",
                     "return 4 NumPy arrays of finite numbers."))
        raise rejected(e, func, show, "W1 (h, 2), b1 (h,), W2 (1, h), b2 (1,)", got, hint) from None
    return W1, b1, W2, b2


DIVERGES = Text(
    "los pesos no son números finitos: el descenso diverge. Revisa el signo del paso "
    "(θ ← θ − lr·∂L/∂θ, restando) y la escala del gradiente (∂L/∂Ŷ = (2/n)(Ŷ − Y)).",
    "the weights are not finite numbers: the descent diverges. Check the step's sign "
    "(θ ← θ − lr·∂L/∂θ, subtracting) and the gradient's scale (∂L/∂Ŷ = (2/n)(Ŷ − Y)).")


def _net_out(weights: tuple[np.ndarray, ...]) -> np.ndarray:
    return R.forward(R.XOR_X, *weights).reshape(-1)


def _solves(weights: tuple[np.ndarray, ...]) -> tuple[bool, np.ndarray]:
    y_hat = _net_out(weights)
    return bool(np.array_equal(y_hat > 0.5, Y > 0.5)), y_hat


def _accuracy_failure(func: str, show: str, y_hat: np.ndarray, hint: Text) -> CheckFailure:
    return CheckFailure(
        func, show, "ŷ > 0.5 exactamente en (0,1) y (1,0): 0, 1, 1, 0 / exactly on (0,1) and (1,0)",
        fmt(np.asarray(y_hat).reshape(-1)), hint,
        what=Text("la red no resuelve XOR (precisión < 100 %)",
                  "the network does not solve XOR (accuracy < 100%)"))


# --- forward ------------------------------------------------------------------------------------
def forward_slides(ctx: Ctx) -> None:
    value_case(ctx, "forward", (truth_x(), *slides()), expected=R.XOR_Y, torch_key="forward",
               hints=FORWARD_HINTS)


@st.composite
def _net(draw: st.DrawFn) -> tuple:
    n, d, h = draw(st.integers(1, 5)), draw(st.integers(1, 3)), draw(st.integers(1, 4))
    return (draw(arrays((n, d), -3, 3)), draw(arrays((h, d), -2, 2)), draw(arrays((h,), -2, 2)),
            draw(arrays((1, h), -2, 2)), draw(arrays((1,), -2, 2)))


def forward_values(ctx: Ctx) -> None:
    # square W1 first: a transposed W1 gives wrong numbers instead of a shape error
    W1 = np.array([[1.0, -2.0], [0.5, 3.0]])
    value_case(ctx, "forward", (truth_x(), W1, np.array([0.5, -1.0]), np.array([[2.0, -1.0]]),
                                np.array([0.25])), torch_key="forward", hints=FORWARD_HINTS)
    ctx.forall(_net(), lambda c: value_case(ctx, "forward", c, torch_key="forward",
                                            hints=FORWARD_HINTS), max_examples=15)


# --- xor_weights --------------------------------------------------------------------------------
EXACT_ATOL = 1e-6


def xor_weights_truth(ctx: Ctx) -> None:
    show = "forward(X_xor, *xor_weights())"
    weights = _weights(ctx, "xor_weights", ctx.call("xor_weights"), show)
    solves, y_hat = _solves(weights)
    ok = bool(np.all(np.abs(y_hat - Y) <= EXACT_ATOL))
    ctx.record("behaviour", "match" if ok else "mismatch")
    if not ok:
        hint = Text(
            "prueba los pesos de las diapositivas: W1 = [[1, 1], [1, 1]], b1 = [0, −1], "
            "W2 = [[1, −2]], b2 = [0].",
            "try the slides' weights: W1 = [[1, 1], [1, 1]], b1 = [0, −1], W2 = [[1, −2]], "
            "b2 = [0].")
        if solves:
            hint = Text("con umbral 0.5 la tabla sale bien, pero el enunciado pide exactamente "
                        "0, 1, 1, 0 (salida identidad); ",
                        "with a 0.5 threshold the table is right, but the statement asks for "
                        "exactly 0, 1, 1, 0 (identity output); ") + hint
        raise CheckFailure(
            "xor_weights", show, f"{fmt(Y)} (± {EXACT_ATOL:g})", fmt(y_hat), hint,
            what=Text("con estos pesos forward no da exactamente 0, 1, 1, 0",
                      "with these weights forward does not give exactly 0, 1, 1, 0"))


# --- train_xor ------------------------------------------------------------------------------------
TIME_BUDGET = 30.0  # seconds per call of train_xor / train_xor_torch, as the statement says
DEFAULTS = {"hidden": 2, "lr": 0.1, "epochs": 5000, "seed": 0}


def _train(ctx: Ctx, **kw: object) -> tuple[tuple[np.ndarray, ...], str]:
    show = fmt_call("train_xor", (), kw)
    got = ctx.invoke("train_xor", (), kw, timeout=TIME_BUDGET, show=show)[0]
    return _weights(ctx, "train_xor", got, show, hidden=int(kw.get("hidden", 2))), show


def train_xor_truth(ctx: Ctx) -> None:
    ctx.grade("time_budget")
    weights, show = _train(ctx)
    ok, y_hat = _solves(weights)
    ctx.record("behaviour", "match" if ok else "mismatch")
    if not ok:
        raise _accuracy_failure("train_xor", show, y_hat, Text(
            "revisa los gradientes (∂L/∂Ŷ = (2/n)(Ŷ − Y), ∂L/∂W = (∂L/∂Z)ᵀ A_prev, ∂L/∂b = Σ filas "
            "de ∂L/∂Z, relu'(v) = 1 si v > 0), el signo del paso (θ ← θ − lr·∂L/∂θ) y la "
            "inicialización: pesos aleatorios (no ceros), un sesgo b1 pequeño y positivo y, si "
            "la tabla no sale, otro intento con el mismo generador.",
            "check the gradients (∂L/∂Ŷ = (2/n)(Ŷ − Y), ∂L/∂W = (∂L/∂Z)ᵀ A_prev, ∂L/∂b = the row "
            "sum of ∂L/∂Z, relu'(v) = 1 if v > 0), the step's sign (θ ← θ − lr·∂L/∂θ) and the "
            "initialisation: random weights (not zeros), a small positive b1 and, when the table "
            "is not reached, another try from the same generator."))


def _gd_step(W: tuple[np.ndarray, ...], lr: float, *, scale: float = 1.0, sign: float = -1.0,
             bias_mean: bool = False, no_mask: bool = False, mask_u: bool = False,
             weights_only: bool = False) -> tuple[np.ndarray, ...]:
    """One full-batch step of the statement (the keyword flags give its known wrong variants)."""
    W1, b1, W2, b2 = W
    X, Yt = R.XOR_X, R.XOR_Y
    n = X.shape[0]
    V = X @ W1.T + b1
    U = np.maximum(V, 0.0)
    dY = scale * 2.0 * (U @ W2.T + b2 - Yt) / n
    dV = dY @ W2
    if mask_u:
        dV = dV * U
    elif not no_mask:
        dV = dV * (V > 0)
    red = np.mean if bias_mean else np.sum
    db2, db1 = red(dY, axis=0), red(dV, axis=0)
    if weights_only:
        db2, db1 = 0 * db2, 0 * db1
    grads = (dV.T @ X, db1, dY.T @ U, db2)
    return tuple(p + sign * lr * g for p, g in zip(W, grads))


STEP_VARIANTS: list[tuple[dict, Text]] = [
    ({"sign": 1.0}, Text(
        "tu paso sube por el gradiente: θ ← θ − lr·∂L/∂θ (restando).",
        "your step goes up the gradient: θ ← θ − lr·∂L/∂θ (subtract).")),
    ({"scale": 0.5}, Text(
        "tu paso es la mitad del del enunciado: ∂L/∂Ŷ = (2/n)(Ŷ − Y), con el 2 de la derivada del "
        "cuadrado.",
        "your step is half the statement's: ∂L/∂Ŷ = (2/n)(Ŷ − Y), with the 2 of the square's "
        "derivative.")),
    ({"scale": 2.0}, Text(
        "tu paso es el doble del del enunciado: ∂L/∂Ŷ = (2/n)(Ŷ − Y) con n = 4 filas (quizá usaste "
        "Ŷ − Y sin 2/n).",
        "your step is twice the statement's: ∂L/∂Ŷ = (2/n)(Ŷ − Y) with n = 4 rows (perhaps you "
        "used Ŷ − Y without 2/n).")),
    ({"scale": 4.0}, Text(
        "tu paso es 4 veces el del enunciado: L es la media, así que ∂L/∂Ŷ = (2/n)(Ŷ − Y) lleva "
        "el 1/n.",
        "your step is 4 times the statement's: L is a mean, so ∂L/∂Ŷ = (2/n)(Ŷ − Y) carries "
        "the 1/n.")),
    ({"bias_mean": True}, Text(
        "el gradiente de un sesgo es la suma de las filas de ∂L/∂Z (no su media): la media ya está "
        "en ∂L/∂Ŷ = (2/n)(Ŷ − Y).",
        "a bias's gradient is the sum of the rows of ∂L/∂Z (not their mean): the mean is already "
        "in ∂L/∂Ŷ = (2/n)(Ŷ − Y).")),
    ({"no_mask": True}, Text(
        "falta la derivada de la ReLU: ∂L/∂V = (∂L/∂Ŷ W2) ⊙ [V > 0].",
        "the ReLU's derivative is missing: ∂L/∂V = (∂L/∂Ŷ W2) ⊙ [V > 0].")),
    ({"mask_u": True}, Text(
        "la derivada de la ReLU es [V > 0] (0 o 1), no relu(V): ∂L/∂V = (∂L/∂Ŷ W2) ⊙ [V > 0].",
        "the ReLU's derivative is [V > 0] (0 or 1), not relu(V): ∂L/∂V = (∂L/∂Ŷ W2) ⊙ [V > 0].")),
    ({"weights_only": True}, Text(
        "los sesgos b1 y b2 también se actualizan: b ← b − lr·∂L/∂b.",
        "the biases b1 and b2 are updated too: b ← b − lr·∂L/∂b.")),
]
NO_STEP = Text(
    "con una época más los pesos no cambiaron: haz exactamente `epochs` pasos de descenso (sin "
    "parar antes aunque la tabla ya salga).",
    "one more epoch did not change the weights: take exactly `epochs` descent steps (do not stop "
    "earlier, even when the table is already right).")
STEP_HINT = Text(
    "una época es un paso con todo el lote: V = X W1ᵀ + b1, U = relu(V), Ŷ = U W2ᵀ + b2, "
    "∂L/∂Ŷ = (2/n)(Ŷ − Y), ∂L/∂W2 = (∂L/∂Ŷ)ᵀ U, ∂L/∂b2 = Σ filas, ∂L/∂V = (∂L/∂Ŷ W2) ⊙ [V > 0], "
    "∂L/∂W1 = (∂L/∂V)ᵀ X, ∂L/∂b1 = Σ filas; y θ ← θ − lr·∂L/∂θ con los gradientes de los pesos "
    "de ANTES del paso.",
    "an epoch is one full-batch step: V = X W1ᵀ + b1, U = relu(V), Ŷ = U W2ᵀ + b2, "
    "∂L/∂Ŷ = (2/n)(Ŷ − Y), ∂L/∂W2 = (∂L/∂Ŷ)ᵀ U, ∂L/∂b2 = row sum, ∂L/∂V = (∂L/∂Ŷ W2) ⊙ [V > 0], "
    "∂L/∂W1 = (∂L/∂V)ᵀ X, ∂L/∂b1 = row sum; and θ ← θ − lr·∂L/∂θ with the gradients of the "
    "weights from BEFORE the step.")

STEP_CASE = {"hidden": 3, "lr": 0.05, "seed": 3}
STEP_EPOCHS = 400  # mid-training: the steps are ~1e-3, well above rounding


def _flat(W: tuple[np.ndarray, ...]) -> np.ndarray:
    return np.concatenate([np.ravel(np.asarray(p, dtype=np.float64)) for p in W])


def _is_step(A: tuple[np.ndarray, ...], B: tuple[np.ndarray, ...], expected: tuple[np.ndarray, ...]) -> bool:
    """B − A equals expected − A, relative to the step's size (float64 rounding of the weights
    themselves is ~1e-16, the step ~1e-3)."""
    a, dg, de = _flat(A), _flat(B) - _flat(A), _flat(expected) - _flat(A)
    tol = 1e-4 * float(np.max(np.abs(de), initial=0.0)) + 1e-12 * (1.0 + float(np.max(np.abs(a))))
    return bool(np.all(np.abs(dg - de) <= tol))


FAR = Text(
    "B no se parece a A tras un paso: con la misma seed, train_xor(epochs=E + 1) debe seguir el "
    "mismo camino que train_xor(epochs=E) y dar un paso más (mismos números aleatorios de "
    "np.random.default_rng(seed), misma inicialización, mismos reintentos).",
    "B is nothing like A after one step: with the same seed, train_xor(epochs=E + 1) must follow "
    "the same path as train_xor(epochs=E) and take one more step (the same random numbers from "
    "np.random.default_rng(seed), the same initialisation, the same retries).")


def _step_hint(A: tuple[np.ndarray, ...], B: tuple[np.ndarray, ...], lr: float) -> Text:
    if np.array_equal(_flat(A), _flat(B)):
        return NO_STEP
    step = float(np.max(np.abs(_flat(_gd_step(A, lr)) - _flat(A)), initial=0.0))
    if float(np.max(np.abs(_flat(B) - _flat(A)))) > 100 * step + 1e-9:
        return FAR
    for flags, text in STEP_VARIANTS:
        if _is_step(A, B, _gd_step(A, lr, **flags)):
            return text
    return STEP_HINT


def train_xor_step(ctx: Ctx) -> None:
    """Among (E, E+1), (E+1, E+2), (E+2, E+3) one pair must be one step apart: a restart that
    happens to switch between two calls (another attempt returned) cannot fail a right answer,
    a wrong step fails them all."""
    ctx.grade("values")
    lr = float(STEP_CASE["lr"])
    runs = []
    for e in range(STEP_EPOCHS, STEP_EPOCHS + 4):
        runs.append(_train(ctx, **STEP_CASE, epochs=e))
        if len(runs) >= 2 and _is_step(runs[-2][0], runs[-1][0], _gd_step(runs[-2][0], lr)):
            ctx.record("reference", "match")
            return
    ctx.record("reference", "mismatch")
    (A, show_a), (B, show_b) = runs[0], runs[1]
    expected = _gd_step(A, lr)
    raise CheckFailure(
        "train_xor", f"{show_a} -> A; {show_b} -> B",
        "B = A − lr·∂L/∂θ(A) = " + fmt(tuple(np.round(p, 12) for p in expected), max_chars=600),
        "B = " + fmt(B, max_chars=600), _step_hint(A, B, lr),
        what=Text("una época más no es un paso de descenso por gradiente del enunciado",
                  "one more epoch is not one gradient-descent step of the statement"),
        detail=Text("A = ", "A = ") + fmt(A, max_chars=600))


def _same_weights(P: tuple[np.ndarray, ...], Q: tuple[np.ndarray, ...]) -> bool:
    return len(_flat(P)) == len(_flat(Q)) and bool(np.allclose(_flat(P), _flat(Q), rtol=1e-12,
                                                               atol=1e-14))


DEFAULTS_FAIL = Text(
    "los valores por defecto del enunciado son train_xor(hidden=2, lr=0.1, epochs=5000, "
    "seed=0): revisa la firma de tu función.",
    "the statement's defaults are train_xor(hidden=2, lr=0.1, epochs=5000, seed=0): check your "
    "function's signature.")


def train_xor_seed(ctx: Ctx) -> None:
    """Deterministic for a seed, another seed other weights, and each default of the statement:
    a call that leaves some arguments out must give what the call with them written out gives.
    `epochs` is left out where the weights still move at epoch 5000 (lr = 0.01), so 5001 would
    show; the others with 50 epochs (cheap)."""
    short = {"hidden": 3, "epochs": 50}
    first, show = _train(ctx, **short, seed=7)
    again, _ = _train(ctx, **short, seed=7)
    if not _same_weights(first, again):
        _seed_failure(ctx, f"{show} (x2)", fmt(first, max_chars=300), fmt(again, max_chars=300),
                      Text("dos llamadas con la misma seed dan pesos distintos",
                           "two calls with the same seed give different weights"))
    other, show_other = _train(ctx, **short, seed=8)
    if _same_weights(first, other):
        _seed_failure(ctx, f"{show}; {show_other}", "seed=8 ≠ seed=7",
                      "seed=8 = seed=7 = " + fmt(first, max_chars=300),
                      Text("seed no cambia los pesos: no se usa",
                           "seed does not change the weights: it is not used"))
    pairs = [({"epochs": 50}, {**DEFAULTS, "epochs": 50}),  # hidden, lr and seed left out
             ({"hidden": 3, "lr": 0.01, "seed": 5}, {"hidden": 3, "lr": 0.01, "epochs": 5000,
                                                     "seed": 5})]  # epochs left out
    for left, written in pairs:
        got, show_left = _train(ctx, **left)
        want, show_written = _train(ctx, **written)
        if not _same_weights(got, want):
            ctx.record("behaviour", "mismatch")
            raise CheckFailure(
                "train_xor", f"{show_left}; {show_written}", fmt(want, max_chars=400),
                fmt(got, max_chars=400), DEFAULTS_FAIL,
                what=Text("los valores por defecto no son los del enunciado",
                          "the default arguments are not the statement's"),
                detail=Text(f"la llamada {show_left} no da lo mismo que {show_written}",
                            f"the call {show_left} does not give the same as {show_written}"))
    ctx.record("behaviour", "match")


def _seed_failure(ctx: Ctx, show: str, expected: str, got: str, what: Text) -> None:
    ctx.record("behaviour", "mismatch")
    raise CheckFailure(
        "train_xor", show, expected, got,
        Text("crea el generador con `rng = np.random.default_rng(seed)` y saca de él todos los "
             "números aleatorios (no uses np.random.rand/seed globales).",
             "create the generator with `rng = np.random.default_rng(seed)` and draw every random "
             "number from it (not from the global np.random.rand/seed)."), what=what)


# --- PyTorch ----------------------------------------------------------------------------------------
CUDA_MISSING = ("no nvidia driver", "not compiled with cuda", "cuda driver", "no cuda gpus",
                "cuda is not available", "found no nvidia")
# the table, then points off it where two different solutions of XOR differ
PROBE_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0],
                    [0.5, 0.5], [2.0, -1.0], [-1.0, 3.0], [0.25, 0.75]], dtype=np.float32)


def _torch_call(ctx: Ctx, func: str, kw: dict, x: np.ndarray, *, timeout: float | None = None
                ) -> tuple[np.ndarray, str]:
    """func(**kw) in the sandbox, the returned nn.Module run on x; its output (len(x), 1)."""
    show = fmt_call(func, (), kw) + ("(X_xor)" if x is PROBE_X else "(x)")
    out = ctx.invoke(func, (), kw, timeout=timeout, post={"kind": "torch_forward", "input": x},
                     show=show)[0]
    try:
        return as_array(out, func=func, shape=(len(x), 1), what=f"{func}(...)(x)"), show
    except (Invalid, ShapeError) as e:
        raise rejected(e, func, show, f"({len(x)}, 1)", out,
                       Text("la red devuelve una salida por fila: forma (n, 1).",
                            "the network returns one output per row: shape (n, 1).")) from None


def train_xor_torch_truth(ctx: Ctx) -> None:
    ctx.grade("time_budget")
    for name, device in [("torch_cpu", "cpu"), *[t for t in oracles.torch_targets(ctx.use_cuda)
                                                 if t[0] == "torch_cuda"]]:
        if device is None:
            ctx.record(name, oracles.NO_CUDA)
            continue
        kw = {"device": device, "seed": 0}
        try:
            y_hat, show = _torch_call(ctx, "train_xor_torch", kw, PROBE_X, timeout=TIME_BUDGET)
        except StudentError as e:
            if device == "cuda" and any(s in e.message.en.lower() for s in CUDA_MISSING):
                ctx.record(name, "unavailable: no CUDA device in the sandbox")
                continue
            raise
        y_hat = y_hat[:4]
        dev = _device(ctx)
        if dev is not None and not dev.startswith(device):
            ctx.record(name, "mismatch")
            raise CheckFailure("train_xor_torch", show, f"device {device}", f"device {dev}",
                               Text("mueve el modelo con `model.to(device)` y crea los tensores en ese device.",
                                    "move the model with `model.to(device)` and create the tensors on that device."),
                               what=Text("el modelo no está en el device pedido",
                                         "the model is not on the requested device"))
        ok = bool(np.array_equal(y_hat.reshape(-1) > 0.5, Y > 0.5))
        ctx.record(name, "match" if ok else "mismatch")
        ctx.record("behaviour", "match" if ok else "mismatch")
        if not ok:
            raise _accuracy_failure("train_xor_torch", show, y_hat, Text(
                "entrena con todo el lote (p. ej. Adam, lr 0.1, unos cientos de pasos, pérdida MSE) "
                "y, si la tabla no sale, vuelve a empezar con una XorNet nueva.",
                "train on the whole batch (e.g. Adam, lr 0.1, a few hundred steps, MSE loss) and, "
                "when the table is not reached, start again from a new XorNet."))


def _device(ctx: Ctx) -> str | None:
    o = ctx.last_outcome
    dev = getattr(o, "device", None)
    if dev is None:
        devs = getattr(o, "devices", None)
        dev = devs[0] if devs else None
    return str(dev) if dev is not None else None


def train_xor_torch_defaults(ctx: Ctx) -> None:
    """train_xor_torch() is train_xor_torch(device="cpu", seed=0); seed=1 gives another net."""
    default, show_default = _torch_call(ctx, "train_xor_torch", {}, PROBE_X, timeout=TIME_BUDGET)
    explicit, show_explicit = _torch_call(ctx, "train_xor_torch", {"device": "cpu", "seed": 0},
                                          PROBE_X, timeout=TIME_BUDGET)
    other, show_other = _torch_call(ctx, "train_xor_torch", {"seed": 1}, PROBE_X,
                                    timeout=TIME_BUDGET)
    defaults_ok = bool(np.allclose(default, explicit, rtol=1e-5, atol=1e-6))
    seeds_differ = not bool(np.allclose(other, explicit, rtol=1e-5, atol=1e-6))
    ok = defaults_ok and seeds_differ
    ctx.record("behaviour", "match" if ok else "mismatch")
    if ok:
        return
    if not defaults_ok:
        raise CheckFailure(
            "train_xor_torch", f"{show_default}; {show_explicit}", fmt(explicit), fmt(default),
            Text("los valores por defecto del enunciado son train_xor_torch(device=\"cpu\", "
                 "seed=0), y con la misma seed el resultado es el mismo (torch.manual_seed(seed) "
                 "al empezar).",
                 "the statement's defaults are train_xor_torch(device=\"cpu\", seed=0), and the "
                 "same seed gives the same result (torch.manual_seed(seed) first)."),
            what=Text("train_xor_torch() no da lo mismo que con los valores por defecto escritos",
                      "train_xor_torch() does not give the same as with the defaults written out"),
            detail=Text("salidas en la tabla y en 4 puntos fuera de ella",
                        "outputs on the table and on 4 points off it"))
    raise CheckFailure(
        "train_xor_torch", f"{show_explicit}; {show_other}", "seed=1 ≠ seed=0",
        "seed=1 = seed=0 = " + fmt(other),
        Text("llama a torch.manual_seed(seed) antes de crear la XorNet.",
             "call torch.manual_seed(seed) before creating the XorNet."),
        what=Text("seed no cambia la red: no se usa", "seed does not change the network: it is not used"),
        detail=Text("salidas en la tabla y en 4 puntos fuera de ella",
                    "outputs on the table and on 4 points off it"))


# XorNet probed along 6 lines, each sampled at 4097 points; every coordinate is a float32 number
# exactly (dyadic), so the output's second differences are 0 but where a hidden unit bends it.
_T = np.arange(-2048, 2049) / 128.0  # t in [-16, 16], step 1/128
_LINES = [((0.0, 0.0), (1.0, 0.0)), ((0.5, 0.5), (0.0, 1.0)), ((0.25, -0.5), (0.75, 1.0)),
          ((-0.5, 0.25), (1.0, -0.5)), ((1.0, 0.0), (0.25, 1.0)), ((0.0, 1.0), (-1.0, 0.25))]
LINE_X = np.concatenate([np.stack([o[0] + _T * d[0], o[1] + _T * d[1]], axis=1)
                         for o, d in _LINES]).astype(np.float32)


def bends(out: np.ndarray) -> list[int]:
    """Per probe line, how many times the output bends (clusters of nonzero second differences
    above float32 rounding)."""
    f = np.asarray(out, dtype=np.float64).reshape(len(_LINES), len(_T))
    counts = []
    for row in f:
        s = np.abs(row[2:] - 2 * row[1:-1] + row[:-2])
        floor = 64 * float(np.finfo(np.float32).eps) * max(1.0, float(np.max(np.abs(row))))
        on = np.concatenate([[False], s > floor / 4, [False]])
        edges = np.flatnonzero(np.diff(on.astype(np.int8)))
        clusters = [s[a:b].sum() for a, b in zip(edges[::2], edges[1::2])]
        counts.append(sum(c > floor for c in clusters))
    return counts


def xornet_architecture(ctx: Ctx) -> None:
    out, show = _torch_call(ctx, "XorNet", {}, LINE_X)
    most = max(bends(out))
    ok_default = most <= 2
    out5, show5 = _torch_call(ctx, "XorNet", {"hidden": 5}, LINE_X)
    most5 = max(bends(out5))
    ok = ok_default and most5 >= 3
    ctx.record("behaviour", "match" if ok else "mismatch")
    if ok:
        return
    arch = Text("XorNet es Linear(2, hidden) → ReLU → Linear(hidden, 1), con hidden = 2 por "
                "defecto; ",
                "XorNet is Linear(2, hidden) → ReLU → Linear(hidden, 1), with hidden = 2 by "
                "default; ")
    if not ok_default:
        raise CheckFailure(
            "XorNet", show, "≤ 2", str(most),
            arch + Text("revisa el valor por defecto de hidden y que haya una sola capa oculta.",
                        "check the default value of hidden and that there is one hidden layer."),
            what=Text("XorNet() tiene más de 2 neuronas ocultas",
                      "XorNet() has more than 2 hidden units"),
            detail=BENDS)
    raise CheckFailure(
        "XorNet", show5, "> 2", str(most5),
        arch + Text("usa el argumento hidden como tamaño de la capa oculta.",
                    "use the hidden argument as the hidden layer's size."),
        what=Text("XorNet(hidden=5) no tiene 5 neuronas ocultas",
                  "XorNet(hidden=5) does not have 5 hidden units"), detail=BENDS)


BENDS = Text("cuántas veces se quiebra la salida a lo largo de 6 rectas (como mucho): con h ReLU "
             "ocultas son como mucho h",
             "how many times the output bends along 6 lines (the most): with h hidden ReLUs it is "
             "at most h")


def _t(id: str, function: str, points: float, es: str, en: str, check: Callable[[Ctx], None],
       *graded: str, **kw: object) -> HiddenTest:
    return HiddenTest(id, function, points, Text(es, en), check, graded=frozenset(graded), **kw)


RELU = Elementwise("relu")

TESTS = [
    elementwise_values(RELU, 0.5),
    elementwise_stability(RELU, 0.25),
    elementwise_dtype(RELU, 0.125),
    elementwise_no_mutation(RELU, 0.125),
    _t("forward.slides", "forward", 1.0, "forward con los pesos de las diapositivas da 0, 1, 1, 0",
       "forward with the slides' weights gives 0, 1, 1, 0", forward_slides, "values"),
    _t("forward.values", "forward", 1.0,
       "forward con pesos y tamaños aleatorios (n de 1 a 5, entradas de 1 a 3, h de 1 a 4): "
       "forma (n, 1)",
       "forward with random weights and sizes (n from 1 to 5, 1 to 3 inputs, h from 1 to 4): "
       "shape (n, 1)", forward_values, "values"),
    _t("xor_weights.truth_table", "xor_weights", 2.0,
       "con los pesos devueltos, forward (de la referencia) da 0, 1, 1, 0 con tolerancia 1e-6",
       "with the returned weights, (the reference's) forward gives 0, 1, 1, 0 within 1e-6",
       xor_weights_truth, "behaviour"),
    _t("train_xor.truth_table", "train_xor", 1.5,
       "train_xor() (valores por defecto) alcanza el 100 % en la tabla de verdad (ŷ > 0.5 ⇔ 1) "
       "en 30 s",
       "train_xor() (default arguments) reaches 100% on the truth table (ŷ > 0.5 ⇔ 1) within 30 s",
       train_xor_truth, "behaviour", "time_budget"),
    _t("train_xor.step", "train_xor", 1.0,
       "cada época es un paso de descenso del enunciado: los pesos de train_xor(hidden=3, "
       "lr=0.05, seed=3, epochs=E + 1) son los de epochs=E tras un paso θ − lr·∂L/∂θ calculado "
       "con tus propios pesos (basta con uno de E = 400, 401, 402, por si un reinicio cambia de "
       "intento entre dos llamadas)",
       "each epoch is one descent step of the statement: the weights of train_xor(hidden=3, "
       "lr=0.05, seed=3, epochs=E + 1) are those of epochs=E after one step θ − lr·∂L/∂θ "
       "computed from your own weights (one of E = 400, 401, 402 is enough, in case a restart "
       "switches tries between two calls)", train_xor_step, "values"),
    _t("train_xor.seed", "train_xor", 0.5,
       "la misma seed da los mismos pesos, otra seed otros, y dejar fuera hidden, lr, epochs o "
       "seed da lo mismo que escribir sus valores por defecto (2, 0.1, 5000, 0)",
       "the same seed gives the same weights, another seed other weights, and leaving out "
       "hidden, lr, epochs or seed gives the same as writing their defaults (2, 0.1, 5000, 0)",
       train_xor_seed, "behaviour"),
    _t("XorNet.architecture", "XorNet", 0.5,
       "XorNet() es Linear(2, 2) → ReLU → Linear(2, 1) y XorNet(hidden=5) tiene 5 neuronas "
       "ocultas (se comprueba cuántas veces se quiebra su salida a lo largo de rectas)",
       "XorNet() is Linear(2, 2) → ReLU → Linear(2, 1) and XorNet(hidden=5) has 5 hidden "
       "units (checked by how many times its output bends along lines)",
       xornet_architecture, "behaviour", torch_module=True),
    _t("train_xor_torch.truth_table", "train_xor_torch", 1.25,
       "train_xor_torch(device, seed=0) devuelve una XorNet en ese device que resuelve XOR, en "
       "cpu (y en cuda si hay GPU), en 30 s",
       "train_xor_torch(device, seed=0) returns an XorNet on that device that solves XOR, on "
       "cpu (and on cuda when there is a GPU), within 30 s",
       train_xor_torch_truth, "behaviour", "time_budget", torch_module=True,
       requires=["train_xor_torch", "XorNet"]),
    _t("train_xor_torch.seed", "train_xor_torch", 0.25,
       "train_xor_torch() es train_xor_torch(device=\"cpu\", seed=0) y seed=1 da otra red",
       "train_xor_torch() is train_xor_torch(device=\"cpu\", seed=0) and seed=1 gives another "
       "network", train_xor_torch_defaults, "behaviour", torch_module=True,
       requires=["train_xor_torch", "XorNet"]),
]
