# dlgrade: patch of the model answer
"""A plausible mistake (must not get full marks): np.where over the two textbook branches: both are evaluated everywhere, so e^{-z} and e^{z} overflow at |z| = 1e4 (and inf/inf in the discarded branch)."""

from __future__ import annotations

import numpy as np
from logreg import as_float_array


def predict_proba(X: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    z = as_float_array(X) @ as_float_array(w) + b
    return np.where(z >= 0, 1.0 / (1.0 + np.exp(-z)), np.exp(z) / (1.0 + np.exp(z)))
