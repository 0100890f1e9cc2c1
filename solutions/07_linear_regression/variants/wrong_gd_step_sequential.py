"""WRONG (a whole module, so that `dlgrade grade` takes it as it is): the model answer with
the sequential update in gd_step: θ0 is updated first and θ1's gradient uses the NEW θ0."""

from __future__ import annotations

import numpy as np


def predict(x: np.ndarray, theta0: float, theta1: float) -> np.ndarray:
    """The line's prediction for every sample: ŷ = θ0 + θ1·x.

    Args:
        x: (m,) inputs.
        theta0, theta1: intercept and slope (numbers).

    Returns:
        (m,) array ŷ, a new array (float32 when x is float32).
    """
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(np.float64)
    return theta0 + theta1 * x


def cost(x: np.ndarray, y: np.ndarray, theta0: float, theta1: float) -> float:
    """Half the mean squared error: J(θ0, θ1) = 1/(2m) Σ_i (ŷ⁽ⁱ⁾ − y⁽ⁱ⁾)², ŷ = θ0 + θ1·x.

    Computed in float64 whatever the inputs' dtype. Returns a Python float.
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    residual = theta0 + theta1 * x - y
    return float(np.sum(residual**2) / (2 * len(x)))


def gradients(x: np.ndarray, y: np.ndarray, theta0: float, theta1: float) -> tuple[float, float]:
    """The partial derivatives of J:

        d0 = ∂J/∂θ0 = (1/m) Σ (ŷ⁽ⁱ⁾ − y⁽ⁱ⁾)
        d1 = ∂J/∂θ1 = (1/m) Σ (ŷ⁽ⁱ⁾ − y⁽ⁱ⁾)·x⁽ⁱ⁾

    Computed in float64. Returns (d0, d1), two Python floats.
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    residual = theta0 + theta1 * x - y
    m = len(x)
    return float(np.sum(residual) / m), float(np.sum(residual * x) / m)


def gd_step(
    x: np.ndarray, y: np.ndarray, theta0: float, theta1: float, alpha: float
) -> tuple[float, float]:
    """One step of gradient descent, a SIMULTANEOUS update (both gradients at the old θ):

        θ0 := θ0 − α·d0(θ0, θ1),    θ1 := θ1 − α·d1(θ0, θ1)

    Returns (new θ0, new θ1), two Python floats.
    """
    theta0 = theta0 - alpha * gradients(x, y, theta0, theta1)[0]
    theta1 = theta1 - alpha * gradients(x, y, theta0, theta1)[1]  # uses the NEW theta0
    return float(theta0), float(theta1)


def fit(
    x: np.ndarray,
    y: np.ndarray,
    alpha: float = 0.01,
    epochs: int = 1000,
    theta0: float = 0.0,
    theta1: float = 0.0,
) -> tuple[float, float, np.ndarray]:
    """Gradient descent: `epochs` calls of gd_step starting from (θ0, θ1).

    Returns (θ0, θ1, history): the final parameters (Python floats) and a NumPy array of
    length epochs + 1 with J before the first step, then J after each step.
    """
    history = [cost(x, y, theta0, theta1)]
    for _ in range(epochs):
        theta0, theta1 = gd_step(x, y, theta0, theta1, alpha)
        history.append(cost(x, y, theta0, theta1))
    return float(theta0), float(theta1), np.array(history)


def split_indices(
    n: int, val: float = 0.2, test: float = 0.2, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle the sample indices 0..n−1 and split them into train, validation and test.

    p = np.random.default_rng(seed).permutation(n); the first int(n·test) entries of p are the
    test indices, the next int(n·val) the validation ones, the rest the training ones.

    Returns (train, val, test), three integer arrays.
    """
    p = np.random.default_rng(seed).permutation(n)
    n_test = int(n * test)
    n_val = int(n * val)
    return p[n_test + n_val:], p[n_test:n_test + n_val], p[:n_test]
