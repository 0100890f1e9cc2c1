# dlgrade: patch of the model answer
"""A plausible mistake (must not get full marks): Momentum with the slide's sign slip: m = βm − (1 − β)g."""

from __future__ import annotations

import numpy as np


def momentum_step(
    w: np.ndarray, g: np.ndarray, state: dict, lr: float, beta: float = 0.9
) -> tuple[np.ndarray, dict]:
    m = beta * state["m"] - (1.0 - beta) * np.asarray(g)
    return np.asarray(w) - lr * m, {"m": m}
