# dlgrade: patch of the model answer
import numpy as np


def gradient_norms(params, X, activation):
    A = np.asarray(X, dtype=np.float64)
    cache = []
    for i, (W, b) in enumerate(params):
        Z = A @ W.T + b
        cache.append((A, W, Z))
        A = Z if i == len(params) - 1 else activate(Z, activation)  # noqa: F821 (defined in the model answer)
    dA = np.full(A.shape, 1.0 / A.size)
    norms = np.zeros(len(params))
    for l in range(len(params) - 1, -1, -1):
        A_prev, W, Z = cache[l]
        d = 1.0 if l == len(params) - 1 else activate_derivative(Z, activate(Z, activation), activation)  # noqa: F821 (defined in the model answer)
        dZ = dA * d
        norms[l] = np.linalg.norm(dZ.T @ A_prev)
        dA = dZ @ W
    return norms
