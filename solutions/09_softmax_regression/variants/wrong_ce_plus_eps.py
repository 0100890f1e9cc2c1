# dlgrade: patch of the model answer
"""A plausible mistake (must not get full marks): ln(P + eps) instead of clipping."""

from __future__ import annotations

import numpy as np


def cross_entropy(P: np.ndarray, Y: np.ndarray, eps: float = 1e-12) -> float:
    P = np.asarray(P, dtype=np.float64)
    return float(-np.mean(np.sum(np.asarray(Y) * np.log(P + eps), axis=1)))
