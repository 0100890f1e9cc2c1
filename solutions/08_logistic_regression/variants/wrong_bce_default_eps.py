# dlgrade: patch of the model answer
"""A plausible mistake (must not get full marks): eps defaults to 1e-7 (Keras' epsilon) instead of the statement's 1e-12."""

from __future__ import annotations

import numpy as np


def bce_loss(p: np.ndarray, y: np.ndarray, eps: float = 1e-7) -> float:
    p = np.clip(np.asarray(p, dtype=np.float64), eps, 1.0 - eps)
    y = np.asarray(y, dtype=np.float64)
    return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))
