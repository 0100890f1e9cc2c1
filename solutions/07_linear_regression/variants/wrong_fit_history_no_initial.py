# dlgrade: patch of the model answer
"""WRONG: history records J after each step only: length epochs, the initial J missing."""

from __future__ import annotations

import numpy as np
from linreg import cost, gd_step


def fit(
    x: np.ndarray,
    y: np.ndarray,
    alpha: float = 0.01,
    epochs: int = 1000,
    theta0: float = 0.0,
    theta1: float = 0.0,
) -> tuple[float, float, np.ndarray]:
    history = []
    for _ in range(epochs):
        theta0, theta1 = gd_step(x, y, theta0, theta1, alpha)
        history.append(cost(x, y, theta0, theta1))
    return float(theta0), float(theta1), np.array(history)
