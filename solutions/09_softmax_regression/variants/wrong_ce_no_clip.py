# dlgrade: patch of the model answer
"""A typical mistake (must not get full marks): no clipping, so P = 0 gives ln 0 (inf, nan and a warning)."""

from __future__ import annotations

import numpy as np


def cross_entropy(P: np.ndarray, Y: np.ndarray, eps: float = 1e-12) -> float:
    P, Y = np.asarray(P, dtype=np.float64), np.asarray(Y, dtype=np.float64)
    return float(-np.mean(np.sum(Y * np.log(P), axis=1)))
