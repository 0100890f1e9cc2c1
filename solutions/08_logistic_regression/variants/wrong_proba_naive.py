# dlgrade: patch of the model answer
"""A plausible mistake (must not get full marks): the slides' formula as written, 1/(1 + e^{-z}): right values, but e^{-z} overflows for z = -1e4 (NumPy warns)."""

from __future__ import annotations

import numpy as np
from logreg import as_float_array


def predict_proba(X: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    z = as_float_array(X) @ as_float_array(w) + b
    return 1.0 / (1.0 + np.exp(-z))
