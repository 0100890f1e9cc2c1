# dlgrade: patch of the model answer
"""A plausible mistake (must not get full marks): the sum over the samples instead of the mean."""

from __future__ import annotations

import numpy as np


def bce_loss(p: np.ndarray, y: np.ndarray, eps: float = 1e-12) -> float:
    p = np.clip(np.asarray(p, dtype=np.float64), eps, 1.0 - eps)
    y = np.asarray(y, dtype=np.float64)
    return float(-np.sum(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))
