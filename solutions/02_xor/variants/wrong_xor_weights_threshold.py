# dlgrade: patch of the model answer
"""WRONG: xor_weights gives 0, 1, 1, -1: right with a 0.5 threshold, not the exact 0, 1, 1, 0 asked."""

from __future__ import annotations

import numpy as np


def xor_weights() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    W1 = np.array([[1.0, 1.0], [1.0, 1.0]])
    b1 = np.array([0.0, -1.0])
    W2 = np.array([[1.0, -3.0]])
    b2 = np.array([0.0])
    return W1, b1, W2, b2
