# dlgrade: patch of the model answer
"""A plausible mistake: the bump as σ(w(x − s2)) − σ(w(x − s1)), a bump of height −h."""

import numpy as np


def sigmoid_bump(x: np.ndarray, s1: float, s2: float, h: float, w: float = 1000.0) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    return h * (sigmoid(w * (x - s2)) - sigmoid(w * (x - s1)))  # noqa: F821 (the model answer's)
