# dlgrade: patch of the model answer
"""WRONG: turns the labels into -1/+1 in place (y[y == 0] = -1): right weights, but y is modified."""

from __future__ import annotations

import numpy as np
from perceptron import step


def train(
    X: np.ndarray, y: np.ndarray, lr: float = 1.0, epochs: int = 100
) -> tuple[np.ndarray, float]:
    X = np.asarray(X, dtype=float)
    y = np.asarray(y).reshape(-1)
    y[y == 0] = -1  # labels -1/+1 as in many public examples
    w = np.zeros(X.shape[1])
    b = 0.0
    for _ in range(epochs):
        mistakes = 0
        for x_i, y_i in zip(X, y):
            error = (y_i - (2.0 * float(step(x_i @ w + b)) - 1.0)) / 2.0
            if error != 0.0:
                w = w + lr * error * x_i
                b = b + lr * error
                mistakes += 1
        if mistakes == 0:
            break
    return w, float(b)
