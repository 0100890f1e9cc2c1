# dlgrade: patch of the model answer
"""WRONG: J computed in the input's dtype: float32 data with residuals of 1e19 overflows (inf and
a NumPy warning)."""

from __future__ import annotations

import numpy as np


def cost(x: np.ndarray, y: np.ndarray, theta0: float, theta1: float) -> float:
    x = np.asarray(x)
    y = np.asarray(y)
    residual = theta0 + theta1 * x - y
    return float(np.sum(residual**2) / (2 * len(x)))
