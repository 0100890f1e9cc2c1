# dlgrade: patch of the model answer
"""A plausible mistake (must not get full marks): the L2 penalty with the norm, not its square (np.linalg.norm)."""

from __future__ import annotations

import numpy as np


def l2_penalty(weights: list[np.ndarray], lam: float) -> float:
    return float(lam * sum(np.linalg.norm(W) for W in weights))
