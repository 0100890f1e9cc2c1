# dlgrade: patch of the model answer
"""A typical mistake (must not get full marks): dW = Xᵀ(P − Y)/m, of shape (d, k), the transpose of W's shape."""

from __future__ import annotations

import numpy as np
from softmax_reg import as_float_array, softmax


def gradients(X: np.ndarray, Y: np.ndarray, W: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    X = as_float_array(X)
    G = (softmax(X @ as_float_array(W).T + b) - Y) / X.shape[0]
    return X.T @ G, np.sum(G, axis=0)
