"""tanh_derivative returns the right numbers in an object array: not plain numeric data (invalid)."""
import numpy as np


def tanh_derivative(z):
    z = np.asarray(z, dtype=float)
    return np.array(1 - np.tanh(z) ** 2, dtype=object)
