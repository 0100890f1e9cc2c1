# dlgrade: patch of the model answer
"""WRONG: predict subtracts the bias (X w - b), the threshold form with the sign mixed up."""

from __future__ import annotations

import numpy as np
from perceptron import step


def predict(X: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    w = np.asarray(w, dtype=float)
    return step(X @ w - b)
