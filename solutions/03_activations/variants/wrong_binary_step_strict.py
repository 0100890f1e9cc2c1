# dlgrade: patch of the model answer
"""Variant of 03_activations (wrong): z > 0 (0 at z = 0)."""

from __future__ import annotations

import numpy as np
from activations import as_float_array


def binary_step(z: np.ndarray) -> np.ndarray:
    z = as_float_array(z)
    return np.where(z > 0, 1.0, 0.0).astype(z.dtype)
