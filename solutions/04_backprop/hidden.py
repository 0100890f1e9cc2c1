"""Hidden tests of 04_backprop: an MLP's parameters, forward pass, MSE, backprop and GD step.

Convention of torch.nn.Linear: W (out, in), b (out,), samples are rows. backward's gradients
are checked against the reference, torch.autograd and central finite differences.
"""

from __future__ import annotations

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
    allclose,
    arrays,
    as_array,
    describe,
    expect_plain,
    expect_sequence,
    expect_unchanged,
    first_mismatch,
    fmt,
    fmt_call,
    matches,
    pick_hint,
    record_torch,
    tolerance,
    value_case,
    value_case_on,
)
from reference import mlp as R

TRANSPOSED = Text(
    "W tiene forma (salida, entrada), como en torch.nn.Linear: la capa calcula "
    "Z = A_prev Wᵀ + b y su gradiente es dW = dZᵀ A_prev (forma de W), no A_prevᵀ dZ.",
    "W has shape (out, in), as in torch.nn.Linear: the layer computes "
    "Z = A_prev Wᵀ + b and its gradient is dW = dZᵀ A_prev (W's shape), not A_prevᵀ dZ.")


def _params(sizes: list[int], rng: np.random.Generator) -> list[tuple[np.ndarray, np.ndarray]]:
    return [(rng.uniform(-1, 1, (o, i)), rng.uniform(-1, 1, o)) for i, o in zip(sizes[:-1], sizes[1:])]


@st.composite
def _net(draw: st.DrawFn, max_layers: int = 3) -> tuple:
    """(X, y, params, kwargs) of a small random MLP (derived from one drawn seed)."""
    sizes = draw(st.lists(st.integers(1, 4), min_size=2, max_size=max_layers + 1))
    n = draw(st.integers(1, 4))
    seed = draw(st.integers(0, 2**16))
    kw = draw(st.sampled_from([{}, {"activation": "relu"}, {"activation": "tanh"},
                               {"activation": "sigmoid", "output_activation": "sigmoid"}]))
    rng = np.random.default_rng(seed)
    X = rng.uniform(-2, 2, (n, sizes[0]))
    y = rng.uniform(-1, 1, (n, sizes[-1]))
    return X, y, _params(sizes, rng), kw


# --- init_params, count_parameters ------------------------------------------------------------
def _param_list(func: str, got: object, like: list, show: str, names: tuple[str, str] = ("W", "b")) -> list:
    """Validate a list of (W, b) pairs shaped like `like`."""
    if not isinstance(got, (list, tuple)) or len(got) != len(like):
        raise CheckFailure(func, show, f"una lista de {len(like)} pares ({names[0]}, {names[1]})",
                           fmt(got), what=Text("estructura incorrecta", "wrong structure"),
                           hint=Text("devuelve [(W1, b1), (W2, b2), ...], un par por capa.",
                                     "return [(W1, b1), (W2, b2), ...], one pair per layer."),
                           detail=Text("devolvió ", "it returned ") + describe(got),
                           status="invalid")
    out = []
    for l, (pair, (W, b)) in enumerate(zip(got, like), start=1):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise CheckFailure(func, show, f"({names[0]}{l}, {names[1]}{l})", fmt(pair),
                               what=Text(f"la capa {l} no es un par", f"layer {l} is not a pair"),
                               detail=Text("es ", "it is ") + describe(pair), status="invalid")
        arrs = []
        for name, g, e in ((f"{names[0]}[{l}]", pair[0], W), (f"{names[1]}[{l}]", pair[1], b)):
            try:
                arrs.append(as_array(g, func=func, shape=np.shape(e), what=name))
            except ShapeError as err:
                transposed = np.ndim(e) == 2 and tuple(np.shape(g)) == tuple(np.shape(e))[::-1]
                raise CheckFailure(func, show, f"{name} {np.shape(e)}", f"{name} {np.shape(g)}",
                                   TRANSPOSED if transposed else EMPTY, what=err.reason) from None
            except Invalid as err:
                raise CheckFailure(func, show, fmt(e), fmt(g),
                                   what=Text("valor no válido", "invalid value"), detail=err.reason,
                                   status="invalid") from None
        out.append(tuple(arrs))
    return out


def _compare_pairs(ctx: Ctx, func: str, got: list, expected: list, show: str, names: tuple[str, str],
                   hints: list[Hint] = ()) -> None:
    ctx.grade("values")
    for l, ((g_w, g_b), (e_w, e_b)) in enumerate(zip(got, expected), start=1):
        for name, g, e in ((f"{names[0]}[{l}]", g_w, e_w), (f"{names[1]}[{l}]", g_b, e_b)):
            rtol, atol = tolerance(np.asarray(e).dtype)
            mm = first_mismatch(g, e, rtol=rtol, atol=atol)
            if mm:
                ctx.record("reference", "mismatch")
                hint = pick_hint(hints, (), {}, g, e)  # a detector never raises out
                raise CheckFailure(func, show, f"{name} = {fmt(e)}", f"{name} = {fmt(g)}", hint,
                                   what=Text(f"valor incorrecto de {name}",
                                             f"wrong value of {name}"),
                                   detail=mm.text)
    ctx.record("reference", "match")


def init_shapes(ctx: Ctx) -> None:
    ctx.grade("values")
    for sizes in ([2, 3, 1], [4, 5, 3, 2], [1, 1]):
        show = fmt_call("init_params", (sizes,))
        got = ctx.invoke("init_params", (sizes,), show=show)[0]
        _param_list("init_params", got, R.init_params(sizes), show)


def init_random(ctx: Ctx) -> None:
    sizes = [3, 4, 2]
    like = R.init_params(sizes)
    a = _param_list("init_params", ctx.call("init_params", sizes, seed=0), like, "init_params([3, 4, 2], seed=0)")
    b = _param_list("init_params", ctx.call("init_params", sizes, seed=0), like, "init_params([3, 4, 2], seed=0)")
    c = _param_list("init_params", ctx.call("init_params", sizes, seed=1), like, "init_params([3, 4, 2], seed=1)")
    same = all(np.array_equal(x, y) for pa, pb in zip(a, b) for x, y in zip(pa, pb))
    differ = any(not np.array_equal(x[0], y[0]) for x, y in zip(a, c))
    spread = all(np.unique(W).size > 1 for W, _ in a)
    if not same:
        raise CheckFailure("init_params", "init_params([3, 4, 2], seed=0) ×2", "los mismos pesos / the same weights",
                           "pesos distintos / different weights",
                           Text("usa `rng = np.random.default_rng(seed)` y saca todo de `rng`.",
                                "use `rng = np.random.default_rng(seed)` and draw everything from `rng`."),
                           what=Text("la misma semilla no da los mismos pesos",
                                     "the same seed does not give the same weights"))
    if not differ or not spread:
        raise CheckFailure("init_params", "init_params([3, 4, 2], seed=0|1)",
                           "pesos aleatorios, distintos por semilla / random weights, different per seed",
                           fmt(a[0][0]),
                           Text("inicializa W al azar (p. ej. U(−1/√fan_in, 1/√fan_in)): con pesos iguales "
                                "todas las neuronas de una capa aprenden lo mismo (simetría).",
                                "initialize W at random (e.g. U(−1/√fan_in, 1/√fan_in)): with equal weights "
                                "every unit of a layer learns the same thing (symmetry)."),
                           what=Text("los pesos no son aleatorios", "the weights are not random"))
    ctx.record("behaviour", "match")


def count_slides(ctx: Ctx) -> None:
    # by hand: N = Σ H_l (H_{l−1} + 1); 2-100-100-100-1 -> 300 + 10100 + 10100 + 101 = 20601
    for sizes, n in (([2, 100, 100, 100, 1], 20601), ([2, 1], 3), ([5, 1], 6), ([14, 1], 15)):
        value_case(ctx, "count_parameters", (sizes,), expected=np.asarray(n), exact=True, scalar=True,
                   hints=[Hint(lambda a, k, g, e: int(g) == int(e) - sum(a[0][1:]),
                               Text("faltan los sesgos: cada neurona tiene H_{l−1} pesos y 1 sesgo.",
                                    "the biases are missing: each unit has H_{l−1} weights and 1 bias."))])


def count_values(ctx: Ctx) -> None:
    ctx.forall(st.lists(st.integers(1, 60), min_size=2, max_size=6),
               lambda s: value_case(ctx, "count_parameters", (s,), exact=True, scalar=True),
               max_examples=15)


# --- forward -----------------------------------------------------------------------------------
def _fwd_transposed(X: np.ndarray, params: list, kw: dict) -> np.ndarray:
    return R.forward(X, [(W.T, b) for W, b in params], **kw)[0]


FORWARD_HINTS = [
    Hint(lambda a, k, g, e: allclose(g, _fwd_transposed(a[0], a[1], k)), TRANSPOSED),
    Hint(lambda a, k, g, e: allclose(g, R.forward(a[0], a[1], activation=k.get("activation", "sigmoid"),
                                                   output_activation=k.get("activation", "sigmoid"))[0]),
         Text("la última capa usa `output_activation` (por defecto identidad), no `activation`.",
              "the last layer uses `output_activation` (identity by default), not `activation`.")),
]


def _forward(ctx: Ctx, X: np.ndarray, params: list, kw: dict) -> tuple[np.ndarray, object]:
    """Student's forward: validated ŷ (compared with the reference) and the cache."""
    show = fmt_call("forward", (X, params), kw)
    got = ctx.invoke("forward", (X, params), kw, show=show)[0]
    expected = R.forward(X, params, **kw)[0]
    y_hat, cache = expect_sequence(ctx, "forward", got, 2, show, "(y_hat, cache)")
    return y_hat, cache, expected, show


def _cache(ctx: Ctx, cache: object, show: str) -> object:
    """forward's cache, checked before it goes back to the student's backward."""
    return expect_plain(ctx, "forward", cache, show, "cache")


def _forward_case(ctx: Ctx, X: np.ndarray, y: np.ndarray, params: list, kw: dict) -> None:
    y_hat, _cache, expected, show = _forward(ctx, X, params, kw)
    # reuse value_case's validation and message on the first element of the pair
    value_case_on(ctx, "forward", y_hat, expected, show, (X, params), kw, FORWARD_HINTS,
                  torch_key="forward")


def forward_values(ctx: Ctx) -> None:
    rng = np.random.default_rng(4)
    X = rng.uniform(-1, 1, (4, 3))
    params = _params([3, 3, 3], rng)  # square: a transposed W gives numbers, not a shape error
    for kw in ({}, {"activation": "relu", "output_activation": "sigmoid"}):
        _forward_case(ctx, X, None, params, kw)
    ctx.forall(_net(), lambda c: _forward_case(ctx, c[0], c[1], c[2], c[3]), max_examples=15)


def forward_shapes(ctx: Ctx) -> None:
    rng = np.random.default_rng(5)
    params = _params([3, 4, 2], rng)
    for n in (1, 5):
        _forward_case(ctx, rng.uniform(-1, 1, (n, 3)), None, params, {})
    X = rng.uniform(-1, 1, (2, 3))
    expect_unchanged(ctx, "forward", (X, params), names=("X", "params"))


# --- mse_loss ----------------------------------------------------------------------------------
MSE_HINTS = [
    Hint(lambda a, k, g, e: np.isclose(g, e * np.size(a[1])) and np.size(a[1]) > 1,
         Text("divide entre el número total de elementos N: L = (1/N) Σ (ŷ − y)² (usa `np.mean`).",
              "divide by the total number of entries N: L = (1/N) Σ (ŷ − y)² (use `np.mean`).")),
    Hint(lambda a, k, g, e: np.isclose(g, e / 2),
         Text("sin el factor 1/2: L = (1/N) Σ (ŷ − y)².", "no 1/2 factor: L = (1/N) Σ (ŷ − y)².")),
    Hint(lambda a, k, g, e: np.isclose(g, np.sqrt(e)),
         Text("no saques la raíz (eso es RMSE).", "do not take the square root (that is RMSE).")),
]


@st.composite
def _mse_case(draw: st.DrawFn) -> tuple:
    n, k = draw(st.integers(1, 5)), draw(st.integers(1, 3))
    return draw(arrays((n, k), -5, 5)), draw(arrays((n, k), -5, 5))


def mse_values(ctx: Ctx) -> None:
    y_hat, y = np.array([[1.0], [2.0], [4.0]]), np.array([[1.0], [0.0], [1.0]])
    value_case(ctx, "mse_loss", (y_hat, y), expected=np.asarray((0 + 4 + 9) / 3), scalar=True, hints=MSE_HINTS,
               torch_key="mse_loss")
    ctx.forall(_mse_case(), lambda c: value_case(ctx, "mse_loss", c, scalar=True, hints=MSE_HINTS),
               max_examples=15)


# --- backward ----------------------------------------------------------------------------------
def _scaled(g: np.ndarray, e: np.ndarray) -> bool:
    """g = c·e for a constant c ≠ 1 (a missing or extra factor such as 2/N)."""
    e, g = np.asarray(e, dtype=float), np.asarray(g, dtype=float)
    if g.shape != e.shape or np.max(np.abs(e)) < 1e-9:
        return False
    i = np.argmax(np.abs(e))
    c = g.flat[i] / e.flat[i]
    return not np.isclose(c, 1.0) and allclose(g, c * e)


BACKWARD_HINTS = [
    Hint(lambda a, k, g, e: np.ndim(e) == 2 and allclose(g, np.asarray(e).T), TRANSPOSED),
    Hint(lambda a, k, g, e: _scaled(g, e),
         Text("el gradiente es proporcional pero con otro factor: dL/dŷ = 2(ŷ − y)/N con N = número total "
              "de elementos de y.",
              "the gradient is proportional but with another factor: dL/dŷ = 2(ŷ − y)/N with N = the "
              "total number of entries of y.")),
    Hint(lambda a, k, g, e: allclose(g, -np.asarray(e)),
         Text("el signo está invertido: dL/dŷ = 2(ŷ − y)/N, no 2(y − ŷ)/N.",
              "the sign is flipped: dL/dŷ = 2(ŷ − y)/N, not 2(y − ŷ)/N.")),
]


def _numeric_grads(X: np.ndarray, y: np.ndarray, params: list, kw: dict, h: float = 1e-6) -> list:
    """Central differences of mse(forward(X, params), y) w.r.t. every weight and bias."""
    def loss(ps: list) -> float:
        return R.mse_loss(R.forward(X, ps, **kw)[0], y)

    grads = []
    for l, (W, b) in enumerate(params):
        pair = []
        for j, a in enumerate((W, b)):
            g = np.zeros_like(a)
            for idx in np.ndindex(a.shape):
                ps_plus = [(w.copy(), bb.copy()) for w, bb in params]
                ps_minus = [(w.copy(), bb.copy()) for w, bb in params]
                ps_plus[l][j][idx] += h
                ps_minus[l][j][idx] -= h
                g[idx] = (loss(ps_plus) - loss(ps_minus)) / (2 * h)
            pair.append(g)
        grads.append(tuple(pair))
    return grads


def _backward_case(ctx: Ctx, X: np.ndarray, y: np.ndarray, params: list, kw: dict) -> None:
    _y_hat, cache, _e, fshow = _forward(ctx, X, params, kw)
    cache = _cache(ctx, cache, fshow)
    show = fmt_call("backward", (y, "cache", params), kw).replace("'cache'", f"cache de/of {fshow}")
    got = ctx.invoke("backward", (y, cache, params), kw, show=show)[0]
    _, ref_cache = R.forward(X, params, **kw)
    expected = R.backward(y, ref_cache, params, **kw)
    grads = _param_list("backward", got, expected, show, names=("dW", "db"))
    _compare_pairs(ctx, "backward", grads, expected, show, ("dW", "db"), BACKWARD_HINTS)
    record_torch(ctx, "backward", (X, y, params), kw, grads, rtol=1e-6, atol=1e-9)
    num = _numeric_grads(X, y, params, kw)


    ctx.record("finite_diff", "match" if matches(grads, num, rtol=1e-4, atol=1e-7) else "mismatch")


def backward_values(ctx: Ctx) -> None:
    rng = np.random.default_rng(7)
    X, y = rng.uniform(-1, 1, (4, 3)), rng.uniform(-1, 1, (4, 3))
    _backward_case(ctx, X, y, _params([3, 3, 3], rng), {})  # square: transposed dW shows in values
    ctx.forall(_net(2).map(lambda c: (c[0], c[1], c[2], {})),
               lambda c: _backward_case(ctx, *c), max_examples=12)


def backward_activations(ctx: Ctx) -> None:
    rng = np.random.default_rng(8)
    X, y = rng.uniform(-1, 1, (5, 2)), rng.uniform(0, 1, (5, 1))
    params = _params([2, 4, 3, 1], rng)
    for kw in ({"activation": "relu"}, {"activation": "tanh"},
               {"activation": "sigmoid", "output_activation": "sigmoid"}):
        _backward_case(ctx, X, y, params, kw)
    ctx.forall(_net(), lambda c: _backward_case(ctx, *c), max_examples=8)


def backward_shapes(ctx: Ctx) -> None:
    rng = np.random.default_rng(9)
    params = _params([4, 2, 3], rng)  # not square: dW must be (out, in)
    X, y = rng.uniform(-1, 1, (1, 4)), rng.uniform(-1, 1, (1, 3))
    _backward_case(ctx, X, y, params, {})
    _y_hat, cache, _e, fshow = _forward(ctx, X, params, {})
    cache = _cache(ctx, cache, fshow)
    expect_unchanged(ctx, "backward", (y, cache, params), names=("y", "cache", "params"))


# --- gd_step -----------------------------------------------------------------------------------
def _gd_case(ctx: Ctx, params: list, grads: list, lr: float) -> list:
    show = fmt_call("gd_step", (params, grads, lr))
    got = ctx.invoke("gd_step", (params, grads, lr), show=show)[0]
    expected = R.gd_step(params, grads, lr)
    new = _param_list("gd_step", got, expected, show)
    _compare_pairs(ctx, "gd_step", new, expected, show, ("W", "b"), [
        Hint(lambda a, k, g, e: True, Text("θ ← θ − lr·∂L/∂θ para cada W y b (signo menos).",
                                           "θ ← θ − lr·∂L/∂θ for every W and b (minus sign)."))])
    record_torch(ctx, "gd_step", (params, grads, lr), {}, new, rtol=1e-6, atol=1e-9)
    return new


@st.composite
def _gd(draw: st.DrawFn) -> tuple:
    sizes = draw(st.lists(st.integers(1, 4), min_size=2, max_size=4))
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    return _params(sizes, rng), _params(sizes, rng), draw(st.sampled_from([0.01, 0.1, 0.5, 1.0]))


def gd_values(ctx: Ctx) -> None:
    ctx.forall(_gd(), lambda c: _gd_case(ctx, *c), max_examples=12)


def gd_training(ctx: Ctx) -> None:
    """50 steps of reference forward/backward with the student's gd_step lower the loss."""
    rng = np.random.default_rng(10)
    X = rng.uniform(-1, 1, (8, 2))
    y = (X[:, :1] * X[:, 1:] > 0).astype(float)
    params = _params([2, 4, 1], rng)
    first = R.mse_loss(R.forward(X, params)[0], y)
    for _ in range(50):
        y_hat, cache = R.forward(X, params)
        grads = R.backward(y, cache, params)
        params = _param_list("gd_step", ctx.call("gd_step", params, grads, 0.5), params,
                             "gd_step(params, grads, 0.5)")
    last = R.mse_loss(R.forward(X, params)[0], y)
    ok = last < first
    ctx.record("behaviour", "match" if ok else "mismatch")
    if not ok:
        raise CheckFailure("gd_step", "50 × gd_step(params, backward(...), lr=0.5)",
                           f"MSE < {fmt(first)}", fmt(last),
                           Text("θ ← θ − lr·∂L/∂θ (restar el gradiente).",
                                "θ ← θ − lr·∂L/∂θ (subtract the gradient)."),
                           what=Text("el descenso por gradiente no reduce la pérdida",
                                     "gradient descent does not lower the loss"))


TESTS = [
    HiddenTest("init_params.shapes", "init_params", 0.5, Text("formas (salida, entrada) y (salida,) por capa",
                                                              "shapes (out, in) and (out,) per layer"), init_shapes, graded=frozenset({"values"})),
    HiddenTest("init_params.random", "init_params", 0.5,
               Text("misma semilla, mismos pesos; pesos aleatorios (rompen la simetría)",
                    "same seed, same weights; random weights (break the symmetry)"), init_random, graded=frozenset({"behaviour"})),
    HiddenTest("count_parameters.slides", "count_parameters", 0.5,
               Text("2-100-100-100-1 tiene 20601 parámetros (y los modelos logísticos: 3, 6, 15)",
                    "2-100-100-100-1 has 20601 parameters (and the logistic models: 3, 6, 15)"), count_slides, graded=frozenset({"values"})),
    HiddenTest("count_parameters.values", "count_parameters", 0.5, Text("redes aleatorias",
                                                                        "random networks"), count_values, graded=frozenset({"values"})),
    HiddenTest("forward.values", "forward", 1.5, Text("ŷ de redes aleatorias (sigmoid, relu, tanh)",
                                                      "ŷ of random networks (sigmoid, relu, tanh)"), forward_values, graded=frozenset({"values"})),
    HiddenTest("forward.shapes", "forward", 0.5, Text("ŷ con forma (n, salida); entradas sin modificar",
                                                      "ŷ shaped (n, out); inputs not modified"), forward_shapes, graded=frozenset({"no_mutation", "values"})),
    HiddenTest("mse_loss.values", "mse_loss", 1.0, Text("media sobre todos los elementos",
                                                        "mean over all entries"), mse_values, graded=frozenset({"values"})),
    HiddenTest("backward.values", "backward", 2.5,
               Text("gradientes frente a la referencia, torch.autograd y diferencias finitas",
                    "gradients against the reference, torch.autograd and finite differences"),
               backward_values, requires=["forward", "backward"], graded=frozenset({"values"})),
    HiddenTest("backward.activations", "backward", 1.0, Text("gradientes con relu, tanh y salida sigmoid",
                                                             "gradients with relu, tanh and a sigmoid output"), backward_activations,
               requires=["forward", "backward"], graded=frozenset({"values"})),
    HiddenTest("backward.shapes", "backward", 0.5, Text("dW con la forma de W (salida, entrada); sin modificar entradas",
                                                        "dW shaped like W (out, in); inputs not modified"), backward_shapes,
               requires=["forward", "backward"], graded=frozenset({"no_mutation", "values"})),
    HiddenTest("gd_step.values", "gd_step", 0.5, Text("θ − lr·∂L/∂θ en cada capa",
                                                      "θ − lr·∂L/∂θ in every layer"),
               gd_values, graded=frozenset({"values"})),
    HiddenTest("gd_step.training", "gd_step", 0.5, Text("50 pasos reducen la pérdida",
                                                        "50 steps lower the loss"), gd_training, graded=frozenset({"behaviour"})),
]
