# dlgrade: patch of the model answer
"""A wrong 04_backprop: backward evaluates σ' and tanh' at A instead of Z (σ(A)(1 − σ(A)))."""

from __future__ import annotations

import numpy as np
from backprop import ACTIVATIONS, activate


def activate_backward(dA: np.ndarray, Z: np.ndarray, A: np.ndarray, name: str) -> np.ndarray:
    if name == "identity":
        return dA
    if name == "sigmoid":
        s = activate(A, "sigmoid")
        return dA * s * (1.0 - s)
    if name == "tanh":
        return dA * (1.0 - np.tanh(A) ** 2)
    if name == "relu":
        return dA * (Z > 0)
    if name == "softmax":
        return A * (dA - np.sum(dA * A, axis=1, keepdims=True))
    raise ValueError(
        f"activación desconocida / unknown activation {name!r}; usa/use one of {ACTIVATIONS}"
    )
