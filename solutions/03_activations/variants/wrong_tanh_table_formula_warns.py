# dlgrade: patch of the model answer
"""Variant of 03_activations (wrong): the table's 2/(1 + e^{-2z}) - 1: finite values, overflow warning."""

from __future__ import annotations

import numpy as np
from activations import as_float_array


def tanh(z: np.ndarray) -> np.ndarray:
    z = as_float_array(z)
    return 2.0 / (1.0 + np.exp(-2.0 * z)) - 1.0
