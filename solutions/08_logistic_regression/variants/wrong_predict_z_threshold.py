# dlgrade: patch of the model answer
"""A plausible mistake (must not get full marks): the threshold compared with z = Xw + b instead of the probability (right only for 0.5)."""

from __future__ import annotations

import numpy as np
from logreg import as_float_array


def predict(X: np.ndarray, w: np.ndarray, b: float, threshold: float = 0.5) -> np.ndarray:
    z = as_float_array(X) @ as_float_array(w) + b
    return (z >= (0.0 if threshold == 0.5 else threshold)).astype(int)
