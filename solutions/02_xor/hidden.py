"""Hidden tests of 02_xor: ReLU, the two-layer forward pass, weights that solve XOR, training
by gradient descent, and the PyTorch version (XorNet) on "cpu" and, where available, "cuda".
"""

from __future__ import annotations

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

X = R.XOR_X
Y = R.XOR_Y.reshape(4)
SLIDES = R.xor_weights()  # W1 = [[1, 1], [1, 1]], b1 = [0, -1], W2 = [[1, -2]], b2 = [0]

FORWARD_HINTS = [
    Hint(lambda a, k, g, e: allclose(g, np.maximum(a[0] @ a[1] + a[2], 0) @ a[3].T + a[4]),
         Text("usas W1 transpuesta: con la convención de torch.nn.Linear, W1 es (salida, entrada) y "
              "la capa calcula X W1ᵀ + b1.",
              "you use W1 transposed: with torch.nn.Linear's convention W1 is (out, in) and the layer "
              "computes X W1ᵀ + b1.")),
    Hint(lambda a, k, g, e: allclose(g, (a[0] @ a[1].T + a[2]) @ a[3].T + a[4]),
         Text("falta la ReLU en la capa oculta: h = relu(X W1ᵀ + b1).",
              "the hidden layer's ReLU is missing: h = relu(X W1ᵀ + b1).")),
    Hint(lambda a, k, g, e: np.asarray(g).shape == (np.asarray(e).shape[0],),
         Text("devuelve ŷ con forma (n, 1), no (n,).", "return ŷ with shape (n, 1), not (n,).")),
]


IDENTITY_HINT = Text("con salida identidad la red debe dar ≈ 0, 1, 1, 0 en la tabla de verdad.",
                     "with an identity output the net must give ≈ 0, 1, 1, 0 on the truth table.")


def _accuracy_failure(func: str, show: str, y_hat: np.ndarray,
                      hint: Text = IDENTITY_HINT) -> CheckFailure:
    return CheckFailure(
        func, show, "ŷ > 0.5 exactamente en (0,1) y (1,0): 0, 1, 1, 0 / exactly on (0,1) and (1,0)",
        fmt(np.asarray(y_hat).reshape(-1)), hint,
        what=Text("la red no resuelve XOR (precisión < 100 %)",
                  "the network does not solve XOR (accuracy < 100%)"))


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
    except (Invalid, ShapeError) as e:
        raise rejected(e, func, show, "W1 (h, 2), b1 (h,), W2 (1, h), b2 (1,)", got,
                       Text("convención de torch.nn.Linear: peso (salida, entrada), sesgo (salida,).",
                            "torch.nn.Linear's convention: weight (out, in), bias (out,).")) from None
    return W1, b1, W2, b2


def _solves(weights: tuple[np.ndarray, ...]) -> tuple[bool, np.ndarray]:
    y_hat = R.forward(X, *weights).reshape(-1)
    return bool(np.array_equal(y_hat > 0.5, Y > 0.5)), y_hat


# --- forward ------------------------------------------------------------------------------------
def forward_slides(ctx: Ctx) -> None:
    value_case(ctx, "forward", (X, *SLIDES), expected=R.XOR_Y, torch_key="forward",
               hints=FORWARD_HINTS)


@st.composite
def _net(draw: st.DrawFn) -> tuple:
    n, d, h = draw(st.integers(1, 5)), draw(st.integers(1, 3)), draw(st.integers(1, 4))
    return (draw(arrays((n, d), -3, 3)), draw(arrays((h, d), -2, 2)), draw(arrays((h,), -2, 2)),
            draw(arrays((1, h), -2, 2)), draw(arrays((1,), -2, 2)))


def forward_values(ctx: Ctx) -> None:
    # square W1 first: a transposed W1 gives wrong numbers instead of a shape error
    W1 = np.array([[1.0, -2.0], [0.5, 3.0]])
    value_case(ctx, "forward", (X, W1, np.array([0.5, -1.0]), np.array([[2.0, -1.0]]), np.array([0.25])),
               torch_key="forward", hints=FORWARD_HINTS)
    ctx.forall(_net(), lambda c: value_case(ctx, "forward", c, torch_key="forward",
                                            hints=FORWARD_HINTS), max_examples=15)


# --- xor_weights, train_xor ------------------------------------------------------------------------
def xor_weights_truth(ctx: Ctx) -> None:
    show = "xor_weights()"
    weights = _weights(ctx, "xor_weights", ctx.call("xor_weights"), show)
    ok, y_hat = _solves(weights)
    ctx.record("behaviour", "match" if ok else "mismatch")
    if not ok:
        raise _accuracy_failure("xor_weights", show, y_hat, Text(
            "prueba los pesos de las diapositivas: W1 = [[1, 1], [1, 1]], b1 = [0, −1], "
            "W2 = [[1, −2]], b2 = [0].",
            "try the slides' weights: W1 = [[1, 1], [1, 1]], b1 = [0, −1], W2 = [[1, −2]], "
            "b2 = [0]."))


TRAIN_TIMEOUT = 30.0


def _train(ctx: Ctx, **kw: object) -> tuple[tuple[np.ndarray, ...], str]:
    show = fmt_call("train_xor", (), kw)
    got = ctx.invoke("train_xor", (), kw, timeout=TRAIN_TIMEOUT, show=show)[0]
    return _weights(ctx, "train_xor", got, show, hidden=int(kw.get("hidden", 2))), show


def train_xor_truth(ctx: Ctx) -> None:
    weights, show = _train(ctx)
    ok, y_hat = _solves(weights)
    ctx.record("behaviour", "match" if ok else "mismatch")
    if not ok:
        raise _accuracy_failure("train_xor", show, y_hat, Text(
            "revisa los gradientes (dW = dZᵀ A_prev, db = Σ filas de dZ, relu'(z) = 1 si z > 0) y "
            "la inicialización: pesos aleatorios (no ceros) y un sesgo b1 pequeño y positivo.",
            "check the gradients (dW = dZᵀ A_prev, db = the row sum of dZ, relu'(z) = 1 if z > 0) "
            "and the initialization: random weights (not zeros) and a small positive bias b1."))


def _mse(weights: tuple[np.ndarray, ...]) -> float:
    return float(np.mean((R.forward(X, *weights) - R.XOR_Y) ** 2))


def train_xor_loss(ctx: Ctx) -> None:
    short, _ = _train(ctx, epochs=10)
    long, show = _train(ctx, epochs=3000)
    l_short, l_long = _mse(short), _mse(long)
    ok = l_long < l_short
    ctx.record("behaviour", "match" if ok else "mismatch")
    if not ok:
        raise CheckFailure("train_xor", f"{show} vs train_xor(epochs=10)",
                           f"MSE(3000 épocas/epochs) < MSE(10) = {fmt(l_short)}", fmt(l_long),
                           Text("el paso de descenso es W ← W − lr·∂L/∂W (signo menos).",
                                "the descent step is W ← W − lr·∂L/∂W (minus sign)."),
                           what=Text("entrenar más no reduce la pérdida",
                                     "training longer does not lower the loss"))
    _train(ctx, hidden=3, epochs=10)  # `hidden` sets the size of the hidden layer


# --- PyTorch ----------------------------------------------------------------------------------------
CUDA_MISSING = ("no nvidia driver", "not compiled with cuda", "cuda driver", "no cuda gpus",
                "cuda is not available", "found no nvidia")


def train_xor_torch_truth(ctx: Ctx) -> None:
    for name, device in [("torch_cpu", "cpu"), *[t for t in oracles.torch_targets(ctx.use_cuda)
                                                 if t[0] == "torch_cuda"]]:
        if device is None:
            ctx.record(name, oracles.NO_CUDA)
            continue
        show = fmt_call("train_xor_torch", (), {"device": device, "seed": 0}) + "(X_xor)"
        try:
            out = ctx.invoke("train_xor_torch", (), {"device": device, "seed": 0}, timeout=TRAIN_TIMEOUT,
                             post={"kind": "torch_forward", "input": X.astype(np.float32)}, show=show)[0]
        except StudentError as e:
            if device == "cuda" and any(s in e.message.en.lower() for s in CUDA_MISSING):
                ctx.record(name, "unavailable: no CUDA device in the sandbox")
                continue
            raise
        try:
            y_hat = as_array(out, func="train_xor_torch", shape=(4, 1), what="XorNet(X)")
        except (Invalid, ShapeError) as e:
            ctx.record(name, "mismatch")
            raise rejected(e, "train_xor_torch", show, "(4, 1)", out) from None
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
        if not ok:
            raise _accuracy_failure("train_xor_torch", show, y_hat)


def _device(ctx: Ctx) -> str | None:
    o = ctx.last_outcome
    dev = getattr(o, "device", None)
    if dev is None:
        devs = getattr(o, "devices", None)
        dev = devs[0] if devs else None
    return str(dev) if dev is not None else None


_torch_test = HiddenTest(
    "train_xor_torch.truth_table", "train_xor_torch", 2.0,
    Text("XorNet entrenada con train_xor_torch resuelve XOR en cpu (y en cuda si hay GPU)",
         "XorNet trained by train_xor_torch solves XOR on cpu (and on cuda when there is a GPU)"),
    train_xor_torch_truth, requires=["XorNet", "train_xor_torch"], torch_module=True, graded=frozenset({"behaviour"}))

RELU = Elementwise("relu")

TESTS = [
    elementwise_values(RELU, 0.5),
    elementwise_stability(RELU, 0.25),
    elementwise_dtype(RELU, 0.125),
    elementwise_no_mutation(RELU, 0.125),
    HiddenTest("forward.slides", "forward", 1.0, Text("forward con los pesos de las diapositivas da 0, 1, 1, 0",
                                                      "forward with the slides' weights gives 0, 1, 1, 0"), forward_slides, graded=frozenset({"values"})),
    HiddenTest("forward.values", "forward", 1.0, Text("forward con pesos y tamaños aleatorios",
                                                      "forward with random weights and sizes"), forward_values, graded=frozenset({"values"})),
    HiddenTest("xor_weights.truth_table", "xor_weights", 2.0,
               Text("los pesos devueltos resuelven XOR", "the returned weights solve XOR"),
               xor_weights_truth, graded=frozenset({"behaviour"})),
    HiddenTest("train_xor.truth_table", "train_xor", 2.0,
               Text("train_xor() alcanza el 100 % en la tabla de verdad",
                    "train_xor() reaches 100% on the truth table"), train_xor_truth, graded=frozenset({"behaviour"})),
    HiddenTest("train_xor.loss", "train_xor", 1.0,
               Text("entrenar más reduce la pérdida; `hidden` fija el tamaño de la capa oculta",
                    "training longer lowers the loss; `hidden` sets the hidden layer's size"),
               train_xor_loss, graded=frozenset({"behaviour"})),
    _torch_test,
]
