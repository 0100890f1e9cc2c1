"""Hidden tests of 13_vanishing_gradients: init_params (exact draws of the stated generator use,
and distribution properties that a correct answer fails with probability < 1e-9) and
gradient_norms (against the reference, whose values tests/test_reference checks against torch
autograd; relative tolerance 1e-9 with no absolute floor, so norms of 1e-36 are compared too).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from hypothesis import strategies as st

from grader.grading.checks import (
    CheckFailure,
    Ctx,
    HiddenTest,
    Hint,
    Text,
    expect_dtype,
    expect_no_warnings,
    expect_unchanged,
    fmt,
    fmt_call,
    record_torch,
    value_case,
)
from reference import vanishing as R

VALUES, NO_MUT, DTYPE, BEHAVIOUR = (frozenset({"values"}), frozenset({"no_mutation"}),
                                    frozenset({"dtype"}), frozenset({"behaviour"}))
RTOL = 1e-9


# --- wrong variants, for the hints ---------------------------------------------------------------
def _init_variant(depth, width, d_in, init="uniform", seed=0, *, per_layer_rng=False,
                  transposed=False, bound=None, std=None):
    rng = np.random.default_rng(seed)
    out, fan_in = [], d_in
    for _ in range(depth):
        if per_layer_rng:
            rng = np.random.default_rng(seed)
        shape = (fan_in, width) if transposed else (width, fan_in)
        if init == "uniform":
            a = (bound or (lambda f: 1 / math.sqrt(f)))(fan_in)
            W = rng.uniform(-a, a, size=shape)
        else:
            W = rng.normal(0.0, (std or (lambda f: math.sqrt(2 / f)))(fan_in), size=shape)
        out.append((W, np.zeros(width)))
        fan_in = width
    return out


INIT_HINTS = [
    (dict(transposed=True), Text(
        "W_l tiene forma (width, fan_in), la convención de torch.nn.Linear (Z = X Wᵀ + b), no "
        "(fan_in, width).",
        "W_l has shape (width, fan_in), torch.nn.Linear's convention (Z = X Wᵀ + b), not "
        "(fan_in, width).")),
    (dict(per_layer_rng=True), Text(
        "creas un generador nuevo en cada capa: crea uno solo, rng = np.random.default_rng(seed), "
        "y saca las capas de él una tras otra.",
        "you create a new generator in every layer: create one, rng = np.random.default_rng(seed), "
        "and draw the layers from it one after another.")),
    (dict(bound=lambda f: 1 / f), Text("el límite es 1/√fan_in, no 1/fan_in.",
                                       "the bound is 1/√fan_in, not 1/fan_in.")),
    (dict(bound=lambda f: math.sqrt(6 / f)), Text(
        "√(6/fan_in) es el He uniforme; init='uniform' pide U(−1/√fan_in, 1/√fan_in).",
        "√(6/fan_in) is He uniform; init='uniform' asks for U(−1/√fan_in, 1/√fan_in).")),
    (dict(std=lambda f: 2 / f), Text(
        "2/fan_in es la varianza de He: la desviación típica (scale de rng.normal) es √(2/fan_in).",
        "2/fan_in is He's variance: the standard deviation (rng.normal's scale) is √(2/fan_in).")),
    (dict(std=lambda f: math.sqrt(1 / f)), Text(
        "He usa varianza 2/fan_in (el 2 compensa la mitad de unidades que ReLU anula).",
        "He uses variance 2/fan_in (the 2 makes up for the half of the units ReLU zeroes).")),
]


def _same_params(got: Any, exp: list) -> bool:
    try:
        return (isinstance(got, (list, tuple)) and len(got) == len(exp) and all(
            isinstance(p, (list, tuple)) and len(p) == 2
            and all(np.shape(g) == e.shape and np.allclose(np.asarray(g, dtype=np.float64), e,
                                                           rtol=1e-12, atol=0.0)
                    for g, e in zip(p, q)) for p, q in zip(got, exp)))
    except (TypeError, ValueError):
        return False


def _init_case(ctx: Ctx, args: tuple, kw: dict) -> None:
    ctx.grade("values")
    exp = R.init_params(*args, **kw)
    show = fmt_call("init_params", args, kw)
    got = ctx.call("init_params", *args, **kw)
    ok = _same_params(got, exp)
    ctx.record("reference", "match" if ok else "mismatch")
    record_torch(ctx, None, args, kw, got)
    if not ok:
        hint = Text("", "")
        for flags, text in INIT_HINTS:
            if _same_params(got, _init_variant(*args, **kw, **flags)):
                hint = text
                break
        shapes = [(e[0].shape, e[1].shape) for e in exp]
        raise CheckFailure("init_params", show, f"{len(exp)} (W, b): shapes {shapes}, W[0] = "
                           f"{fmt(exp[0][0], max_chars=120)}", fmt(got, max_chars=300), hint,
                           what=Text("parámetros incorrectos", "wrong parameters"))


def init_values(ctx: Ctx) -> None:
    for args, kw in [((3, 4, 2), {}), ((2, 5, 3, "he"), {}), ((2, 3, 4), {"seed": 7}),
                     ((4, 3, 6), {"init": "he", "seed": 11}), ((1, 2, 3, "uniform", 5), {})]:
        _init_case(ctx, args, kw)
    ctx.forall(st.tuples(st.integers(1, 5), st.integers(1, 6), st.integers(1, 6),
                         st.sampled_from(["uniform", "he"]), st.integers(0, 10**6)),
               lambda c: _init_case(ctx, c[:3], {"init": c[3], "seed": c[4]}), max_examples=12)


def _stat_fail(show: str, expected: str, got: str, en: str, es: str) -> CheckFailure:
    return CheckFailure("init_params", show, expected, got,
                        Text("W = rng.uniform(−1/√fan_in, 1/√fan_in, (width, fan_in)) o "
                             "rng.normal(0, √(2/fan_in), (width, fan_in)); b = ceros.",
                             "W = rng.uniform(−1/√fan_in, 1/√fan_in, (width, fan_in)) or "
                             "rng.normal(0, √(2/fan_in), (width, fan_in)); b = zeros."),
                        what=Text(es, en))


def init_statistics(ctx: Ctx) -> None:
    """2 layers, width 150, d_in 40: shapes, float64, b exactly 0, |W| <= 1/√fan_in (uniform);
    on W_2 (22500 entries): mean and mean of squares within Hoeffding (uniform) / Gaussian and
    chi-square Chernoff bounds (he), each failed by a correct answer with probability < 1e-10."""
    width, d_in = 150, 40
    for init, seed in (("uniform", 1), ("uniform", 2), ("he", 3), ("he", 4)):
        show = fmt_call("init_params", (2, width, d_in), {"init": init, "seed": seed})
        got = ctx.call("init_params", 2, width, d_in, init=init, seed=seed)
        ok_shape = (isinstance(got, (list, tuple)) and len(got) == 2 and all(
            isinstance(p, (list, tuple)) and len(p) == 2 and all(isinstance(x, np.ndarray) for x in p)
            for p in got))
        if ok_shape:
            (W1, b1), (W2, b2) = got
            ok_shape = (W1.shape == (width, d_in) and W2.shape == (width, width)
                        and b1.shape == b2.shape == (width,)
                        and all(x.dtype == np.float64 for x in (W1, b1, W2, b2)))
        ctx.record("behaviour", "match" if ok_shape else "mismatch")
        if not ok_shape:
            raise _stat_fail(show, "[(W (150, 40), b (150,)), (W (150, 150), b (150,))], float64",
                             fmt(got, max_chars=200), "wrong shapes or dtype",
                             "formas o dtype incorrectos")
        ok = not b1.any() and not b2.any()
        ctx.record("behaviour", "match" if ok else "mismatch")
        if not ok:
            raise _stat_fail(show, "b = 0", "b ≠ 0", "the biases are not 0", "los sesgos no son 0")
        n = W2.size
        if init == "uniform":
            ok = np.all(np.abs(W1) <= 1 / math.sqrt(d_in)) and np.all(np.abs(W2) <= 1 / math.sqrt(width))
            ctx.record("behaviour", "match" if ok else "mismatch")
            if not ok:
                raise _stat_fail(show, "|W_l| ≤ 1/√fan_in", f"max |W_1| = {np.abs(W1).max():.4g}, "
                                 f"max |W_2| = {np.abs(W2).max():.4g}", "weights out of ±1/√fan_in",
                                 "pesos fuera de ±1/√fan_in")
            a2 = 1 / width
            mean_tol = math.sqrt(a2) * math.sqrt(2 * math.log(2e10) / n)
            var, var_tol = a2 / 3, a2 * math.sqrt(math.log(2e10) / (2 * n))
        else:
            var = 2 / width
            mean_tol, var_tol = 6.5 * math.sqrt(var / n), 0.1 * var
        m, s = float(W2.mean()), float(np.mean(W2 ** 2))
        ok = abs(m) <= mean_tol and abs(s - var) <= var_tol
        ctx.record("behaviour", "match" if ok else "mismatch")
        if not ok:
            raise _stat_fail(show, f"mean(W_2) = 0 ± {mean_tol:.2g}, mean(W_2²) = {var:.4g} ± {var_tol:.2g}",
                             f"{m:.4g}, {s:.4g}", "W_2 does not have the stated distribution",
                             "W_2 no tiene la distribución pedida")
    # defaults, determinism, seeds
    base = ctx.call("init_params", 2, 6, 3)
    again = ctx.call("init_params", 2, 6, 3, "uniform", 0)
    other = ctx.call("init_params", 2, 6, 3, seed=1)
    ok = _same_params(base, [(np.asarray(W), np.asarray(b)) for W, b in again]) and not _same_params(
        other, [(np.asarray(W), np.asarray(b)) for W, b in again])
    ctx.record("behaviour", "match" if ok else "mismatch")
    if not ok:
        raise _stat_fail("init_params(2, 6, 3) / init_params(2, 6, 3, 'uniform', 0) / "
                         "init_params(2, 6, 3, seed=1)", "igual, igual, distinto / same, same, different",
                         "no", "defaults (init='uniform', seed=0) or seeds wrong",
                         "valores por defecto (init='uniform', seed=0) o semillas incorrectos")


# --- gradient_norms ------------------------------------------------------------------------------
def _f(Z, act):
    return {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "tanh": np.tanh,
            "relu": lambda z: np.maximum(z, 0)}[act](Z)


def _norms_variant(params, X, act, *, loss="mean", last_linear=False, deriv=None, reverse=False):
    A = np.asarray(X, dtype=np.float64)
    cache = []
    for i, (W, b) in enumerate(params):
        Z = A @ np.asarray(W, dtype=np.float64).T + b
        cache.append((A, np.asarray(W, dtype=np.float64), Z))
        A = Z if last_linear and i == len(params) - 1 else _f(Z, act)
    dA = np.full(A.shape, {"mean": 1 / A.size, "sum": 1.0, "rows": 1 / A.shape[0]}[loss])
    out = []
    for i in range(len(params) - 1, -1, -1):
        A_prev, W, Z = cache[i]
        if last_linear and i == len(params) - 1:
            d = np.ones_like(Z)
        elif deriv == "a":
            d = _f(Z, act)
        elif deriv == "z2":
            d = 1 - Z ** 2
        else:
            F = _f(Z, act)
            d = {"sigmoid": F * (1 - F), "tanh": 1 - F ** 2, "relu": (Z > 0) * 1.0}[act]
        dZ = dA * d
        out.append(np.linalg.norm(dZ.T @ A_prev))
        dA = dZ @ W
    out = np.array(out)
    return out if reverse else out[::-1]


def _nv(text: Text, **kw) -> Hint:
    def detect(a, k, got, exp):
        with np.errstate(all="ignore"):
            v = _norms_variant(*a, **kw)
        g = np.asarray(got, dtype=np.float64)
        return g.shape == v.shape and not np.allclose(v, exp, rtol=1e-6, atol=0) and bool(
            np.allclose(g, v, rtol=1e-6, atol=0))
    return Hint(detect, text)


NORM_HINTS = [
    _nv(Text("sumas en vez de promediar: L = mean(A_depth), así que ∂L/∂A_depth = 1/(n·width).",
             "you sum instead of averaging: L = mean(A_depth), so ∂L/∂A_depth = 1/(n·width)."),
        loss="sum"),
    _nv(Text("promedias solo sobre las muestras: la media es sobre las n·width salidas.",
             "you average over the samples only: the mean is over all n·width outputs."), loss="rows"),
    _nv(Text("la última capa también aplica la activación (y su derivada).",
             "the last layer applies the activation too (and its derivative)."), last_linear=True),
    _nv(Text("devuelves las normas de la salida a la entrada: el orden es la capa de entrada primero.",
             "you return the norms from the output to the input: the input layer comes first."),
        reverse=True),
    _nv(Text("usas f(z) como derivada: σ' = σ(1 − σ), tanh' = 1 − tanh², relu' = [z > 0].",
             "you use f(z) as the derivative: σ' = σ(1 − σ), tanh' = 1 − tanh², relu' = [z > 0]."),
        deriv="a"),
    _nv(Text("tanh' = 1 − tanh²(z), no 1 − z².", "tanh' = 1 − tanh²(z), not 1 − z²."), deriv="z2"),
]


def _net(depth, width, d_in, n, act, init, seed, bias=True):
    rng = np.random.default_rng(seed + 1000)
    params = [(W, rng.uniform(-0.5, 0.5, W.shape[0]) if bias else b)
              for W, b in R.init_params(depth, width, d_in, init, seed)]
    return params, rng.uniform(-2.0, 2.0, (n, d_in)), act


def _norms_case(ctx: Ctx, params, X, act, **kw) -> None:
    value_case(ctx, "gradient_norms", (params, X, act), rtol=RTOL, atol=0.0, hints=NORM_HINTS,
               figure="curve", **kw)


WORKED = ([(np.array([[1.0]]), np.array([-1.0])), (np.array([[1.0]]), np.array([-0.5]))],
          np.array([[1.0]]), "sigmoid")


def norms_values(ctx: Ctx) -> None:
    _norms_case(ctx, *WORKED, expected=np.array([0.0625, 0.125]))
    ctx.forall(st.tuples(st.integers(1, 8), st.integers(1, 6), st.integers(1, 5), st.integers(1, 6),
                         st.sampled_from(["sigmoid", "tanh", "relu"]),
                         st.sampled_from(["uniform", "he"]), st.integers(0, 10**6)),
               lambda c: _norms_case(ctx, *_net(*c)), max_examples=25)


def _chain(L: int):
    """The statement's chain: x = 1, every w = 1, b_1 = −1, b_l = −1/2: every z = 0."""
    return ([(np.array([[1.0]]), np.array([-1.0]))] + [(np.array([[1.0]]), np.array([-0.5]))] * (L - 1),
            np.array([[1.0]]), "sigmoid")


def norms_deep(ctx: Ctx) -> None:
    L = 30
    exp = np.array([0.25 ** L] + [0.5 * 0.25 ** (L - l + 1) for l in range(2, L + 1)])
    _norms_case(ctx, *_chain(L), expected=exp)
    for depth, width, act, init, seed in [(20, 8, "sigmoid", "uniform", 1), (30, 16, "sigmoid", "uniform", 2),
                                          (40, 12, "sigmoid", "he", 3), (30, 10, "tanh", "uniform", 4),
                                          (25, 16, "relu", "uniform", 5)]:
        _norms_case(ctx, *_net(depth, width, 6, 5, act, init, seed))


def _setting(depth, init, seed):
    return R.init_params(depth, 64, 32, init, seed), np.random.default_rng(100 + seed).standard_normal((100, 32))


def norms_behaviour(ctx: Ctx) -> None:
    for depth, ratio in ((10, 1e-8), (30, 1e-20)):
        for seed in (0, 1):
            params, X = _setting(depth, "uniform", seed)
            show = f"gradient_norms(init_params({depth}, 64, 32, seed={seed}), X, 'sigmoid')"
            g = np.asarray(ctx.call("gradient_norms", params, X, "sigmoid"), dtype=np.float64)
            ok = g.shape == (depth,) and bool(np.all(np.diff(g) > 0)) and g[0] / g[-1] < ratio
            ctx.record("behaviour", "match" if ok else "mismatch")
            if not ok:
                raise CheckFailure("gradient_norms", show,
                                   Text(f"normas crecientes hacia la salida, g[0]/g[-1] < {ratio:g}",
                                        f"norms increasing towards the output, g[0]/g[-1] < {ratio:g}"),
                                   fmt(g, max_chars=200),
                                   Text("con sigmoide cada capa multiplica el gradiente por σ' ≤ 1/4 "
                                        "y por w: se desvanece hacia la entrada.",
                                        "with sigmoid each layer multiplies the gradient by σ' ≤ 1/4 "
                                        "and by w: it vanishes towards the input."),
                                   what=Text("el gradiente no se desvanece", "the gradient does not vanish"))
            params, X = _setting(depth, "he", seed)
            show = f"gradient_norms(init_params({depth}, 64, 32, 'he', seed={seed}), X, 'relu')"
            g = np.asarray(ctx.call("gradient_norms", params, X, "relu"), dtype=np.float64)
            ok = g.shape == (depth,) and g.min() > 1e-2 and g.max() / g.min() <= 20
            ctx.record("behaviour", "match" if ok else "mismatch")
            if not ok:
                raise CheckFailure("gradient_norms", show,
                                   Text("todas > 0.01 y máx/mín ≤ 20", "all > 0.01 and max/min ≤ 20"),
                                   fmt(g, max_chars=200),
                                   Text("con ReLU e inicialización He, relu' = 1 donde z > 0 y el "
                                        "gradiente no se desvanece.",
                                        "with ReLU and He init, relu' = 1 where z > 0 and the "
                                        "gradient does not vanish."),
                                   what=Text("normas ReLU/He fuera de rango", "ReLU/He norms out of range"))


def norms_stability(ctx: Ctx) -> None:
    for depth, act, scale, seed in ((3, "sigmoid", 1000.0, 1), (5, "sigmoid", 300.0, 2),
                                    (4, "tanh", 1000.0, 3)):
        params, X, _ = _net(depth, 6, 4, 5, act, "he", seed)
        X = X * scale
        exp = R.gradient_norms(params, X, act)
        value_case(ctx, "gradient_norms", (params, X, act), rtol=1e-6, atol=1e-6 * float(exp.max()),
                   prop="stability")
        expect_no_warnings(ctx, "gradient_norms", fmt_call("gradient_norms", (params, X, act)),
                           Text("sigmoide estable: np.exp(-np.abs(z)) nunca desborda.",
                                "stable sigmoid: np.exp(-np.abs(z)) never overflows."))


def norms_dtype(ctx: Ctx) -> None:
    params, X, act = _net(3, 4, 3, 5, "tanh", "uniform", 9)
    p32 = [(W.astype(np.float32), b.astype(np.float32)) for W, b in params]
    args = (p32, X.astype(np.float32), act)
    got = ctx.call("gradient_norms", *args)
    expect_dtype(ctx, "gradient_norms", got, np.float64, fmt_call("gradient_norms", args),
                 Text("calcula en float64 (np.asarray(X, dtype=np.float64)): con float32 entra, "
                      "float64 sale.", "compute in float64 (np.asarray(X, dtype=np.float64)): "
                      "float32 in, float64 out."))


def norms_no_mutation(ctx: Ctx) -> None:
    for act in ("sigmoid", "relu"):
        params, X, _ = _net(3, 4, 3, 5, act, "uniform", 4)
        expect_unchanged(ctx, "gradient_norms", (params, X, act), names=("params", "X", "activation"))


TESTS = [
    HiddenTest("init_params.values", "init_params", 2.0,
               Text("los valores exactos del uso pedido de np.random.default_rng(seed) (uniforme y "
                    "He, valores por defecto incluidos), frente a la referencia",
                    "the exact values of the stated use of np.random.default_rng(seed) (uniform "
                    "and He, default values included), against the reference"),
               init_values, graded=VALUES),
    HiddenTest("init_params.statistics", "init_params", 1.5,
               Text("formas, float64, sesgos 0, |W| ≤ 1/√fan_in, media y varianza (cotas que una "
                    "respuesta correcta incumple con probabilidad < 1e-9), init='uniform' y seed=0 "
                    "por defecto, semillas distintas dan pesos distintos",
                    "shapes, float64, zero biases, |W| ≤ 1/√fan_in, mean and variance (bounds a "
                    "correct answer fails with probability < 1e-9), init='uniform' and seed=0 by "
                    "default, different seeds give different weights"),
               init_statistics, graded=BEHAVIOUR),
    HiddenTest("gradient_norms.values", "gradient_norms", 3.0,
               Text("redes aleatorias de 1 a 8 capas (sigmoid, tanh, relu), frente a la referencia "
                    "y torch.autograd, tolerancia relativa 1e-9",
                    "random networks of 1 to 8 layers (sigmoid, tanh, relu), against the reference "
                    "and torch.autograd, relative tolerance 1e-9"),
               norms_values, graded=VALUES),
    HiddenTest("gradient_norms.deep", "gradient_norms", 1.0,
               Text("redes de 20 a 40 capas (normas hasta 1e-36) y la cadena del enunciado, "
                    "tolerancia relativa 1e-9",
                    "networks of 20 to 40 layers (norms down to 1e-36) and the statement's chain, "
                    "relative tolerance 1e-9"),
               norms_deep, graded=VALUES),
    HiddenTest("gradient_norms.behaviour", "gradient_norms", 1.0,
               Text("el escenario del enunciado: sigmoide se desvanece, ReLU + He no",
                    "the statement's setting: sigmoid vanishes, ReLU + He does not"),
               norms_behaviour, graded=BEHAVIOUR),
    HiddenTest("gradient_norms.stability", "gradient_norms", 0.75,
               Text("preactivaciones de hasta ±1e4: valores finitos y correctos, sin avisos de NumPy",
                    "pre-activations up to ±1e4: finite, right values, no NumPy warnings"),
               norms_stability, graded=frozenset({"stability", "no_warnings"})),
    HiddenTest("gradient_norms.dtype", "gradient_norms", 0.25,
               Text("con params y X float32 devuelve float64", "float32 params and X in, float64 out"),
               norms_dtype, graded=DTYPE),
    HiddenTest("gradient_norms.no_mutation", "gradient_norms", 0.5,
               Text("no modifica params ni X", "does not modify params or X"),
               norms_no_mutation, graded=NO_MUT),
]
