"""A correct answer in the style of well-known public course code (CS231n's optim.py: each
update rule takes (w, dw, config) and returns (next_w, config), hyper-parameters and moments in
one config dict), adapted to this assignment's contract by interface-only wrappers. Momentum is
the slides' moving average written incrementally, m += (1 - beta) * (g - m)."""

import numpy as np


# --- update rules, CS231n style ---------------------------------------------------------------
def sgd(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    w -= config["learning_rate"] * dw
    return w, config


def ema_momentum(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("beta", 0.9)
    m = config.get("m", np.zeros_like(w))
    m = m + (1 - config["beta"]) * (dw - m)
    next_w = w - config["learning_rate"] * m
    config["m"] = m
    return next_w, config


def rmsprop(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("cache", np.zeros_like(w))
    cache = config["decay_rate"] * config["cache"] + (1 - config["decay_rate"]) * dw**2
    next_w = w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"])
    config["cache"] = cache
    return next_w, config


def adam(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("beta1", 0.9)
    config.setdefault("beta2", 0.999)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("m", np.zeros_like(w))
    config.setdefault("v", np.zeros_like(w))
    config.setdefault("t", 0)
    config["t"] += 1
    config["m"] = config["beta1"] * config["m"] + (1 - config["beta1"]) * dw
    mt = config["m"] / (1 - config["beta1"] ** config["t"])
    config["v"] = config["beta2"] * config["v"] + (1 - config["beta2"]) * (dw**2)
    vt = config["v"] / (1 - config["beta2"] ** config["t"])
    next_w = w - config["learning_rate"] * mt / (np.sqrt(vt) + config["epsilon"])
    return next_w, config


# --- the assignment's contract: wrappers only ----------------------------------------------------
def _f(x):
    return np.array(x, dtype=float)  # a copy: the rules above may work in place


def sgd_step(w, g, lr):
    return sgd(_f(w), _f(g), {"learning_rate": lr})[0]


def momentum_init(w):
    return {"m": np.zeros_like(_f(w))}


def momentum_step(w, g, state, lr, beta=0.9):
    next_w, c = ema_momentum(_f(w), _f(g), {"learning_rate": lr, "beta": beta, "m": _f(state["m"])})
    return next_w, {"m": c["m"]}


def rmsprop_init(w):
    return {"cache": np.zeros_like(_f(w))}


def rmsprop_step(w, g, state, lr=0.01, beta2=0.99, eps=1e-8):
    config = {"learning_rate": lr, "decay_rate": beta2, "epsilon": eps, "cache": _f(state["cache"])}
    next_w, c = rmsprop(_f(w), _f(g), config)
    return next_w, {"cache": c["cache"]}


def adam_init(w):
    return {"m": np.zeros_like(_f(w)), "v": np.zeros_like(_f(w)), "t": 0}


def adam_step(w, g, state, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    config = {"learning_rate": lr, "beta1": beta1, "beta2": beta2, "epsilon": eps,
              "m": _f(state["m"]), "v": _f(state["v"]), "t": int(state["t"])}
    next_w, c = adam(_f(w), _f(g), config)
    return next_w, {"m": c["m"], "v": c["v"], "t": c["t"]}


def lr_decay(alpha0, gamma, epoch):
    return alpha0 * 1.0 / (1.0 + gamma * epoch)
