# dlgrade: patch of the model answer
"""A plausible mistake (must not get full marks): the L2 gradient as lam * W, the 2 of d(w^2)/dw missing."""

from __future__ import annotations

import numpy as np


def l2_grad(W: np.ndarray, lam: float) -> np.ndarray:
    return lam * np.asarray(W)
