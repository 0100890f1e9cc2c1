# dlgrade: patch of the model answer
"""A plausible mistake: relu_eval writes into x (x -= ..., in place)."""

import numpy as np


def relu_eval(x: np.ndarray, knots: np.ndarray, b0: float, slopes: np.ndarray) -> np.ndarray:
    slopes = np.asarray(slopes)
    out = np.full(np.shape(x), b0, dtype=np.result_type(x, slopes, np.float32))
    for i in range(len(slopes)):
        x -= knots[i] - (knots[i - 1] if i else 0.0)
        out += slopes[i] * np.maximum(x, 0)
    return out
