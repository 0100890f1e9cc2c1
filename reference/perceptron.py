"""Rosenblatt's perceptron: y = step(X·w + b) (the slides' W * X + b = Y with a step)."""

from __future__ import annotations

from typing import Any

import numpy as np

from reference._validate import as_float, as_floats, check_ndim

__all__ = ["step", "predict", "train"]


def step(z: Any) -> np.ndarray:
    """step(z) = 1 where z >= 0, else 0 (same shape; float dtype, float32 kept)."""
    z = as_float(z, "z", "step")
    return (z >= 0).astype(z.dtype)


def _check_xw(X: np.ndarray, w: np.ndarray, func: str) -> None:
    check_ndim(X, (1, 2), "X", func)
    check_ndim(w, 1, "w", func)
    if X.shape[-1] != w.shape[0]:
        raise ValueError(
            f"{func}: X has {X.shape[-1]} features but w has {w.shape[0]} entries "
            f"(X {X.shape}, w {w.shape})"
        )


def predict(X: Any, w: Any, b: float) -> np.ndarray:
    """ŷ = step(X·w + b): X (n, d), w (d,), b scalar -> (n,) of 0/1 (X (d,) -> a 0-d array)."""
    X, w = as_floats("predict", X=X, w=w)
    _check_xw(X, w, "predict")
    b = as_float(b, "b", "predict")
    if b.ndim != 0:
        raise ValueError(f"predict: b must be a scalar, got shape {b.shape}")
    # b is a scalar: it takes the dtype of X and w (float32 stays float32).
    return step(X @ w + b.astype(X.dtype))


def train(X: Any, y: Any, lr: float = 1.0, epochs: int = 100) -> tuple[np.ndarray, float]:
    """Rosenblatt's rule, samples in order, starting from w = 0, b = 0:

        ŷ_i = step(x_i·w + b);   w ← w + lr (y_i − ŷ_i) x_i;   b ← b + lr (y_i − ŷ_i)

    Stops after the first epoch without a mistake (or after `epochs` epochs). Labels are 0/1.
    Returns (w (d,), b float). The loop over samples is the algorithm itself: each update
    depends on the previous one, so it cannot be vectorized.
    """
    X = as_float(X, "X", "train")
    y = as_float(y, "y", "train").astype(X.dtype, copy=False)  # 0/1 labels follow X's dtype
    check_ndim(X, 2, "X", "train")
    check_ndim(y, 1, "y", "train")
    if X.shape[0] != y.shape[0]:
        raise ValueError(f"train: X has {X.shape[0]} rows but y has {y.shape[0]} labels")
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("train: labels y must be 0 or 1")
    if int(epochs) < 0:
        raise ValueError(f"train: epochs must be >= 0, got {epochs}")
    w = np.zeros(X.shape[1], dtype=X.dtype)
    b = X.dtype.type(0)
    for _ in range(int(epochs)):
        mistakes = 0
        for x_i, y_i in zip(X, y):
            error = y_i - (1.0 if x_i @ w + b >= 0 else 0.0)
            if error != 0:
                w = w + lr * error * x_i
                b = b + lr * error
                mistakes += 1
        if mistakes == 0:
            break
    return w, float(b)
