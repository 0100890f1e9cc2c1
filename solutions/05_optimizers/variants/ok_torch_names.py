"""A correct answer that keeps the input's dtype (float32 stays float32), names its state as
torch.optim does (exp_avg, exp_avg_sq, step) and writes Adam in the paper's "efficient" order
with ε rescaled so that it is exactly torch's form:
    lr·m̂/(√v̂ + ε)  =  lr·√(1 − β2ᵗ)/(1 − β1ᵗ) · m/(√v + ε·√(1 − β2ᵗ))."""

import numpy as np


def _pair(w, g):
    w = np.asarray(w)
    if w.dtype.kind != "f":
        w = w.astype(float)
    return w, np.asarray(g).astype(w.dtype)


def sgd_step(w, g, lr):
    w, g = _pair(w, g)
    return w - np.asarray(lr, dtype=w.dtype) * g


def momentum_init(w):
    return {"momentum_buffer": np.zeros_like(_pair(w, w)[0])}


def momentum_step(w, g, state, lr, beta=0.9):
    w, g = _pair(w, g)
    buf = np.add(np.multiply(state["momentum_buffer"], beta), np.multiply(g, 1 - beta)).astype(w.dtype)
    return (w - buf * lr).astype(w.dtype), {"momentum_buffer": buf}


def rmsprop_init(w):
    return {"square_avg": np.zeros_like(_pair(w, w)[0])}


def rmsprop_step(w, g, state, lr=0.01, beta2=0.99, eps=1e-8):
    w, g = _pair(w, g)
    sq = (np.asarray(state["square_avg"]) * beta2 + np.square(g) * (1 - beta2)).astype(w.dtype)
    avg = np.sqrt(sq) + eps
    return (w - lr * (g * np.reciprocal(avg))).astype(w.dtype), {"square_avg": sq}


def adam_init(w):
    z = np.zeros_like(_pair(w, w)[0])
    return {"exp_avg": z, "exp_avg_sq": z.copy(), "step": 0.0}


def adam_step(w, g, state, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    w, g = _pair(w, g)
    step = float(state["step"]) + 1
    exp_avg = (np.asarray(state["exp_avg"]) * beta1 + g * (1 - beta1)).astype(w.dtype)
    exp_avg_sq = (np.asarray(state["exp_avg_sq"]) * beta2 + np.power(g, 2) * (1 - beta2)).astype(w.dtype)
    bc1, bc2 = 1 - beta1**step, 1 - beta2**step
    step_size = lr * np.sqrt(bc2) / bc1
    denom = np.sqrt(exp_avg_sq) + eps * np.sqrt(bc2)
    new_w = (w - step_size * exp_avg / denom).astype(w.dtype)
    return new_w, {"exp_avg": exp_avg, "exp_avg_sq": exp_avg_sq, "step": step}


def lr_decay(alpha0, gamma, epoch):
    return alpha0 * (1 + gamma * epoch) ** -1
