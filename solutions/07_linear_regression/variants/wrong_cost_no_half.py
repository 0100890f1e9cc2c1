# dlgrade: patch of the model answer
"""WRONG: J without the ½: the slides' MSE (1/m)·Σ(ŷ − y)², which is 2J."""

from __future__ import annotations

import numpy as np


def cost(x: np.ndarray, y: np.ndarray, theta0: float, theta1: float) -> float:
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    residual = theta0 + theta1 * x - y
    return float(np.mean(residual**2))
