# dlgrade: patch of the model answer
"""A plausible mistake (must not get full marks): predict returns 0.0/1.0 floats (np.where(..., 1.0, 0.0)), not integers."""

from __future__ import annotations

import numpy as np
from logreg import predict_proba


def predict(X: np.ndarray, w: np.ndarray, b: float, threshold: float = 0.5) -> np.ndarray:
    return np.where(predict_proba(X, w, b) >= threshold, 1.0, 0.0)
