# dlgrade: patch of the model answer
"""A plausible mistake (must not get full marks): Adam with a changed default eps (1e-7)."""

from __future__ import annotations

import numpy as np


def adam_step(
    w: np.ndarray,
    g: np.ndarray,
    state: dict,
    lr: float = 1e-3,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-7,
) -> tuple[np.ndarray, dict]:
    g = np.asarray(g)
    t = int(state["t"]) + 1
    m = beta1 * state["m"] + (1.0 - beta1) * g
    v = beta2 * state["v"] + (1.0 - beta2) * g * g
    m_hat = m / (1.0 - beta1**t)
    v_hat = v / (1.0 - beta2**t)
    new_w = np.asarray(w) - lr * m_hat / (np.sqrt(v_hat) + eps)
    return new_w, {"m": m, "v": v, "t": t}
