"""WRONG: lr is never used (every update has size 1)."""

from __future__ import annotations

import numpy as np


def step(z: np.ndarray) -> np.ndarray:
    """Binary step (Heaviside) activation, element-wise.

    step(z) = 1 if z >= 0 else 0

    Args:
        z: array (any shape) or scalar.

    Returns:
        float array of the same shape as z, with values 0.0 or 1.0.
    """
    ### BEGIN SOLUTION
    z = np.asarray(z)
    return np.where(z >= 0, 1.0, 0.0)
    ### END SOLUTION


def predict(X: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    """Perceptron output for every row of X.

    y_hat = step(X w + b)

    Args:
        X: (n, d) inputs, one sample per row.
        w: (d,) weights.
        b: bias (a float).

    Returns:
        (n,) float array of 0.0 / 1.0 predictions.
    """
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=float)
    w = np.asarray(w, dtype=float)
    return step(X @ w + b)
    ### END SOLUTION


def train(
    X: np.ndarray, y: np.ndarray, lr: float = 1.0, epochs: int = 100
) -> tuple[np.ndarray, float]:
    """Train a perceptron with Rosenblatt's rule.

    Start from w = 0, b = 0. In each epoch visit the samples in order (i = 0, 1, ..., n-1):

        y_hat_i = step(x_i . w + b)
        w <- w + lr * (y_i - y_hat_i) * x_i
        b <- b + lr * (y_i - y_hat_i)

    Stop after the first epoch with no mistake (or after `epochs` epochs).

    Args:
        X: (n, d) inputs, one sample per row.
        y: (n,) labels, 0 or 1.
        lr: learning rate.
        epochs: maximum number of passes over the data.

    Returns:
        (w, b): w a (d,) float array, b a float. X and y are not modified.
    """
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float).reshape(-1)
    w = np.zeros(X.shape[1])
    b = 0.0
    for _ in range(epochs):
        mistakes = 0
        for x_i, y_i in zip(X, y):
            error = y_i - float(step(x_i @ w + b))
            if error != 0.0:
                w = w + error * x_i
                b = b + error
                mistakes += 1
        if mistakes == 0:
            break
    return w, float(b)
    ### END SOLUTION
