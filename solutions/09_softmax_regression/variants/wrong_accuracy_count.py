# dlgrade: patch of the model answer
"""A typical mistake (must not get full marks): accuracy as the number of hits, not their fraction."""

from __future__ import annotations

import numpy as np
from softmax_reg import as_float_array


def accuracy(W: np.ndarray, b: np.ndarray, X: np.ndarray, y: np.ndarray) -> float:
    Z = as_float_array(X) @ as_float_array(W).T + b
    return float(np.sum(np.argmax(Z, axis=1) == np.asarray(y)))
