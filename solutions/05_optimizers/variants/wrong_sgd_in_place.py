# dlgrade: patch of the model answer
"""A plausible mistake (must not get full marks): SGD with right values that updates the caller's w in place (w -= lr * g)."""

from __future__ import annotations

import numpy as np


def sgd_step(w: np.ndarray, g: np.ndarray, lr: float) -> np.ndarray:
    w -= lr * np.asarray(g)
    return w.copy()
