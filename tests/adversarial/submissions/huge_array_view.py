"""elu_derivative returns a broadcast view of 2**40 elements (8 TB if copied, no memory used
here): the result must be refused by size, not copied."""
import numpy as np


def elu_derivative(z, alpha=1.0):
    return np.broadcast_to(np.float64(1.0), (2**20, 2**20))
