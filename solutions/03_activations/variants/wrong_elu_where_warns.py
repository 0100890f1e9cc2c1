# dlgrade: patch of the model answer
"""Variant of 03_activations (wrong): np.where(z >= 0, z, alpha*(e^z - 1)): e^z of the unused branch overflows."""

from __future__ import annotations

import numpy as np
from activations import as_float_array


def elu(z: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    z = as_float_array(z)
    return np.where(z >= 0, z, alpha * (np.exp(z) - 1.0))
