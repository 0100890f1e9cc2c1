"""Hidden tests of 05_optimizers: SGD, momentum, RMSprop, Adam (pure functions over an explicit
state dict made by `<name>_init(w)`) and learning-rate decay.

A sequence of steps threads the student's own state through the worker (its keys are the
student's business); after each step w is compared with the reference and, where torch has the
same algorithm, with torch.optim (SGD, RMSprop, Adam). The inputs must never be modified.
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
    allclose,
    arrays,
    as_array,
    expect_sequence,
    expect_state,
    expect_unchanged,
    first_mismatch,
    fmt,
    fmt_call,
    pick_hint,
    record_torch,
    rejected,
    tolerance,
    value_case,
)
from reference import optimizers as R

NO_MUTATION = ("w", "g", "state")


def _adam_no_bias(w: np.ndarray, g: np.ndarray, lr: float, b1: float = 0.9, b2: float = 0.999,
                  eps: float = 1e-8) -> np.ndarray:
    """The slides' printed first step: w − lr·m/(√v + ε) with m = (1−β1)g, v = (1−β2)g²."""
    return w - lr * ((1 - b1) * g) / (np.sqrt((1 - b2) * g * g) + eps)


def _eps_inside(w: np.ndarray, g: np.ndarray, lr: float, b2: float, eps: float, t: int = 1,
                b1: float | None = None) -> np.ndarray:
    v = (1 - b2) * g * g
    if b1 is None:  # RMSprop
        return w - lr * g / np.sqrt(v + eps)
    m_hat, v_hat = (1 - b1) * g / (1 - b1**t), v / (1 - b2**t)
    return w - lr * m_hat / np.sqrt(v_hat + eps)


HINTS = {
    "adam_step": [
        Hint(lambda a, k, g, e: a["t"] == 1 and allclose(g, _adam_no_bias(a["w"], a["g"], a["lr"])),
             Text("falta la corrección de sesgo: m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ) con t = 1 en el primer "
                  "paso (sin ella el primer paso mide ≈ 3.16·lr, √10 veces demasiado, en vez de ≈ lr).",
                  "the bias correction is missing: m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ) with t = 1 on the first "
                  "step (without it the first step is ≈ 3.16·lr, √10 times too large, instead of ≈ lr).")),
        Hint(lambda a, k, g, e: allclose(g, _eps_inside(a["w"], a["g"], a["lr"], 0.999, a["eps"], a["t"], 0.9))
             and a["t"] == 1,
             Text("ε va fuera de la raíz: w ← w − lr·m̂/(√v̂ + ε), como torch.optim.Adam.",
                  "ε goes outside the root: w ← w − lr·m̂/(√v̂ + ε), as in torch.optim.Adam.")),
    ],
    "rmsprop_step": [
        Hint(lambda a, k, g, e: a["t"] == 1 and allclose(g, _eps_inside(a["w"], a["g"], a["lr"], a["beta2"], a["eps"])),
             Text("ε va fuera de la raíz: w ← w − lr·g/(√v + ε), como torch.optim.RMSprop.",
                  "ε goes outside the root: w ← w − lr·g/(√v + ε), as in torch.optim.RMSprop.")),
    ],
    "momentum_step": [
        Hint(lambda a, k, g, e: a["t"] == 1 and allclose(g, a["w"] - a["lr"] * a["g"]),
             Text("la media móvil empieza en m₀ = 0: m ← β·m + (1 − β)·g, así que el primer paso es "
                  "lr·(1 − β)·g.",
                  "the moving average starts at m₀ = 0: m ← β·m + (1 − β)·g, so the first step is lr·(1 − β)·g.")),
        Hint(lambda a, k, g, e: a["t"] == 1 and allclose(g, a["w"] + a["lr"] * (1 - a["beta"]) * a["g"]),
             Text("el signo: m ← β·m + (1 − β)·g (las diapositivas imprimen un − por error) y w ← w − lr·m.",
                  "the sign: m ← β·m + (1 − β)·g (the slides print a − by mistake) and w ← w − lr·m.")),
    ],
}


def _steps(ctx: Ctx, name: str, w0: np.ndarray, grads: list[np.ndarray], hyper: dict,
           torch_key: str | None) -> None:
    """init, then len(grads) steps threading the student's state; w compared after each."""
    ctx.grade("values")
    step, init = f"{name}_step", f"{name}_init"
    state = None
    if name != "sgd":  # the state goes back to the student's step: plain data in a dict
        state = expect_state(ctx, init, ctx.call(init, w0.copy()), fmt_call(init, (w0,)), init)
    ref_state = getattr(R, init)(w0) if name != "sgd" else None
    w, w_ref = w0.copy(), w0.copy()
    got_ws = []
    for t, g in enumerate(grads, start=1):
        args = (w, g) if name == "sgd" else (w, g, state)
        show = fmt_call(step, args[:2] + (("state",) if name != "sgd" else ()), hyper)
        if t > 1:
            show += f" (paso/step {t})"
        out = ctx.invoke(step, args, hyper, show=show)[0]
        if name == "sgd":
            expected, new_state = R.sgd_step(w_ref, g, **hyper), None
            new_w_raw = out
        else:
            expected, ref_state = getattr(R, step)(w_ref, g, ref_state, **hyper)
            new_w_raw, new_state = expect_sequence(ctx, step, out, 2, show, "(new_w, new_state)",
                                                   Text("devuelve una tupla (w, estado).",
                                                        "return a tuple (w, state)."))
            new_state = expect_state(ctx, step, new_state, show, init)
        try:
            new_w = as_array(new_w_raw, func=step, shape=w0.shape, what="w")
        except (Invalid, ShapeError) as e:
            ctx.record("reference", "mismatch")
            raise rejected(e, step, show, fmt(expected), new_w_raw) from None
        rtol, atol = tolerance(np.float64)
        mm = first_mismatch(new_w, expected, rtol=rtol, atol=atol)
        ctx.record("reference", "mismatch" if mm else "match")
        got_ws.append(new_w)
        if mm:
            record_torch(ctx, torch_key, (w0, grads[:t]), hyper, got_ws, rtol=1e-6, atol=1e-9)
            info = {"w": w, "g": g, "t": t, "lr": hyper.get("lr", 1e-3 if name == "adam" else 0.01),
                    "eps": hyper.get("eps", 1e-8), "beta2": hyper.get("beta2", 0.99), "beta": hyper.get("beta", 0.9)}
            hint = pick_hint(HINTS.get(step, ()), info, hyper, new_w, expected)
            if t > 1 and not hint:
                hint = Text("el primer paso era correcto: revisa cómo actualizas y devuelves el "
                            "estado (los momentos y, en Adam, el contador t).",
                            "the first step was right: check how you update and return the state "
                            "(the moments and, in Adam, the counter t).")
            raise CheckFailure(step, show, fmt(expected), fmt(new_w), hint,
                               what=Text("valor incorrecto de w", "wrong value of w"),
                               detail=mm.text)
        w, w_ref, state = new_w, expected, new_state
    record_torch(ctx, torch_key, (w0, grads), hyper, got_ws, rtol=1e-6, atol=1e-9)


@st.composite
def _trajectory(draw: st.DrawFn, n_steps: int = 5) -> tuple[np.ndarray, list[np.ndarray]]:
    shape = draw(st.sampled_from([(1,), (3,), (2, 2)]))
    w0 = draw(arrays(shape, -3, 3))
    grads = [draw(arrays(shape, -2, 2)) for _ in range(n_steps)]
    return w0, grads


def _test(name: str, hyper_choices: list[dict], torch_key: str | None, steps: int = 5,
          examples: int = 10) -> Callable[[Ctx], None]:
    def check(ctx: Ctx) -> None:
        w0, grads = np.array([1.0, -2.0, 0.5]), [np.array([0.5, -1.0, 2.0]), np.array([0.25, 0.5, -1.0])]
        _steps(ctx, name, w0, grads, hyper_choices[0], torch_key)
        ctx.forall(
            st.tuples(_trajectory(steps), st.sampled_from(hyper_choices)),
            lambda c: _steps(ctx, name, c[0][0], c[0][1], c[1], torch_key), max_examples=examples)

    return check


def _no_mutation(name: str, hyper: dict) -> Callable[[Ctx], None]:
    """Only the inputs after the call: values are the other tests' business."""

    def check(ctx: Ctx) -> None:
        w, g = np.array([1.0, -2.0]), np.array([0.5, 0.25])
        step = f"{name}_step"
        if name == "sgd":
            expect_unchanged(ctx, step, (w, g), hyper, names=NO_MUTATION, show=fmt_call(step, (w, g), hyper))
            return
        init = f"{name}_init"
        state = expect_state(ctx, init, ctx.call(init, w.copy()), fmt_call(init, (w,)), init)
        for _ in range(2):  # the second call sees a state with non-zero moments
            show = fmt_call(step, (w, g, "state"), hyper)
            out = expect_unchanged(ctx, step, (w, g, state), hyper, names=NO_MUTATION, show=show)
            out = expect_sequence(ctx, step, out, 2, show, "(new_w, new_state)")
            state = expect_state(ctx, step, out[1], show, init)

    return check


def adam_first_step(ctx: Ctx) -> None:
    """First step ≈ lr·sign(g) (bias correction), also with tiny gradients (ε outside the root)."""
    w0 = np.array([1.0, -1.0, 0.5])
    for g, hyper in ((np.array([0.3, -2.0, 5.0]), {"lr": 0.1}),
                     (np.array([1e-6, -2e-6, 3e-6]), {"lr": 0.1}),
                     (np.array([0.5, 0.5, -0.5]), {})):
        _steps(ctx, "adam", w0, [g], hyper, "adam_steps")


def adam_eps(ctx: Ctx) -> None:
    w0 = np.array([0.0, 1.0])
    grads = [np.array([1e-6, -1e-6]), np.array([2e-6, 1e-6]), np.array([-1e-6, 3e-6])]
    _steps(ctx, "adam", w0, grads, {"lr": 0.01}, "adam_steps")
    _steps(ctx, "rmsprop", w0, grads, {"lr": 0.01}, "rmsprop_steps")


def sgd_test(ctx: Ctx) -> None:
    value_case(ctx, "sgd_step", (np.array([1.0, 2.0]), np.array([0.5, -1.0]), 0.1), torch_key=None)
    _test("sgd", [{"lr": 0.1}, {"lr": 0.5}, {"lr": 1.0}], "sgd_steps")(ctx)


# --- lr_decay ----------------------------------------------------------------------------------
DECAY_HINTS = [
    Hint(lambda a, k, g, e: np.isclose(g, a[0] / (1 - a[1] * a[2])),
         Text("las diapositivas imprimen α0/(1 − γ·epoch) por error; la forma estándar es α0/(1 + γ·epoch) "
              "(con − la tasa crecería y explotaría).",
              "the slides print α0/(1 − γ·epoch) by mistake; the standard form is α0/(1 + γ·epoch) "
              "(with − the rate would grow and blow up).")),
    Hint(lambda a, k, g, e: np.isclose(g, a[0] * (1 - a[1] * a[2])) or np.isclose(g, a[0] / (1 + a[1]) ** a[2]),
         Text("α = α0 / (1 + γ·epoch).", "α = α0 / (1 + γ·epoch).")),
]


def lr_decay_test(ctx: Ctx) -> None:
    for args in ((0.1, 0.5, 0), (0.1, 0.5, 2), (1.0, 0.01, 100)):
        value_case(ctx, "lr_decay", args, expected=np.asarray(args[0] / (1 + args[1] * args[2])), scalar=True,
                   hints=DECAY_HINTS, torch_key=None)
    ctx.forall(st.tuples(st.sampled_from([1.0, 0.1, 0.01]), st.sampled_from([0.0, 0.01, 0.1, 0.5]),
                         st.integers(0, 200)),
               lambda a: value_case(ctx, "lr_decay", a, scalar=True, hints=DECAY_HINTS, torch_key=None),
               max_examples=10)


ADAM_HYPER = [{"lr": 0.1}, {}, {"lr": 0.01, "beta1": 0.8, "beta2": 0.99}]
RMS_HYPER = [{"lr": 0.01}, {"lr": 0.1, "beta2": 0.9}]
MOM_HYPER = [{"lr": 0.1}, {"lr": 0.5, "beta": 0.5}]

TESTS = [
    HiddenTest("sgd_step.values", "sgd_step", 0.75, Text("w − lr·g frente a la referencia y torch.optim.SGD",
                                                         "w − lr·g against the reference and torch.optim.SGD"), sgd_test, graded=frozenset({"values"})),
    HiddenTest("sgd_step.no_mutation", "sgd_step", 0.25, Text("no modifica w ni g",
                                                              "does not modify w or g"),
               _no_mutation("sgd", {"lr": 0.1}), graded=frozenset({"no_mutation"})),
    HiddenTest("momentum_step.values", "momentum_step", 1.5,
               Text("secuencias de pasos (media móvil de las diapositivas, m₀ = 0)",
                    "sequences of steps (the slides' moving average, m₀ = 0)"),
               _test("momentum", MOM_HYPER, None), requires=["momentum_init", "momentum_step"], graded=frozenset({"values"})),
    HiddenTest("momentum_step.no_mutation", "momentum_step", 0.5, Text("no modifica w, g ni el estado",
                                                                       "does not modify w, g or the state"), _no_mutation("momentum", {"lr": 0.1}),
               requires=["momentum_init", "momentum_step"], graded=frozenset({"no_mutation"})),
    HiddenTest("rmsprop_step.values", "rmsprop_step", 1.5, Text("secuencias de pasos frente a torch.optim.RMSprop",
                                                                "sequences of steps against torch.optim.RMSprop"), _test("rmsprop", RMS_HYPER, "rmsprop_steps"),
               requires=["rmsprop_init", "rmsprop_step"], graded=frozenset({"values"})),
    HiddenTest("rmsprop_step.no_mutation", "rmsprop_step", 0.5, Text("no modifica w, g ni el estado",
                                                                     "does not modify w, g or the state"), _no_mutation("rmsprop", {"lr": 0.01}),
               requires=["rmsprop_init", "rmsprop_step"], graded=frozenset({"no_mutation"})),
    HiddenTest("adam_step.first_step", "adam_step", 1.0,
               Text("el primer paso mide ≈ lr (corrección de sesgo)",
                    "the first step is ≈ lr (bias correction)"),
               adam_first_step, requires=["adam_init", "adam_step"], graded=frozenset({"values"})),
    HiddenTest("adam_step.values", "adam_step", 2.0, Text("secuencias de pasos frente a torch.optim.Adam",
                                                          "sequences of steps against torch.optim.Adam"), _test("adam", ADAM_HYPER, "adam_steps", steps=6),
               requires=["adam_init", "adam_step"], graded=frozenset({"values"})),
    HiddenTest("adam_step.eps", "adam_step", 0.5, Text("gradientes ≈ 1e-6: ε fuera de la raíz (Adam y RMSprop)",
                                                       "gradients ≈ 1e-6: ε outside the root (Adam and RMSprop)"), adam_eps,
               requires=["adam_init", "adam_step", "rmsprop_init", "rmsprop_step"], graded=frozenset({"values"})),
    HiddenTest("adam_step.no_mutation", "adam_step", 0.5, Text("no modifica w, g ni el estado",
                                                               "does not modify w, g or the state"), _no_mutation("adam", {"lr": 0.1}),
               requires=["adam_init", "adam_step"], graded=frozenset({"no_mutation"})),
    HiddenTest("lr_decay.values", "lr_decay", 1.0, Text("α0 / (1 + γ·epoch)",
                                                        "α0 / (1 + γ·epoch)"), lr_decay_test, graded=frozenset({"values"})),
]
