# dlgrade: patch of the model answer
"""A plausible mistake (must not get full marks): no check of p: p = 1 divides by zero (inf/nan and a NumPy warning, no ValueError)."""

from __future__ import annotations

import numpy as np


def dropout(a: np.ndarray, p: float, training: bool = True, seed: int = 0
            ) -> tuple[np.ndarray, np.ndarray]:
    a = np.asarray(a)
    if not training:
        return a.copy(), np.ones_like(a)
    rng = np.random.default_rng(seed)
    mask = (rng.random(a.shape) >= p).astype(a.dtype)
    return a * mask / (1 - p), mask
