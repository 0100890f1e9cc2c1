# dlgrade: patch of the model answer
import numpy as np


def activate_derivative(Z, A, activation):
    if activation == "sigmoid":
        e = np.exp(-np.abs(Z))
        return e / (1.0 + e) ** 2
    if activation == "tanh":
        return 1.0 / np.cosh(np.clip(Z, -300, 300)) ** 2
    return np.where(Z > 0, 1.0, 0.0)
