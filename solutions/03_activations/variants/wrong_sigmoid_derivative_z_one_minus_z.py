# dlgrade: patch of the model answer
"""Variant of 03_activations (wrong): z(1 - z), as if z were sigma(z)."""

from __future__ import annotations

import numpy as np
from activations import as_float_array


def sigmoid_derivative(z: np.ndarray) -> np.ndarray:
    z = as_float_array(z)
    return z * (1.0 - z)
