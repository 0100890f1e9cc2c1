"""Logistic regression (assignment 08, student module `logreg`): the same names and signatures.

    z = X w + b,   h = σ(z),   class = 1 where h >= threshold
    J = −(1/m) Σ [y ln h + (1 − y) ln(1 − h)],   ∂J/∂w = Xᵀ(h − y)/m,   ∂J/∂b = mean(h − y)

plus the number of polynomial features of degree <= k in d variables (the bias included):
C(d + k, k) distinct monomials, or Σ_{j<=k} d^j ordered products (the EAFIT slides' table).

Samples are rows: X (m, d), w (d,), y (m,), b a number. Float32 X and w give float32
probabilities; losses and counts are Python numbers.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from reference._validate import as_float, as_floats, check_ndim, check_same_shape
from reference.activations import sigmoid
from reference.losses import bce_with_logits_derivative

__all__ = ["predict_proba", "predict", "bce_loss", "gradients", "fit", "n_poly_features"]


def _z(func: str, X: Any, w: Any, b: float) -> tuple[np.ndarray, np.ndarray]:
    """(X, z = X w + b), validated: X 2-D, w 1-D with one entry per column."""
    X, w = as_floats(func, X=X, w=w)
    check_ndim(X, 2, "X", func)
    check_ndim(w, 1, "w", func)
    if X.shape[1] != w.shape[0]:
        raise ValueError(f"{func}: X has {X.shape[1]} features but w has {w.shape[0]} entries")
    if not np.isscalar(b) and np.ndim(b) != 0:
        raise ValueError(f"{func}: b must be a number, got shape {np.shape(b)}")
    return X, X @ w + b


def _labels(func: str, y: Any, m: int) -> np.ndarray:
    y = as_float(y, "y", func)
    if y.shape != (m,):
        raise ValueError(f"{func}: y must have shape ({m},), got {y.shape}")
    return y


def predict_proba(X: Any, w: Any, b: float) -> np.ndarray:
    """h = σ(X w + b) (m,), the stable sigmoid of reference.activations (no overflow at ±1e4)."""
    _, z = _z("predict_proba", X, w, b)
    return sigmoid(z)


def predict(X: Any, w: Any, b: float, threshold: float = 0.5) -> np.ndarray:
    """1 where σ(X w + b) >= threshold, else 0: an int64 array (m,)."""
    return (predict_proba(X, w, b) >= threshold).astype(np.int64)


def bce_loss(p: Any, y: Any, eps: float = 1e-12) -> float:
    """−mean(y ln p + (1 − y) ln(1 − p)) with p clipped to [eps, 1 − eps], in float64."""
    p, y = as_float(p, "p", "bce_loss"), as_float(y, "y", "bce_loss")
    check_same_shape(p, y, "p and y", "bce_loss")
    if p.size == 0:
        raise ValueError("bce_loss: empty input")
    if not 0 < eps < 0.5 or 1.0 - eps == 1.0:  # 1 − eps must stay below 1 in float64
        raise ValueError(f"bce_loss: eps must lie in (1.2e-16, 0.5), got {eps!r}")
    p = np.clip(p.astype(np.float64), eps, 1.0 - eps)
    y = y.astype(np.float64)
    return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log1p(-p)))


def gradients(X: Any, y: Any, w: Any, b: float) -> tuple[np.ndarray, float]:
    """(Xᵀ(σ(z) − y)/m, mean(σ(z) − y)): ∂J/∂z = (σ(z) − y)/m (bce_with_logits' derivative),
    then the chain rule through z = X w + b."""
    X, z = _z("gradients", X, w, b)
    y = _labels("gradients", y, X.shape[0]).astype(z.dtype, copy=False)
    dz = bce_with_logits_derivative(z, y)
    return X.T @ dz, float(np.sum(dz))


def fit(X: Any, y: Any, lr: float = 0.1, epochs: int = 1000) -> tuple[np.ndarray, float]:
    """`epochs` full-batch gradient-descent steps from w = 0, b = 0; returns (w, b)."""
    (X,) = as_floats("fit", X=X)
    check_ndim(X, 2, "X", "fit")
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 0:
        raise ValueError(f"fit: epochs must be a non-negative integer, got {epochs!r}")
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(int(epochs)):  # each step needs the previous (w, b): sequential
        dw, db = gradients(X, y, w, b)
        w, b = w - lr * dw, b - lr * db
    return w, float(b)


def n_poly_features(d: int, degree: int, distinct: bool = True) -> int:
    """Features of a polynomial model of degree <= `degree` in d variables, the bias included:
    distinct monomials C(d + k, k), or (distinct=False) ordered products Σ_{j=0..k} d^j."""
    for name, v, low in (("d", d, 1), ("degree", degree, 0)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < low:
            raise ValueError(f"n_poly_features: {name} must be an integer >= {low}, got {v!r}")
    d, k = int(d), int(degree)
    if distinct:
        return math.comb(d + k, k)
    return (d ** (k + 1) - 1) // (d - 1) if d > 1 else k + 1
