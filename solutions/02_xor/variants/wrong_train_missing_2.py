# dlgrade: patch of the model answer
"""WRONG: train_xor forgets the 2 of the square's derivative: dY = (Y_hat - Y) / n."""

from __future__ import annotations

import numpy as np
from xor import X_XOR, Y_XOR, forward, relu


def train_xor(
    hidden: int = 2, lr: float = 0.1, epochs: int = 5000, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X, Y = X_XOR, Y_XOR
    n = X.shape[0]
    for _attempt in range(20):
        W1 = rng.normal(0.0, 1.0, size=(hidden, 2))
        b1 = rng.uniform(0.0, 0.5, size=hidden)
        W2 = rng.normal(0.0, 1.0 / np.sqrt(hidden), size=(1, hidden))
        b2 = np.zeros(1)
        for _ in range(epochs):
            V = X @ W1.T + b1
            U = relu(V)
            Y_hat = U @ W2.T + b2
            dY = (Y_hat - Y) / n
            dW2 = dY.T @ U
            db2 = dY.sum(axis=0)
            dV = (dY @ W2) * (V > 0)
            dW1 = dV.T @ X
            db1 = dV.sum(axis=0)
            W1, b1 = W1 - lr * dW1, b1 - lr * db1
            W2, b2 = W2 - lr * dW2, b2 - lr * db2
        if np.all(np.abs(forward(X, W1, b1, W2, b2) - Y) < 0.25):
            break
    return W1, b1, W2, b2
