# dlgrade: patch of the model answer
"""Variant of 03_activations (wrong): leaky_relu's default alpha 0.1."""

from __future__ import annotations

import numpy as np
from activations import as_float_array


def leaky_relu(z: np.ndarray, alpha: float = 0.1) -> np.ndarray:
    z = as_float_array(z)
    return np.where(z >= 0, z, alpha * z).astype(z.dtype)
