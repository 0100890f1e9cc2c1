# dlgrade: patch of the model answer
"""A plausible mistake (must not get full marks): the gradient without the 1/m: X^T (p - y) and the sum of p - y."""

from __future__ import annotations

import numpy as np
from logreg import as_float_array, predict_proba


def gradients(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> tuple[np.ndarray, float]:
    X = as_float_array(X)
    r = predict_proba(X, w, b) - as_float_array(y)
    return X.T @ r, float(np.sum(r))
