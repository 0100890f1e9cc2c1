# dlgrade: patch of the model answer
"""A plausible mistake: no check of the knots (a repeated knot divides by zero, no ValueError)."""

import numpy as np


def relu_approximation(knots: np.ndarray, values: np.ndarray) -> tuple[float, np.ndarray]:
    knots = np.asarray(knots, dtype=float)
    values = np.asarray(values, dtype=float)
    with np.errstate(all="ignore"):
        m = np.diff(values) / np.diff(knots)
    return float(values[0]), np.concatenate([m[:1], np.diff(m)])
