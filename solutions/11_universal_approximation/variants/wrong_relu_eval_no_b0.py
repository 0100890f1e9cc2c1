# dlgrade: patch of the model answer
"""A plausible mistake: relu_eval without the constant b0."""

import numpy as np


def relu_eval(x: np.ndarray, knots: np.ndarray, b0: float, slopes: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    slopes = np.asarray(slopes, dtype=float)
    knots = np.asarray(knots, dtype=float)[: len(slopes)]
    return np.sum(np.maximum(x[..., None] - knots, 0) * slopes, axis=-1)
