# dlgrade: patch of the model answer
"""A plausible mistake: the left edges k/n instead of the midpoints (k + 1/2)/n."""

import numpy as np


def midpoints(n: int) -> np.ndarray:
    return np.arange(n) / n
