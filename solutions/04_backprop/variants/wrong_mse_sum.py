# dlgrade: patch of the model answer
"""A wrong 04_backprop: mse_loss sums instead of averaging."""

from __future__ import annotations

import numpy as np


def mse_loss(y_hat: np.ndarray, y: np.ndarray) -> float:
    y_hat = np.asarray(y_hat, dtype=float)
    y = np.asarray(y, dtype=float).reshape(y_hat.shape)
    return float(np.sum((y_hat - y) ** 2))
