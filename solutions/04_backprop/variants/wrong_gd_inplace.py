# dlgrade: patch of the model answer
"""A wrong 04_backprop: gd_step updates the parameters in place (the issue's false positive: right values, inputs modified)."""

from __future__ import annotations

import numpy as np


def gd_step(
    params: list[tuple[np.ndarray, np.ndarray]],
    grads: list[tuple[np.ndarray, np.ndarray]],
    lr: float,
) -> list[tuple[np.ndarray, np.ndarray]]:
    for (W, b), (dW, db) in zip(params, grads):
        W -= lr * dW
        b -= lr * db
    return params
