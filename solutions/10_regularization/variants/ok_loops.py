"""A correct answer written with explicit Python loops: element by element sums, a mask drawn
with rng.binomial(1, 1 - p, shape), an l1 subgradient that takes +lam at W = 0, and early
stopping written with `best - loss > min_delta`."""

import numpy as np


def l2_penalty(weights, lam):
    total = 0.0
    for W in weights:
        for w in np.asarray(W, dtype=float).ravel():
            total += w * w
    return lam * total


def l2_grad(W, lam):
    W = np.asarray(W)
    out = np.empty_like(W)
    for idx in np.ndindex(W.shape):
        out[idx] = 2 * lam * W[idx]
    return out


def l1_penalty(weights, lam):
    total = 0.0
    for W in weights:
        for w in np.asarray(W, dtype=float).ravel():
            total += abs(w)
    return lam * total


def l1_grad(W, lam):
    W = np.asarray(W)
    out = np.empty_like(W)
    for idx in np.ndindex(W.shape):
        out[idx] = lam if W[idx] >= 0 else -lam  # at 0: +lam, a valid subgradient
    return out


def dropout(a, p, training=True, seed=0):
    if p < 0 or p >= 1:
        raise ValueError("p must be in [0, 1)")
    a = np.asarray(a)
    if not training:
        return a.copy(), np.ones_like(a)
    rng = np.random.default_rng(seed)
    mask = rng.binomial(1, 1 - p, size=a.shape).astype(a.dtype)
    out = np.empty_like(a)
    for idx in np.ndindex(a.shape):
        out[idx] = a[idx] * mask[idx] / (1 - p)
    return out, mask


def dropout_backward(dout, mask, p):
    dout = np.asarray(dout)
    da = np.zeros_like(dout)
    for idx in np.ndindex(dout.shape):
        if mask[idx] == 1:
            da[idx] = dout[idx] / (1 - p)
    return da


def early_stopping(val_losses, patience=5, min_delta=0.0):
    best = None
    best_epoch = 0
    bad_epochs = 0
    for epoch in range(len(val_losses)):
        loss = val_losses[epoch]
        if best is None or best - loss > min_delta:
            best = loss
            best_epoch = epoch
            bad_epochs = 0
        else:
            bad_epochs = bad_epochs + 1
            if bad_epochs >= patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses) - 1
