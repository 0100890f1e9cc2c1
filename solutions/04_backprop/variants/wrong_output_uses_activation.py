# dlgrade: patch of the model answer
"""A wrong 04_backprop: forward and backward apply `activation` to the last layer too."""

from __future__ import annotations

import numpy as np
from backprop import activate, activate_backward


def forward(
    X: np.ndarray,
    params: list[tuple[np.ndarray, np.ndarray]],
    activation: str = "sigmoid",
    output_activation: str = "identity",
) -> tuple[np.ndarray, dict]:
    A = np.asarray(X, dtype=float)
    cache = {"A": [A], "Z": []}
    for W, b in params:
        name = activation
        Z = A @ np.asarray(W).T + np.asarray(b)
        A = activate(Z, name)
        cache["Z"].append(Z)
        cache["A"].append(A)
    return A, cache


def backward(
    y: np.ndarray,
    cache: dict,
    params: list[tuple[np.ndarray, np.ndarray]],
    activation: str = "sigmoid",
    output_activation: str = "identity",
) -> list[tuple[np.ndarray, np.ndarray]]:
    A_list, Z_list = cache["A"], cache["Z"]
    y_hat = A_list[-1]
    y = np.asarray(y, dtype=float).reshape(y_hat.shape)
    dA = 2.0 * (y_hat - y) / y_hat.size
    grads = []
    for l in reversed(range(len(params))):
        W = np.asarray(params[l][0])
        name = activation
        dZ = activate_backward(dA, Z_list[l], A_list[l + 1], name)
        grads.append((dZ.T @ A_list[l], dZ.sum(axis=0)))
        dA = dZ @ W
    return grads[::-1]
