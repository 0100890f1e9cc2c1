# dlgrade: patch of the model answer
"""A wrong 04_backprop: forward forgets the bias."""

from __future__ import annotations

import numpy as np
from backprop import activate


def forward(
    X: np.ndarray,
    params: list[tuple[np.ndarray, np.ndarray]],
    activation: str = "sigmoid",
    output_activation: str = "identity",
) -> tuple[np.ndarray, dict]:
    A = np.asarray(X, dtype=float)
    cache = {"A": [A], "Z": []}
    for l, (W, _b) in enumerate(params):
        name = output_activation if l == len(params) - 1 else activation
        Z = A @ np.asarray(W).T
        A = activate(Z, name)
        cache["Z"].append(Z)
        cache["A"].append(A)
    return A, cache
