# dlgrade: patch of the model answer
"""A plausible mistake (must not get full marks): the residual y - p instead of p - y (the gradient of -J)."""

from __future__ import annotations

import numpy as np
from logreg import as_float_array, predict_proba


def gradients(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> tuple[np.ndarray, float]:
    X = as_float_array(X)
    r = as_float_array(y) - predict_proba(X, w, b)
    return X.T @ r / X.shape[0], float(np.mean(r))
