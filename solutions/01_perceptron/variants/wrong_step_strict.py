# dlgrade: patch of the model answer
"""WRONG: step(0) = 0 (z > 0 instead of z >= 0), in step and so in predict and train."""

from __future__ import annotations

import numpy as np


def step(z: np.ndarray) -> np.ndarray:
    z = np.asarray(z)
    return np.where(z > 0, 1.0, 0.0)
