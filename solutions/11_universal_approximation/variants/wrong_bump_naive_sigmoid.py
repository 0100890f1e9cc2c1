# dlgrade: patch of the model answer
"""A plausible mistake: σ(z) = 1/(1 + np.exp(-z)) directly; right values, but np.exp overflows (a
NumPy warning) for x far from the step with w = 1000."""

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-z))
