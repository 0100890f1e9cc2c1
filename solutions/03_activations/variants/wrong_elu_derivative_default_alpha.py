# dlgrade: patch of the model answer
"""Variant of 03_activations (wrong): elu_derivative's default alpha 0.5."""

from __future__ import annotations

import numpy as np
from activations import as_float_array


def elu_derivative(z: np.ndarray, alpha: float = 0.5) -> np.ndarray:
    z = as_float_array(z)
    return np.where(z >= 0, 1.0, alpha * np.exp(np.minimum(z, 0.0))).astype(z.dtype)
