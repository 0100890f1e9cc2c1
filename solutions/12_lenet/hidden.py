"""Hidden tests of 12_lenet: conv_output_size, LeNet5, count_parameters, evaluate, train_lenet.

A torch model cannot cross the sandbox boundary, so:
- LeNet5 and train_lenet are probed through `post={"kind": "torch_forward"}` (the returned
  module runs in the sandbox on inputs sent from here; its logits come back);
- LeNet5's values: the sandbox calls torch.manual_seed(0) before each call, so a LeNet5 whose
  layers are created in the order they are applied, with torch.nn's default initialisation, has
  the reference's weights (reference.torch_oracles.lenet.built(0)); the outputs are compared;
- count_parameters and evaluate get models described by `torch_module` recipes, built inside
  the sandbox by the grader's own code (grader/sandbox/recipes.py), never by the student's.
CUDA cases are recorded as unavailable (never pass, never cost points) without a GPU.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

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
    as_array,
    fmt,
    fmt_call,
    oracles,
    rejected,
    torch_module,
    value_case,
)
from reference import lenet as R

DATA = Path(__file__).parent / "digits.npz"
TIME_BUDGET = 60.0  # seconds per call of train_lenet
CUDA_MISSING = ("no nvidia driver", "not compiled with cuda", "cuda driver", "no cuda gpus",
                "cuda is not available", "found no nvidia")


def split() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    d = np.load(DATA)
    return R.digits_split(d["X"], d["y"])


def probe_x() -> np.ndarray:
    """4 random images and 2 digits, (6, 1, 32, 32) float32."""
    rng = np.random.default_rng(12)
    X_test = split()[2]
    return np.concatenate([rng.normal(size=(4, 1, 32, 32)).astype(np.float32), X_test[:2]])


# --- conv_output_size ----------------------------------------------------------------------------
SIZE_HINTS = [
    Hint(lambda a, k, g, e: np.isclose(g, e - 1), Text(
        "falta el + 1: O = ⌊(n + 2p − k)/s⌋ + 1.", "the + 1 is missing: O = ⌊(n + 2p − k)/s⌋ + 1.")),
    Hint(lambda a, k, g, e: not float(g).is_integer(), Text(
        "usa la división entera (//): O = ⌊(n + 2p − k)/s⌋ + 1 es un entero.",
        "use integer division (//): O = ⌊(n + 2p − k)/s⌋ + 1 is an integer.")),
    Hint(lambda a, k, g, e: True, Text(
        "O = ⌊(n + 2p − k)/s⌋ + 1: el relleno p cuenta a los dos lados (2p) y se divide por el paso s.",
        "O = ⌊(n + 2p − k)/s⌋ + 1: the padding p counts on both sides (2p) and the stride s divides.")),
]


def _size(ctx: Ctx, args: tuple, kw: dict | None = None) -> None:
    value_case(ctx, "conv_output_size", args, kw or {}, exact=True, scalar=True,
               hints=SIZE_HINTS)


def size_slides(ctx: Ctx) -> None:
    _size(ctx, (5, 3))  # the slides: 5×5 input, 3×3 filter -> 3×3 (also max pooling 5 -> 3)
    _size(ctx, (32, 5))  # LeNet's first convolution: 32 -> 28
    _size(ctx, (28, 2), {"stride": 2})  # pooling 2: 28 -> 14
    _size(ctx, (28, 5), {"padding": 2})  # 'same' padding on the 1×28×28 images


def size_values(ctx: Ctx) -> None:
    @st.composite
    def case(draw: st.DrawFn) -> tuple:
        k = draw(st.integers(1, 7))
        p = draw(st.integers(0, 3))
        n = draw(st.integers(max(1, k - 2 * p), 40))
        return n, k, draw(st.integers(1, 4)), p

    _size(ctx, (7, 3, 2, 1))
    ctx.forall(case(), lambda c: _size(ctx, c[:2], {"stride": c[2], "padding": c[3]}),
               max_examples=25)


# --- LeNet5 ------------------------------------------------------------------------------------------
def _logits(ctx: Ctx, func: str, kw: dict, x: np.ndarray, show: str, args: tuple = (),
            timeout: float | None = None) -> np.ndarray:
    out = ctx.invoke(func, args, kw, timeout=timeout, post={"kind": "torch_forward", "input": x},
                     show=show)[0]
    try:
        return as_array(out, func=func, shape=(len(x), 10), what="logits")
    except (Invalid, ShapeError) as e:
        raise rejected(e, func, show, f"({len(x)}, 10)", out, Text(
            "la red devuelve 10 logits por imagen: forma (N, 10).",
            "the network returns 10 logits per image: shape (N, 10).")) from None


ARCH = Text("LeNet5: conv 6@5×5 → ReLU → max-pool 2 → conv 16@5×5 → ReLU → max-pool 2 → "
            "aplanar (400) → linear 120 → ReLU → linear 84 → ReLU → linear 10.",
            "LeNet5: conv 6@5×5 → ReLU → max-pool 2 → conv 16@5×5 → ReLU → max-pool 2 → "
            "flatten (400) → linear 120 → ReLU → linear 84 → ReLU → linear 10.")


def lenet_architecture(ctx: Ctx) -> None:
    ctx.grade("behaviour")
    x = probe_x()
    _logits(ctx, "LeNet5", {}, x, "LeNet5()(x)  # x (6, 1, 32, 32)")
    shapes = ctx.invoke("LeNet5", post={"kind": "torch_parameter_shapes"},
                        show="[p.shape for p in LeNet5().parameters()]")[0]
    try:
        got = sorted(tuple(int(v) for v in s) for s in shapes)
    except TypeError:
        got = []
    want = sorted(R.PARAM_SHAPES)
    total = sum(int(np.prod(s)) for s in got)
    ok = got == want
    ctx.record("behaviour", "match" if ok else "mismatch")
    if not ok:
        raise CheckFailure("LeNet5", "[p.shape for p in LeNet5().parameters()]",
                           f"{want} ({R.N_PARAMS} parameters)", f"{got} ({total} parameters)",
                           ARCH, what=Text("las formas de los parámetros no son las de LeNet-5",
                                           "the parameters' shapes are not LeNet-5's"))


def _variant(x: np.ndarray, p: list[np.ndarray], *, act: Callable = None, pool: str = "max",
             conv_act: bool = True, fc_act: bool = True, last_act: bool = False) -> np.ndarray:
    from reference import conv
    act = act or (lambda z: np.maximum(z, 0.0))
    ca = act if conv_act else (lambda z: z)
    fa = act if fc_act else (lambda z: z)
    pl = conv.maxpool2d if pool == "max" else (
        lambda a, k: a.reshape(*a.shape[:2], a.shape[2] // 2, 2, a.shape[3] // 2, 2).mean((3, 5)))
    x = x.astype(np.float64)
    a = pl(ca(conv.conv2d(x, p[0], p[1])), 2)
    a = pl(ca(conv.conv2d(a, p[2], p[3])), 2).reshape(len(x), -1)
    a = fa(fa(a @ p[4].T + p[5]) @ p[6].T + p[7])
    z = a @ p[8].T + p[9]
    return np.maximum(z, 0) if last_act else z


def _close(g: np.ndarray, e: np.ndarray, tol: float) -> bool:
    return bool(np.all(np.abs(np.asarray(g, dtype=np.float64) - e) <= tol * (1 + np.max(np.abs(e)))))


FLOAT_TOL = 1e-4  # |got − ref| ≤ 1e-4·(1 + max|ref|): float32 rounding over fan-ins ≤ 400


def lenet_values(ctx: Ctx) -> None:
    from reference.torch_oracles import lenet as T
    ctx.grade("values")
    x = probe_x()
    show = "torch.manual_seed(0); LeNet5()(x)  # x (6, 1, 32, 32)"
    got = _logits(ctx, "LeNet5", {}, x, show)
    p = T.parameters_of(T.built(0))
    want = R.lenet_forward(x, p)
    ok = _close(got, want, FLOAT_TOL)
    ctx.record("reference", "match" if ok else "mismatch")
    if ok:
        return
    variants = [
        ({"pool": "avg"}, Text("usas pooling promedio: LeNet5 aquí usa max-pool 2 (F.max_pool2d).",
                               "you use average pooling: this LeNet5 uses max-pool 2 (F.max_pool2d).")),
        ({"conv_act": False}, Text("falta la ReLU tras cada convolución.",
                                   "the ReLU after each convolution is missing.")),
        ({"fc_act": False}, Text("falta la ReLU tras las capas lineales de 120 y 84.",
                                 "the ReLU after the linear layers of 120 and 84 is missing.")),
        ({"last_act": True}, Text("la última capa no lleva ReLU: devuelve los logits tal cual.",
                                  "the last layer has no ReLU: return the logits as they are.")),
        ({"act": np.tanh}, Text("usas tanh (la LeNet original): aquí la activación es ReLU.",
                                "you use tanh (the original LeNet): here the activation is ReLU.")),
    ]
    hint = Text("con torch.manual_seed(0) tus salidas no son las de la referencia: crea las capas "
                "en el orden en que se aplican (conv1, conv2, fc1, fc2, fc3) con la inicialización "
                "por defecto de torch.nn, sin otros números aleatorios en __init__. ",
                "with torch.manual_seed(0) your outputs are not the reference's: create the layers "
                "in the order they are applied (conv1, conv2, fc1, fc2, fc3) with torch.nn's "
                "default initialisation, with no other random numbers in __init__. ") + ARCH
    for kw, h in variants:
        if _close(got, _variant(x, p, **kw), FLOAT_TOL):
            hint = h
            break
    raise CheckFailure("LeNet5", show, fmt(want), fmt(got), hint,
                       what=Text("las salidas no son las de LeNet-5 con los mismos pesos",
                                 "the outputs are not LeNet-5's with the same weights"))


# --- count_parameters ------------------------------------------------------------------------------
# (layers, frozen layers, what messages call the model, trainable parameters counted by hand)
COUNTS = [
    ([["Linear", 3, 2]], (), "nn.Linear(3, 2)", 3 * 2 + 2),
    ([["Conv2d", 3, 6, 5]], (), "nn.Conv2d(3, 6, 5)", 6 * 3 * 25 + 6),
    ([["Linear", 4, 3], ["ReLU"], ["Linear", 3, 2]], (0,),
     "nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2)) with [0] frozen", 3 * 2 + 2),
    ([["Conv2d", 1, 4, 3], ["BatchNorm2d", 4]], (),
     "nn.Sequential(nn.Conv2d(1, 4, 3), nn.BatchNorm2d(4))", 4 * 9 + 4 + 4 + 4),
]


def count_values(ctx: Ctx) -> None:
    ctx.grade("values")
    for layers, frozen, name, want in COUNTS:
        show = f"count_parameters({name})"
        got = ctx.invoke("count_parameters", (torch_module(layers, name, frozen=frozen),),
                         show=show)[0]
        ok = isinstance(got, (int, np.integer)) and int(got) == want
        ctx.record("reference", "match" if ok else "mismatch")
        if ok:
            continue
        hint = Text("cuenta Σ p.numel() de model.parameters() con p.requires_grad.",
                    "count Σ p.numel() over model.parameters() with p.requires_grad.")
        if frozen and got == 23:
            hint = Text("cuentas también los parámetros congelados: solo los que tienen "
                        "p.requires_grad.", "you count frozen parameters too: only those with "
                        "p.requires_grad.")
        elif "BatchNorm2d" in name and got == 57:
            hint = Text("cuentas el state_dict (con los buffers de BatchNorm): cuenta "
                        "model.parameters().", "you count the state_dict (with BatchNorm's "
                        "buffers): count model.parameters().")
        raise CheckFailure("count_parameters", show, str(want), fmt(got), hint,
                           what=Text("número de parámetros entrenables incorrecto",
                                     "wrong number of trainable parameters"))


# --- evaluate ----------------------------------------------------------------------------------------
def _probe_w() -> np.ndarray:
    """Class-mean templates of the training images: a fixed linear classifier (10, 1024)."""
    X_train, y_train = split()[:2]
    flat = X_train.reshape(len(X_train), -1).astype(np.float64)
    W = np.stack([flat[y_train == c].mean(0) for c in range(10)]) - flat.mean(0)
    return W.astype(np.float32)


def evaluate_values(ctx: Ctx) -> None:
    """A linear classifier built in train mode, whose guard layers stop a call in train mode or
    with gradients: the student's evaluate must switch to eval and no_grad by itself."""
    ctx.grade("values")
    ctx.grade("behaviour")
    W = _probe_w()
    model = torch_module([["Flatten"], ["Linear", 1024, 10, False], ["RequireEval"],
                          ["RequireNoGrad"]], "model", weights={"1.weight": W})
    X_test, y_test = split()[2:]
    for rows, device in [(slice(0, 360), None), (slice(0, 7), "cpu")]:
        X, y = X_test[rows], y_test[rows]
        want = R.accuracy(X.reshape(len(X), -1).astype(np.float64) @ W.T.astype(np.float64), y)
        args = (model, X, y) if device is None else (model, X, y, device)
        show = ("evaluate(model, X_test, y_test)" if device is None else
                "evaluate(model, X_test[:7], y_test[:7], device=\"cpu\")") + \
            "  # model: logits = flatten(X) Wᵀ, in train mode"
        acc = ctx.invoke("evaluate", args, show=show)[0]
        # a float, a NumPy float or a 0-d float tensor (float32: 1e-6, far below 1/N)
        ok = np.ndim(acc) == 0 and np.asarray(acc).dtype.kind == "f" and bool(
            np.isclose(float(acc), want, rtol=0, atol=1e-6))
        ctx.record("reference", "match" if ok else "mismatch")
        if not ok:
            hint = Text("exactitud = media de (argmax de los logits por fila == y), una fracción "
                        "en [0, 1], como float.", "accuracy = mean of (argmax of each row's "
                        "logits == y), a fraction in [0, 1], as a float.")
            if isinstance(acc, (int, float, np.number)) and np.isclose(acc, want * len(y)):
                hint = Text("devuelves cuántos aciertos hay: divide por N.",
                            "you return the number of hits: divide by N.")
            elif isinstance(acc, (int, float, np.number)) and np.isclose(acc, want * 100):
                hint = Text("devuelves un porcentaje: se pide una fracción en [0, 1].",
                            "you return a percentage: a fraction in [0, 1] is asked for.")
            raise CheckFailure("evaluate", show, f"{want:.6f}", fmt(acc), hint,
                               what=Text("exactitud incorrecta", "wrong accuracy"))
    ctx.record("behaviour", "match")


# --- train_lenet -------------------------------------------------------------------------------------
def _devices(ctx: Ctx) -> list[tuple[str, str | None]]:
    return oracles.torch_targets(ctx.use_cuda)


def _device_of(ctx: Ctx) -> str | None:
    o = ctx.last_outcome
    devs = getattr(o, "devices", None)
    return str(devs[0]) if devs else None


def _train_logits(ctx: Ctx, name: str, args: tuple, kw: dict, x: np.ndarray, show: str
                  ) -> np.ndarray | None:
    """The trained model's logits on x; None (recorded unavailable) when CUDA is missing."""
    try:
        out = _logits(ctx, "train_lenet", kw, x, show, args=args, timeout=TIME_BUDGET)
    except StudentError as e:
        if kw.get("device") == "cuda" and any(s in e.message.en.lower() for s in CUDA_MISSING):
            ctx.record(name, "unavailable: no CUDA device in the sandbox")
            return None
        raise
    want = kw.get("device", "cpu")
    dev = _device_of(ctx)
    if dev is not None and not dev.startswith(want):
        ctx.record(name, "mismatch")
        raise CheckFailure("train_lenet", show, f"device {want}", f"device {dev}", Text(
            "crea el modelo con LeNet5().to(device) y los tensores en ese device.",
            "create the model with LeNet5().to(device) and the tensors on that device."),
            what=Text("el modelo no está en el device pedido", "the model is not on the requested device"))
    return out


ACCURACY_EPOCHS = 10  # see the statement: 5 epochs reach 0.95 with some shuffles, not all
ACCURACY_SEEDS = (0, 1)  # Adam's test accuracy moves ±2% from epoch to epoch: one retry


def train_accuracy(ctx: Ctx) -> None:
    """Accuracy ≥ 0.95 on X_test after ACCURACY_EPOCHS epochs with seed 0, or else with seed 1.

    Measured with the model answer's randperm loop, a DataLoader(shuffle=True) loop and a NumPy
    permutation loop, seeds 0..11: the lowest accuracy after 10 epochs was 0.956 (36 runs); an
    unlucky epoch can drop to 0.94, hence the second seed."""
    ctx.grade("behaviour")
    ctx.grade("time_budget")
    X_train, y_train, X_test, y_test = split()
    for name, device in _devices(ctx):
        if device is None:
            ctx.record(name, oracles.NO_CUDA)
            continue
        accs = []
        for seed in ACCURACY_SEEDS:
            kw = {"epochs": ACCURACY_EPOCHS, "seed": seed}
            if device != "cpu":
                kw["device"] = device
            show = fmt_call("train_lenet", (), kw).replace(
                "train_lenet(", "train_lenet(X_train, y_train, ") + "(X_test)"
            z = _train_logits(ctx, name, (X_train, y_train), kw, X_test, show)
            if z is None:
                break
            accs.append(R.accuracy(z, y_test))
            if accs[-1] >= 0.95:
                break
        if not accs:
            continue
        ok = accs[-1] >= 0.95
        ctx.record(name, "match" if ok else "mismatch")
        ctx.record("behaviour", "match" if ok else "mismatch")
        if not ok:
            raise CheckFailure("train_lenet", show, "≥ 0.95 (seed 0 or seed 1)",
                               " and ".join(f"{a:.4f}" for a in accs), Text(
                "entrena con Adam(model.parameters(), lr) y F.cross_entropy sobre los logits (sin "
                "softmax antes), en mini-lotes barajados de batch_size filas, epochs pasadas; "
                "opt.zero_grad() en cada paso.",
                "train with Adam(model.parameters(), lr) and F.cross_entropy on the logits (no "
                "softmax before it), in shuffled mini-batches of batch_size rows, epochs passes; "
                "opt.zero_grad() at each step."),
                what=Text("exactitud en X_test por debajo de 0.95", "accuracy on X_test below 0.95"))


def train_seed(ctx: Ctx) -> None:
    ctx.grade("behaviour")
    X_train, y_train = split()[:2]
    Xs, ys = X_train[:320], y_train[:320]
    x = probe_x()
    base = "train_lenet(X_train[:320], y_train[:320]"
    a = _train_logits(ctx, "torch_cpu", (Xs, ys), {"epochs": 2}, x, base + ", epochs=2)(x)")
    b = _train_logits(ctx, "torch_cpu", (Xs, ys), {"epochs": 2}, x, base + ", epochs=2)(x)")
    c = _train_logits(ctx, "torch_cpu", (Xs, ys), {"epochs": 2, "seed": 1}, x,
                      base + ", epochs=2, seed=1)(x)")
    full = {"epochs": 5, "lr": 1e-3, "batch_size": 64, "device": "cpu", "seed": 0}
    d = _train_logits(ctx, "torch_cpu", (Xs, ys), {}, x, base + ")(x)")
    e = _train_logits(ctx, "torch_cpu", (Xs, ys), full, x,
                      base + ", epochs=5, lr=1e-3, batch_size=64, device=\"cpu\", seed=0)(x)")
    problems = []
    if not np.allclose(a, b, rtol=1e-5, atol=1e-6):
        problems.append(Text("la misma seed no da el mismo modelo: llama a torch.manual_seed(seed) "
                             "al empezar y saca de torch todos los números aleatorios.",
                             "the same seed does not give the same model: call "
                             "torch.manual_seed(seed) first and draw every random number from torch."))
    elif np.allclose(a, c, rtol=1e-5, atol=1e-6):
        problems.append(Text("seed=1 da el mismo modelo que seed=0: usa la seed.",
                             "seed=1 gives the same model as seed=0: use the seed."))
    elif not np.allclose(d, e, rtol=1e-5, atol=1e-6):
        problems.append(Text("los valores por defecto no son epochs=5, lr=1e-3, batch_size=64, "
                             "device=\"cpu\", seed=0.",
                             "the defaults are not epochs=5, lr=1e-3, batch_size=64, "
                             "device=\"cpu\", seed=0."))
    ctx.record("behaviour", "mismatch" if problems else "match")
    if problems:
        raise CheckFailure("train_lenet", base + ", ...)", "deterministic, seeded, defaults",
                           "no", problems[0], what=Text("semilla o valores por defecto",
                                                        "seed or default arguments"))


def train_init(ctx: Ctx) -> None:
    """lr=0: the model is LeNet5() built right after torch.manual_seed(seed), on every device;
    on CUDA its logits agree with the reference's on CPU (the same weights) within FLOAT_TOL."""
    from reference.torch_oracles import lenet as T
    ctx.grade("values")
    X_train, y_train = split()[:2]
    x = probe_x()
    want = R.lenet_forward(x, T.parameters_of(T.built(3)))
    for name, device in _devices(ctx):
        if device is None:
            ctx.record(name, oracles.NO_CUDA)
            continue
        kw = {"epochs": 1, "lr": 0.0, "seed": 3, "device": device}
        show = f"train_lenet(X_train[:64], y_train[:64], epochs=1, lr=0.0, seed=3, device={device!r})(x)"
        z = _train_logits(ctx, name, (X_train[:64], y_train[:64]), kw, x, show)
        if z is None:
            continue
        ok = _close(z, want, FLOAT_TOL)
        ctx.record(name, "match" if ok else "mismatch")
        ctx.record("reference", "match" if ok else "mismatch")
        if not ok:
            raise CheckFailure("train_lenet", show, fmt(want), fmt(z), Text(
                "con lr=0 el modelo es el LeNet5() creado justo tras torch.manual_seed(seed): "
                "llama a torch.manual_seed(seed) y crea el modelo antes de nada más.",
                "with lr=0 the model is the LeNet5() built right after torch.manual_seed(seed): "
                "call torch.manual_seed(seed) and build the model before anything else."),
                what=Text("el modelo inicial no es LeNet5() tras torch.manual_seed(seed)",
                          "the initial model is not LeNet5() after torch.manual_seed(seed)"))
    # three full-batch steps (batch_size > N: every shuffle gives the same batch, so any correct
    # loop, a DataLoader's included, makes the reference's three Adam steps), on CPU
    kw = {"epochs": 3, "batch_size": 128, "seed": 2}
    Xs, ys = X_train[:96], y_train[:96]
    show = "train_lenet(X_train[:96], y_train[:96], epochs=3, batch_size=128, seed=2)(x)"
    z = _train_logits(ctx, "torch_cpu", (Xs, ys), kw, x, show)
    want = T.logits(T.train_lenet(Xs, ys, **kw), x)
    ok = _close(z, want, STEP_TOL)
    ctx.record("reference", "match" if ok else "mismatch")
    if not ok:
        raise CheckFailure("train_lenet", show, fmt(want), fmt(z), Text(
            "con un solo mini-lote por época (batch_size ≥ N) cada época es un paso de "
            "Adam(model.parameters(), lr) sobre F.cross_entropy(model(X), y): "
            "opt.zero_grad(), backward(), opt.step().",
            "with a single mini-batch per epoch (batch_size ≥ N) each epoch is one step of "
            "Adam(model.parameters(), lr) on F.cross_entropy(model(X), y): opt.zero_grad(), "
            "backward(), opt.step()."),
            what=Text("los pasos de Adam no son los del enunciado",
                      "the Adam steps are not the statement's"))


STEP_TOL = 1e-3  # three Adam steps from the same weights: float32 rounding, well below one step


def _t(id: str, function: str, points: float, es: str, en: str, check: Callable[[Ctx], None],
       *graded: str, **kw: object) -> HiddenTest:
    return HiddenTest(id, function, points, Text(es, en), check, graded=frozenset(graded), **kw)


TESTS = [
    _t("conv_output_size.slides", "conv_output_size", 0.5,
       "los tamaños de las diapositivas y de LeNet: (5, 3) → 3, (32, 5) → 28, (28, 2, stride=2) "
       "→ 14, (28, 5, padding=2) → 28",
       "the slides' and LeNet's sizes: (5, 3) → 3, (32, 5) → 28, (28, 2, stride=2) → 14, "
       "(28, 5, padding=2) → 28", size_slides, "values"),
    _t("conv_output_size.values", "conv_output_size", 1.0,
       "valores exactos con n, k, stride y padding aleatorios",
       "exact values with random n, k, stride and padding", size_values, "values"),
    _t("LeNet5.architecture", "LeNet5", 1.0,
       "LeNet5()(x) da logits (N, 10) y sus parámetros tienen las formas de LeNet-5 (61 706)",
       "LeNet5()(x) gives logits (N, 10) and its parameters have LeNet-5's shapes (61,706)",
       lenet_architecture, "behaviour", torch_module=True,
       requires=["LeNet5"]),
    _t("LeNet5.values", "LeNet5", 1.5,
       "tras torch.manual_seed(0), LeNet5()(x) coincide con la LeNet5 de referencia creada igual "
       "(|diferencia| ≤ 1e-4·(1 + max|ref|))",
       "after torch.manual_seed(0), LeNet5()(x) matches the reference LeNet5 built the same way "
       "(|difference| ≤ 1e-4·(1 + max|ref|))", lenet_values, "values", torch_module=True),
    _t("count_parameters.values", "count_parameters", 1.0,
       "parámetros entrenables de 4 modelos (Linear, Conv2d, uno con una capa congelada, uno con "
       "BatchNorm)", "trainable parameters of 4 models (Linear, Conv2d, one with a frozen layer, "
       "one with BatchNorm)", count_values, "values", torch_module=True,
       requires=["count_parameters"]),
    _t("evaluate.values", "evaluate", 1.5,
       "exactitud (fracción) de un clasificador lineal fijo, dado en modo entrenamiento, en "
       "X_test, con device por defecto y con device=\"cpu\"; el modelo se llama en modo eval y "
       "dentro de torch.no_grad() (si no, se detiene con un error)",
       "accuracy (a fraction) of a fixed linear classifier, given in training mode, on X_test, "
       "with the default device and with device=\"cpu\"; the model is called in eval mode and "
       "inside torch.no_grad() (otherwise it stops with an error)", evaluate_values,
       "values", "behaviour", torch_module=True, requires=["evaluate"]),
    _t("train_lenet.accuracy", "train_lenet", 2.0,
       "train_lenet(X_train, y_train, epochs=10) llega a exactitud ≥ 0.95 en X_test (con seed=0 "
       "o, si no, con seed=1), en cpu (y en cuda si hay GPU, cada uno informado aparte), en el "
       "tiempo límite de 60 s por llamada",
       "train_lenet(X_train, y_train, epochs=10) reaches accuracy ≥ 0.95 on X_test (with seed=0 "
       "or, failing that, seed=1), on cpu (and on cuda when there is a GPU, each reported apart), "
       "within the time limit of 60 s per call",
       train_accuracy, "behaviour", "time_budget", torch_module=True,
       requires=["train_lenet", "LeNet5"]),
    _t("train_lenet.seed", "train_lenet", 1.0,
       "la misma seed da el mismo modelo, otra seed otro, y dejar fuera los argumentos da lo "
       "mismo que escribir sus valores por defecto",
       "the same seed gives the same model, another seed another, and leaving the arguments out "
       "gives the same as writing their defaults", train_seed, "behaviour", torch_module=True,
       requires=["train_lenet", "LeNet5"]),
    _t("train_lenet.init", "train_lenet", 0.5,
       "con lr=0.0 el modelo devuelto es LeNet5() tras torch.manual_seed(seed): en cpu, y en cuda "
       "(mismos pesos) coincide con la referencia en CPU (≤ 1e-4·(1 + max|ref|)); 3 épocas de "
       "96 filas en un solo lote (batch_size=128) coinciden con las de la referencia "
       "(≤ 1e-3·(1 + max|ref|))",
       "with lr=0.0 the returned model is LeNet5() after torch.manual_seed(seed): on cpu, and on "
       "cuda (the same weights) it matches the reference on CPU (≤ 1e-4·(1 + max|ref|)); 3 "
       "epochs of 96 rows in a single batch (batch_size=128) match the reference's "
       "(≤ 1e-3·(1 + max|ref|))",
       train_init, "values", torch_module=True, requires=["train_lenet", "LeNet5"]),
]
