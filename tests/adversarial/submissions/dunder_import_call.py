"""tanh_derivative reaches torch through __import__ with a computed name: forbidden."""
import numpy as np


def tanh_derivative(z):
    t = __import__("tor" + "ch")
    z = t.as_tensor(np.asarray(z, dtype=float))
    return (1 - t.tanh(z) ** 2).numpy()
