# dlgrade: patch of the model answer
"""A plausible mistake (must not get full marks): fit standardizes X inside, so W and b do not apply to X as given."""

from __future__ import annotations

import numpy as np
from softmax_reg import as_float_array, gradients, one_hot


def fit(X: np.ndarray, y: np.ndarray, k: int, lr: float = 0.5, epochs: int = 300,
        seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    X = as_float_array(X)
    X = (X - X.mean(axis=0)) / (X.std(axis=0) + 1e-8)
    Y = one_hot(y, k)
    W, b = np.zeros((k, X.shape[1])), np.zeros(k)
    for _ in range(epochs):
        dW, db = gradients(X, Y, W, b)
        W, b = W - lr * dW, b - lr * db
    return W, b
