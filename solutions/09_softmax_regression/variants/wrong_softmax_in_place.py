# dlgrade: patch of the model answer
"""A typical mistake (must not get full marks): the row maximum subtracted in place, changing the caller's Z."""

from __future__ import annotations

import numpy as np
from softmax_reg import as_float_array


def softmax(Z: np.ndarray) -> np.ndarray:
    Z = as_float_array(Z)
    Z -= np.max(Z, axis=1, keepdims=True)
    E = np.exp(Z)
    return E / np.sum(E, axis=1, keepdims=True)
