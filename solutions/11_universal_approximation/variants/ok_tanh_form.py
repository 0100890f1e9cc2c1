# dlgrade: patch of the model answer
"""A correct answer in another style: σ(z) = (1 + tanh(z/2))/2 (never overflows), the bump
from the unit's (w, b) of step_params as the slides write it, σ(w·x + b)."""

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1 + np.tanh(0.5 * z))


def sigmoid_bump(x: np.ndarray, s1: float, s2: float, h: float, w: float = 1000.0) -> np.ndarray:
    x = np.asarray(x)
    if x.dtype.kind != "f":
        x = x.astype(float)
    w1, b1 = step_params(s1, w)  # noqa: F821 (the model answer's)
    w2, b2 = step_params(s2, w)  # noqa: F821 (the model answer's)
    return (h * (sigmoid(w1 * x + b1) - sigmoid(w2 * x + b2))).astype(x.dtype)  # noqa: F821 (the model answer's)


def hidden_units(n: int, kind: str) -> int:
    units = {"sigmoid": 2, "relu": 1}
    if kind not in units:
        raise ValueError(f"kind {kind!r}")
    return units[kind] * n
