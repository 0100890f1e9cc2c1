# dlgrade: patch of the model answer
"""Variant of 03_activations (wrong): np.where of the two textbook branches: both are evaluated and overflow."""

from __future__ import annotations

import numpy as np
from activations import as_float_array


def sigmoid(z: np.ndarray) -> np.ndarray:
    z = as_float_array(z)
    return np.where(z >= 0, 1.0 / (1.0 + np.exp(-z)), np.exp(z) / (1.0 + np.exp(z)))
