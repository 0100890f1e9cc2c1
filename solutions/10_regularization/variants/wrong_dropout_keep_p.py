# dlgrade: patch of the model answer
"""A plausible mistake (must not get full marks): each unit kept with probability p instead of 1 - p (rng.random < p)."""

from __future__ import annotations

import numpy as np


def dropout(a: np.ndarray, p: float, training: bool = True, seed: int = 0
            ) -> tuple[np.ndarray, np.ndarray]:
    if not 0.0 <= p < 1.0:
        raise ValueError(f"dropout: p must be in [0, 1), got {p!r}")
    a = np.asarray(a)
    if not training:
        return a.copy(), np.ones_like(a)
    rng = np.random.default_rng(seed)
    mask = (rng.random(a.shape) < p).astype(a.dtype)
    return a * mask / (1 - p), mask
