# dlgrade: patch of the model answer
"""A changed default (must not get full marks): epochs = 5, too few to pass 0.9 on the digits."""

from __future__ import annotations

import numpy as np
from softmax_reg import as_float_array, gradients, one_hot


def fit(X: np.ndarray, y: np.ndarray, k: int, lr: float = 0.5, epochs: int = 5,
        seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    X = as_float_array(X)
    Y = one_hot(y, k)
    W, b = np.zeros((k, X.shape[1])), np.zeros(k)
    for _ in range(epochs):
        dW, db = gradients(X, Y, W, b)
        W, b = W - lr * dW, b - lr * db
    return W, b
