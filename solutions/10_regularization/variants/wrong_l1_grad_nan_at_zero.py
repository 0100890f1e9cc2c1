# dlgrade: patch of the model answer
"""A plausible mistake (must not get full marks): the L1 gradient as lam * W / |W|: 0/0 = nan at W = 0."""

from __future__ import annotations

import numpy as np


def l1_grad(W: np.ndarray, lam: float) -> np.ndarray:
    W = np.asarray(W)
    return lam * W / np.abs(W)
