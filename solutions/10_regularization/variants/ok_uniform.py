"""A correct answer with other arrangements: the mask from rng.uniform(size=...) > p as float,
penalties through np.vdot and np.linalg.norm(ord=1), early stopping that stops when the
epochs since the best reach `patience`."""

import numpy as np


def l2_penalty(weights, lam):
    return float(lam * np.sum([np.vdot(W, W) for W in weights]))


def l2_grad(W, lam):
    return W * lam + W * lam


def l1_penalty(weights, lam):
    return float(lam * sum(np.linalg.norm(np.ravel(W), ord=1) for W in weights))


def l1_grad(W, lam):
    return np.sign(W) * lam


def dropout(a, p, training=True, seed=0):
    if p < 0.0 or not p < 1.0:
        raise ValueError("dropout probability outside [0, 1)")
    if training:
        u = np.random.default_rng(seed).uniform(size=a.shape)
        mask = (u > p).astype(a.dtype)  # P(u > p) = 1 - p (u == p has probability 0)
        return mask * a / (1.0 - p), mask
    return np.array(a, copy=True), np.ones_like(a)


def dropout_backward(dout, mask, p):
    return (mask * dout) / (1.0 - p)


def early_stopping(val_losses, patience=5, min_delta=0.0):
    losses = list(val_losses)
    best_epoch = 0
    for epoch in range(1, len(losses)):
        if losses[epoch] < losses[best_epoch] - min_delta:
            best_epoch = epoch
        elif epoch - best_epoch == patience:
            return best_epoch, epoch
    return best_epoch, len(losses) - 1
