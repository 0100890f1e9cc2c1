# dlgrade: patch of the model answer
"""WRONG: relu computes in float64 whatever the input (right values, float32 lost)."""

from __future__ import annotations

import numpy as np


def relu(z: np.ndarray) -> np.ndarray:
    z = np.array(z, dtype=float)
    return np.maximum(z, 0.0)
