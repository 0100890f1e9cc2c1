# dlgrade: patch of the model answer
"""WRONG: lr is never used (every update has size 1)."""

from __future__ import annotations

import numpy as np
from perceptron import step


def train(
    X: np.ndarray, y: np.ndarray, lr: float = 1.0, epochs: int = 100
) -> tuple[np.ndarray, float]:
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float).reshape(-1)
    w = np.zeros(X.shape[1])
    b = 0.0
    for _ in range(epochs):
        mistakes = 0
        for x_i, y_i in zip(X, y):
            error = y_i - float(step(x_i @ w + b))
            if error != 0.0:
                w = w + error * x_i
                b = b + error
                mistakes += 1
        if mistakes == 0:
            break
    return w, float(b)
