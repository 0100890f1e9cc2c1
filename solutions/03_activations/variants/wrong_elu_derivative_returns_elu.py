# dlgrade: patch of the model answer
"""Variant of 03_activations (wrong): returns ELU."""

from __future__ import annotations

import numpy as np
from activations import elu


def elu_derivative(z: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    return elu(z, alpha)
