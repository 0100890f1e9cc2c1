# dlgrade: patch of the model answer
"""Variant of 03_activations (wrong): softmax's default axis 0."""

from __future__ import annotations

import numpy as np
from activations import as_float_array


def softmax(z: np.ndarray, axis: int = 0) -> np.ndarray:
    z = as_float_array(z)
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)
