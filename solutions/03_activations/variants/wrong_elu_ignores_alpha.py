# dlgrade: patch of the model answer
"""Variant of 03_activations (wrong): alpha fixed at 1."""

from __future__ import annotations

import numpy as np
from activations import as_float_array


def elu(z: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    z = as_float_array(z)
    return np.where(z >= 0, z, np.expm1(np.minimum(z, 0.0))).astype(z.dtype)
