"""Linear regression by gradient descent (the riiaa slides' θ0/θ1 rules) and logistic regression.

Linear:   ŷ = θ0 + θ1 x,   J(θ0, θ1) = (1/2m) Σ (ŷ⁽ⁱ⁾ − y⁽ⁱ⁾)²
Logistic: h = σ(z), z = x wᵀ + b,   J = −(1/m) Σ [y ln h + (1 − y) ln(1 − h)]
"""

from __future__ import annotations

from itertools import combinations_with_replacement
from typing import Any

import numpy as np

from reference._validate import as_float, as_floats, check_ndim
from reference.activations import sigmoid
from reference.losses import bce_with_logits

__all__ = [
    "linear_predict", "linear_cost", "linear_gradient", "linear_step", "fit_linear",
    "polynomial_features",
    "logistic_predict_proba", "logistic_predict", "logistic_loss", "logistic_gradient",
    "logistic_step", "fit_logistic",
]  # fmt: skip


# --- linear regression, one input ------------------------------------------------------------
def _xy_1d(func: str, x: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    x, y = as_floats(func, x=x, y=y)
    check_ndim(x, 1, "x", func)
    check_ndim(y, 1, "y", func)
    if x.shape != y.shape or x.size == 0:
        raise ValueError(
            f"{func}: x and y must be non-empty and of the same length, got {x.shape} and {y.shape}"
        )
    return x, y


def linear_predict(x: Any, theta0: float, theta1: float) -> np.ndarray:
    """ŷ = θ0 + θ1 x."""
    x = as_float(x, "x", "linear_predict")
    return theta0 + theta1 * x


def linear_cost(x: Any, y: Any, theta0: float, theta1: float) -> float:
    """J(θ0, θ1) = (1/2m) Σ_i (θ0 + θ1 x⁽ⁱ⁾ − y⁽ⁱ⁾)²."""
    x, y = _xy_1d("linear_cost", x, y)
    r = theta0 + theta1 * x - y
    return float(np.mean(r * r) / 2.0)


def linear_gradient(x: Any, y: Any, theta0: float, theta1: float) -> tuple[float, float]:
    """∂J/∂θ0 = (1/m) Σ (ŷ⁽ⁱ⁾ − y⁽ⁱ⁾),   ∂J/∂θ1 = (1/m) Σ (ŷ⁽ⁱ⁾ − y⁽ⁱ⁾) x⁽ⁱ⁾."""
    x, y = _xy_1d("linear_gradient", x, y)
    r = theta0 + theta1 * x - y
    return float(np.mean(r)), float(np.mean(r * x))


def linear_step(x: Any, y: Any, theta0: float, theta1: float, alpha: float) -> tuple[float, float]:
    """One step of the slides' rules, both from the same (old) θ (a simultaneous update):

    θ0 := θ0 − (α/m) Σ (ŷ⁽ⁱ⁾ − y⁽ⁱ⁾),    θ1 := θ1 − (α/m) Σ (ŷ⁽ⁱ⁾ − y⁽ⁱ⁾) x⁽ⁱ⁾
    """
    d0, d1 = linear_gradient(x, y, theta0, theta1)
    return theta0 - alpha * d0, theta1 - alpha * d1


def fit_linear(
    x: Any,
    y: Any,
    alpha: float = 0.01,
    epochs: int = 1000,
    theta0: float = 0.0,
    theta1: float = 0.0,
) -> tuple[float, float]:
    """`epochs` steps of `linear_step` from (θ0, θ1); returns the final (θ0, θ1)."""
    x, y = _xy_1d("fit_linear", x, y)
    for _ in range(int(epochs)):  # each step needs the previous θ: iterations are sequential
        r = theta0 + theta1 * x - y
        theta0, theta1 = theta0 - alpha * np.mean(r), theta1 - alpha * np.mean(r * x)
    return float(theta0), float(theta1)


# --- logistic regression ---------------------------------------------------------------------
def polynomial_features(X: Any, degree: int) -> np.ndarray:
    """All monomials of the columns of X of total degree 1..degree (no constant column: the
    bias is separate). With 2 inputs: degree 1 -> 2 features (3 parameters with the bias),
    degree 2 -> 5 (6), degree 4 -> 14 (15): the slides' RegLog, RegLog2, RegLog4.
    Columns by degree, then in combinations_with_replacement order (x1, x2, x1², x1x2, x2², …).
    """
    X = as_float(X, "X", "polynomial_features")
    check_ndim(X, 2, "X", "polynomial_features")
    if isinstance(degree, bool) or not isinstance(degree, (int, np.integer)) or degree < 1:
        raise ValueError(f"polynomial_features: degree must be a positive integer, got {degree!r}")
    cols = [
        np.prod(X[:, list(idx)], axis=1)
        for k in range(1, int(degree) + 1)
        for idx in combinations_with_replacement(range(X.shape[1]), k)
    ]
    return np.stack(cols, axis=1)


def _xwb(func: str, X: Any, w: Any, b: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    X, w = as_floats(func, X=X, w=w)
    check_ndim(X, 2, "X", func)
    check_ndim(w, 1, "w", func)
    if X.shape[1] != w.shape[0]:
        raise ValueError(f"{func}: X has {X.shape[1]} features but w has {w.shape[0]} entries")
    return X, w, X @ w + b


def _labels(func: str, y: Any, n: int, dtype) -> np.ndarray:
    y = as_float(y, "y", func).astype(dtype, copy=False)
    if y.shape != (n,):
        raise ValueError(f"{func}: y must have shape ({n},), got {y.shape}")
    return y


def logistic_predict_proba(X: Any, w: Any, b: float) -> np.ndarray:
    """h = σ(z) = 1 / (1 + e^{−z}), z = X w + b: X (m, d), w (d,) -> (m,)."""
    _, _, z = _xwb("logistic_predict_proba", X, w, b)
    return sigmoid(z)


def logistic_predict(X: Any, w: Any, b: float) -> np.ndarray:
    """Class 1 where h >= 0.5 (z >= 0), else 0."""
    _, _, z = _xwb("logistic_predict", X, w, b)
    return (z >= 0).astype(z.dtype)


def logistic_loss(X: Any, y: Any, w: Any, b: float) -> float:
    """J = −(1/m) Σ [y ln h + (1 − y) ln(1 − h)], evaluated from z without log(0)."""
    X, _, z = _xwb("logistic_loss", X, w, b)
    return bce_with_logits(z, _labels("logistic_loss", y, X.shape[0], z.dtype))


def logistic_gradient(X: Any, y: Any, w: Any, b: float) -> tuple[np.ndarray, float]:
    """∂J/∂w = (1/m) Xᵀ (h − y),   ∂J/∂b = (1/m) Σ (h − y)."""
    X, _, z = _xwb("logistic_gradient", X, w, b)
    r = sigmoid(z) - _labels("logistic_gradient", y, X.shape[0], z.dtype)
    return X.T @ r / X.shape[0], float(np.mean(r))


def logistic_step(X: Any, y: Any, w: Any, b: float, lr: float) -> tuple[np.ndarray, float]:
    """w ← w − α ∂J/∂w,  b ← b − α ∂J/∂b (the slides' GD rule)."""
    dw, db = logistic_gradient(X, y, w, b)
    (w,) = as_floats("logistic_step", w=w)
    return w - lr * dw, float(b - lr * db)


def fit_logistic(X: Any, y: Any, lr: float = 0.1, epochs: int = 1000) -> tuple[np.ndarray, float]:
    """`epochs` steps of `logistic_step` from w = 0, b = 0; returns (w, b)."""
    (X,) = as_floats("fit_logistic", X=X)
    check_ndim(X, 2, "X", "fit_logistic")
    w, b = np.zeros(X.shape[1], dtype=X.dtype), 0.0
    for _ in range(int(epochs)):
        w, b = logistic_step(X, y, w, b, lr)
    return w, b
