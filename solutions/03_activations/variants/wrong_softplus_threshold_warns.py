# dlgrade: patch of the model answer
"""Variant of 03_activations (wrong): torch-style threshold with np.where: e^z of the unused branch overflows."""

from __future__ import annotations

import numpy as np
from activations import as_float_array


def softplus(z: np.ndarray) -> np.ndarray:
    z = as_float_array(z)
    return np.where(z > 20, z, np.log1p(np.exp(z)))
