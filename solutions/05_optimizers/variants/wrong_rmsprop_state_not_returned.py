# dlgrade: patch of the model answer
"""A plausible mistake (must not get full marks): RMSprop that returns the old state: v starts from 0 at every step."""

from __future__ import annotations

import numpy as np


def rmsprop_step(
    w: np.ndarray,
    g: np.ndarray,
    state: dict,
    lr: float = 0.01,
    beta2: float = 0.99,
    eps: float = 1e-8,
) -> tuple[np.ndarray, dict]:
    g = np.asarray(g)
    v = beta2 * state["v"] + (1.0 - beta2) * g * g
    return np.asarray(w) - lr * g / (np.sqrt(v) + eps), dict(state)
