"""relu returns an object whose __eq__ is always True and that even converts (via __array__)
to the right answer: it is not plain data, so it must be invalid, never passed."""
import numpy as np


class Liar:
    def __init__(self, z):
        self._z = np.asarray(z, dtype=float)
        self.shape = self._z.shape
        self.dtype = self._z.dtype

    def __eq__(self, other):
        return True

    __ne__ = lambda self, other: False
    __hash__ = object.__hash__

    def __array__(self, dtype=None, copy=None):
        return np.maximum(self._z, 0)

    def __len__(self):
        return len(self._z)

    def __float__(self):
        return 0.0


def relu(z):
    return Liar(z)
