# dlgrade: patch of the model answer
"""A wrong 04_backprop: gd_step adds the gradient."""

from __future__ import annotations

import numpy as np


def gd_step(
    params: list[tuple[np.ndarray, np.ndarray]],
    grads: list[tuple[np.ndarray, np.ndarray]],
    lr: float,
) -> list[tuple[np.ndarray, np.ndarray]]:
    return [
        (np.asarray(W) + lr * np.asarray(dW), np.asarray(b) + lr * np.asarray(db))
        for (W, b), (dW, db) in zip(params, grads)
    ]
