# dlgrade: patch of the model answer
"""A plausible mistake (must not get full marks): torch.optim.SGD(momentum=β, dampening=β): the buffer starts at g on the first step."""

from __future__ import annotations

import numpy as np


def momentum_step(
    w: np.ndarray, g: np.ndarray, state: dict, lr: float, beta: float = 0.9
) -> tuple[np.ndarray, dict]:
    first = state.get("first", True)
    m = np.asarray(g) if first else beta * state["m"] + (1.0 - beta) * np.asarray(g)
    return np.asarray(w) - lr * m, {"m": m, "first": False}
