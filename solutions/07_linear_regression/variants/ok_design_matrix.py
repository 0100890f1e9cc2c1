"""A correct answer in the style of the well-known public course code for linear regression
(Andrew Ng's ex1: a design matrix X = [1, x], a parameter vector theta = [θ0, θ1],
h = X·theta, J = 1/(2m)·(h − y)ᵀ(h − y), grad = Xᵀ(h − y)/m, the whole vector updated at once),
wrapped in the contract's functions; the split shuffles np.arange(n) with the seeded Generator."""

import numpy as np


def _design(x):
    x = np.asarray(x, dtype=np.float64)
    return np.column_stack([np.ones_like(x), x])


def predict(x, theta0, theta1):
    x = np.asarray(x)
    return x * theta1 + theta0 if x.dtype.kind == "f" else x.astype(float) * theta1 + theta0


def compute_cost(X, y, theta):
    m = y.size
    h = X @ theta
    return float((h - y) @ (h - y)) / (2 * m)


def cost(x, y, theta0, theta1):
    return compute_cost(_design(x), np.asarray(y, dtype=np.float64), np.array([theta0, theta1]))


def gradients(x, y, theta0, theta1):
    X = _design(x)
    y = np.asarray(y, dtype=np.float64)
    grad = X.T @ (X @ np.array([theta0, theta1]) - y) / y.size
    return float(grad[0]), float(grad[1])


def gd_step(x, y, theta0, theta1, alpha):
    theta = np.array([theta0, theta1], dtype=np.float64)
    theta = theta - alpha * np.array(gradients(x, y, theta0, theta1))
    return float(theta[0]), float(theta[1])


def fit(x, y, alpha=0.01, epochs=1000, theta0=0.0, theta1=0.0):
    X = _design(x)
    y = np.asarray(y, dtype=np.float64)
    m = y.size
    theta = np.array([theta0, theta1], dtype=np.float64)
    J_history = [compute_cost(X, y, theta)]
    for _ in range(epochs):
        theta = theta - (alpha / m) * (X.T @ (X @ theta - y))
        J_history.append(compute_cost(X, y, theta))
    return float(theta[0]), float(theta[1]), np.array(J_history)


def split_indices(n, val=0.2, test=0.2, seed=0):
    idx = np.arange(n)
    np.random.default_rng(seed).shuffle(idx)
    n_test, n_val = int(n * test), int(n * val)
    test_idx, val_idx, train_idx = np.split(idx, [n_test, n_test + n_val])
    return train_idx, val_idx, test_idx
