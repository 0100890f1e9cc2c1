"""A correct answer written with loops over the elements (Python floats and `math`), the state
kept as lists of floats: the values are right, the style is not vectorized."""

import math

import numpy as np


def _flat(x):
    a = np.asarray(x, dtype=float)
    return a.shape, [float(v) for v in a.ravel()]


def sgd_step(w, g, lr):
    shape, ws = _flat(w)
    _, gs = _flat(g)
    out = []
    for i in range(len(ws)):
        out.append(ws[i] - lr * gs[i])
    return np.array(out).reshape(shape)


def momentum_init(w):
    _, ws = _flat(w)
    return {"m": [0.0] * len(ws)}


def momentum_step(w, g, state, lr, beta=0.9):
    shape, ws = _flat(w)
    _, gs = _flat(g)
    m_old = list(state["m"])
    m, out = [], []
    for i in range(len(ws)):
        m.append(beta * m_old[i] + (1 - beta) * gs[i])
        out.append(ws[i] - lr * m[i])
    return np.array(out).reshape(shape), {"m": m}


def rmsprop_init(w):
    _, ws = _flat(w)
    return {"v": [0.0] * len(ws)}


def rmsprop_step(w, g, state, lr=0.01, beta2=0.99, eps=1e-8):
    shape, ws = _flat(w)
    _, gs = _flat(g)
    v_old = list(state["v"])
    v, out = [], []
    for i in range(len(ws)):
        v.append(beta2 * v_old[i] + (1 - beta2) * gs[i] ** 2)
        out.append(ws[i] - lr * gs[i] / (math.sqrt(v[i]) + eps))
    return np.array(out).reshape(shape), {"v": v}


def adam_init(w):
    _, ws = _flat(w)
    return {"m": [0.0] * len(ws), "v": [0.0] * len(ws), "t": 0}


def adam_step(w, g, state, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    shape, ws = _flat(w)
    _, gs = _flat(g)
    t = state["t"] + 1
    m, v, out = [], [], []
    for i in range(len(ws)):
        m.append(beta1 * state["m"][i] + (1 - beta1) * gs[i])
        v.append(beta2 * state["v"][i] + (1 - beta2) * gs[i] * gs[i])
        m_hat = m[i] / (1 - beta1**t)
        v_hat = v[i] / (1 - beta2**t)
        out.append(ws[i] - lr * m_hat / (math.sqrt(v_hat) + eps))
    return np.array(out).reshape(shape), {"m": m, "v": v, "t": t}


def lr_decay(alpha0, gamma, epoch):
    return alpha0 / (1 + gamma * epoch)
