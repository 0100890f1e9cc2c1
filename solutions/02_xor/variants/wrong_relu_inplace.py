# dlgrade: patch of the model answer
"""WRONG: relu zeroes the negative entries of its input in place."""

from __future__ import annotations

import numpy as np


def relu(z: np.ndarray) -> np.ndarray:
    z = np.asarray(z)
    if not np.issubdtype(z.dtype, np.floating):
        z = z.astype(np.float64)
    z[z < 0] = 0.0
    return z
