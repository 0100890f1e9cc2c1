# dlgrade: patch of the model answer
"""A plausible mistake (must not get full marks): P clipped to [eps, 1 - eps] (assignment 08's binary habit) instead of [eps, 1]."""

from __future__ import annotations

import numpy as np


def cross_entropy(P: np.ndarray, Y: np.ndarray, eps: float = 1e-12) -> float:
    P = np.clip(np.asarray(P, dtype=np.float64), eps, 1.0 - eps)
    return float(-np.mean(np.sum(np.asarray(Y) * np.log(P), axis=1)))
