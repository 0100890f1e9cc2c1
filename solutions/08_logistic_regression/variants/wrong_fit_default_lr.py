# dlgrade: patch of the model answer
"""A plausible mistake (must not get full marks): lr defaults to 0.01 instead of the statement's 0.1."""

from __future__ import annotations

import numpy as np
from logreg import as_float_array, gradients


def fit(X: np.ndarray, y: np.ndarray, lr: float = 0.01, epochs: int = 1000) -> tuple[np.ndarray, float]:
    X = as_float_array(X)
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(epochs):
        dw, db = gradients(X, y, w, b)
        w, b = w - lr * dw, b - lr * db
    return w, float(b)
