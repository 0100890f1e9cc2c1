"""A correct answer in the style of well-known public course code (CS231n's inverted dropout,
Keras' EarlyStopping callback): keep = rng.random(shape) < 1 - p, a boolean mask, the scale
folded into one factor; np.linalg.norm(W) ** 2 for the squared norm; a Keras-like `wait`
counter."""

import numpy as np


def l2_penalty(weights, lam):
    return lam * sum(np.linalg.norm(np.ravel(W)) ** 2 for W in weights)


def l2_grad(W, lam):
    return 2 * lam * W


def l1_penalty(weights, lam):
    return lam * sum(np.abs(W).sum() for W in weights)


def l1_grad(W, lam):
    return np.where(W > 0, lam, np.where(W < 0, -lam, 0.0)).astype(W.dtype)


def dropout(a, p, training=True, seed=0):
    if not 0 <= p < 1:
        raise ValueError(f"invalid dropout probability {p}")
    if not training:
        return a, np.ones(a.shape, dtype=a.dtype)
    keep_prob = 1 - p
    mask = np.random.default_rng(seed).random(a.shape) < keep_prob
    scale = a.dtype.type(1 / keep_prob)
    return a * mask * scale, mask


def dropout_backward(dout, mask, p):
    return dout * mask / (1 - p)


def early_stopping(val_losses, patience=5, min_delta=0.0):
    best, best_epoch, wait = float("inf"), 0, 0
    for epoch, current in enumerate(val_losses):
        wait += 1
        if current - min_delta < best and current < best - min_delta:
            best, best_epoch, wait = current, epoch, 0
        if wait >= patience:
            return best_epoch, epoch
    return best_epoch, len(val_losses) - 1
