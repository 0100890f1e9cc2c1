# dlgrade: patch of the model answer
"""A typical mistake (must not get full marks): W + lr·dW, a step up the loss."""

from __future__ import annotations

import numpy as np
from softmax_reg import as_float_array, gradients, one_hot


def fit(X: np.ndarray, y: np.ndarray, k: int, lr: float = 0.5, epochs: int = 300,
        seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    X = as_float_array(X)
    Y = one_hot(y, k)
    W, b = np.zeros((k, X.shape[1])), np.zeros(k)
    for _ in range(epochs):
        dW, db = gradients(X, Y, W, b)
        W, b = W + lr * dW, b + lr * db
    return W, b
