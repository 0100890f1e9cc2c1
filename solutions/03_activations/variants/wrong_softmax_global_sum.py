# dlgrade: patch of the model answer
"""Variant of 03_activations (wrong): divides by the sum of the whole array."""

from __future__ import annotations

import numpy as np
from activations import as_float_array


def softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    z = as_float_array(z)
    e = np.exp(z - np.max(z))
    return e / np.sum(e)
