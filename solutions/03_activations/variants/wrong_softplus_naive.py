# dlgrade: patch of the model answer
"""Variant of 03_activations (wrong): log(1 + e^z): inf at z = 1e4."""

from __future__ import annotations

import numpy as np
from activations import as_float_array


def softplus(z: np.ndarray) -> np.ndarray:
    z = as_float_array(z)
    return np.log(1.0 + np.exp(z))
