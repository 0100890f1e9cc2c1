# dlgrade: patch of the model answer
"""A plausible mistake (must not get full marks): right values, but p is clipped in place (np.clip(..., out=p)): the caller's p changes."""

from __future__ import annotations

import numpy as np


def bce_loss(p: np.ndarray, y: np.ndarray, eps: float = 1e-12) -> float:
    p = np.asarray(p)
    np.clip(p, eps, 1.0 - eps, out=p)
    y = np.asarray(y, dtype=np.float64)
    return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))
