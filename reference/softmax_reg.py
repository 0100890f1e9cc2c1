"""Softmax regression (assignment 09, student module `softmax_reg`): the same names and signatures.

    Z = X Wᵀ + b,   P = softmax(Z) row by row,   class = argmax_j Z_ij
    J = −(1/m) Σ_i Σ_j Y_ij ln P_ij (P clipped to [eps, 1]),
    ∂J/∂W = (P − Y)ᵀ X / m,   ∂J/∂b = mean over the rows of (P − Y)

Samples are rows: X (m, d), W (k, d), b (k,), y (m,) integer labels, Y (m, k) one-hot.
Float32 logits give float32 probabilities; losses and accuracies are Python floats.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from reference._validate import as_float, as_floats, check_ndim, check_same_shape
from reference.activations import softmax as _softmax

__all__ = ["one_hot", "softmax", "cross_entropy", "gradients", "fit", "accuracy", "init_params"]


def _labels(func: str, y: Any, k: int | None = None) -> np.ndarray:
    """y as an int64 vector of class labels (integers, or floats holding whole numbers)."""
    a = np.asarray(y)
    if a.ndim != 1:
        raise ValueError(f"{func}: y must be a vector (m,), got shape {a.shape}")
    if a.dtype.kind == "f":
        if not np.all(a == np.round(a)):
            raise ValueError(f"{func}: y must hold whole class labels")
    elif a.dtype.kind not in "iu":
        raise TypeError(f"{func}: y must hold integer class labels, got dtype {a.dtype}")
    a = a.astype(np.int64)
    if k is not None and np.any((a < 0) | (a >= k)):
        raise ValueError(f"{func}: class labels must lie in [0, {k - 1}]")
    return a


def _k(func: str, k: Any) -> int:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"{func}: k must be a positive integer, got {k!r}")
    return int(k)


def one_hot(y: Any, k: int) -> np.ndarray:
    """Y (m, k) float64, Y_ij = 1 where y_i = j."""
    k = _k("one_hot", k)
    y = _labels("one_hot", y, k)
    return (y[:, None] == np.arange(k)[None, :]).astype(np.float64)


def softmax(Z: Any) -> np.ndarray:
    """softmax of each row of Z (m, k), the row maximum subtracted first (reference.activations)."""
    Z = as_float(Z, "Z", "softmax")
    check_ndim(Z, 2, "Z", "softmax")
    return _softmax(Z, axis=1)


def cross_entropy(P: Any, Y: Any, eps: float = 1e-12) -> float:
    """−(1/m) Σ_i Σ_j Y_ij ln clip(P_ij, eps, 1), in float64."""
    P, Y = as_float(P, "P", "cross_entropy"), as_float(Y, "Y", "cross_entropy")
    check_ndim(P, 2, "P", "cross_entropy")
    check_same_shape(P, Y, "P and Y", "cross_entropy")
    if P.shape[0] == 0:
        raise ValueError("cross_entropy: empty input")
    if not 0 < eps < 1:
        raise ValueError(f"cross_entropy: eps must lie in (0, 1), got {eps!r}")
    P = np.clip(P.astype(np.float64), eps, 1.0)
    return float(-np.sum(Y.astype(np.float64) * np.log(P)) / P.shape[0])


def _logits(func: str, X: Any, W: Any, b: Any) -> tuple[np.ndarray, np.ndarray]:
    """(X, Z = X Wᵀ + b), validated: X (m, d), W (k, d), b (k,)."""
    X, W, b = as_floats(func, X=X, W=W, b=b)
    check_ndim(X, 2, "X", func)
    check_ndim(W, 2, "W", func)
    check_ndim(b, 1, "b", func)
    if X.shape[1] != W.shape[1] or b.shape[0] != W.shape[0]:
        raise ValueError(f"{func}: X {X.shape}, W {W.shape} and b {b.shape} do not fit "
                         "(W must be (k, d), b (k,))")
    return X, X @ W.T + b


def gradients(X: Any, Y: Any, W: Any, b: Any) -> tuple[np.ndarray, np.ndarray]:
    """(dW, db) = ((P − Y)ᵀ X / m, Σ_i (P_i − Y_i) / m) with P = softmax(X Wᵀ + b)."""
    X, Z = _logits("gradients", X, W, b)
    Y = as_float(Y, "Y", "gradients")
    check_same_shape(Z, Y, "the logits X Wᵀ + b and Y", "gradients")
    G = (softmax(Z) - Y.astype(Z.dtype, copy=False)) / X.shape[0]
    return G.T @ X, G.sum(axis=0)


def init_params(k: int, d: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The reference's start (one of many allowed): W ~ N(0, 0.01²) from default_rng(seed), b = 0."""
    return np.random.default_rng(seed).normal(0.0, 0.01, size=(k, d)), np.zeros(k)


def fit(X: Any, y: Any, k: int, lr: float = 0.5, epochs: int = 300,
        seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """`epochs` full-batch gradient-descent steps from init_params(k, d, seed); returns (W, b)."""
    (X,) = as_floats("fit", X=X)
    check_ndim(X, 2, "X", "fit")
    k = _k("fit", k)
    Y = one_hot(y, k)
    if Y.shape[0] != X.shape[0]:
        raise ValueError(f"fit: {X.shape[0]} rows of X but {Y.shape[0]} labels")
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 0:
        raise ValueError(f"fit: epochs must be a non-negative integer, got {epochs!r}")
    W, b = init_params(k, X.shape[1], seed)
    for _ in range(int(epochs)):  # each step needs the previous (W, b): sequential
        dW, db = gradients(X, Y, W, b)
        W, b = W - lr * dW, b - lr * db
    return W, b


def accuracy(W: Any, b: Any, X: Any, y: Any) -> float:
    """mean(argmax_j (X Wᵀ + b)_ij == y_i), a Python float in [0, 1]."""
    X, Z = _logits("accuracy", X, W, b)
    y = _labels("accuracy", y)
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"accuracy: {X.shape[0]} rows of X but {y.shape[0]} labels")
    return float(np.mean(np.argmax(Z, axis=1) == y))
