# dlgrade: patch of the model answer
"""A plausible mistake (must not get full marks): The Adam paper's 'efficient' form: α_t = α·√(1 − β2ᵗ)/(1 − β1ᵗ), w − α_t·m/(√v + ε)."""

from __future__ import annotations

import numpy as np


def adam_step(
    w: np.ndarray,
    g: np.ndarray,
    state: dict,
    lr: float = 1e-3,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
) -> tuple[np.ndarray, dict]:
    g = np.asarray(g)
    t = int(state["t"]) + 1
    m = beta1 * state["m"] + (1.0 - beta1) * g
    v = beta2 * state["v"] + (1.0 - beta2) * g * g
    lr_t = lr * np.sqrt(1.0 - beta2**t) / (1.0 - beta1**t)
    new_w = np.asarray(w) - lr_t * m / (np.sqrt(v) + eps)
    return new_w, {"m": m, "v": v, "t": t}
