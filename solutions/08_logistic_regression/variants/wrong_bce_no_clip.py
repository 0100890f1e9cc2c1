# dlgrade: patch of the model answer
"""A plausible mistake (must not get full marks): no clipping: p = 0 or 1 gives log(0) = -inf (a divide-by-zero warning, inf or nan)."""

from __future__ import annotations

import numpy as np


def bce_loss(p: np.ndarray, y: np.ndarray, eps: float = 1e-12) -> float:
    p = np.asarray(p, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))
