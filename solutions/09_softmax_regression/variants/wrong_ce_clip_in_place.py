# dlgrade: patch of the model answer
"""A typical mistake (must not get full marks): P clipped in place (np.clip with out=P), changing the caller's P."""

from __future__ import annotations

import numpy as np


def cross_entropy(P: np.ndarray, Y: np.ndarray, eps: float = 1e-12) -> float:
    P = np.asarray(P)
    np.clip(P, eps, 1.0, out=P)
    return float(-np.mean(np.sum(np.asarray(Y) * np.log(P), axis=1)))
