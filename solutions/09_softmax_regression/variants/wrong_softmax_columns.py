# dlgrade: patch of the model answer
"""A typical mistake (must not get full marks): softmax along axis 0 (each column normalized, not each row)."""

from __future__ import annotations

import numpy as np
from softmax_reg import as_float_array


def softmax(Z: np.ndarray) -> np.ndarray:
    Z = as_float_array(Z)
    E = np.exp(Z - np.max(Z, axis=0, keepdims=True))
    return E / np.sum(E, axis=0, keepdims=True)
