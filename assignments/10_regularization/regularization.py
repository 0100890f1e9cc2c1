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
    raise NotImplementedError("Completa esta función / Complete this function: l2_penalty")


def l2_grad(W: np.ndarray, lam: float) -> np.ndarray:
    """Gradient of lam * ||W||_2^2 with respect to W: 2 * lam * W (shape of W)."""
    raise NotImplementedError("Completa esta función / Complete this function: l2_grad")


def l1_penalty(weights: list[np.ndarray], lam: float) -> float:
    """Lasso (L1) penalty: lam * sum over the matrices W of ||W||_1 = lam * sum_W sum_ij |W_ij|."""
    raise NotImplementedError("Completa esta función / Complete this function: l1_penalty")


def l1_grad(W: np.ndarray, lam: float) -> np.ndarray:
    """(Sub)gradient of lam * ||W||_1: lam * sign(W); at W_ij = 0 any value in [-lam, lam]
    is a subgradient (np.sign gives 0, as torch does)."""
    raise NotImplementedError("Completa esta función / Complete this function: l1_grad")


def dropout(a: np.ndarray, p: float, training: bool = True, seed: int = 0
            ) -> tuple[np.ndarray, np.ndarray]:
    """Inverted dropout: each unit is dropped with probability p (kept with 1 - p).

    training=True:  mask_ij = 1 with probability 1 - p (else 0), drawn from
                    np.random.default_rng(seed);  out = a * mask / (1 - p)
    training=False: out = a, mask = ones (nothing to do at test time)
    p outside [0, 1) raises ValueError in both modes. Returns (out, mask), both of a's shape.
    """
    raise NotImplementedError("Completa esta función / Complete this function: dropout")


def dropout_backward(dout: np.ndarray, mask: np.ndarray, p: float) -> np.ndarray:
    """Backward pass of inverted dropout: d loss/d a = dout * mask / (1 - p)."""
    raise NotImplementedError("Completa esta función / Complete this function: dropout_backward")


def early_stopping(val_losses: list[float], patience: int = 5, min_delta: float = 0.0
                   ) -> tuple[int, int]:
    """Early stopping on a curve of validation losses (epochs count from 0).

    Epoch i improves when val_losses[i] < best - min_delta (best: the loss of the best epoch so
    far; the first epoch always improves), and then becomes the best epoch. Training stops at
    the first epoch that completes `patience` epochs in a row without improvement, so
    stop_epoch = best_epoch + patience; without a stop, stop_epoch is the last epoch.
    Returns (best_epoch, stop_epoch).
    """
    raise NotImplementedError("Completa esta función / Complete this function: early_stopping")
