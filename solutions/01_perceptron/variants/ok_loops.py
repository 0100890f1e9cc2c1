"""A correct perceptron written with explicit Python loops (no vectorisation): element by
element for step, a hand-written dot product per row for predict, index loops for train."""

import numpy as np


def step(z):
    z = np.asarray(z, dtype=float)
    out = np.empty(z.shape)
    for idx in np.ndindex(z.shape):
        out[idx] = 1.0 if z[idx] >= 0 else 0.0
    return out


def predict(X, w, b):
    X = np.asarray(X, dtype=float)
    w = np.asarray(w, dtype=float)
    n, d = X.shape
    out = np.zeros(n)
    for i in range(n):
        total = 0.0
        for j in range(d):
            total += X[i, j] * w[j]
        out[i] = 1.0 if total + b >= 0 else 0.0
    return out


def train(X, y, lr=1.0, epochs=100):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    n, d = X.shape
    w = [0.0] * d
    b = 0.0
    epoch = 0
    converged = False
    while epoch < epochs and not converged:
        converged = True
        for i in range(n):
            z = b
            for j in range(d):
                z += X[i, j] * w[j]
            y_hat = 1.0 if z >= 0 else 0.0
            if y_hat != y[i]:
                converged = False
                for j in range(d):
                    w[j] = w[j] + lr * (y[i] - y_hat) * X[i, j]
                b = b + lr * (y[i] - y_hat)
        epoch += 1
    return np.array(w), b
