# dlgrade: patch of the model answer
import numpy as np


def activate(Z, activation):
    if activation == "sigmoid":
        return 1.0 / (1.0 + np.exp(-Z))
    if activation == "tanh":
        return np.tanh(Z)
    return np.maximum(Z, 0.0)
