# dlgrade: patch of the model answer
"""A typical mistake (must not get full marks): the 1/m forgotten (the gradient of the sum, not of the mean)."""

from __future__ import annotations

import numpy as np
from softmax_reg import as_float_array, softmax


def gradients(X: np.ndarray, Y: np.ndarray, W: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    X = as_float_array(X)
    G = softmax(X @ as_float_array(W).T + b) - Y
    return G.T @ X, np.sum(G, axis=0)
