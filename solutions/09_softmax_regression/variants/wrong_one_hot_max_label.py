# dlgrade: patch of the model answer
"""A typical mistake (must not get full marks): the number of columns taken from the labels (max(y) + 1), not from k."""

from __future__ import annotations

import numpy as np


def one_hot(y: np.ndarray, k: int) -> np.ndarray:
    y = np.asarray(y).astype(np.int64)
    return np.eye(int(y.max()) + 1)[y]
