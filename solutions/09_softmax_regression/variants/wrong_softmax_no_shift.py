# dlgrade: patch of the model answer
"""A typical mistake (must not get full marks): e^Z without subtracting the row maximum (overflow at 1e4)."""

from __future__ import annotations

import numpy as np
from softmax_reg import as_float_array


def softmax(Z: np.ndarray) -> np.ndarray:
    E = np.exp(as_float_array(Z))
    return E / np.sum(E, axis=1, keepdims=True)
