"""A correct, vectorised perceptron that keeps the input's dtype (float32 stays float32) and
stops with an explicit count of mistakes per epoch."""

import numpy as np


def step(z):
    z = np.asarray(z)
    if not np.issubdtype(z.dtype, np.floating):
        z = z.astype(np.float64)
    return np.greater_equal(z, 0).astype(z.dtype)


def predict(X, w, b):
    return step(np.dot(X, w) + b)


def train(X, y, lr=1.0, epochs=100):
    X = np.asarray(X)
    y = np.asarray(y)
    w = np.zeros(X.shape[1], dtype=X.dtype)
    b = 0.0
    for _ in range(epochs):
        errors = 0
        for i in range(len(X)):
            delta = y[i] - step(X[i] @ w + b)
            w = w + lr * delta * X[i]
            b = b + lr * delta
            errors += int(delta != 0)
        if errors == 0:
            return w, float(b)
    return w, float(b)
