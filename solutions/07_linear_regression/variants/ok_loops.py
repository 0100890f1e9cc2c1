"""A correct answer written with explicit Python loops over the samples (Python floats, no
vectorization), the sequential-looking update made simultaneous with temporary variables, and the
split sliced by hand."""

import numpy as np


def predict(x, theta0, theta1):
    x = np.asarray(x)
    dtype = x.dtype if x.dtype.kind == "f" else np.float64
    out = np.empty(len(x), dtype=dtype)
    for i in range(len(x)):
        out[i] = theta0 + theta1 * float(x[i])
    return out


def cost(x, y, theta0, theta1):
    m = len(x)
    total = 0.0
    for i in range(m):
        error = theta0 + theta1 * float(x[i]) - float(y[i])
        total += error * error
    return total / (2 * m)


def gradients(x, y, theta0, theta1):
    m = len(x)
    sum0 = 0.0
    sum1 = 0.0
    for i in range(m):
        error = theta0 + theta1 * float(x[i]) - float(y[i])
        sum0 += error
        sum1 += error * float(x[i])
    return sum0 / m, sum1 / m


def gd_step(x, y, theta0, theta1, alpha):
    d0, d1 = gradients(x, y, theta0, theta1)
    temp0 = theta0 - alpha * d0
    temp1 = theta1 - alpha * d1
    theta0 = temp0
    theta1 = temp1
    return theta0, theta1


def fit(x, y, alpha=0.01, epochs=1000, theta0=0.0, theta1=0.0):
    history = np.zeros(epochs + 1)
    history[0] = cost(x, y, theta0, theta1)
    for epoch in range(epochs):
        theta0, theta1 = gd_step(x, y, theta0, theta1, alpha)
        history[epoch + 1] = cost(x, y, theta0, theta1)
    return theta0, theta1, history


def split_indices(n, val=0.2, test=0.2, seed=0):
    rng = np.random.default_rng(seed)
    order = rng.permutation(n)
    n_test = int(n * test)
    n_val = int(n * val)
    test_idx = np.array([order[i] for i in range(n_test)], dtype=int)
    val_idx = np.array([order[i] for i in range(n_test, n_test + n_val)], dtype=int)
    train_idx = np.array([order[i] for i in range(n_test + n_val, n)], dtype=int)
    return train_idx, val_idx, test_idx
