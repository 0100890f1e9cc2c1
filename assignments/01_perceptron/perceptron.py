"""Assignment 01: the perceptron (Rosenblatt).

A perceptron computes a weighted sum of its inputs plus a bias and passes it through the
binary step:  y_hat = step(X w + b).  Training is Rosenblatt's rule: start from zero weights,
visit the samples in order and, on every mistake, move the weights towards the right answer.

Shapes: X is (n, d) with one sample per row, w is (d,), b is a float, y is (n,) of 0/1.
NumPy only.
"""

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
    raise NotImplementedError("Completa esta función / Complete this function: step")


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
    raise NotImplementedError("Completa esta función / Complete this function: predict")


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
    raise NotImplementedError("Completa esta función / Complete this function: train")
