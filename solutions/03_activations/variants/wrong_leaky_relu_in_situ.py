# dlgrade: patch of the model answer
"""Variant of 03_activations (wrong): z[z < 0] *= alpha modifies the caller's array."""

from __future__ import annotations

import numpy as np
from activations import as_float_array


def leaky_relu(z: np.ndarray, alpha: float = 0.01) -> np.ndarray:
    z = as_float_array(z)
    z[z < 0] *= alpha
    return z
