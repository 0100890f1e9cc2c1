# dlgrade: patch of the model answer
"""Variant of 03_activations (wrong): z[z < 0] = 0 modifies the caller's array."""

from __future__ import annotations

import numpy as np
from activations import as_float_array


def relu(z: np.ndarray) -> np.ndarray:
    z = as_float_array(z)
    z[z < 0] = 0
    return z
