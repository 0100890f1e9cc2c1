# dlgrade: patch of the model answer
"""A plausible mistake: x converted to float64 (float32 in gives float64 out)."""

import numpy as np


def sigmoid_bump(x: np.ndarray, s1: float, s2: float, h: float, w: float = 1000.0) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    return h * (sigmoid(w * (x - s1)) - sigmoid(w * (x - s2)))  # noqa: F821 (the model answer's)
