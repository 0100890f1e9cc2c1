# dlgrade: patch of the model answer
"""WRONG: ŷ = x is an alias, not a copy: the in-place updates change the caller's x."""

from __future__ import annotations

import numpy as np


def predict(x: np.ndarray, theta0: float, theta1: float) -> np.ndarray:
    y_hat = np.asarray(x)
    y_hat *= theta1
    y_hat += theta0
    return y_hat
