# dlgrade: patch of the model answer
"""A plausible mistake (must not get full marks): Classical momentum, the most common form in public course code (CS231n's sgd_momentum): v = μv − lr·g, w = w + v."""

from __future__ import annotations

import numpy as np


def momentum_step(
    w: np.ndarray, g: np.ndarray, state: dict, lr: float, beta: float = 0.9
) -> tuple[np.ndarray, dict]:
    v = beta * state["m"] - lr * np.asarray(g)
    return np.asarray(w) + v, {"m": v}
