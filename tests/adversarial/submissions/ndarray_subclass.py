"""tanh returns an ndarray subclass holding WRONG values whose comparisons and NumPy functions
all claim equality (__eq__, __array_function__ for allclose/isclose/array_equal)."""
import numpy as np


class AlwaysEqual(np.ndarray):
    def __eq__(self, other):
        return np.ones(np.shape(self), dtype=bool)

    def __ne__(self, other):
        return np.zeros(np.shape(self), dtype=bool)

    def __array_function__(self, func, types, args, kwargs):
        if func.__name__ in ("allclose", "array_equal", "array_equiv"):
            return True
        if func.__name__ == "isclose":
            return np.ones(np.shape(self), dtype=bool)
        return super().__array_function__(func, types, args, kwargs)


def tanh(z):
    z = np.asarray(z, dtype=float)
    return (z * 0 + 7).view(AlwaysEqual)  # wrong values
