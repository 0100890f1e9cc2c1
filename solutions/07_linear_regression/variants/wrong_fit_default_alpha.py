# dlgrade: patch of the model answer
"""WRONG: fit's default learning rate is 0.1, not the statement's 0.01."""

from __future__ import annotations

import numpy as np
from linreg import cost, gd_step


def fit(
    x: np.ndarray,
    y: np.ndarray,
    alpha: float = 0.1,
    epochs: int = 1000,
    theta0: float = 0.0,
    theta1: float = 0.0,
) -> tuple[float, float, np.ndarray]:
    history = [cost(x, y, theta0, theta1)]
    for _ in range(epochs):
        theta0, theta1 = gd_step(x, y, theta0, theta1, alpha)
        history.append(cost(x, y, theta0, theta1))
    return float(theta0), float(theta1), np.array(history)
