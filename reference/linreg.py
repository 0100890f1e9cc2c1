"""Linear regression with one input by gradient descent: the riiaa slides' θ0/θ1 rules
(07_linear_regression's oracle: the student module `linreg`, same names and signatures).

    ŷ = θ0 + θ1 x,    J(θ0, θ1) = (1/2m) Σ_i (ŷ⁽ⁱ⁾ − y⁽ⁱ⁾)²
    θ0 := θ0 − (α/m) Σ (ŷ⁽ⁱ⁾ − y⁽ⁱ⁾),    θ1 := θ1 − (α/m) Σ (ŷ⁽ⁱ⁾ − y⁽ⁱ⁾) x⁽ⁱ⁾   (simultaneous)

x and y are 1-D (one sample per entry). `predict` keeps a floating x's dtype (float32 in,
float32 out); the cost, the gradients and the steps are computed in float64 whatever the
inputs' dtype, so float32 data whose squares overflow float32 still give finite, right values.
The train/validation/test split is a permutation of `np.random.default_rng(seed)`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from reference._validate import as_float, check_ndim

__all__ = ["predict", "cost", "gradients", "gd_step", "fit", "split_indices"]


def _xy(func: str, x: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    """x and y as float64 1-D arrays of the same, non-zero length."""
    x = as_float(x, "x", func).astype(np.float64, copy=False)
    y = as_float(y, "y", func).astype(np.float64, copy=False)
    check_ndim(x, 1, "x", func)
    check_ndim(y, 1, "y", func)
    if x.shape != y.shape or x.size == 0:
        raise ValueError(
            f"{func}: x and y must be non-empty and of the same length, got {x.shape} and {y.shape}"
        )
    return x, y


def _residual(x: np.ndarray, y: np.ndarray, theta0: float, theta1: float) -> np.ndarray:
    """r⁽ⁱ⁾ = ŷ⁽ⁱ⁾ − y⁽ⁱ⁾ = θ0 + θ1 x⁽ⁱ⁾ − y⁽ⁱ⁾, in float64."""
    return float(theta0) + float(theta1) * x - y


def predict(x: Any, theta0: float, theta1: float) -> np.ndarray:
    """ŷ = θ0 + θ1 x, elementwise over the 1-D x (a floating x keeps its dtype)."""
    x = as_float(x, "x", "predict")
    check_ndim(x, 1, "x", "predict")
    return (theta0 + theta1 * x).astype(x.dtype, copy=False)


def cost(x: Any, y: Any, theta0: float, theta1: float) -> float:
    """J(θ0, θ1) = (1/2m) Σ_i (θ0 + θ1 x⁽ⁱ⁾ − y⁽ⁱ⁾)², a Python float computed in float64."""
    x, y = _xy("cost", x, y)
    r = _residual(x, y, theta0, theta1)
    return float(np.mean(r * r) / 2.0)


def gradients(x: Any, y: Any, theta0: float, theta1: float) -> tuple[float, float]:
    """(∂J/∂θ0, ∂J/∂θ1) = ((1/m) Σ (ŷ⁽ⁱ⁾ − y⁽ⁱ⁾), (1/m) Σ (ŷ⁽ⁱ⁾ − y⁽ⁱ⁾) x⁽ⁱ⁾), two floats."""
    x, y = _xy("gradients", x, y)
    r = _residual(x, y, theta0, theta1)
    return float(np.mean(r)), float(np.mean(r * x))


def gd_step(x: Any, y: Any, theta0: float, theta1: float, alpha: float) -> tuple[float, float]:
    """One step of the slides' rules, both gradients taken at the old (θ0, θ1) (simultaneous):

    θ0 := θ0 − α ∂J/∂θ0,    θ1 := θ1 − α ∂J/∂θ1
    """
    d0, d1 = gradients(x, y, theta0, theta1)
    return float(theta0 - alpha * d0), float(theta1 - alpha * d1)


def fit(
    x: Any,
    y: Any,
    alpha: float = 0.01,
    epochs: int = 1000,
    theta0: float = 0.0,
    theta1: float = 0.0,
) -> tuple[float, float, np.ndarray]:
    """`epochs` steps of `gd_step` from (θ0, θ1). Returns (θ0, θ1, history) with history a
    float64 array of length epochs + 1: J before the first step, then J after each step."""
    x, y = _xy("fit", x, y)
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 0:
        raise ValueError(f"fit: epochs must be a non-negative integer, got {epochs!r}")
    theta0, theta1 = float(theta0), float(theta1)
    history = np.empty(int(epochs) + 1)
    history[0] = cost(x, y, theta0, theta1)
    for k in range(1, int(epochs) + 1):  # each step needs the previous θ: sequential in k
        theta0, theta1 = gd_step(x, y, theta0, theta1, alpha)
        history[k] = cost(x, y, theta0, theta1)
    return theta0, theta1, history


def split_indices(
    n: int, val: float = 0.2, test: float = 0.2, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(train, val, test) indices of 0..n−1: p = np.random.default_rng(seed).permutation(n);
    test = p[:int(n·test)], val = the next int(n·val) entries, train = the rest."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
        raise ValueError(f"split_indices: n must be a non-negative integer, got {n!r}")
    if not (0.0 <= val <= 1.0 and 0.0 <= test <= 1.0 and val + test <= 1.0):
        raise ValueError(f"split_indices: need 0 <= val, test and val + test <= 1, got {val}, {test}")
    p = np.random.default_rng(seed).permutation(int(n))
    n_test, n_val = int(n * test), int(n * val)
    return p[n_test + n_val:].copy(), p[n_test:n_test + n_val].copy(), p[:n_test].copy()
