# dlgrade: patch of the model answer
import numpy as np


def gradient_norms(params, X, activation):
    A = np.asarray(X, dtype=np.float64)
    cache = []
    for W, b in params:
        Z = A @ W.T + b
        cache.append((A, W, Z))
        A = activate(Z, activation)  # noqa: F821 (defined in the model answer)
    dA = np.ones(A.shape)
    norms = np.zeros(len(params))
    for l in range(len(params) - 1, -1, -1):
        A_prev, W, Z = cache[l]
        dZ = dA * activate_derivative(Z, activate(Z, activation), activation)  # noqa: F821 (defined in the model answer)
        norms[l] = np.linalg.norm(dZ.T @ A_prev)
        dA = dZ @ W
    return norms
