# dlgrade: patch of the model answer
"""WRONG: step overwrites its input (right values, but z is modified in place)."""

from __future__ import annotations

import numpy as np


def step(z: np.ndarray) -> np.ndarray:
    z = np.asarray(z, dtype=float)
    z[z >= 0] = 1.0
    z[z < 0] = 0.0
    return z
