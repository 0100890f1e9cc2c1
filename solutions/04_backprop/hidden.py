"""Hidden tests of 04_backprop: an MLP's parameters, forward pass, MSE, backprop and GD step.

Convention of torch.nn.Linear: W (out, in), b (out,), samples are rows. backward's gradients
are checked against the reference (torch.autograd and central finite differences are recorded
as oracles). backward takes the cache of the student's own forward (the contract: the cache's
content is the student's choice), so its tests call forward too (`uses` in assignment.toml);
when forward's ŷ is wrong on a failing case, the message says so.

Typical mistakes are diagnosed by running the wrong variant on the same input (a grader-side
network below): a transposed W, the softmax Jacobian's diagonal only, the cross-entropy
shortcut ŷ − y, f' evaluated at A, the hidden activation at the output, softmax over the wrong
axis or without subtracting the row maximum...
"""

from __future__ import annotations

from collections.abc import Callable

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
    curve_figure,
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
from reference import activations as RA
from reference import mlp as R

TRANSPOSED = Text(
    "W tiene forma (salida, entrada), como en torch.nn.Linear: la capa calcula "
    "Z = A_prev Wᵀ + b y su gradiente es dW = dZᵀ A_prev (forma de W), no A_prevᵀ dZ.",
    "W has shape (out, in), as in torch.nn.Linear: the layer computes "
    "Z = A_prev Wᵀ + b and its gradient is dW = dZᵀ A_prev (W's shape), not A_prevᵀ dZ.")
HIDDEN_KW = [{}, {"activation": "relu"}, {"activation": "tanh"}, {"activation": "identity"},
             {"activation": "sigmoid", "output_activation": "sigmoid"},
             {"activation": "relu", "output_activation": "tanh"}]


def _names(kw: dict) -> tuple[str, str]:
    """(activation, output_activation) of a call, with the contract's defaults."""
    return kw.get("activation", "sigmoid"), kw.get("output_activation", "identity")


def _show(call: str, kw: dict, named: list[tuple[str, object]], then: str = "") -> str:
    """A call's text with its inputs written out whole (a student can rebuild the case):
    "backward(y, cache, params, activation='relu'); X = ...; y = ..."."""
    kws = "".join(f", {k}={v!r}" for k, v in kw.items())
    head = call.replace(")", kws + ")", 1) if kws else call
    return "; ".join([head + then, *(f"{n} = {fmt(v, max_chars=4000)}" for n, v in named)])


def _params(sizes: list[int], rng: np.random.Generator, scale: float = 1.0) -> list[tuple[np.ndarray, np.ndarray]]:
    return [(scale * rng.uniform(-1, 1, (o, i)), scale * rng.uniform(-1, 1, o))
            for i, o in zip(sizes[:-1], sizes[1:])]


@st.composite
def _net(draw: st.DrawFn, max_layers: int = 3, softmax: bool = False) -> tuple:
    """(X, y, params, kwargs) of a small random MLP (derived from one drawn seed); with
    `softmax`, a softmax output of at least 2 units and targets in [0, 1]."""
    sizes = draw(st.lists(st.integers(1, 4), min_size=2, max_size=max_layers + 1))
    if softmax:
        sizes[-1] = draw(st.integers(2, 4))
    n = draw(st.integers(1, 4))
    seed = draw(st.integers(0, 2**16))
    if softmax:
        hidden = draw(st.sampled_from([{}, {"activation": "relu"}, {"activation": "tanh"}]))
        kw = {**hidden, "output_activation": "softmax"}
    else:
        kw = draw(st.sampled_from(HIDDEN_KW))
    rng = np.random.default_rng(seed)
    X = rng.uniform(-2, 2, (n, sizes[0]))
    y = rng.uniform(0, 1, (n, sizes[-1])) if softmax else rng.uniform(-1, 1, (n, sizes[-1]))
    return X, y, _params(sizes, rng, 2.0 if softmax else 1.0), kw


# --- a grader-side network, to run the known wrong variants on the same input -----------------
def _f(Z: np.ndarray, name: str, *, softmax_axis: int = 1, stable: bool = True) -> np.ndarray:
    if name == "softmax":
        with np.errstate(all="ignore"):
            e = np.exp(Z - Z.max(axis=softmax_axis, keepdims=True) if stable else Z)
            return e / e.sum(axis=softmax_axis, keepdims=True)
    return RA.get_activation(name)[0](Z)


def _layers(X: np.ndarray, params: list, act: str, out: str, *, transpose: bool = False,
            bias: bool = True, **f_kw: object) -> tuple[list, list]:
    """(A_list, Z_list) of a forward pass; `transpose`, `bias`, `f_kw`: the mistakes."""
    A = np.asarray(X, dtype=float)
    As, Zs = [A], []
    for l, (W, b) in enumerate(params):
        W = np.asarray(W, dtype=float)
        Z = A @ (W if transpose else W.T) + (np.asarray(b, dtype=float) if bias else 0.0)
        A = _f(Z, out if l == len(params) - 1 else act, **f_kw)
        Zs.append(Z)
        As.append(A)
    return As, Zs


def _fwd(X: np.ndarray, params: list, act: str, out: str, **mistake: object) -> np.ndarray:
    return _layers(X, params, act, out, **mistake)[0][-1]


Rule = Callable[[np.ndarray, np.ndarray, np.ndarray, str, np.ndarray], np.ndarray]


def _dz(dA: np.ndarray, Z: np.ndarray, A: np.ndarray, name: str, y: np.ndarray) -> np.ndarray:
    """The right dL/dZ from dL/dA (y unused: the signature of every rule)."""
    if name == "softmax":
        return A * (dA - np.sum(dA * A, axis=1, keepdims=True))
    return dA * RA.get_activation(name)[1](Z)


def _grads(X: np.ndarray, y: np.ndarray, params: list, kw: dict, *, out_rule: Rule = _dz,
           hidden_rule: Rule = _dz) -> list:
    """Backprop with the rule `out_rule` for the output layer and `hidden_rule` for the others."""
    act, out = _names(kw)
    As, Zs = _layers(X, params, act, out)
    y = np.asarray(y, dtype=float).reshape(As[-1].shape)
    dA = 2.0 * (As[-1] - y) / As[-1].size
    grads = []
    for l in reversed(range(len(params))):
        last = l == len(params) - 1
        dZ = (out_rule if last else hidden_rule)(dA, Zs[l], As[l + 1], out if last else act, y)
        grads.append((dZ.T @ As[l], dZ.sum(axis=0)))
        dA = dZ @ np.asarray(params[l][0], dtype=float)
    return grads[::-1]


def _softmax_only(rule: Rule) -> Rule:
    return lambda dA, Z, A, name, y: rule(dA, Z, A, name, y) if name == "softmax" else _dz(dA, Z, A, name, y)


def _at_A(dA: np.ndarray, Z: np.ndarray, A: np.ndarray, name: str, y: np.ndarray) -> np.ndarray:
    """f' evaluated at A instead of Z (σ'(A) = σ(A)(1 − σ(A)))."""
    if name in ("sigmoid", "tanh"):
        return dA * RA.get_activation(name)[1](A)
    return _dz(dA, Z, A, name, y)


def _by_A(dA: np.ndarray, Z: np.ndarray, A: np.ndarray, name: str, y: np.ndarray) -> np.ndarray:
    """f' written with the layer's output A (σ' = A(1 − A), tanh' = 1 − A²), as the model
    answer does: right for the layer's own activation, wrong when `name` is another one."""
    if name == "sigmoid":
        return dA * A * (1.0 - A)
    if name == "tanh":
        return dA * (1.0 - A * A)
    return _dz(dA, Z, A, name, y)


def _flat(pairs: list) -> np.ndarray:
    return np.concatenate([np.ravel(np.asarray(a, dtype=float)) for p in pairs for a in p])


def _scaled(g: object, e: object) -> bool:
    """g = c·e for a constant c ∉ {0, 1} (a missing or extra factor such as 2/N)."""
    e, g = np.asarray(e, dtype=float), np.asarray(g, dtype=float)
    if g.shape != e.shape or np.max(np.abs(e)) < 1e-9:
        return False
    i = np.argmax(np.abs(e))
    c = g.flat[i] / e.flat[i]
    return not np.isclose(c, 1.0) and abs(c) > 1e-6 and allclose(g, c * e)


def _proportional(g: object, e: object) -> bool:
    """g = c·e for some constant c (1 included)."""
    return _scaled(g, e) or allclose(g, e)


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
                   hint: Callable[[], Text] = lambda: EMPTY, *, from_output: bool = False) -> None:
    """Every array of `got` against `expected`; the first wrong one fails with `hint()` (the
    diagnosis of the whole result). `from_output`: look from the last layer back, the order
    backprop computes them in (the first wrong one there is where the mistake starts)."""
    ctx.grade("values")
    layers = list(enumerate(zip(got, expected), start=1))
    for l, ((g_w, g_b), (e_w, e_b)) in layers[::-1] if from_output else layers:
        for name, g, e in ((f"{names[0]}[{l}]", g_w, e_w), (f"{names[1]}[{l}]", g_b, e_b)):
            rtol, atol = tolerance(np.asarray(e).dtype)
            mm = first_mismatch(g, e, rtol=rtol, atol=atol)
            if mm:
                ctx.record("reference", "mismatch")
                raise CheckFailure(func, show, f"{name} = {fmt(e)}", f"{name} = {fmt(g)}", hint(),
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


SEED_HINT = Text("usa `rng = np.random.default_rng(seed)` y saca todo de `rng` (ni `np.random.seed` ni "
                 "un generador sin semilla).",
                 "use `rng = np.random.default_rng(seed)` and draw everything from `rng` (neither "
                 "`np.random.seed` nor an unseeded generator).")


def init_random(ctx: Ctx) -> None:
    sizes = [3, 4, 2]
    like = R.init_params(sizes)
    show0 = "init_params([3, 4, 2], seed=0)"
    a = _param_list("init_params", ctx.call("init_params", sizes, seed=0), like, show0)
    b = _param_list("init_params", ctx.call("init_params", sizes, seed=0), like, show0)
    d = _param_list("init_params", ctx.call("init_params", sizes), like, "init_params([3, 4, 2])")
    c = _param_list("init_params", ctx.call("init_params", sizes, seed=1), like, "init_params([3, 4, 2], seed=1)")

    def same(p: list, q: list) -> bool:
        return all(np.array_equal(x, y) for pp, qq in zip(p, q) for x, y in zip(pp, qq))

    ok = False
    try:
        if not same(a, b):
            raise CheckFailure("init_params", f"{show0} ×2", "los mismos pesos / the same weights",
                               "pesos distintos / different weights", SEED_HINT,
                               what=Text("la misma semilla no da los mismos pesos",
                                         "the same seed does not give the same weights"),
                               detail=Text(f"primera llamada W[1] = {fmt(a[0][0])}; segunda W[1] = {fmt(b[0][0])}",
                                           f"first call W[1] = {fmt(a[0][0])}; second W[1] = {fmt(b[0][0])}"))
        if not same(a, d):
            raise CheckFailure("init_params", f"init_params([3, 4, 2]) vs {show0}",
                               f"W[1] = {fmt(a[0][0])}", f"W[1] = {fmt(d[0][0])}",
                               Text("el valor por defecto de `seed` es 0: `def init_params(layer_sizes, seed=0)`.",
                                    "`seed` defaults to 0: `def init_params(layer_sizes, seed=0)`."),
                               what=Text("sin `seed` no da los pesos de seed=0",
                                         "without `seed` it does not give the weights of seed=0"))
        differ = any(not np.array_equal(x[0], y[0]) for x, y in zip(a, c))
        spread = all(np.unique(W).size > 1 for W, _ in a)
        if not differ or not spread:
            raise CheckFailure("init_params", "init_params([3, 4, 2], seed=0|1)",
                               "pesos aleatorios, distintos por semilla / random weights, different per seed",
                               fmt(a[0][0]),
                               Text("inicializa W al azar (U(−1/√H_{l−1}, 1/√H_{l−1})): con pesos iguales "
                                    "todas las neuronas de una capa aprenden lo mismo (simetría).",
                                    "initialize W at random (U(−1/√H_{l−1}, 1/√H_{l−1})): with equal weights "
                                    "every unit of a layer learns the same thing (symmetry)."),
                               what=Text("los pesos no son aleatorios", "the weights are not random"))
        ok = True
    finally:
        ctx.record("behaviour", "match" if ok else "mismatch")


SCALE_SIZES = [25, 40, 30]  # 1000 and 1200 weights, 40 and 30 biases: the checks below are certain


def init_scale(ctx: Ctx) -> None:
    """W and b ~ U(−1/√H_{l−1}, 1/√H_{l−1}), like torch.nn.Linear: within the bound, filling it,
    centred; biases random too (statistical checks that a right answer fails with p < 1e-8)."""
    ctx.grade("values")
    show = fmt_call("init_params", (SCALE_SIZES,), {"seed": 3})
    got = _param_list("init_params", ctx.call("init_params", SCALE_SIZES, seed=3),
                      R.init_params(SCALE_SIZES), show)
    hint = Text("como torch.nn.Linear: cada W_l y b_l uniformes en [−1/√H_{l−1}, 1/√H_{l−1}], con H_{l−1} "
                "las entradas de la capa (`rng.uniform(-c, c, size=...)`, c = 1/√H_{l−1}).",
                "like torch.nn.Linear: every W_l and b_l uniform in [−1/√H_{l−1}, 1/√H_{l−1}], with "
                "H_{l−1} the layer's inputs (`rng.uniform(-c, c, size=...)`, c = 1/√H_{l−1}).")
    for l, ((W, b), fan_in) in enumerate(zip(got, SCALE_SIZES[:-1]), start=1):
        c = 1.0 / np.sqrt(fan_in)
        bound = f"1/√{fan_in} = {fmt(c)}"
        checks = [
            (np.max(np.abs(W)) <= c * (1 + 1e-9), f"max |W[{l}]| <= {bound}", f"max |W[{l}]| = {fmt(np.max(np.abs(W)))}"),
            (np.max(np.abs(b)) <= c * (1 + 1e-9), f"max |b[{l}]| <= {bound}", f"max |b[{l}]| = {fmt(np.max(np.abs(b)))}"),
            (np.max(np.abs(W)) >= 0.9 * c, f"max |W[{l}]| >= 0.9·{bound}", f"max |W[{l}]| = {fmt(np.max(np.abs(W)))}"),
            (abs(np.mean(W)) <= 0.15 * c, f"|media/mean W[{l}]| <= 0.15·{bound}", f"media/mean W[{l}] = {fmt(np.mean(W))}"),
            (np.max(np.abs(b)) >= 0.5 * c and np.unique(b).size > 1,
             f"b[{l}] aleatorio en/random in ±{fmt(c)}", f"b[{l}] = {fmt(b)}"),
        ]
        for ok, expected, got_text in checks:
            if not ok:
                ctx.record("reference", "mismatch")
                raise CheckFailure("init_params", show, expected, got_text, hint,
                                   what=Text(f"la escala de la capa {l} no es la de torch.nn.Linear",
                                             f"layer {l}'s scale is not torch.nn.Linear's"))
    ctx.record("reference", "match")


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
def _fwd_hint(mistake: Callable[[tuple, str, str], np.ndarray], text: Text,
              when: Callable[[str, str], bool] = lambda act, out: True) -> Hint:
    """A hint for forward(X, params, **kw) whose ŷ is what `mistake(args, act, out)` computes."""
    def detect(a: tuple, k: dict, g: object, e: object) -> bool:
        act, out = _names(k)
        return when(act, out) and allclose(g, mistake(a, act, out))
    return Hint(detect, text)


NAIVE_SOFTMAX = Text(
    "softmax desborda: para un z grande, e^z da inf, e inf/inf da NaN. Resta el máximo de cada "
    "fila antes de exp: softmax(z) = softmax(z − max_j z_j), y todos los exponentes quedan ≤ 0.",
    "softmax overflows: e^z of a large z is inf and inf/inf = NaN. Subtract each row's maximum "
    "before exp: softmax(z) = softmax(z − max_j z_j), so every exponent is ≤ 0.")
FORWARD_HINTS = [
    _fwd_hint(lambda a, act, out: _fwd(a[0], a[1], act, out, transpose=True), TRANSPOSED),
    _fwd_hint(lambda a, act, out: _fwd(a[0], a[1], act, act),
              Text("la última capa usa `output_activation` (por defecto identidad), no `activation`.",
                   "the last layer uses `output_activation` (identity by default), not `activation`.")),
    _fwd_hint(lambda a, act, out: _fwd(a[0], a[1], out, out),
              Text("las capas ocultas usan `activation` (por defecto sigmoid); solo la última usa "
                   "`output_activation`.",
                   "the hidden layers use `activation` (sigmoid by default); only the last one uses "
                   "`output_activation`.")),
    _fwd_hint(lambda a, act, out: _fwd(a[0], a[1], act, out, softmax_axis=0),
              Text("softmax normaliza cada fila (cada muestra): suma sobre axis=1 y resta el máximo "
                   "de cada fila (`keepdims=True`), no de cada columna.",
                   "softmax normalises each row (each sample): sum over axis=1 and subtract each "
                   "row's maximum (`keepdims=True`), not each column's."),
              lambda act, out: out == "softmax"),
    _fwd_hint(lambda a, act, out: _fwd(a[0], a[1], act, "identity"),
              Text("con output_activation=\"softmax\" la salida es softmax(Z_L) por filas: cada fila "
                   "de ŷ suma 1.",
                   "with output_activation=\"softmax\" the output is softmax(Z_L) by rows: each row "
                   "of ŷ sums to 1."),
              lambda act, out: out == "softmax"),
    _fwd_hint(lambda a, act, out: _fwd(a[0], a[1], act, out, stable=False), NAIVE_SOFTMAX,
              lambda act, out: out == "softmax"),
    _fwd_hint(lambda a, act, out: _fwd(a[0], a[1], act, out, bias=False),
              Text("falta sumar el sesgo: Z = A_prev Wᵀ + b.", "the bias is missing: Z = A_prev Wᵀ + b.")),
]


def _forward(ctx: Ctx, X: np.ndarray, params: list, kw: dict) -> tuple[object, object, np.ndarray, str]:
    """Student's forward: (ŷ as returned, cache, the reference's ŷ, the call's text)."""
    show = _show("forward(X, params)", kw, [("X", X), ("params", params)])
    got = ctx.invoke("forward", (X, params), kw, show=show)[0]
    expected = R.forward(X, params, **kw)[0]
    y_hat, cache = expect_sequence(ctx, "forward", got, 2, show, "(y_hat, cache)")
    return y_hat, cache, expected, show


def _cache(ctx: Ctx, cache: object, show: str) -> object:
    """forward's cache, checked before it goes back to the student's backward."""
    return expect_plain(ctx, "forward", cache, show, "cache")


def _forward_case(ctx: Ctx, X: np.ndarray, params: list, kw: dict) -> None:
    y_hat, _cache, expected, show = _forward(ctx, X, params, kw)
    # reuse value_case's validation and message on the first element of the pair
    value_case_on(ctx, "forward", y_hat, expected, show, (X, params), kw, FORWARD_HINTS,
                  torch_key="forward")


def forward_values(ctx: Ctx) -> None:
    rng = np.random.default_rng(4)
    params = _params([3, 3, 3], rng)  # square: a transposed W gives numbers, not a shape error
    for kw in ({}, {"activation": "relu", "output_activation": "sigmoid"}):
        _forward_case(ctx, rng.uniform(-1, 1, (4, 3)), params, kw)
    ctx.forall(_net(), lambda c: _forward_case(ctx, c[0], c[2], c[3]), max_examples=15)


def forward_softmax(ctx: Ctx) -> None:
    rng = np.random.default_rng(11)
    params = _params([3, 4, 3], rng, 2.0)
    _forward_case(ctx, rng.uniform(-2, 2, (5, 3)), params, {"output_activation": "softmax"})
    _forward_case(ctx, rng.uniform(-2, 2, (3, 3)), _params([3, 3], rng, 2.0),
                  {"activation": "relu", "output_activation": "softmax"})
    ctx.forall(_net(softmax=True), lambda c: _forward_case(ctx, c[0], c[2], c[3]), max_examples=10)


# large pre-activations: a sigmoid hidden layer saturates, the softmax logits reach ±1e3
STABILITY_CASES = [
    (np.array([[500.0, -300.0], [-800.0, 200.0], [0.5, -0.25]]),
     [(np.array([[1.0, 0.5], [-1.0, 2.0], [0.25, -1.0]]), np.array([0.0, 10.0, -5.0]))],
     {"output_activation": "softmax"}),
    (np.array([[900.0, -700.0], [-1000.0, 40.0]]),
     [(np.array([[1.0, 1.0], [-1.0, 0.5], [2.0, -1.0]]), np.array([0.0, 1.0, -1.0])),
      (np.array([[800.0, -800.0, 300.0], [-600.0, 900.0, 0.0]]), np.array([0.5, -0.5]))],
     {"output_activation": "softmax"}),
    (np.array([[-1000.0, 300.0], [700.0, -50.0]]),
     [(np.array([[1.0, 0.5], [-2.0, 1.0]]), np.array([0.0, 0.0])),
      (np.array([[1.0, -1.0]]), np.array([0.25]))],
     {"output_activation": "sigmoid"}),
]


def forward_stability(ctx: Ctx) -> None:
    ctx.grade("stability")
    for X, params, kw in STABILITY_CASES:
        X = X.copy()
        params = [(W.copy(), b.copy()) for W, b in params]
        y_hat, _c, expected, show = _forward(ctx, X, params, kw)
        args = (X, params)
        try:
            g = as_array(y_hat, func="forward", shape=expected.shape)
        except (Invalid, ShapeError) as err:
            ctx.record("reference", "mismatch")
            raise CheckFailure("forward", show, fmt(expected), fmt(y_hat),
                               pick_hint(FORWARD_HINTS, args, kw, y_hat, expected), what=err.reason,
                               status="invalid" if isinstance(err, Invalid) else "failed") from None
        rtol, atol = tolerance(expected.dtype)
        mm = first_mismatch(g, expected, rtol=rtol, atol=atol)
        ctx.record("reference", "mismatch" if mm else "match")
        record_torch(ctx, "forward", args, kw, g, rtol=rtol, atol=atol)
        if mm:
            raise CheckFailure("forward", show, fmt(expected), fmt(g),
                               pick_hint(FORWARD_HINTS, args, kw, g, expected),
                               what=Text("valor incorrecto", "wrong value"), detail=mm.text)


def forward_shapes(ctx: Ctx) -> None:
    rng = np.random.default_rng(5)
    params = _params([3, 4, 2], rng)
    for n in (1, 5):
        _forward_case(ctx, rng.uniform(-1, 1, (n, 3)), params, {})
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
SOFTMAX_VJP = Text("dZ = A ⊙ (dA − Σ_j dA_j A_j) (la suma, por filas)",
                   "dZ = A ⊙ (dA − Σ_j dA_j A_j) (the sum, along each row)")


def _bwd_hint(variant: Callable[[tuple, dict], list], text: Text, *, when: Callable[[str, str], bool] = lambda a, o: True,
              scaled: bool = False) -> Hint:
    """A hint for backward's gradients `g` (a list of (dW, db)) that equal what `variant`
    computes on the same input (X, y, params) — up to a constant with `scaled`."""
    def detect(a: tuple, k: dict, g: list, e: list) -> bool:
        if not when(*_names(k)):
            return False
        v = _flat(variant(a, k))
        return _proportional(_flat(g), v) if scaled else allclose(_flat(g), v)
    return Hint(detect, text)


def _softmax_rule(rule: Rule) -> Callable[[tuple, dict], list]:
    return lambda a, k: _grads(*a, k, out_rule=_softmax_only(rule))


def _is_softmax(act: str, out: str) -> bool:
    return out == "softmax"


NO_DERIVATIVE = Text("falta multiplicar por la derivada de la activación: dZ = dA ⊙ f'(Z).",
                     "the activation's derivative is missing: dZ = dA ⊙ f'(Z).")
BACKWARD_HINTS = [
    Hint(lambda a, k, g, e: allclose(_flat([(np.asarray(w).T, b) for w, b in g]), _flat(e)), TRANSPOSED),
    _bwd_hint(_softmax_rule(lambda dA, Z, A, name, y: dA * A * (1.0 - A)),
              Text("solo usas la diagonal A(1 − A) de la jacobiana de softmax; softmax mezcla cada fila "
                   "(jacobiana diag(A) − A Aᵀ): ",
                   "you use only the diagonal A(1 − A) of softmax's Jacobian; softmax mixes each row "
                   "(Jacobian diag(A) − A Aᵀ): ") + SOFTMAX_VJP + ".", when=_is_softmax),
    _bwd_hint(_softmax_rule(lambda dA, Z, A, name, y: dA),
              Text("en la salida softmax dZ no es dA: hay que aplicar la jacobiana de softmax, ",
                   "at a softmax output dZ is not dA: apply softmax's Jacobian, ") + SOFTMAX_VJP + ".",
              when=_is_softmax),
    _bwd_hint(_softmax_rule(lambda dA, Z, A, name, y: A - y),
              Text("dZ = ŷ − y es el atajo de softmax con entropía cruzada; aquí la pérdida es el MSE: "
                   "dA = 2(ŷ − y)/N y ",
                   "dZ = ŷ − y is the shortcut of softmax with cross-entropy; here the loss is the MSE: "
                   "dA = 2(ŷ − y)/N and ") + SOFTMAX_VJP + ".", when=_is_softmax, scaled=True),
    Hint(lambda a, k, g, e: _names(k)[1] == "softmax" and not np.any(_flat(g[-1:]))
         and np.any(_flat(e[-1:])),
         Text("los gradientes de la capa de salida son cero, pero con salida softmax ",
              "the output layer's gradients are zero, but with a softmax output ") + SOFTMAX_VJP
         + Text(" no es cero.", " is not zero.")),
    _bwd_hint(lambda a, k: _grads(*a, k, out_rule=lambda dA, Z, A, name, y: _dz(
        dA, Z, _f(Z, _names(k)[0]), _names(k)[0], y)),
              Text("la derivada de la última capa es la de `output_activation`, no la de `activation`.",
                   "the last layer's derivative is that of `output_activation`, not of `activation`."),
              when=lambda act, out: act != out and out != "softmax"),
    _bwd_hint(lambda a, k: _grads(*a, k, out_rule=lambda dA, Z, A, name, y: _by_A(
        dA, Z, A, _names(k)[0], y)),
              Text("la derivada de la última capa es la de `output_activation`, no la de `activation`.",
                   "the last layer's derivative is that of `output_activation`, not of `activation`."),
              when=lambda act, out: act != out and out != "softmax"),
    _bwd_hint(lambda a, k: _grads(*a, k, out_rule=_at_A, hidden_rule=_at_A),
              Text("la derivada se evalúa en Z: σ'(Z) = σ(Z)(1 − σ(Z)) = A(1 − A) y tanh'(Z) = 1 − A²; "
                   "no apliques la activación otra vez a A (σ'(A) no es σ'(Z)).",
                   "the derivative is taken at Z: σ'(Z) = σ(Z)(1 − σ(Z)) = A(1 − A) and "
                   "tanh'(Z) = 1 − A²; do not apply the activation to A again (σ'(A) is not σ'(Z)).")),
    _bwd_hint(lambda a, k: _grads(*a, k, out_rule=lambda dA, Z, A, name, y: dA,
                                  hidden_rule=lambda dA, Z, A, name, y: dA), NO_DERIVATIVE),
    _bwd_hint(lambda a, k: _grads(*a, k, hidden_rule=lambda dA, Z, A, name, y: dA), NO_DERIVATIVE),
    Hint(lambda a, k, g, e: _scaled(_flat(g), _flat(e)),
         Text("el gradiente es proporcional pero con otro factor: dL/dŷ = 2(ŷ − y)/N con N = número total "
              "de elementos de y.",
              "the gradient is proportional but with another factor: dL/dŷ = 2(ŷ − y)/N with N = the "
              "total number of entries of y.")),
]
FORWARD_WRONG = Text(
    "tu `forward` da un ŷ incorrecto en esta entrada y `backward` recibe su `cache`: arregla "
    "primero `forward` (sus pruebas muestran el caso).",
    "your `forward` gives a wrong ŷ on this input and `backward` gets its `cache`: fix `forward` "
    "first (its tests show the case).")


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
    y_hat, cache, y_hat_ref, fshow = _forward(ctx, X, params, kw)
    cache = _cache(ctx, cache, fshow)
    kws = "".join(f", {k}={v!r}" for k, v in kw.items())
    show = _show("backward(y, cache, params)", kw, [("X", X), ("y", y), ("params", params)],
                 then=f", cache = forward(X, params{kws})[1]")
    got = ctx.invoke("backward", (y, cache, params), kw, show=show)[0]
    _, ref_cache = R.forward(X, params, **kw)
    expected = R.backward(y, ref_cache, params, **kw)
    grads = _param_list("backward", got, expected, show, names=("dW", "db"))

    def hint() -> Text:
        if not allclose(y_hat, y_hat_ref):
            return FORWARD_WRONG
        return pick_hint(BACKWARD_HINTS, (X, y, params), kw, grads, expected)

    _compare_pairs(ctx, "backward", grads, expected, show, ("dW", "db"), hint, from_output=True)
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
               {"activation": "sigmoid", "output_activation": "sigmoid"},
               {"activation": "relu", "output_activation": "tanh"}):
        _backward_case(ctx, X.copy(), y.copy(), params, kw)
    ctx.forall(_net(), lambda c: _backward_case(ctx, *c), max_examples=8)


def backward_softmax(ctx: Ctx) -> None:
    rng = np.random.default_rng(12)
    X = rng.uniform(-2, 2, (4, 3))
    y = np.eye(3)[[0, 2, 1, 2]]  # one-hot targets
    _backward_case(ctx, X, y, _params([3, 4, 3], rng, 2.0), {"output_activation": "softmax"})
    X, y = rng.uniform(-2, 2, (2, 2)), rng.uniform(0, 1, (2, 2))
    _backward_case(ctx, X, y, _params([2, 2, 2], rng, 2.0),
                   {"activation": "tanh", "output_activation": "softmax"})
    ctx.forall(_net(softmax=True), lambda c: _backward_case(ctx, *c), max_examples=8)


def backward_shapes(ctx: Ctx) -> None:
    rng = np.random.default_rng(9)
    params = _params([4, 2, 3], rng)  # not square: dW must be (out, in)
    X, y = rng.uniform(-1, 1, (1, 4)), rng.uniform(-1, 1, (1, 3))
    _backward_case(ctx, X, y, params, {})
    _y_hat, cache, _e, fshow = _forward(ctx, X, params, {})
    cache = _cache(ctx, cache, fshow)
    expect_unchanged(ctx, "backward", (y, cache, params), names=("y", "cache", "params"))


# --- gd_step -----------------------------------------------------------------------------------
def _gd_hint(update: Callable[[np.ndarray, np.ndarray, float], np.ndarray], text: Text) -> Hint:
    def detect(a: tuple, k: dict, g: list, e: list) -> bool:
        params, grads, lr = a
        v = [(update(np.asarray(W), np.asarray(dW), lr), update(np.asarray(b), np.asarray(db), lr))
             for (W, b), (dW, db) in zip(params, grads)]
        return allclose(_flat(g), _flat(v))
    return Hint(detect, text)


GD_HINTS = [
    _gd_hint(lambda p, g, lr: p + lr * g,
             Text("el signo: θ ← θ − lr·∂L/∂θ (se resta el gradiente).",
                  "the sign: θ ← θ − lr·∂L/∂θ (the gradient is subtracted).")),
    _gd_hint(lambda p, g, lr: p - g,
             Text("falta multiplicar el gradiente por lr: θ ← θ − lr·∂L/∂θ.",
                  "the gradient is not multiplied by lr: θ ← θ − lr·∂L/∂θ.")),
    _gd_hint(lambda p, g, lr: p - g / lr,
             Text("multiplica por lr, no dividas: θ ← θ − lr·∂L/∂θ.",
                  "multiply by lr, do not divide: θ ← θ − lr·∂L/∂θ.")),
]
GD_GENERIC = Text("θ ← θ − lr·∂L/∂θ para cada W y b.", "θ ← θ − lr·∂L/∂θ for every W and b.")


def _gd_case(ctx: Ctx, params: list, grads: list, lr: float) -> list:
    show = _show(f"gd_step(params, grads, {lr!r})", {}, [("params", params), ("grads", grads)])
    got = ctx.invoke("gd_step", (params, grads, lr), show=show)[0]
    expected = R.gd_step(params, grads, lr)
    new = _param_list("gd_step", got, expected, show)
    _compare_pairs(ctx, "gd_step", new, expected, show, ("W", "b"),
                   lambda: pick_hint(GD_HINTS, (params, grads, lr), {}, new, expected) or GD_GENERIC)
    record_torch(ctx, "gd_step", (params, grads, lr), {}, new, rtol=1e-6, atol=1e-9)
    return new


@st.composite
def _gd(draw: st.DrawFn) -> tuple:
    sizes = draw(st.lists(st.integers(1, 4), min_size=2, max_size=4))
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    return _params(sizes, rng), _params(sizes, rng), draw(st.sampled_from([0.01, 0.1, 0.5, 2.0]))


def gd_values(ctx: Ctx) -> None:
    ctx.forall(_gd(), lambda c: _gd_case(ctx, *c), max_examples=12)


def gd_no_mutation(ctx: Ctx) -> None:
    rng = np.random.default_rng(13)
    params, grads = _params([3, 2, 1], rng), _params([3, 2, 1], rng)
    expect_unchanged(ctx, "gd_step", (params, grads, 0.1), names=("params", "grads", "lr"))


def gd_training(ctx: Ctx) -> None:
    """50 steps of reference forward/backward with the student's gd_step lower the loss."""
    rng = np.random.default_rng(10)
    X = rng.uniform(-1, 1, (8, 2))
    y = (X[:, :1] * X[:, 1:] > 0).astype(float)
    params0 = _params([2, 4, 1], rng)
    params = params0
    losses = [R.mse_loss(R.forward(X, params)[0], y)]
    for _ in range(50):
        y_hat, cache = R.forward(X, params)
        grads = R.backward(y, cache, params)
        params = _param_list("gd_step", ctx.call("gd_step", params, grads, 0.5), params,
                             "gd_step(params, grads, 0.5)")
        losses.append(R.mse_loss(R.forward(X, params)[0], y))
    first, last = losses[0], losses[-1]
    ok = last < first
    ctx.record("behaviour", "match" if ok else "mismatch")
    if not ok:
        setup = (f"X = {fmt(X, max_chars=2000)}; y[:, 0] = {fmt(y[:, 0], max_chars=2000)}; "
                 f"params₀ = {fmt(params0, max_chars=2000)}")
        raise CheckFailure("gd_step", "50 × params = gd_step(params, backward(y, cache, params), 0.5) "
                           "(forward/backward de referencia / the reference's), cache = forward(X, params)[1]; "
                           + setup,
                           f"MSE < {fmt(first)}", fmt(last), GD_GENERIC,
                           what=Text("el descenso por gradiente no reduce la pérdida",
                                     "gradient descent does not lower the loss"),
                           figure=curve_figure(_reference_losses(X, y, params0), losses, "MSE"))


def _reference_losses(X: np.ndarray, y: np.ndarray, params: list) -> list[float]:
    """The MSE after each of gd_training's 50 steps, taken with the reference's gd_step."""
    losses = [R.mse_loss(R.forward(X, params)[0], y)]
    for _ in range(50):
        params = R.gd_step(params, R.backward(y, R.forward(X, params)[1], params), 0.5)
        losses.append(R.mse_loss(R.forward(X, params)[0], y))
    return losses


TESTS = [
    HiddenTest("init_params.shapes", "init_params", 0.25,
               Text("una lista de pares (W, b) con formas (salida, entrada) y (salida,) por capa",
                    "a list of (W, b) pairs shaped (out, in) and (out,) per layer"),
               init_shapes, graded=frozenset({"values"})),
    HiddenTest("init_params.random", "init_params", 0.5,
               Text("misma semilla, mismos pesos; sin `seed`, los de seed=0; otra semilla, otros pesos; "
                    "pesos aleatorios (rompen la simetría)",
                    "same seed, same weights; without `seed`, those of seed=0; another seed, other "
                    "weights; random weights (they break the symmetry)"),
               init_random, graded=frozenset({"behaviour"})),
    HiddenTest("init_params.scale", "init_params", 0.25,
               Text("W y b uniformes en ±1/√H_{l−1} como torch.nn.Linear (dentro de la cota, llenándola, "
                    "centrados; b también aleatorio)",
                    "W and b uniform in ±1/√H_{l−1} like torch.nn.Linear (within the bound, filling "
                    "it, centred; b random too)"),
               init_scale, graded=frozenset({"values"})),
    HiddenTest("count_parameters.slides", "count_parameters", 0.5,
               Text("2-100-100-100-1 tiene 20601 parámetros (y los modelos logísticos: 3, 6, 15)",
                    "2-100-100-100-1 has 20601 parameters (and the logistic models: 3, 6, 15)"),
               count_slides, graded=frozenset({"values"})),
    HiddenTest("count_parameters.values", "count_parameters", 0.5,
               Text("redes aleatorias de hasta 5 capas", "random networks of up to 5 layers"),
               count_values, graded=frozenset({"values"})),
    HiddenTest("forward.values", "forward", 1.0,
               Text("ŷ de redes aleatorias (sigmoid, relu, tanh, identidad; salida identidad, sigmoid "
                    "o tanh; también con las activaciones por defecto)",
                    "ŷ of random networks (sigmoid, relu, tanh, identity; identity, sigmoid or tanh "
                    "output; also with the default activations)"),
               forward_values, graded=frozenset({"values"})),
    HiddenTest("forward.softmax", "forward", 0.5,
               Text("ŷ con output_activation=\"softmax\" (softmax de cada fila)",
                    "ŷ with output_activation=\"softmax\" (softmax of each row)"),
               forward_softmax, graded=frozenset({"values"})),
    HiddenTest("forward.stability", "forward", 0.25,
               Text("preactivaciones grandes (|Z| hasta ~1e3): sigmoid y softmax dan valores finitos y "
                    "correctos",
                    "large pre-activations (|Z| up to ~1e3): sigmoid and softmax give finite, right "
                    "values"),
               forward_stability, graded=frozenset({"stability"})),
    HiddenTest("forward.shapes", "forward", 0.25,
               Text("ŷ con forma (n, salida) para n = 1 y 5; X y params sin modificar",
                    "ŷ shaped (n, out) for n = 1 and 5; X and params not modified"),
               forward_shapes, graded=frozenset({"no_mutation", "values"})),
    HiddenTest("mse_loss.values", "mse_loss", 1.0,
               Text("media sobre todos los elementos", "mean over all entries"),
               mse_values, graded=frozenset({"values"})),
    HiddenTest("backward.values", "backward", 2.0,
               Text("gradientes con las activaciones por defecto (sigmoid oculta, salida identidad) "
                    "frente a la referencia",
                    "gradients with the default activations (sigmoid hidden, identity output) "
                    "against the reference"),
               backward_values, requires=["forward", "backward"], graded=frozenset({"values"})),
    HiddenTest("backward.activations", "backward", 1.0,
               Text("gradientes con relu, tanh e identidad ocultas y salida sigmoid o tanh",
                    "gradients with relu, tanh and identity hidden layers and a sigmoid or tanh output"),
               backward_activations, requires=["forward", "backward"], graded=frozenset({"values"})),
    HiddenTest("backward.softmax", "backward", 0.5,
               Text("gradientes con salida softmax (su jacobiana completa, no solo la diagonal)",
                    "gradients with a softmax output (its whole Jacobian, not only the diagonal)"),
               backward_softmax, requires=["forward", "backward"], graded=frozenset({"values"})),
    HiddenTest("backward.shapes", "backward", 0.5,
               Text("dW con la forma de W (salida, entrada); y, cache y params sin modificar",
                    "dW shaped like W (out, in); y, cache and params not modified"),
               backward_shapes, requires=["forward", "backward"], graded=frozenset({"no_mutation", "values"})),
    HiddenTest("gd_step.values", "gd_step", 0.5,
               Text("θ − lr·∂L/∂θ en cada capa", "θ − lr·∂L/∂θ in every layer"),
               gd_values, graded=frozenset({"values"})),
    HiddenTest("gd_step.no_mutation", "gd_step", 0.25,
               Text("params y grads sin modificar (devuelve arrays nuevos)",
                    "params and grads not modified (it returns new arrays)"),
               gd_no_mutation, graded=frozenset({"no_mutation"})),
    HiddenTest("gd_step.training", "gd_step", 0.25,
               Text("50 pasos (con forward y backward de referencia) reducen la pérdida",
                    "50 steps (with the reference forward and backward) lower the loss"),
               gd_training, graded=frozenset({"behaviour"})),
]
