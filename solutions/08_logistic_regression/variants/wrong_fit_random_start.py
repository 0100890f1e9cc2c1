# dlgrade: patch of the model answer
"""A plausible mistake (must not get full marks): small random initial weights (seeded) instead of the zero start."""

from __future__ import annotations

import numpy as np
from logreg import as_float_array, gradients


def fit(X: np.ndarray, y: np.ndarray, lr: float = 0.1, epochs: int = 1000) -> tuple[np.ndarray, float]:
    X = as_float_array(X)
    w, b = np.random.default_rng(0).normal(0.0, 0.01, X.shape[1]), 0.0
    for _ in range(epochs):
        dw, db = gradients(X, y, w, b)
        w, b = w - lr * dw, b - lr * db
    return w, float(b)
