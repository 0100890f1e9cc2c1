# dlgrade: patch of the model answer
"""WRONG: the gradient as a sum, without the 1/m (steps m times too large)."""

from __future__ import annotations

import numpy as np


def gradients(x: np.ndarray, y: np.ndarray, theta0: float, theta1: float) -> tuple[float, float]:
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    residual = theta0 + theta1 * x - y
    return float(np.sum(residual)), float(np.sum(residual * x))
