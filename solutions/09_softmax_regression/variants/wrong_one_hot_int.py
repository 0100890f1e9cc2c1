# dlgrade: patch of the model answer
"""A typical mistake (must not get full marks): one_hot returns integers (np.eye with dtype int)."""

from __future__ import annotations

import numpy as np


def one_hot(y: np.ndarray, k: int) -> np.ndarray:
    return np.eye(k, dtype=int)[np.asarray(y)]
