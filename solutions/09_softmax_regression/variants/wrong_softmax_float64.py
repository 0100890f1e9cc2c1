# dlgrade: patch of the model answer
"""A slip of the dtype policy (must not get full marks): Z converted to float64, so float32 in gives float64 out."""

from __future__ import annotations

import numpy as np


def softmax(Z: np.ndarray) -> np.ndarray:
    Z = np.asarray(Z, dtype=float)
    E = np.exp(Z - np.max(Z, axis=1, keepdims=True))
    return E / np.sum(E, axis=1, keepdims=True)
