# dlgrade: patch of the model answer
"""Variant of 03_activations (wrong): 1 - z^2."""

from __future__ import annotations

import numpy as np
from activations import as_float_array


def tanh_derivative(z: np.ndarray) -> np.ndarray:
    z = as_float_array(z)
    return 1.0 - z * z
