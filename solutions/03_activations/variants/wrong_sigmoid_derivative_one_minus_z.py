# dlgrade: patch of the model answer
"""Variant of 03_activations (wrong): sigma(z)(1 - z)."""

from __future__ import annotations

import numpy as np
from activations import sigmoid


def sigmoid_derivative(z: np.ndarray) -> np.ndarray:
    s = sigmoid(z)
    return s * (1.0 - z)
