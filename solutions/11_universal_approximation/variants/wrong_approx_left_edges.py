# dlgrade: patch of the model answer
"""A plausible mistake: the heights are f at the left edges k/n, not at the midpoints."""

import numpy as np


def sigmoid_approximation(f, n, x, w=1000.0):
    return sigmoid_sum(np.asarray(f(np.arange(n) / n)), x, w)  # noqa: F821
