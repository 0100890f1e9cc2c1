"""Hidden tests of 05_optimizers: SGD, momentum, RMSprop, Adam (pure functions over an explicit
state dict made by `<name>_init(w)`) and learning-rate decay.

A sequence of steps threads the student's own state through the worker (its keys are the
student's business); after each step w is compared with the reference and, where torch has the
same algorithm, with torch.optim (SGD, RMSprop, Adam). A failing step shows the whole sequence
that led to it (w0 and every gradient, as code the student can paste), and the hint comes from
running the known wrong variants (the slides' printed formulas, classical momentum, the Adam
paper's "efficient" form, a state that is not carried...) on that same sequence: the hint whose
variant reproduces the student's trajectory is the one shown. Each test calls only the function
it grades (and its `_init`, an ungraded helper). The inputs must never be modified.
"""

from __future__ import annotations

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
    arrays,
    as_array,
    expect_sequence,
    expect_state,
    expect_unchanged,
    first_mismatch,
    fmt,
    fmt_call,
    grid,
    record_torch,
    rejected,
    tolerance,
    value_case,
)
from reference import optimizers as R

NO_MUTATION = ("w", "g", "state")
RTOL, ATOL = tolerance(np.float64)
# the defaults of the contract (the statement's signatures)
DEFAULTS: dict[str, dict[str, float]] = {
    "sgd": {},
    "momentum": {"beta": 0.9},
    "rmsprop": {"lr": 0.01, "beta2": 0.99, "eps": 1e-8},
    "adam": {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
}
TORCH = {"sgd": "sgd_steps", "momentum": None, "rmsprop": "rmsprop_steps", "adam": "adam_steps"}


# --- known wrong variants, run on the failing sequence ------------------------------------------
# Each is one step `(w, g, s, **hyper) -> (new_w, new_s)` over a state s = {"m", "v", "t"} that
# starts at zeros (t = 0); a variant whose trajectory is the student's gives its hint.
Step = Callable[..., tuple[np.ndarray, dict]]


def _classical(w, g, s, lr, beta):  # b = βb + g, w − lr·b  ≡  v = βv − lr·g, w + v
    b = beta * s["m"] + g
    return w - lr * b, {**s, "m": b}


def _torch_dampened(w, g, s, lr, beta):  # SGD(momentum=β, dampening=β): b₁ = g
    b = g if s["t"] == 0 else beta * s["m"] + (1 - beta) * g
    return w - lr * b, {**s, "m": b, "t": s["t"] + 1}


def _mom_sign(w, g, s, lr, beta):  # the slide's m = βm − (1 − β)g
    m = beta * s["m"] - (1 - beta) * g
    return w - lr * m, {**s, "m": m}


def _mom_swapped(w, g, s, lr, beta):
    m = (1 - beta) * s["m"] + beta * g
    return w - lr * m, {**s, "m": m}


def _mom_not_carried(w, g, s, lr, beta):
    return w - lr * (1 - beta) * g, s


def _rms(inside: bool = False, minus: bool = False, no_root: bool = False, swapped: bool = False,
         carried: bool = True, fixed_eps: bool = False) -> Step:
    def step(w, g, s, lr, beta2, eps):
        eps = 1e-8 if fixed_eps else eps
        v = ((1 - beta2) * s["v"] + beta2 * g * g) if swapped else beta2 * s["v"] + (1 - beta2) * g * g
        if inside:
            den = np.sqrt(v + eps)
        elif no_root:
            den = v + eps
        else:
            den = np.sqrt(v) - eps if minus else np.sqrt(v) + eps
        return w - lr * g / den, ({**s, "v": v} if carried else s)

    return step


def _adam(correct: bool = True, inside: bool = False, paper: bool = False, t_fixed: bool = False,
          t_before: bool = False, moments: bool = True, fixed_eps: bool = False) -> Step:
    def step(w, g, s, lr, beta1, beta2, eps):
        eps = 1e-8 if fixed_eps else eps
        t = s["t"] + 1
        m = beta1 * s["m"] + (1 - beta1) * g
        v = beta2 * s["v"] + (1 - beta2) * g * g
        tc = 1 if t_fixed else (t - 1 if t_before else t)
        if paper:  # α_t = α·√(1 − β2ᵗ)/(1 − β1ᵗ),  w ← w − α_t·m/(√v + ε)
            new_w = w - lr * np.sqrt(1 - beta2**tc) / (1 - beta1**tc) * m / (np.sqrt(v) + eps)
        else:
            mh, vh = (m / (1 - beta1**tc), v / (1 - beta2**tc)) if correct else (m, v)
            den = np.sqrt(vh + eps) if inside else np.sqrt(vh) + eps
            new_w = w - lr * mh / den
        new_s = {"m": m, "v": v, "t": t} if moments else {**s, "t": t}
        return new_w, new_s

    return step


BIAS = Text("falta la corrección de sesgo: m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ), con t = 1 en el "
            "primer paso (sin ella el primer paso mide ≈ 3.16·lr, √10 veces demasiado, en vez de "
            "≈ lr), como torch.optim.Adam.",
            "the bias correction is missing: m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ), with t = 1 on the "
            "first step (without it the first step is ≈ 3.16·lr, √10 times too large, instead of "
            "≈ lr), as in torch.optim.Adam.")
EPS_ADAM = Text("ε va fuera de la raíz: w ← w − lr·m̂/(√v̂ + ε), como torch.optim.Adam (las "
                "diapositivas lo ponen dentro, √(v̂ + ε)); con gradientes pequeños se nota.",
                "ε goes outside the root: w ← w − lr·m̂/(√v̂ + ε), as in torch.optim.Adam (the "
                "slides put it inside, √(v̂ + ε)); with small gradients it shows.")
EPS_RMS = Text("ε va fuera de la raíz: w ← w − lr·g/(√v + ε), como torch.optim.RMSprop (las "
               "diapositivas lo ponen dentro, √(v + ε)); con gradientes pequeños se nota.",
               "ε goes outside the root: w ← w − lr·g/(√v + ε), as in torch.optim.RMSprop (the "
               "slides put it inside, √(v + ε)); with small gradients it shows.")
FIXED_EPS = Text("usa el `eps` que recibe la función: tu resultado es el de ε = 1e-8 aunque se "
                 "pasó otro.",
                 "use the `eps` the function receives: your result is that of ε = 1e-8 although "
                 "another one was passed.")

VARIANTS: dict[str, list[tuple[Step, Text]]] = {
    "sgd": [
        (lambda w, g, s, lr: (w + lr * g, s),
         Text("el signo: w ← w − lr·g (se baja en la dirección contraria al gradiente).",
              "the sign: w ← w − lr·g (step against the gradient).")),
    ],
    "momentum": [
        (_classical,
         Text("eso es el momentum «clásico»: v ← β·v − lr·g, w ← w + v (el de muchos apuntes "
              "públicos, p. ej. CS231n), igual que torch.optim.SGD(momentum=β) (b ← β·b + g, "
              "w ← w − lr·b). Su primer paso es lr·g y cada paso mide 1/(1 − β) veces el esperado "
              "(SGD(momentum=β, dampening=β), que empieza con b = g, también da lr·g). Son "
              "convenciones conocidas, pero distintas de la de las diapositivas, que es la que se "
              "pide: la media móvil m ← β·m + (1 − β)·g con m₀ = 0 y w ← w − lr·m, cuyo primer "
              "paso es lr·(1 − β)·g.",
              "that is \"classical\" momentum: v ← β·v − lr·g, w ← w + v (the one in much public "
              "course code, e.g. CS231n), the same as torch.optim.SGD(momentum=β) (b ← β·b + g, "
              "w ← w − lr·b). Its first step is lr·g and each step is 1/(1 − β) times the expected one "
              "(SGD(momentum=β, dampening=β), which starts with b = g, also gives lr·g). These "
              "are known conventions, but not the slides' one, which is asked for: the moving "
              "average m ← β·m + (1 − β)·g with m₀ = 0 and w ← w − lr·m, whose first step is "
              "lr·(1 − β)·g.")),
        (_torch_dampened,
         Text("tu primer paso toma m = g, como torch.optim.SGD(momentum=β, dampening=β); la media "
              "móvil de las diapositivas empieza en m₀ = 0, así que m⁽¹⁾ = (1 − β)·g (ver "
              "«Momentum frente a PyTorch» en el enunciado).",
              "your first step takes m = g, as torch.optim.SGD(momentum=β, dampening=β) does; the "
              "slides' moving average starts at m₀ = 0, so m⁽¹⁾ = (1 − β)·g (see \"Momentum vs "
              "PyTorch\" in the statement).")),
        (_mom_sign,
         Text("el signo: m ← β·m + (1 − β)·g (una diapositiva imprime un − por error) y "
              "w ← w − lr·m.",
              "the sign: m ← β·m + (1 − β)·g (one slide prints a − by mistake) and w ← w − lr·m.")),
        (_mom_swapped,
         Text("β y 1 − β intercambiados: m ← β·m + (1 − β)·g (β multiplica la media anterior).",
              "β and 1 − β swapped: m ← β·m + (1 − β)·g (β multiplies the previous average).")),
        (_mom_not_carried,
         Text("cada paso empieza con m = 0: devuelve el nuevo m en el estado (el corrector te pasa, "
              "en cada paso, el estado que devolviste en el anterior).",
              "every step starts from m = 0: return the new m in the state (the grader hands each "
              "step the state you returned from the previous one).")),
    ],
    "rmsprop": [
        (_rms(inside=True), EPS_RMS),
        (_rms(minus=True),
         Text("ε se suma a la raíz: w ← w − lr·g/(√v + ε), no √v − ε.",
              "ε is added to the root: w ← w − lr·g/(√v + ε), not √v − ε.")),
        (_rms(no_root=True),
         Text("falta la raíz: w ← w − lr·g/(√v + ε), no g/(v + ε).",
              "the square root is missing: w ← w − lr·g/(√v + ε), not g/(v + ε).")),
        (_rms(swapped=True),
         Text("β2 y 1 − β2 intercambiados: v ← β2·v + (1 − β2)·g² (β2 multiplica la media "
              "anterior).",
              "β2 and 1 − β2 swapped: v ← β2·v + (1 − β2)·g² (β2 multiplies the previous "
              "average).")),
        (_rms(carried=False),
         Text("cada paso empieza con v = 0: devuelve el nuevo v en el estado (el corrector te pasa, "
              "en cada paso, el estado que devolviste en el anterior).",
              "every step starts from v = 0: return the new v in the state (the grader hands each "
              "step the state you returned from the previous one).")),
        (_rms(fixed_eps=True), FIXED_EPS),
    ],
    "adam": [
        (_adam(correct=False), BIAS),
        (_adam(correct=False, inside=True),
         BIAS + Text(" Y ε va fuera de la raíz: w ← w − lr·m̂/(√v̂ + ε).",
                     " And ε goes outside the root: w ← w − lr·m̂/(√v̂ + ε).")),
        (_adam(inside=True), EPS_ADAM),
        (_adam(paper=True),
         Text("es la forma «eficiente» del artículo de Adam, α_t = α·√(1 − β2ᵗ)/(1 − β1ᵗ) y "
              "w ← w − α_t·m/(√v + ε): es la misma salvo dónde actúa ε (equivale a poner "
              "ε/√(1 − β2ᵗ) en lugar de ε en la forma de torch), y con gradientes pequeños se nota. "
              "Se pide la forma de torch.optim.Adam: w ← w − lr·m̂/(√v̂ + ε) con m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ).",
              "that is the Adam paper's \"efficient\" form, α_t = α·√(1 − β2ᵗ)/(1 − β1ᵗ) and "
              "w ← w − α_t·m/(√v + ε): the same except where ε acts (it amounts to putting "
              "ε/√(1 − β2ᵗ) in place of ε in torch's form), and with small gradients it shows. The torch.optim.Adam "
              "form is asked for: w ← w − lr·m̂/(√v̂ + ε) with m̂ = m/(1 − β1ᵗ), "
              "v̂ = v/(1 − β2ᵗ).")),
        (_adam(t_fixed=True),
         Text("el contador t no avanza: la corrección usa t = 1, 2, 3... (guarda el nuevo t en el "
              "estado que devuelves).",
              "the counter t does not advance: the correction uses t = 1, 2, 3... (store the new t "
              "in the state you return).")),
        (_adam(t_before=True),
         Text("la corrección usa t antes de sumarle 1: en el primer paso t = 1 (con t = 0, "
              "1 − β1⁰ = 0 y se divide entre cero).",
              "the correction uses t before adding 1: on the first step t = 1 (with t = 0, "
              "1 − β1⁰ = 0 and it divides by zero).")),
        (_adam(moments=False),
         Text("cada paso empieza con m = v = 0: devuelve los nuevos m y v en el estado (el "
              "corrector te pasa, en cada paso, el estado que devolviste en el anterior).",
              "every step starts from m = v = 0: return the new m and v in the state (the grader "
              "hands each step the state you returned from the previous one).")),
        (_adam(fixed_eps=True), FIXED_EPS),
    ],
}


def _simulate(step: Step, w0: np.ndarray, grads: list[np.ndarray], hyper: dict) -> list[np.ndarray]:
    zeros = np.zeros_like(w0)
    s: dict[str, Any] = {"m": zeros, "v": zeros, "t": 0}
    w, out = w0.copy(), []
    with np.errstate(all="ignore"):
        for g in grads:
            w, s = step(w, g, s, **hyper)
            out.append(np.asarray(w, dtype=float))
    return out


def _same(a: list[np.ndarray], b: list[Any]) -> bool:
    try:
        return len(a) == len(b) and all(
            np.shape(x) == np.shape(y) and bool(np.allclose(np.asarray(y, dtype=float), x,
                                                            rtol=RTOL, atol=ATOL, equal_nan=True))
            for x, y in zip(a, b))
    except Exception:  # a detector never breaks a check (the value may be anything)
        return False


def _variant_hint(name: str, w0: np.ndarray, grads: list[np.ndarray], hyper: dict,
                  got: list[Any]) -> Text:
    """The hint of the first known mistake that computes the student's whole trajectory."""
    full = {**DEFAULTS[name], **hyper}
    for step, text in VARIANTS[name]:
        if _same(_simulate(step, w0, grads, full), got):
            return text
    return EMPTY


def _defaults_hint(ctx: Ctx, name: str, args: tuple, hyper: dict, expected: np.ndarray) -> Text:
    """The student's step, called again on the failing step's inputs with the contract's default
    values passed explicitly: right then means a default value is wrong."""
    left = {k: v for k, v in DEFAULTS[name].items() if k not in hyper}
    if not left:
        return EMPTY
    step = f"{name}_step"
    try:
        out = ctx.invoke(step, args, {**hyper, **left})[0]
        w = out if name == "sgd" else out[0]
        ok = first_mismatch(as_array(w, func=step, shape=expected.shape), expected, rtol=RTOL,
                            atol=ATOL) is None
    except (StudentError, Invalid, ShapeError, TypeError, IndexError, KeyError):
        return EMPTY
    if not ok:
        return EMPTY
    sig = ", ".join(f"{k}={v:g}" for k, v in left.items())
    return Text(f"con los valores por defecto el resultado es otro que pasándolos explícitamente "
                f"({sig}): los valores por defecto de {step} deben ser los del enunciado.",
                f"with the default values the result differs from passing them explicitly ({sig}): "
                f"{step}'s default values must be the statement's.")


def _show(name: str, w0: np.ndarray, grads: list[np.ndarray], hyper: dict) -> str:
    """The sequence up to the failing step, as code the student can paste."""
    step, init = f"{name}_step", f"{name}_init"
    kw = "".join(f", {k}={fmt(v)}" for k, v in hyper.items())
    arr = "np." + fmt(w0)
    if len(grads) == 1:
        state = "" if name == "sgd" else f", {init}(w)"
        return f"w = {arr}; g = np.{fmt(grads[0])}; {step}(w, g{state}{kw})"
    gs = "[" + ", ".join("np." + fmt(g) for g in grads) + "]"
    head = f"w = {arr}" + ("" if name == "sgd" else f"; state = {init}(w)")
    call = f"w = {step}(w, g{kw})" if name == "sgd" else f"w, state = {step}(w, g, state{kw})"
    return f"{head}\nfor g in {gs}:\n    {call}   # {len(grads)} pasos / steps"


LATER = Text("los pasos anteriores coincidían con la referencia y este no: revisa lo que pasa de un "
             "paso al siguiente (el estado que devuelves: los momentos y, en Adam, el contador t).",
             "the previous steps matched the reference and this one does not: check what goes from "
             "one step to the next (the state you return: the moments and, in Adam, the counter t).")


def _hint(ctx: Ctx, name: str, w0: np.ndarray, grads: list[np.ndarray], hyper: dict,
          args: tuple, expected: np.ndarray, got: list[Any]) -> Text:
    """Why the student's w after len(grads) steps is wrong: a known variant computes the whole
    trajectory, or the defaults are wrong, or (a later step) what goes from step to step."""
    return (_variant_hint(name, w0, grads, hyper, got)
            or _defaults_hint(ctx, name, args, hyper, expected)
            or (LATER if len(grads) > 1 else EMPTY))


def _steps(ctx: Ctx, name: str, w0: np.ndarray, grads: list[np.ndarray], hyper: dict) -> None:
    """init, then len(grads) steps threading the student's state; w compared after each."""
    ctx.grade("values")
    step, init = f"{name}_step", f"{name}_init"
    torch_key = TORCH[name]
    state = None
    if name != "sgd":  # the state goes back to the student's step: plain data in a dict
        state = expect_state(ctx, init, ctx.call(init, w0.copy()), fmt_call(init, (w0,)), init)
    ref_state = getattr(R, init)(w0) if name != "sgd" else None
    w, w_ref = w0.copy(), w0.copy()
    got_ws: list[Any] = []
    for t, g in enumerate(grads, start=1):
        args = (w, g) if name == "sgd" else (w, g, state)
        show = _show(name, w0, grads[:t], hyper)
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
            raise rejected(e, step, show, fmt(expected), new_w_raw,
                           _hint(ctx, name, w0, grads[:t], hyper, args, expected,
                                 [*got_ws, new_w_raw])) from None
        mm = first_mismatch(new_w, expected, rtol=RTOL, atol=ATOL)
        ctx.record("reference", "mismatch" if mm else "match")
        got_ws.append(new_w)
        if mm:
            record_torch(ctx, torch_key, (w0, grads[:t]), hyper, got_ws, rtol=1e-6, atol=1e-9)
            raise CheckFailure(step, show, fmt(expected), fmt(new_w),
                               _hint(ctx, name, w0, grads[:t], hyper, args, expected, got_ws),
                               what=Text(f"valor incorrecto de w tras el paso {t}",
                                         f"wrong value of w after step {t}"),
                               detail=mm.text)
        w, w_ref, state = new_w, expected, new_state
    record_torch(ctx, torch_key, (w0, grads), hyper, got_ws, rtol=1e-6, atol=1e-9)


@st.composite
def _trajectory(draw: st.DrawFn, n_steps: int = 5) -> tuple[np.ndarray, list[np.ndarray]]:
    """w0 and n_steps gradients on a grid of eighths (they print exactly in a message)."""
    shape = draw(st.sampled_from([(1,), (3,), (2, 2)]))
    w0 = draw(arrays(shape, elements=grid(-3, 3, 0.125)))
    grads = [draw(arrays(shape, elements=grid(-2, 2, 0.125))) for _ in range(n_steps)]
    return w0, grads


def _sequences(name: str, hyper_choices: list[dict], steps: int = 5,
               examples: int = 10) -> Callable[[Ctx], None]:
    def check(ctx: Ctx) -> None:
        w0, grads = np.array([1.0, -2.0, 0.5]), [np.array([0.5, -1.0, 2.0]), np.array([0.25, 0.5, -1.0])]
        for hyper in hyper_choices:
            _steps(ctx, name, w0.copy(), [g.copy() for g in grads], hyper)
        ctx.forall(
            st.tuples(_trajectory(steps), st.sampled_from(hyper_choices)),
            lambda c: _steps(ctx, name, c[0][0], c[0][1], c[1]), max_examples=examples)

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
            kw = "".join(f", {k}={fmt(v)}" for k, v in hyper.items())
            show = f"{step}({fmt(w)}, {fmt(g)}, state={fmt(state, max_chars=200)}{kw})"
            out = expect_unchanged(ctx, step, (w, g, state), hyper, names=NO_MUTATION, show=show)
            out = expect_sequence(ctx, step, out, 2, show, "(new_w, new_state)")
            state = expect_state(ctx, step, out[1], show, init)

    return check


def adam_first_step(ctx: Ctx) -> None:
    """First step ≈ lr·sign(g) (bias correction); gradients of 0.25 and more, where the place of
    ε does not show (that is adam_step.eps's business)."""
    for w0, g, hyper in ((np.array([1.0, -1.0, 0.5]), np.array([0.3, -2.0, 5.0]), {"lr": 0.1}),
                         (np.array([0.0, 2.0]), np.array([-7.0, 0.25]), {"lr": 0.01, "beta1": 0.8}),
                         (np.array([1.0, -1.0, 0.5]), np.array([0.5, 0.5, -0.5]), {})):
        _steps(ctx, "adam", w0, [g], hyper)


def _tiny(name: str) -> Callable[[Ctx], None]:
    """Gradients of 1e-6 to 1e-8, where √v is comparable to ε: where ε sits, and its default
    value, change w well beyond the tolerance. The default ε (left out) and another one."""

    def check(ctx: Ctx) -> None:
        w0 = np.array([0.0, 1.0, -0.5])
        grads = [np.array([1e-6, -1e-6, 1e-8]), np.array([2e-6, 1e-6, -2e-8]),
                 np.array([-1e-6, 3e-6, 1e-8])]
        _steps(ctx, name, w0.copy(), [g.copy() for g in grads], {"lr": 0.01})
        _steps(ctx, name, w0.copy(), [g.copy() for g in grads], {"lr": 0.01, "eps": 1e-6})

    return check


def sgd_test(ctx: Ctx) -> None:
    value_case(ctx, "sgd_step", (np.array([1.0, 2.0]), np.array([0.5, -1.0]), 0.1), torch_key=None,
               hints=[Hint(lambda a, k, g, e: np.allclose(g, a[0] + a[2] * a[1]),
                           VARIANTS["sgd"][0][1])])
    _sequences("sgd", [{"lr": 0.1}, {"lr": 0.5}, {"lr": 1.0}])(ctx)


# --- lr_decay ----------------------------------------------------------------------------------
def _slides_decay(a: tuple) -> float:
    """The slides' printed α0/(1 − γ·epoch) (inf where the denominator is 0)."""
    with np.errstate(all="ignore"):
        return float(np.divide(a[0], 1.0 - np.float64(a[1]) * a[2]))


SLIDES_DECAY = Text("las diapositivas imprimen α0/(1 − γ·epoch) por error; la forma estándar, la que "
                    "se pide, es α0/(1 + γ·epoch): con − la tasa crece y, en epoch = 1/γ, divide "
                    "entre cero.",
                    "the slides print α0/(1 − γ·epoch) by mistake; the standard form, the one asked "
                    "for, is α0/(1 + γ·epoch): with − the rate grows and, at epoch = 1/γ, divides by "
                    "zero.")
DECAY_HINTS = [
    Hint(lambda a, k, g, e: bool(np.isclose(g, _slides_decay(a))), SLIDES_DECAY),
    Hint(lambda a, k, g, e: np.isclose(g, a[0] * (1 - a[1] * a[2])) or np.isclose(g, a[0] / (1 + a[1]) ** a[2]),
         Text("α = α0 / (1 + γ·epoch).", "α = α0 / (1 + γ·epoch).")),
]


def _decay_case(ctx: Ctx, args: tuple, expected: float | None = None) -> None:
    try:
        value_case(ctx, "lr_decay", args, expected=None if expected is None else np.asarray(expected),
                   scalar=True, hints=DECAY_HINTS, torch_key=None)
    except StudentError as e:
        # the slides' form divides by zero exactly where 1 − γ·epoch = 0: say so
        if e.status == "error" and np.isinf(_slides_decay(args)) and "ZeroDivision" in e.message.en:
            raise StudentError(e.status, e.function, e.message + Text("\nPista: ", "\nHint: ")
                               + SLIDES_DECAY, traceback=e.traceback, stdout=e.stdout) from None
        raise


def lr_decay_test(ctx: Ctx) -> None:
    for args in ((0.1, 0.5, 0), (0.1, 0.5, 2), (1.0, 0.01, 100)):
        _decay_case(ctx, args, args[0] / (1 + args[1] * args[2]))
    ctx.forall(st.tuples(st.sampled_from([1.0, 0.1, 0.01]), st.sampled_from([0.0, 0.01, 0.1, 0.5]),
                         st.integers(0, 200)),
               lambda a: _decay_case(ctx, a), max_examples=10)


# every default left out in some case ({} for RMSprop and Adam; beta for momentum) and passed in
# another (eps: in the .eps tests, where its value shows)
ADAM_HYPER = [{"lr": 0.1}, {}, {"lr": 0.01, "beta1": 0.8, "beta2": 0.99}]
RMS_HYPER = [{"lr": 0.01}, {}, {"lr": 0.1, "beta2": 0.9}]
MOM_HYPER = [{"lr": 0.1}, {"lr": 0.5, "beta": 0.5}]
VALUES, NO_MUT = frozenset({"values"}), frozenset({"no_mutation"})


def _req(name: str) -> list[str]:
    return [f"{name}_init", f"{name}_step"]


TESTS = [
    HiddenTest("sgd_step.values", "sgd_step", 0.75,
               Text("w − lr·g, un paso y secuencias de pasos, frente a la referencia y torch.optim.SGD",
                    "w − lr·g, one step and sequences of steps, against the reference and torch.optim.SGD"),
               sgd_test, graded=VALUES),
    HiddenTest("sgd_step.no_mutation", "sgd_step", 0.25,
               Text("no modifica w ni g", "does not modify w or g"),
               _no_mutation("sgd", {"lr": 0.1}), graded=NO_MUT),
    HiddenTest("momentum_step.values", "momentum_step", 1.5,
               Text("secuencias de pasos (la media móvil de las diapositivas, m₀ = 0), con beta por "
                    "defecto y con otro",
                    "sequences of steps (the slides' moving average, m₀ = 0), with the default beta "
                    "and another one"),
               _sequences("momentum", MOM_HYPER), requires=_req("momentum"), graded=VALUES),
    HiddenTest("momentum_step.no_mutation", "momentum_step", 0.5,
               Text("no modifica w, g ni el estado", "does not modify w, g or the state"),
               _no_mutation("momentum", {"lr": 0.1}), requires=_req("momentum"), graded=NO_MUT),
    HiddenTest("rmsprop_step.values", "rmsprop_step", 1.0,
               Text("secuencias de pasos frente a torch.optim.RMSprop, con los valores por defecto "
                    "(lr, beta2, eps) y con otros lr y beta2",
                    "sequences of steps against torch.optim.RMSprop, with the default values "
                    "(lr, beta2, eps) and with other lr and beta2"),
               _sequences("rmsprop", RMS_HYPER), requires=_req("rmsprop"), graded=VALUES),
    HiddenTest("rmsprop_step.eps", "rmsprop_step", 0.5,
               Text("gradientes de 1e-6 a 1e-8: ε fuera de la raíz, con el eps por defecto y con "
                    "otro",
                    "gradients of 1e-6 to 1e-8: ε outside the root, with the default eps and "
                    "another one"),
               _tiny("rmsprop"), requires=_req("rmsprop"), graded=VALUES),
    HiddenTest("rmsprop_step.no_mutation", "rmsprop_step", 0.5,
               Text("no modifica w, g ni el estado", "does not modify w, g or the state"),
               _no_mutation("rmsprop", {"lr": 0.01}), requires=_req("rmsprop"), graded=NO_MUT),
    HiddenTest("adam_step.first_step", "adam_step", 1.0,
               Text("el primer paso mide ≈ lr (corrección de sesgo)",
                    "the first step is ≈ lr (bias correction)"),
               adam_first_step, requires=_req("adam"), graded=VALUES),
    HiddenTest("adam_step.values", "adam_step", 2.0,
               Text("secuencias de pasos frente a torch.optim.Adam, con los valores por defecto "
                    "(lr, beta1, beta2, eps) y con otros lr, beta1 y beta2",
                    "sequences of steps against torch.optim.Adam, with the default values "
                    "(lr, beta1, beta2, eps) and with other lr, beta1 and beta2"),
               _sequences("adam", ADAM_HYPER, steps=6), requires=_req("adam"), graded=VALUES),
    HiddenTest("adam_step.eps", "adam_step", 0.5,
               Text("gradientes de 1e-6 a 1e-8: ε fuera de la raíz, con el eps por defecto y con "
                    "otro",
                    "gradients of 1e-6 to 1e-8: ε outside the root, with the default eps and "
                    "another one"),
               _tiny("adam"), requires=_req("adam"), graded=VALUES),
    HiddenTest("adam_step.no_mutation", "adam_step", 0.5,
               Text("no modifica w, g ni el estado", "does not modify w, g or the state"),
               _no_mutation("adam", {"lr": 0.1}), requires=_req("adam"), graded=NO_MUT),
    HiddenTest("lr_decay.values", "lr_decay", 1.0,
               Text("α0 / (1 + γ·epoch), en casos fijos y aleatorios",
                    "α0 / (1 + γ·epoch), on fixed and random cases"),
               lr_decay_test, graded=VALUES),
]
