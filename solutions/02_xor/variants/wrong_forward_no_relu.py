# dlgrade: patch of the model answer
"""WRONG: forward without the hidden ReLU (a linear network cannot compute XOR)."""

from __future__ import annotations

import numpy as np


def forward(
    X: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray
) -> np.ndarray:
    X, W1, b1, W2, b2 = (np.asarray(a, dtype=float) for a in (X, W1, b1, W2, b2))
    hidden = X @ W1.T + b1
    return hidden @ W2.T + b2
