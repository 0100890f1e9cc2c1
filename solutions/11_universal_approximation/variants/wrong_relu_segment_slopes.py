# dlgrade: patch of the model answer
"""A plausible mistake: the segments' slopes m_i as the hinges' slopes (not their changes)."""

import numpy as np


def relu_approximation(knots: np.ndarray, values: np.ndarray) -> tuple[float, np.ndarray]:
    knots = np.asarray(knots, dtype=float)
    values = np.asarray(values, dtype=float)
    if np.any(np.diff(knots) <= 0):
        raise ValueError("knots must be strictly increasing")
    return float(values[0]), np.diff(values) / np.diff(knots)
