# dlgrade: patch of the model answer
"""A plausible mistake (must not get full marks): the backward pass as dout * mask, without 1/(1 - p)."""

from __future__ import annotations

import numpy as np


def dropout_backward(dout: np.ndarray, mask: np.ndarray, p: float) -> np.ndarray:
    return np.asarray(dout) * mask
