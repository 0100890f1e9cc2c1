# dlgrade: patch of the model answer
"""A typical mistake (must not get full marks): W kept as (d, k) (logits X·W + b) and returned so."""

from __future__ import annotations

import numpy as np
from softmax_reg import as_float_array, one_hot, softmax


def fit(X: np.ndarray, y: np.ndarray, k: int, lr: float = 0.5, epochs: int = 300,
        seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    X = as_float_array(X)
    Y = one_hot(y, k)
    W, b = np.zeros((X.shape[1], k)), np.zeros(k)
    for _ in range(epochs):
        G = (softmax(X @ W + b) - Y) / X.shape[0]
        W, b = W - lr * X.T @ G, b - lr * G.sum(axis=0)
    return W, b
