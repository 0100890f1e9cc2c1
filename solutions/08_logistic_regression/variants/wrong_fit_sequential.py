# dlgrade: patch of the model answer
"""A plausible mistake (must not get full marks): db computed after w is updated (not a simultaneous update)."""

from __future__ import annotations

import numpy as np
from logreg import as_float_array, gradients


def fit(X: np.ndarray, y: np.ndarray, lr: float = 0.1, epochs: int = 1000) -> tuple[np.ndarray, float]:
    X = as_float_array(X)
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(epochs):
        w = w - lr * gradients(X, y, w, b)[0]
        b = b - lr * gradients(X, y, w, b)[1]
    return w, float(b)
