"""arctan_derivative returns the right real part in a complex array: invalid."""
import numpy as np


def arctan_derivative(z):
    z = np.asarray(z, dtype=float)
    return 1 / (1 + z * z) + 0j
