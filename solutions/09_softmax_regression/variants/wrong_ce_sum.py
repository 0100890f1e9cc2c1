# dlgrade: patch of the model answer
"""A typical mistake (must not get full marks): the sum over the rows instead of the mean."""

from __future__ import annotations

import numpy as np


def cross_entropy(P: np.ndarray, Y: np.ndarray, eps: float = 1e-12) -> float:
    P = np.clip(np.asarray(P, dtype=np.float64), eps, 1.0)
    return float(-np.sum(np.asarray(Y) * np.log(P)))
