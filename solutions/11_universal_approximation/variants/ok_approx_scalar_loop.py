# dlgrade: patch of the model answer
"""Another correct answer: sigmoid_approximation calls f on one midpoint at a time and builds
the bumps itself (no call to sigmoid_sum)."""

import numpy as np


def sigmoid_approximation(f, n, x, w=1000.0):
    x = np.asarray(x)
    g = np.zeros(x.shape, dtype=np.float64)
    for k in range(n):
        height = float(f((k + 0.5) / n))
        g = g + sigmoid_bump(x.astype(np.float64), k / n, (k + 1) / n, height, w)  # noqa: F821
    return g.astype(x.dtype) if x.dtype == np.float32 else g
