"""Hidden tests of 10_regularization: L2 and L1 penalties and gradients, inverted dropout and
its backward pass, early stopping.

Penalties and gradients are compared with the reference (torch autograd recorded); at W = 0 any
subgradient of |W| in [−λ, λ] passes. Dropout's mask is the student's own draw: any correct way
to draw it from np.random.default_rng(seed) passes (rng.random(shape) >= p, rng.random < 1 − p,
rng.binomial(1, 1 − p, shape), rng.uniform...). It is graded through what every correct draw
shares: out == a·mask/(1 − p) for the returned mask, a 0/1 mask of a's shape, the keep rate and
the mean over many seeds (bounds that a correct answer fails with probability < 1e-9, see
`_hoeffding`), the same mask for the same seed, another for another seed, nothing at test time,
ValueError for p outside [0, 1). Early stopping: exact (best_epoch, stop_epoch) on hand-made
curves (ties, min_delta, patience 1, no stop, a curve shorter than patience, a new best at the
last moment) and on random curves against the reference. A failure's hint comes from running the
known wrong variants on the same input.
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
    allclose,
    arrays,
    as_array,
    expect_dtype,
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
from reference import regularization as R

VALUES, NO_MUT, DTYPE, BEHAVIOUR = (frozenset({"values"}), frozenset({"no_mutation"}),
                                    frozenset({"dtype"}), frozenset({"behaviour"}))
LAMS = [0.0, 0.01, 0.5, 2.0]


def _close(got: Any, value: Any) -> bool:
    try:
        g = np.asarray(got, dtype=np.float64)
        v = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    return g.shape == v.shape and bool(np.allclose(g, v, rtol=1e-9, atol=1e-12))


def _variant(f: Callable[..., Any], text: Text) -> Hint:
    """A wrong variant f(*args, **kwargs): its value is the student's -> text (when it differs
    from the expected one)."""
    def detect(a: tuple, k: dict, got: Any, exp: Any) -> bool:
        with np.errstate(all="ignore"):
            value = f(*a, **k)
        return not _close(exp, value) and _close(got, value)

    return Hint(detect, text)


def _weight_lists(max_arrays: int = 3) -> st.SearchStrategy[list[np.ndarray]]:
    """1 to 3 weight matrices (1-D to 2-D), entries on a grid of quarters in [−3, 3] (0 among them)."""
    one = shapes(1, 2, 4).flatmap(lambda s: arrays(s, elements=grid(-3, 3, 0.25)))
    return st.lists(one, min_size=1, max_size=max_arrays)


# --- L2 / L1 penalties ---------------------------------------------------------------------------
def _sq(weights: list) -> float:
    return float(sum(np.sum(np.square(np.asarray(W, dtype=np.float64))) for W in weights))


def _ab(weights: list) -> float:
    return float(sum(np.sum(np.abs(np.asarray(W, dtype=np.float64))) for W in weights))


NORM_NOT_SQUARED = Text(
    "calculas λ·‖W‖₂ (con la raíz): Tikhonov usa el cuadrado de la norma, λ‖W‖²₂ = λ·Σ W_ij², "
    "sin raíz cuadrada.",
    "you compute λ·‖W‖₂ (with the root): Tikhonov uses the squared norm, λ‖W‖²₂ = λ·Σ W_ij², "
    "with no square root.")
IGNORES_LAM = Text("multiplica por `lam`: la penalización es λ·Σ… (tu resultado es el de λ = 1).",
                   "multiply by `lam`: the penalty is λ·Σ… (your result is that of λ = 1).")
FIRST_ONLY = Text("sumas solo la primera matriz: la penalización suma sobre todas las matrices de "
                  "la lista `weights`.",
                  "you sum the first matrix only: the penalty sums over every matrix of the list "
                  "`weights`.")

L2_HINTS = [
    _variant(lambda ws, lam: lam * sum(math.sqrt(_sq([W])) for W in ws), NORM_NOT_SQUARED),
    _variant(lambda ws, lam: lam * math.sqrt(_sq(ws)), NORM_NOT_SQUARED),
    _variant(lambda ws, lam: lam * _sq(ws) / 2,
             Text("tienes un factor 1/2 de más: las diapositivas escriben J0 + λ‖w‖²₂, sin 1/2 "
                  "(por eso el gradiente es 2λW).",
                  "you have an extra factor 1/2: the slides write J0 + λ‖w‖²₂, with no 1/2 (hence "
                  "the gradient 2λW).")),
    _variant(lambda ws, lam: lam * _ab(ws),
             Text("eso es la penalización L1 (λ·Σ|W|); L2 es λ·Σ W².",
                  "that is the L1 penalty (λ·Σ|W|); L2 is λ·Σ W².")),
    _variant(lambda ws, lam: _sq(ws), IGNORES_LAM),
    _variant(lambda ws, lam: lam * _sq(ws[:1]), FIRST_ONLY),
]
L1_HINTS = [
    _variant(lambda ws, lam: lam * float(sum(np.sum(np.asarray(W, dtype=np.float64)) for W in ws)),
             Text("falta el valor absoluto: ‖W‖₁ = Σ|W_ij| (los pesos negativos también suman).",
                  "the absolute value is missing: ‖W‖₁ = Σ|W_ij| (negative weights add too).")),
    _variant(lambda ws, lam: lam * _sq(ws),
             Text("eso es la penalización L2 (λ·Σ W²); Lasso es λ·Σ|W|.",
                  "that is the L2 penalty (λ·Σ W²); Lasso is λ·Σ|W|.")),
    _variant(lambda ws, lam: _ab(ws), IGNORES_LAM),
    _variant(lambda ws, lam: lam * _ab(ws[:1]), FIRST_ONLY),
]

PENALTY_FIXED = {
    # λ = 0.1: 0.1·(1 + 4 + 9 + 16 + 0.25 + 1) = 3.125 (L2); 0.1·(1 + 2 + 3 + 4 + 0.5 + 1) = 1.15 (L1)
    "l2_penalty": ([np.array([[1.0, -2.0], [3.0, -4.0]]), np.array([[0.5], [-1.0]])], 0.1, 3.125),
    "l1_penalty": ([np.array([[1.0, -2.0], [3.0, -4.0]]), np.array([[0.5], [-1.0]])], 0.1, 1.15),
}


def penalty_values(func: str, hints: list[Hint]) -> Callable[[Ctx], None]:
    def check(ctx: Ctx) -> None:
        ws, lam, value = PENALTY_FIXED[func]
        value_case(ctx, func, ([W.copy() for W in ws], lam), expected=value, scalar=True,
                   hints=hints)
        value_case(ctx, func, ([np.array([0.0, -1.5, 2.0])], 2.0), scalar=True, hints=hints)
        ctx.forall(st.tuples(_weight_lists(), st.sampled_from(LAMS)),
                   lambda c: value_case(ctx, func, (c[0], c[1]), scalar=True, hints=hints),
                   max_examples=12)

    return check


def penalty_no_mutation(func: str) -> Callable[[Ctx], None]:
    def check(ctx: Ctx) -> None:
        ws = [np.array([[1.0, -2.0], [0.0, 3.0]]), np.array([-0.5, 4.0])]
        expect_unchanged(ctx, func, (ws, 0.5), names=("weights", "lam"))

    return check


# --- L2 / L1 gradients ---------------------------------------------------------------------------
NAN_AT_ZERO = Text(
    "en W = 0 tu gradiente no es finito: W/|W| da 0/0 = nan. La derivada de |w| no existe en 0; "
    "cualquier valor de [−λ, λ] es un subgradiente válido: `lam * np.sign(W)` da 0.",
    "at W = 0 your gradient is not finite: W/|W| gives 0/0 = nan. The derivative of |w| does not "
    "exist at 0; any value in [−λ, λ] is a valid subgradient: `lam * np.sign(W)` gives 0.")

GRAD_HINTS = {
    "l2_grad": [
        _variant(lambda W, lam: lam * np.asarray(W, dtype=np.float64),
                 Text("falta el 2: la derivada de λ·w² es 2λ·w (λW sería el gradiente de "
                      "(λ/2)‖W‖², y aquí la penalización es λ‖W‖², sin 1/2).",
                      "the 2 is missing: the derivative of λ·w² is 2λ·w (λW would be the gradient "
                      "of (λ/2)‖W‖², and the penalty here is λ‖W‖², with no 1/2).")),
        _variant(lambda W, lam: 2 * np.asarray(W, dtype=np.float64),
                 Text("multiplica por `lam`: el gradiente es 2λW.",
                      "multiply by `lam`: the gradient is 2λW.")),
        _variant(lambda W, lam: lam * np.sign(W),
                 Text("eso es el gradiente de L1 (λ·sign(W)); el de L2 es 2λW.",
                      "that is the L1 gradient (λ·sign(W)); the L2 one is 2λW.")),
    ],
    "l1_grad": [
        Hint(lambda a, k, g, e: not np.all(np.isfinite(np.asarray(g, dtype=np.float64))),
             NAN_AT_ZERO),
        _variant(lambda W, lam: lam * np.asarray(W, dtype=np.float64),
                 Text("λ·W es el gradiente de (λ/2)‖W‖²; el de λ‖W‖₁ es λ·sign(W) "
                      "(`np.sign`).",
                      "λ·W is the gradient of (λ/2)‖W‖²; that of λ‖W‖₁ is λ·sign(W) "
                      "(`np.sign`).")),
        _variant(lambda W, lam: np.sign(W),
                 Text("multiplica por `lam`: el gradiente es λ·sign(W).",
                      "multiply by `lam`: the gradient is λ·sign(W).")),
        _variant(lambda W, lam: 2 * lam * np.asarray(W, dtype=np.float64),
                 Text("eso es el gradiente de L2 (2λW); el de L1 es λ·sign(W).",
                      "that is the L2 gradient (2λW); the L1 one is λ·sign(W).")),
    ],
}


def _l1_kinks(a: tuple, k: dict) -> tuple[np.ndarray, np.ndarray]:
    """At W = 0 any value of [−λ, λ] passes."""
    W = np.asarray(a[0], dtype=np.float64)
    lam = float(a[1])
    at = W == 0
    return np.where(at, -lam, np.nan), np.where(at, lam, np.nan)


def grad_values(func: str) -> Callable[[Ctx], None]:
    kinks = _l1_kinks if func == "l1_grad" else None
    hints = GRAD_HINTS[func]

    def case(ctx: Ctx, W: np.ndarray, lam: float) -> None:
        value_case(ctx, func, (W, lam), kinks=kinks, hints=hints)

    def check(ctx: Ctx) -> None:
        case(ctx, np.array([[0.0, 1.5], [-2.0, 0.0]]), 0.5)
        case(ctx, np.array([3.0, -0.25, 0.0, 1.0]), 0.1)
        ctx.forall(st.tuples(shapes(1, 3, 4).flatmap(lambda s: arrays(s, elements=grid(-3, 3, 0.25))),
                             st.sampled_from(LAMS[1:])),
                   lambda c: case(ctx, c[0], c[1]), max_examples=12)

    return check


MASK_DTYPE = Text(
    "la máscara sale de `rng.random(...) >= p` (booleana), de `rng.binomial` (int64) o de "
    "`rng.random` (float64): conviértela con `.astype(a.dtype)` antes de multiplicar, y out "
    "conserva el float32 de a.",
    "the mask comes from `rng.random(...) >= p` (boolean), `rng.binomial` (int64) or "
    "`rng.random` (float64): convert it with `.astype(a.dtype)` before multiplying, and out keeps "
    "a's float32.")


def _dtype_check(func: str, args: tuple, kwargs: dict | None = None, pick: int | None = None
                 ) -> Callable[[Ctx], None]:
    def check(ctx: Ctx) -> None:
        show = fmt_call(func, args, kwargs)
        got = ctx.invoke(func, tuple(x.copy() if isinstance(x, np.ndarray) else x for x in args),
                         kwargs, show=show)[0]
        if pick is not None:
            got = expect_sequence(ctx, func, got, 2, show, "(out, mask)")[pick]
        expect_dtype(ctx, func, got, np.float32, show, hint=MASK_DTYPE if func == "dropout" else
                     EMPTY)

    return check


def grad_no_mutation(func: str) -> Callable[[Ctx], None]:
    def check(ctx: Ctx) -> None:
        W = np.array([[1.0, -2.0], [0.0, 3.0]])
        value = expect_unchanged(ctx, func, (W.copy(), 0.5), names=("W", "lam"))
        try:
            as_array(value, func=func, shape=W.shape, allow_nan=True)
        except (Invalid, ShapeError) as e:
            raise rejected(e, func, fmt_call(func, (W, 0.5)), f"array {W.shape}", value) from None

    return check


# --- dropout ------------------------------------------------------------------------------------
# The statistical checks. For a correct answer the mask entries are independent Bernoulli(1 − p)
# draws (np.random.default_rng streams of different seeds treated as independent), so Hoeffding's
# inequality bounds each check: for independent X_i in [l_i, u_i],
#     P(|Σ X_i − E Σ X_i| >= s) <= 2·exp(−2 s² / Σ (u_i − l_i)²).
# Every check below uses s with that bound equal to DELTA = 1e-11, and a grading of one student
# runs fewer than 100 such checks: a correct answer fails one with probability < 100·1e-11 = 1e-9.
DELTA = 1e-11
STAT_PS = (0.2, 0.5, 0.75)
STAT_SEEDS = range(10)
STAT_SHAPE = (40, 50)  # 2000 units per call, 20000 per p


def _stat_input() -> np.ndarray:
    """Positive activations in [0.5, 2] (a fixed pattern, no zeros: a kept unit never prints 0)."""
    return 0.5 + 1.5 * ((np.arange(2000.0) * 0.618034) % 1.0).reshape(STAT_SHAPE)


def _hoeffding(ranges_sq_sum: float) -> float:
    """s such that 2·exp(−2 s² / Σ(u − l)²) = DELTA."""
    return math.sqrt(math.log(2 / DELTA) * ranges_sq_sum / 2)


NOT_INVERTED = Text(
    "falta dividir por 1 − p: el dropout que se pide es el «invertido» (como torch.nn.Dropout), "
    "out = a·mask/(1 − p), para que la media de cada unidad no cambie y en la evaluación no haya "
    "que escalar nada. Sin el 1/(1 − p), la salida media es (1 − p) veces la de entrada.",
    "the division by 1 − p is missing: inverted dropout is asked for (as torch.nn.Dropout), "
    "out = a·mask/(1 − p), so that each unit's mean does not change and nothing needs scaling at "
    "evaluation time. Without the 1/(1 − p), the mean output is (1 − p) times the input.")
TIMES_KEEP = Text(
    "multiplicas por (1 − p) en lugar de dividir: en el dropout invertido out = a·mask/(1 − p).",
    "you multiply by (1 − p) instead of dividing: in inverted dropout out = a·mask/(1 − p).")
MASK_DROPPED = Text(
    "tu máscara marca con 1 las unidades abandonadas: `mask` debe valer 1 en las unidades que se "
    "conservan (out = a·mask/(1 − p)) y 0 en las abandonadas.",
    "your mask marks the dropped units with 1: `mask` must be 1 on the kept units "
    "(out = a·mask/(1 − p)) and 0 on the dropped ones.")
KEEP_P = Text(
    "conservas cada unidad con probabilidad p: p es la probabilidad de ABANDONAR una unidad (las "
    "diapositivas: «cada nodo es abandonado con probabilidad p»); se conserva con 1 − p, p. ej. "
    "`mask = rng.random(a.shape) >= p`.",
    "you keep each unit with probability p: p is the probability of DROPPING a unit (the slides: "
    "\"each node is dropped with probability p\"); it is kept with 1 − p, e.g. "
    "`mask = rng.random(a.shape) >= p`.")


def _call_dropout(ctx: Ctx, a: np.ndarray, p: float, **kw: Any) -> tuple[np.ndarray, np.ndarray, str]:
    """(out, mask, call text): a tuple of two arrays of a's shape, mask of 0s and 1s."""
    show = fmt_call("dropout", (a, p), kw)
    got = ctx.invoke("dropout", (a.copy(), p), kw, show=show)[0]
    out_raw, mask_raw = expect_sequence(ctx, "dropout", got, 2, show, "(out, mask)",
                                        Text("devuelve una tupla (out, mask).",
                                             "return a tuple (out, mask)."))
    arrs = []
    for name, raw in (("out", out_raw), ("mask", mask_raw)):
        try:
            arrs.append(as_array(raw, func="dropout", shape=a.shape, what=name))
        except (Invalid, ShapeError) as e:
            raise rejected(e, "dropout", show, f"{name}: array {a.shape}", raw) from None
    out, mask = (x.astype(np.float64) for x in arrs)
    if not np.all((mask == 0) | (mask == 1)):
        bad = mask[(mask != 0) & (mask != 1)][0]
        raise CheckFailure("dropout", show, Text("una máscara de 0 y 1", "a mask of 0s and 1s"),
                           Text(f"mask contiene {fmt(bad)}", f"mask holds {fmt(bad)}"),
                           Text("`mask` vale 1 en las unidades conservadas y 0 en las abandonadas; "
                                "el factor 1/(1 − p) va en `out`, no en la máscara.",
                                "`mask` is 1 on the kept units and 0 on the dropped ones; the "
                                "factor 1/(1 − p) goes in `out`, not in the mask."),
                           what=Text("máscara no válida", "invalid mask"))
    return out, mask, show


def _expect_out(ctx: Ctx, a: np.ndarray, p: float, out: np.ndarray, mask: np.ndarray, show: str
                ) -> None:
    """out == a·mask/(1 − p) for the student's own mask."""
    a64 = a.astype(np.float64)
    expected = a64 * mask / (1 - p)
    ok = allclose(out, expected, rtol=1e-6 if a.dtype == np.float32 else 1e-12, atol=0.0)
    ctx.record("reference", "match" if ok else "mismatch")
    if ok:
        return
    hint = EMPTY
    for value, text in ((a64 * mask, NOT_INVERTED), (a64 * mask * (1 - p), TIMES_KEEP),
                        (a64 * (1 - mask) / (1 - p), MASK_DROPPED)):
        if allclose(out, value, rtol=1e-6, atol=0.0):
            hint = text
            break
    raise CheckFailure("dropout", show, "out = a·mask/(1 − p) = " + fmt(expected), fmt(out), hint,
                       what=Text("out no es a·mask/(1 − p) con la máscara devuelta",
                                 "out is not a·mask/(1 − p) with the returned mask"))


def dropout_values(ctx: Ctx) -> None:
    """out == a·mask/(1 − p) for the returned mask; p = 0 keeps everything."""
    ctx.grade("values")
    cases = [(np.array([[1.0, -2.0, 3.0], [0.5, 4.0, -1.5]]), 0.5, {"seed": 3}),
             (np.linspace(-2.0, 2.0, 24).reshape(4, 6), 0.25, {"seed": 7, "training": True}),
             (np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), 0.8, {"seed": 11})]
    for a, p, kw in cases:
        out, mask, show = _call_dropout(ctx, a, p, **kw)
        _expect_out(ctx, a, p, out, mask, show)
    a = np.array([[1.0, -2.0, 3.0], [0.5, 4.0, -1.5]])
    out, mask, show = _call_dropout(ctx, a, 0.0, seed=5)
    ok = np.array_equal(mask, np.ones_like(a)) and allclose(out, a, rtol=1e-12, atol=0.0)
    ctx.record("reference", "match" if ok else "mismatch")
    if not ok:
        raise CheckFailure("dropout", show, f"out = a = {fmt(a)}, mask = {fmt(np.ones_like(a))}",
                           f"out = {fmt(out)}, mask = {fmt(mask)}",
                           KEEP_P if not mask.any() else
                           Text("con p = 0 no se abandona ninguna unidad: la máscara es toda unos "
                                "y out = a.",
                                "with p = 0 no unit is dropped: the mask is all ones and out = a."),
                           what=Text("p = 0 debe conservarlo todo", "p = 0 must keep everything"))


def dropout_statistics(ctx: Ctx) -> None:
    """Over 10 seeds × 2000 units for each p: the keep rate is 1 − p and the mean of out is that
    of a, within Hoeffding bounds (see DELTA)."""
    a = _stat_input()
    for p in STAT_PS:
        kept, total_out = 0.0, 0.0
        for seed in STAT_SEEDS:
            out, mask, _ = _call_dropout(ctx, a, p, seed=seed)
            kept += mask.sum()
            total_out += out.sum()
        n = a.size * len(STAT_SEEDS)
        show = (f"a = array(shape={a.shape}, entre 0.5 y 2 / between 0.5 and 2); "
                f"for seed in range({len(STAT_SEEDS)}): dropout(a, {p:g}, seed=seed)")
        rate, slack = kept / n, _hoeffding(n) / n  # mask_i in [0, 1]
        ok = abs(rate - (1 - p)) <= slack
        ctx.record("behaviour", "match" if ok else "mismatch")
        if not ok:
            hint = KEEP_P if abs(rate - p) <= slack else Text(
                "cada unidad se conserva con probabilidad 1 − p, independientemente, con "
                "`rng = np.random.default_rng(seed)`.",
                "each unit is kept with probability 1 − p, independently, with "
                "`rng = np.random.default_rng(seed)`.")
            raise CheckFailure("dropout", show,
                               Text(f"fracción conservada {1 - p:g} ± {slack:.3f}",
                                    f"kept fraction {1 - p:g} ± {slack:.3f}"),
                               fmt(rate), hint,
                               what=Text("la fracción de unidades conservadas no es 1 − p",
                                         "the fraction of kept units is not 1 − p"))
        # out_i = a_i·mask_i/(1 − p) in [0, a_i/(1 − p)]; E out_i = a_i
        mean_a = a.mean()
        mean_slack = _hoeffding(len(STAT_SEEDS) * float(np.sum((a / (1 - p)) ** 2))) / n
        mean_out = total_out / n
        ok = abs(mean_out - mean_a) <= mean_slack
        ctx.record("behaviour", "match" if ok else "mismatch")
        if not ok:
            ratio = mean_out / mean_a
            hint = (NOT_INVERTED if abs(ratio - (1 - p)) < 0.05 else
                    TIMES_KEEP if abs(ratio - (1 - p) ** 2) < 0.05 else
                    Text("la media de out debe ser la de a: out = a·mask/(1 − p).",
                         "the mean of out must be that of a: out = a·mask/(1 − p)."))
            raise CheckFailure("dropout", show,
                               Text(f"media de out {mean_a:.4f} ± {mean_slack:.3f} (la de a)",
                                    f"mean of out {mean_a:.4f} ± {mean_slack:.3f} (that of a)"),
                               f"{mean_out:.4f}", hint,
                               what=Text("dropout cambia la media de las activaciones",
                                         "dropout changes the mean of the activations"))


def dropout_seed(ctx: Ctx) -> None:
    """The same seed gives the same mask (seed=0 by default, training=True by default); other
    seeds give other masks (two independent masks of 2000 units at p = 0.5 agree with
    probability 2^-2000)."""
    ctx.record("behaviour", "match")
    a = _stat_input()
    out0, mask0, show0 = _call_dropout(ctx, a, 0.5)  # seed and training left to their defaults
    _, again, _ = _call_dropout(ctx, a, 0.5, seed=0)
    _, again_t, _ = _call_dropout(ctx, a, 0.5, training=True, seed=0)
    for m, s in ((again, "dropout(a, 0.5, seed=0)"), (again_t, "dropout(a, 0.5, training=True, seed=0)")):
        if not np.array_equal(m, mask0):
            ctx.record("behaviour", "mismatch")
            raise CheckFailure(
                "dropout", f"{show0}  /  {s}",
                Text("la misma máscara", "the same mask"), Text("otra máscara", "another mask"),
                Text("saca la máscara de `rng = np.random.default_rng(seed)` (no de np.random.rand "
                     "ni de un generador global); por defecto seed=0 y training=True.",
                     "draw the mask from `rng = np.random.default_rng(seed)` (not from "
                     "np.random.rand or a global generator); by default seed=0 and "
                     "training=True."),
                what=Text("la misma semilla no da la misma máscara", "the same seed does not give the same mask"))
    if mask0.all():
        ctx.record("behaviour", "mismatch")
        raise CheckFailure("dropout", show0, Text("unidades abandonadas", "dropped units"),
                           Text("ninguna", "none"),
                           Text("por defecto training=True: se abandona cada unidad con "
                                "probabilidad p.",
                                "by default training=True: each unit is dropped with probability p."),
                           what=Text("con training por defecto no abandona nada",
                                     "with the default training it drops nothing"))
    for seed in (1, 2, 3):
        _, m, show = _call_dropout(ctx, a, 0.5, seed=seed)
        if np.array_equal(m, mask0):
            ctx.record("behaviour", "mismatch")
            raise CheckFailure(
                "dropout", f"{show0}  /  {show}", Text("máscaras distintas", "different masks"),
                Text("la misma máscara", "the same mask"),
                Text("usa el argumento `seed`: `rng = np.random.default_rng(seed)`.",
                     "use the `seed` argument: `rng = np.random.default_rng(seed)`."),
                what=Text("semillas distintas dan la misma máscara", "different seeds give the same mask"))


def dropout_eval(ctx: Ctx) -> None:
    """training=False: out = a exactly and a mask of ones, for any p."""
    ctx.grade("behaviour")
    for p in (0.0, 0.5, 0.9):
        a = np.array([[1.0, -2.0, 3.0], [0.5, 4.0, -1.5]])
        out, mask, show = _call_dropout(ctx, a, p, training=False, seed=1)
        ok = np.array_equal(out, a) and np.array_equal(mask, np.ones_like(a))
        ctx.record("behaviour", "match" if ok else "mismatch")
        if ok:
            continue
        if allclose(out, a * (1 - p), rtol=1e-9, atol=0.0) and p > 0:
            hint = Text("escalas por (1 − p) en la evaluación: eso es el dropout original, sin "
                        "invertir. En el invertido (el que se pide, como torch.nn.Dropout) el "
                        "escalado 1/(1 − p) se hace al entrenar, y con training=False out = a.",
                        "you scale by (1 − p) at evaluation: that is the original, non-inverted "
                        "dropout. In the inverted one (asked for, as torch.nn.Dropout) the "
                        "1/(1 − p) scaling happens while training, and with training=False "
                        "out = a.")
        else:
            hint = Text("con training=False no se abandona nada: devuelve a sin cambios y una "
                        "máscara de unos (`np.ones_like(a)`).",
                        "with training=False nothing is dropped: return a unchanged and a mask of "
                        "ones (`np.ones_like(a)`).")
        raise CheckFailure("dropout", show, f"out = {fmt(a)}, mask = {fmt(np.ones_like(a))}",
                           f"out = {fmt(out)}, mask = {fmt(mask)}", hint,
                           what=Text("con training=False no devuelve a y unos",
                                     "with training=False it does not return a and ones"))


def _raised_value_error(e: StudentError) -> bool:
    last = (e.traceback or "").strip().splitlines()[-1:] or [""]
    return e.status == "error" and (last[0].startswith("ValueError") or "ValueError" in e.message.en)


def dropout_invalid_p(ctx: Ctx) -> None:
    """p < 0 or p >= 1 raise ValueError, while training and not."""
    ctx.record("behaviour", "match")
    for p in (1.0, -0.1, 1.5):
        for kw in ({"seed": 0}, {"training": False}):
            a = np.array([[1.0, -2.0], [3.0, 0.5]])
            show = fmt_call("dropout", (a, p), kw)
            try:
                got = ctx.invoke("dropout", (a, p), kw, show=show)[0]
            except StudentError as e:
                if _raised_value_error(e):
                    continue
                # another exception: the student's own error, with what to do about p
                ctx.record("behaviour", "mismatch")
                if "NotImplementedError" in (e.traceback or ""):
                    raise
                raise StudentError(
                    e.status, e.function, e.message + Text("\nPista: ", "\nHint: ") + Text(
                        f"con p = {p:g} se espera ValueError: comprueba p al principio, en los dos "
                        "modos, `if not 0 <= p < 1: raise ValueError(...)`"
                        + (" (con p = 1, 1/(1 − p) divide entre cero)." if p == 1 else "."),
                        f"with p = {p:g} a ValueError is expected: check p first, in both modes, "
                        "`if not 0 <= p < 1: raise ValueError(...)`"
                        + (" (with p = 1, 1/(1 − p) divides by zero)." if p == 1 else ".")),
                    traceback=e.traceback, stdout=e.stdout) from None
            ctx.record("behaviour", "mismatch")
            raise CheckFailure(
                "dropout", show, "ValueError", fmt(got, max_chars=200),
                Text("p es una probabilidad de abandono en [0, 1): con p fuera de ese intervalo "
                     "lanza ValueError, también con training=False"
                     + (" (con p = 1 todo se abandona y 1/(1 − p) divide entre cero)." if p == 1 else "."),
                     "p is a drop probability in [0, 1): for p outside it raise ValueError, with "
                     "training=False too"
                     + (" (with p = 1 everything is dropped and 1/(1 − p) divides by zero)." if p == 1 else ".")),
                what=Text(f"p = {p:g} no lanza ValueError", f"p = {p:g} does not raise ValueError"))


def dropout_no_mutation(ctx: Ctx) -> None:
    for kw in ({"seed": 2}, {"training": False}):
        a = np.array([[1.0, -2.0, 3.0], [0.5, 4.0, -1.5]])
        expect_unchanged(ctx, "dropout", (a, 0.5), kw, names=("a", "p"))


# --- dropout_backward ----------------------------------------------------------------------------
BACKWARD_HINTS = [
    _variant(lambda d, m, p: np.asarray(d, dtype=np.float64) * m,
             Text("falta dividir por 1 − p: si out = a·mask/(1 − p), ∂L/∂a = dout·mask/(1 − p).",
                  "the division by 1 − p is missing: if out = a·mask/(1 − p), "
                  "∂L/∂a = dout·mask/(1 − p).")),
    _variant(lambda d, m, p: np.asarray(d, dtype=np.float64) * m * (1 - p),
             Text("multiplicas por (1 − p) en lugar de dividir: ∂L/∂a = dout·mask/(1 − p).",
                  "you multiply by (1 − p) instead of dividing: ∂L/∂a = dout·mask/(1 − p).")),
    _variant(lambda d, m, p: np.asarray(d, dtype=np.float64) / (1 - p),
             Text("falta la máscara: las unidades abandonadas no reciben gradiente, "
                  "∂L/∂a = dout·mask/(1 − p).",
                  "the mask is missing: dropped units get no gradient, ∂L/∂a = dout·mask/(1 − p).")),
]


def _backward_case(ctx: Ctx, dout: np.ndarray, mask: np.ndarray, p: float) -> None:
    value_case(ctx, "dropout_backward", (dout, mask, p), hints=BACKWARD_HINTS)


@st.composite
def _backward_inputs(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, float]:
    shape = draw(shapes(1, 3, 5))
    dout = draw(arrays(shape, elements=grid(-3, 3, 0.25)))
    mask = draw(arrays(shape, elements=st.sampled_from([0.0, 1.0])))
    return dout, mask, draw(st.sampled_from([0.0, 0.1, 0.5, 0.75]))


def backward_values(ctx: Ctx) -> None:
    _backward_case(ctx, np.array([[1.0, -2.0], [0.5, 3.0]]), np.array([[1.0, 0.0], [1.0, 1.0]]), 0.5)
    _backward_case(ctx, np.array([2.0, -1.0, 4.0]), np.array([0.0, 1.0, 1.0]), 0.2)
    ctx.forall(_backward_inputs(), lambda c: _backward_case(ctx, *c), max_examples=12)


def backward_no_mutation(ctx: Ctx) -> None:
    dout, mask = np.array([[1.0, -2.0], [0.5, 3.0]]), np.array([[1.0, 0.0], [1.0, 1.0]])
    expect_unchanged(ctx, "dropout_backward", (dout, mask, 0.5), names=("dout", "mask", "p"))


# --- early stopping ------------------------------------------------------------------------------
def _es(losses: Any, patience: int = 5, min_delta: float = 0.0, *, le: bool = False,
        no_delta: bool = False, shift: int = 0, from1: bool = False, no_stop_len: bool = False,
        global_best: bool = False) -> tuple[int, int]:
    """Early stopping with one known mistake switched on."""
    xs = [float(v) for v in np.asarray(losses, dtype=np.float64).ravel()]
    delta = 0.0 if no_delta else min_delta
    best, best_epoch, waited, stop = np.inf, 0, 0, None
    for i, v in enumerate(xs):
        if (v <= best - delta) if le else (v < best - delta):
            best, best_epoch, waited = v, i, 0
        else:
            waited += 1
            if waited == patience + shift:
                stop = i
                break
    if stop is None:
        stop = len(xs) if no_stop_len else len(xs) - 1
    if global_best:
        best_epoch = int(np.argmin(xs))
    return (best_epoch + 1, stop + 1) if from1 else (best_epoch, stop)


def _es_args(a: tuple, k: dict) -> tuple[Any, int, float]:
    patience = a[1] if len(a) > 1 else k.get("patience", 5)
    min_delta = a[2] if len(a) > 2 else k.get("min_delta", 0.0)
    return a[0], patience, min_delta


def _es_variant(text: Text, **mistake: Any) -> tuple[Callable[[tuple, dict], tuple[int, int]], Text]:
    return (lambda a, k: _es(*_es_args(a, k), **mistake)), text


# the first that reproduces the student's value (and every value the student got right before,
# in the hand-made cases) names the mistake: min_delta and ties before the off-by-ones
ES_VARIANTS = [
    _es_variant(Text("no usas `min_delta`: una época mejora solo si loss < best − min_delta.",
                     "you do not use `min_delta`: an epoch improves only when "
                     "loss < best − min_delta."), no_delta=True),
    _es_variant(Text("un empate cuenta como mejora en tu código (≤): una época mejora solo si su "
                     "pérdida es estrictamente menor, loss < best − min_delta.",
                     "a tie counts as an improvement in your code (≤): an epoch improves only "
                     "when its loss is strictly smaller, loss < best − min_delta."), le=True),
    _es_variant(Text("paras una época antes: la parada llega en la época que completa `patience` "
                     "épocas seguidas sin mejora, stop_epoch = best_epoch + patience (con "
                     "patience = 3 y la mejor en la época 4, se para en la 7).",
                     "you stop one epoch early: training stops at the epoch that completes "
                     "`patience` epochs in a row without improvement, stop_epoch = best_epoch + "
                     "patience (with patience = 3 and the best at epoch 4, it stops at 7)."),
                shift=-1),
    _es_variant(Text("paras una época tarde: stop_epoch = best_epoch + patience (la época que "
                     "completa `patience` épocas sin mejora).",
                     "you stop one epoch late: stop_epoch = best_epoch + patience (the epoch that "
                     "completes `patience` epochs without improvement)."), shift=1),
    _es_variant(Text("cuentas las épocas desde 1: la primera época es la 0 (como los índices de "
                     "`val_losses`).",
                     "you count the epochs from 1: the first epoch is 0 (as the indices of "
                     "`val_losses`)."), from1=True),
    _es_variant(Text("sin parada, stop_epoch es la última época, len(val_losses) − 1 (las épocas "
                     "se cuentan desde 0).",
                     "without a stop, stop_epoch is the last epoch, len(val_losses) − 1 (epochs "
                     "count from 0)."), no_stop_len=True),
    _es_variant(Text("best_epoch es la mejor época vista hasta la parada, no el mínimo de toda la "
                     "curva: lo que viene después de parar no se entrena.",
                     "best_epoch is the best epoch seen up to the stop, not the minimum of the "
                     "whole curve: what comes after the stop is never trained."), global_best=True),
]


def _es_hint(a: tuple, k: dict, got: Any, expected: tuple[int, int],
             passed: list[tuple[tuple, dict, tuple]] | None = None) -> Text:
    """The first known mistake that computes `got` here and the right values of `passed`
    (earlier cases of the same test, which the student got right)."""
    for f, text in ES_VARIANTS:
        try:
            value = f(a, k)
            fits = value != tuple(expected) and got == value and all(
                f(pa, pk) == pv for pa, pk, pv in passed or [])
        except Exception:  # noqa: BLE001 - a variant that does not fit says nothing
            continue
        if fits:
            return text
    return EMPTY


def _es_case(ctx: Ctx, losses: Any, kw: dict, expected: tuple[int, int] | None = None,
             passed: list[tuple[tuple, dict, tuple]] | None = None) -> None:
    ctx.grade("values")
    args = (list(losses) if isinstance(losses, list) else np.array(losses),)
    ref = R.early_stopping(losses, **kw)
    if expected is None:
        expected = ref
    assert tuple(expected) == ref, f"hidden test's literal {expected} != reference {ref}"
    show = fmt_call("early_stopping", args, kw)
    raw = ctx.invoke("early_stopping", args, kw, show=show)[0]
    pair = expect_sequence(ctx, "early_stopping", raw, 2, show, "(best_epoch, stop_epoch)",
                           Text("devuelve una tupla (best_epoch, stop_epoch).",
                                "return a tuple (best_epoch, stop_epoch)."))
    got: tuple | None = None
    if all(isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_))
           or (isinstance(v, (float, np.floating)) and float(v).is_integer()) for v in pair):
        got = tuple(int(v) for v in pair)
    ok = got == tuple(expected)
    ctx.record("reference", "match" if ok else "mismatch")
    record_torch(ctx, None, args, kw, got)
    if not ok:
        raise CheckFailure("early_stopping", show, str(tuple(expected)),
                           fmt(raw) if got is None else str(got),
                           _es_hint(args, kw, got, tuple(expected), passed),
                           what=Text("(best_epoch, stop_epoch) incorrecto",
                                     "wrong (best_epoch, stop_epoch)"))
    if passed is not None:
        passed.append((args, kw, got))


# (losses, kwargs, expected): dyadic numbers, so that loss < best − min_delta and
# best − loss > min_delta agree exactly at the ties
ES_CASES: list[tuple[list[float], dict, tuple[int, int]]] = [
    # defaults (patience 5, min_delta 0): best at 3, epochs 4..8 without improvement -> stop at 8
    ([1.0, 0.75, 0.625, 0.5, 0.5625, 0.53125, 0.515625, 0.546875, 0.5625, 0.625, 0.75], {}, (3, 8)),
    # a tie is not an improvement
    ([1.0, 0.5, 0.5, 0.5, 0.25], {"patience": 2}, (1, 3)),
    # min_delta: 1.75 is not < 2 − 0.25 -> no improvement at all -> stop at 3
    ([2.0, 1.875, 1.8125, 1.75, 1.0], {"patience": 3, "min_delta": 0.25}, (0, 3)),
    # min_delta with default patience: best at 1 (1.5 < 1.75), 1.25 is not < 1.25, 1.125 is -> 4
    ([2.0, 1.5, 1.375, 1.25, 1.125, 1.0, 1.0, 1.0, 1.0, 1.0], {"min_delta": 0.25}, (4, 9)),
    # patience 1: the first epoch without improvement stops
    ([3.0, 2.0, 2.5, 1.0], {"patience": 1}, (1, 2)),
    # no stop: always improving
    ([5.0, 4.0, 3.0, 2.0, 1.0], {}, (4, 4)),
    # shorter than patience: never stops, the last epoch
    ([1.0, 2.0, 3.0], {}, (0, 2)),
    # a new best right at the last moment (epoch 3, after 2 bad epochs with patience 3)
    ([1.0, 1.125, 1.25, 0.875, 1.0, 1.125, 1.25, 1.375], {"patience": 3}, (3, 6)),
    # one epoch
    ([0.5], {"patience": 1}, (0, 0)),
]


def early_stopping_cases(ctx: Ctx) -> None:
    passed: list[tuple[tuple, dict, tuple]] = []
    for i, (losses, kw, expected) in enumerate(ES_CASES):
        # every other case as a NumPy array (a curve may come as a list or as an array)
        _es_case(ctx, losses if i % 2 == 0 else np.array(losses), kw, expected, passed)


@st.composite
def _curves(draw: st.DrawFn) -> tuple[list[float], dict]:
    losses = draw(st.lists(grid(0, 4, 0.125), min_size=1, max_size=25))
    kw: dict = {}
    patience = draw(st.sampled_from([None, 1, 2, 3, 4]))
    if patience is not None:
        kw["patience"] = patience
    delta = draw(st.sampled_from([None, 0.0, 0.125, 0.5]))
    if delta is not None:
        kw["min_delta"] = delta
    return losses, kw


def early_stopping_random(ctx: Ctx) -> None:
    passed: list[tuple[tuple, dict, tuple]] = []  # curves the student got right: they rule hints out
    ctx.forall(_curves(), lambda c: _es_case(ctx, c[0], c[1], passed=passed), max_examples=25)


def early_stopping_no_mutation(ctx: Ctx) -> None:
    expect_unchanged(ctx, "early_stopping", (np.array([1.0, 0.5, 0.75, 0.25]),), {"patience": 1},
                     names=("val_losses",))
    expect_unchanged(ctx, "early_stopping", ([1.0, 0.5, 0.75, 0.25],), {"patience": 2},
                     names=("val_losses",))


# --- the tests ------------------------------------------------------------------------------------
F32 = {
    "l2_grad": ("l2_grad", (np.array([[1.0, -2.0], [0.5, 0.0]], dtype=np.float32), 0.1), None, None),
    "l1_grad": ("l1_grad", (np.array([[1.0, -2.0], [0.5, 0.0]], dtype=np.float32), 0.1), None, None),
    "dropout": ("dropout", (np.array([[1.0, -2.0, 3.0], [0.5, 4.0, -1.5]], dtype=np.float32), 0.5),
                {"seed": 1}, 0),
    "dropout_backward": ("dropout_backward", (np.array([[1.0, -2.0], [0.5, 3.0]], dtype=np.float32),
                                              np.array([[1.0, 0.0], [1.0, 1.0]], dtype=np.float32), 0.5),
                         None, None),
}


def _f32_test(func: str, points: float, what: Text) -> HiddenTest:
    f, args, kw, pick = F32[func]
    return HiddenTest(f"{func}.dtype", func, points, what, _dtype_check(f, args, kw, pick), graded=DTYPE)


TESTS = [
    HiddenTest("l2_penalty.values", "l2_penalty", 0.75,
               Text("λ Σ ‖W‖²₂ sobre listas de 1 a 3 matrices y varios λ (0 incluido), frente a la "
                    "referencia y torch",
                    "λ Σ ‖W‖²₂ over lists of 1 to 3 matrices and several λ (0 included), against "
                    "the reference and torch"),
               penalty_values("l2_penalty", L2_HINTS), graded=VALUES),
    HiddenTest("l2_penalty.no_mutation", "l2_penalty", 0.25,
               Text("no modifica la lista de pesos", "does not modify the list of weights"),
               penalty_no_mutation("l2_penalty"), graded=NO_MUT),
    HiddenTest("l2_grad.values", "l2_grad", 0.625,
               Text("2λW en arrays de 1 a 3 dimensiones, frente a la referencia y torch.autograd",
                    "2λW on arrays of 1 to 3 dimensions, against the reference and torch.autograd"),
               grad_values("l2_grad"), graded=VALUES),
    _f32_test("l2_grad", 0.125, Text("con W float32 devuelve un array float32",
                                     "float32 W in, float32 array out")),
    HiddenTest("l2_grad.no_mutation", "l2_grad", 0.25,
               Text("no modifica W y devuelve un array nuevo de su forma",
                    "does not modify W and returns a new array of its shape"),
               grad_no_mutation("l2_grad"), graded=NO_MUT),
    HiddenTest("l1_penalty.values", "l1_penalty", 0.5,
               Text("λ Σ ‖W‖₁ sobre listas de 1 a 3 matrices y varios λ, frente a la referencia y "
                    "torch",
                    "λ Σ ‖W‖₁ over lists of 1 to 3 matrices and several λ, against the reference "
                    "and torch"),
               penalty_values("l1_penalty", L1_HINTS), graded=VALUES),
    HiddenTest("l1_penalty.no_mutation", "l1_penalty", 0.25,
               Text("no modifica la lista de pesos", "does not modify the list of weights"),
               penalty_no_mutation("l1_penalty"), graded=NO_MUT),
    HiddenTest("l1_grad.values", "l1_grad", 0.625,
               Text("λ·sign(W) en arrays con ceros, frente a la referencia y torch.autograd; en "
                    "W = 0 vale cualquier valor de [−λ, λ] (nunca nan)",
                    "λ·sign(W) on arrays with zeros, against the reference and torch.autograd; at "
                    "W = 0 any value in [−λ, λ] passes (never nan)"),
               grad_values("l1_grad"), graded=VALUES),
    _f32_test("l1_grad", 0.125, Text("con W float32 devuelve un array float32",
                                     "float32 W in, float32 array out")),
    HiddenTest("l1_grad.no_mutation", "l1_grad", 0.25,
               Text("no modifica W y devuelve un array nuevo de su forma",
                    "does not modify W and returns a new array of its shape"),
               grad_no_mutation("l1_grad"), graded=NO_MUT),
    HiddenTest("dropout.values", "dropout", 0.5,
               Text("out = a·mask/(1 − p) con la máscara devuelta, máscara de 0 y 1 con la forma "
                    "de a; p = 0 lo conserva todo",
                    "out = a·mask/(1 − p) with the returned mask, a mask of 0s and 1s of a's "
                    "shape; p = 0 keeps everything"),
               dropout_values, graded=VALUES),
    HiddenTest("dropout.statistics", "dropout", 1.0,
               Text("con 10 semillas × 2000 unidades y p = 0.2, 0.5, 0.75: fracción conservada "
                    "1 − p y media de out igual a la de a (cotas de Hoeffding: una respuesta "
                    "correcta falla con probabilidad < 1e-9)",
                    "over 10 seeds × 2000 units and p = 0.2, 0.5, 0.75: kept fraction 1 − p and "
                    "mean of out equal to that of a (Hoeffding bounds: a correct answer fails "
                    "with probability < 1e-9)"),
               dropout_statistics, graded=BEHAVIOUR),
    HiddenTest("dropout.seed", "dropout", 0.25,
               Text("la misma semilla da la misma máscara (seed=0 y training=True por defecto) y "
                    "semillas distintas, máscaras distintas",
                    "the same seed gives the same mask (seed=0 and training=True by default) and "
                    "different seeds, different masks"),
               dropout_seed, graded=BEHAVIOUR),
    HiddenTest("dropout.eval", "dropout", 0.5,
               Text("training=False devuelve a sin cambios y una máscara de unos, para p = 0, 0.5 "
                    "y 0.9",
                    "training=False returns a unchanged and a mask of ones, for p = 0, 0.5 and 0.9"),
               dropout_eval, graded=BEHAVIOUR),
    HiddenTest("dropout.invalid_p", "dropout", 0.25,
               Text("p = 1, p = −0.1 y p = 1.5 lanzan ValueError, con training=True y con "
                    "training=False",
                    "p = 1, p = −0.1 and p = 1.5 raise ValueError, with training=True and with "
                    "training=False"),
               dropout_invalid_p, graded=BEHAVIOUR),
    _f32_test("dropout", 0.25, Text("con a float32, out es float32", "float32 a in, float32 out")),
    HiddenTest("dropout.no_mutation", "dropout", 0.25,
               Text("no modifica a (entrenando y evaluando)",
                    "does not modify a (training and evaluating)"),
               dropout_no_mutation, graded=NO_MUT),
    HiddenTest("dropout_backward.values", "dropout_backward", 0.625,
               Text("dout·mask/(1 − p) frente a la referencia y a torch.autograd de "
                    "out = a·mask/(1 − p)",
                    "dout·mask/(1 − p) against the reference and torch.autograd of "
                    "out = a·mask/(1 − p)"),
               backward_values, graded=VALUES),
    _f32_test("dropout_backward", 0.125, Text("con dout y mask float32 devuelve float32",
                                              "float32 dout and mask in, float32 out")),
    HiddenTest("dropout_backward.no_mutation", "dropout_backward", 0.25,
               Text("no modifica dout ni mask", "does not modify dout or mask"),
               backward_no_mutation, graded=NO_MUT),
    HiddenTest("early_stopping.cases", "early_stopping", 1.25,
               Text("curvas hechas a mano: valores por defecto, empates, min_delta, patience = 1, "
                    "sin parada, más corta que patience, una mejora en el último momento",
                    "hand-made curves: default values, ties, min_delta, patience = 1, no stop, "
                    "shorter than patience, an improvement at the last moment"),
               early_stopping_cases, graded=VALUES),
    HiddenTest("early_stopping.values", "early_stopping", 0.75,
               Text("curvas aleatorias de 1 a 25 épocas con varios patience y min_delta (y los "
                    "valores por defecto), frente a la referencia",
                    "random curves of 1 to 25 epochs with several patience and min_delta (and "
                    "the default values), against the reference"),
               early_stopping_random, graded=VALUES),
    HiddenTest("early_stopping.no_mutation", "early_stopping", 0.25,
               Text("no modifica val_losses (lista o array)", "does not modify val_losses (list or array)"),
               early_stopping_no_mutation, graded=NO_MUT),
]
