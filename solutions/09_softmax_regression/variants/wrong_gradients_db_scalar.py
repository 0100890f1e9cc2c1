# dlgrade: patch of the model answer
"""A typical mistake (must not get full marks): db as one number (the mean over classes too) instead of a vector (k,)."""

from __future__ import annotations

import numpy as np
from softmax_reg import as_float_array, softmax


def gradients(X: np.ndarray, Y: np.ndarray, W: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    X = as_float_array(X)
    G = (softmax(X @ as_float_array(W).T + b) - Y) / X.shape[0]
    return G.T @ X, float(np.mean(np.sum(G, axis=0)))
