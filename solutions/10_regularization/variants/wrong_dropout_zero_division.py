# dlgrade: patch of the model answer
"""A plausible mistake (must not get full marks): no check of p, and the scale computed as a Python float, 1 / (1 - p): p = 1 raises ZeroDivisionError, not ValueError, and p = 1.5 or -0.1 pass silently."""

from __future__ import annotations

import numpy as np


def dropout(a: np.ndarray, p: float, training: bool = True, seed: int = 0
            ) -> tuple[np.ndarray, np.ndarray]:
    scale = 1 / (1 - p)
    a = np.asarray(a)
    if not training:
        return a.copy(), np.ones_like(a)
    mask = (np.random.default_rng(seed).random(a.shape) >= p).astype(a.dtype)
    return a * mask * a.dtype.type(scale), mask
