# dlgrade: patch of the model answer
"""A plausible mistake (must not get full marks): the squared error's gradient: the residual multiplied by sigma'(z) = p(1 - p)."""

from __future__ import annotations

import numpy as np
from logreg import as_float_array, predict_proba


def gradients(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> tuple[np.ndarray, float]:
    X = as_float_array(X)
    p = predict_proba(X, w, b)
    r = (p - as_float_array(y)) * p * (1.0 - p)
    return X.T @ r / X.shape[0], float(np.mean(r))
