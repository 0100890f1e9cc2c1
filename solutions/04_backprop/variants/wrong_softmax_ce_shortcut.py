# dlgrade: patch of the model answer
"""A wrong 04_backprop: backward uses the softmax + cross-entropy shortcut dZ = ŷ − y at a softmax output although the loss is the MSE."""

from __future__ import annotations

import numpy as np
from backprop import activate_backward


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
        name = output_activation if l == len(params) - 1 else activation
        if name == "softmax":
            dZ = (y_hat - y) / y_hat.shape[0]
        else:
            dZ = activate_backward(dA, Z_list[l], A_list[l + 1], name)
        grads.append((dZ.T @ A_list[l], dZ.sum(axis=0)))
        dA = dZ @ W
    return grads[::-1]
