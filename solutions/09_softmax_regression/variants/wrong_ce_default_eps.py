# dlgrade: patch of the model answer
"""A changed default (must not get full marks): eps = 1e-7 (Keras' epsilon) instead of 1e-12."""

from __future__ import annotations

import numpy as np


def cross_entropy(P: np.ndarray, Y: np.ndarray, eps: float = 1e-7) -> float:
    P = np.clip(np.asarray(P, dtype=np.float64), eps, 1.0)
    return float(-np.mean(np.sum(np.asarray(Y) * np.log(P), axis=1)))
