# dlgrade: patch of the model answer
"""A plausible mistake: the edges k/(n + 1), n + 1 intervals for n bumps."""

import numpy as np


def sigmoid_sum(heights: np.ndarray, x: np.ndarray, w: float = 1000.0) -> np.ndarray:
    heights = np.asarray(heights, dtype=float)
    x = np.asarray(x, dtype=float)
    n = len(heights)
    edges = np.arange(n + 1) / (n + 1)
    steps = sigmoid(w * (x[..., None] - edges))  # noqa: F821 (the model answer's)
    return np.sum((steps[..., :-1] - steps[..., 1:]) * heights, axis=-1)
