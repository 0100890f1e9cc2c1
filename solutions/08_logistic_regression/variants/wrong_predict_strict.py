# dlgrade: patch of the model answer
"""A plausible mistake (must not get full marks): p > threshold instead of p >= threshold: z = 0 (p = 0.5) gives class 0."""

from __future__ import annotations

import numpy as np
from logreg import predict_proba


def predict(X: np.ndarray, w: np.ndarray, b: float, threshold: float = 0.5) -> np.ndarray:
    return (predict_proba(X, w, b) > threshold).astype(int)
