# dlgrade: patch of the model answer
"""A wrong 04_backprop: backward applies only the diagonal p(1 − p) of softmax's Jacobian (the issue's false positive)."""

from __future__ import annotations

import numpy as np
from backprop import ACTIVATIONS


def activate_backward(dA: np.ndarray, Z: np.ndarray, A: np.ndarray, name: str) -> np.ndarray:
    if name == "identity":
        return dA
    if name == "sigmoid":
        return dA * A * (1.0 - A)
    if name == "tanh":
        return dA * (1.0 - A * A)
    if name == "relu":
        return dA * (Z > 0)
    if name == "softmax":
        return dA * A * (1.0 - A)
    raise ValueError(
        f"activación desconocida / unknown activation {name!r}; usa/use one of {ACTIVATIONS}"
    )
