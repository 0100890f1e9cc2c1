# dlgrade: patch of the model answer
"""Variant of 03_activations (wrong): np.where(z >= 0, 1.0, alpha) without .astype: float64 out."""

from __future__ import annotations

import numpy as np
from activations import as_float_array


def leaky_relu_derivative(z: np.ndarray, alpha: float = 0.01) -> np.ndarray:
    z = as_float_array(z)
    return np.where(z >= 0, 1.0, alpha)
