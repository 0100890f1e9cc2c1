"""Assignment 10: regularization (slides "Fundamentos del aprendizaje automático", J. Luque).

Penalties added to the cost J0 and their gradients (Tikhonov / L2 and Lasso / L1), inverted
dropout and its backward pass, and early stopping on a curve of validation losses.

Only the weights are penalised: the caller passes the list of weight matrices, not the biases.
Nothing is modified in place; float32 in -> float32 out for the arrays (the penalties return a
number). NumPy only.
"""

from __future__ import annotations

import numpy as np


def l2_penalty(weights: list[np.ndarray], lam: float) -> float:
    """Tikhonov (L2) penalty: lam * sum over the matrices W of ||W||_2^2 = lam * sum_W sum_ij W_ij^2.

    The squared norm, not the norm: no square root.
    """
    ### BEGIN SOLUTION
    return float(lam * sum(np.sum(np.square(W), dtype=np.float64) for W in weights))
    ### END SOLUTION


def l2_grad(W: np.ndarray, lam: float) -> np.ndarray:
    """Gradient of lam * ||W||_2^2 with respect to W: 2 * lam * W (shape of W)."""
    ### BEGIN SOLUTION
    W = np.asarray(W)
    return (2 * lam) * W
    ### END SOLUTION


def l1_penalty(weights: list[np.ndarray], lam: float) -> float:
    """Lasso (L1) penalty: lam * sum over the matrices W of ||W||_1 = lam * sum_W sum_ij |W_ij|."""
    ### BEGIN SOLUTION
    return float(lam * sum(np.sum(np.abs(W), dtype=np.float64) for W in weights))
    ### END SOLUTION


def l1_grad(W: np.ndarray, lam: float) -> np.ndarray:
    """(Sub)gradient of lam * ||W||_1: lam * sign(W); at W_ij = 0 any value in [-lam, lam]
    is a subgradient (np.sign gives 0, as torch does)."""
    ### BEGIN SOLUTION
    W = np.asarray(W)
    return lam * np.sign(W)
    ### END SOLUTION


def dropout(a: np.ndarray, p: float, training: bool = True, seed: int = 0
            ) -> tuple[np.ndarray, np.ndarray]:
    """Inverted dropout: each unit is dropped with probability p (kept with 1 - p).

    training=True:  mask_ij = 1 with probability 1 - p (else 0), drawn from
                    np.random.default_rng(seed);  out = a * mask / (1 - p)
    training=False: out = a, mask = ones (nothing to do at test time)
    p outside [0, 1) raises ValueError in both modes. Returns (out, mask), both of a's shape.
    """
    ### BEGIN SOLUTION
    if not 0.0 <= p < 1.0:
        raise ValueError("p debe estar en [0, 1)")
    a = np.asarray(a)
    if not training:
        return a.copy(), np.ones_like(a)
    mask = (np.random.default_rng(seed).random(a.shape) >= p).astype(a.dtype)
    return a * mask, mask
    ### END SOLUTION


def dropout_backward(dout: np.ndarray, mask: np.ndarray, p: float) -> np.ndarray:
    """Backward pass of inverted dropout: d loss/d a = dout * mask / (1 - p)."""
    ### BEGIN SOLUTION
    dout = np.asarray(dout)
    return dout * np.asarray(mask, dtype=dout.dtype) / (1 - p)
    ### END SOLUTION


def early_stopping(val_losses: list[float], patience: int = 5, min_delta: float = 0.0
                   ) -> tuple[int, int]:
    """Early stopping on a curve of validation losses (epochs count from 0).

    Epoch i improves when val_losses[i] < best - min_delta (best: the loss of the best epoch so
    far; the first epoch always improves), and then becomes the best epoch. Training stops at
    the first epoch that completes `patience` epochs in a row without improvement, so
    stop_epoch = best_epoch + patience; without a stop, stop_epoch is the last epoch.
    Returns (best_epoch, stop_epoch).
    """
    ### BEGIN SOLUTION
    best, best_epoch, waited = np.inf, 0, 0
    for epoch, loss in enumerate(val_losses):
        if loss < best - min_delta:
            best, best_epoch, waited = loss, epoch, 0
        else:
            waited += 1
            if waited == patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses) - 1
    ### END SOLUTION
