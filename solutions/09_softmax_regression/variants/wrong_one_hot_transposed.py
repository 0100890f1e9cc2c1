# dlgrade: patch of the model answer
"""A typical mistake (must not get full marks): one_hot returns (k, m), one column per sample."""

from __future__ import annotations

import numpy as np


def one_hot(y: np.ndarray, k: int) -> np.ndarray:
    y = np.asarray(y)
    Y = np.zeros((k, y.shape[0]))
    Y[y, np.arange(y.shape[0])] = 1.0
    return Y
