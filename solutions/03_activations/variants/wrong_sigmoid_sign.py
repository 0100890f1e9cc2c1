# dlgrade: patch of the model answer
"""Variant of 03_activations (wrong): 1/(1 + e^{z})."""

from __future__ import annotations

import numpy as np
from activations import as_float_array


def sigmoid(z: np.ndarray) -> np.ndarray:
    z = as_float_array(z)
    t = np.exp(-np.abs(z))
    return np.where(z >= 0, t / (1.0 + t), 1.0 / (1.0 + t))
