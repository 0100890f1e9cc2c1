# dlgrade: patch of the model answer
"""A plausible mistake (must not get full marks): sigma(z) with e^{z} in the denominator: 1/(1 + e^{z}) = sigma(-z)."""

from __future__ import annotations

import numpy as np
from logreg import as_float_array


def predict_proba(X: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    z = as_float_array(X) @ as_float_array(w) + b
    t = np.exp(-np.abs(z))
    return np.where(z >= 0, t / (1.0 + t), 1.0 / (1.0 + t))
