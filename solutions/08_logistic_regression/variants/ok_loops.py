"""A correct answer written with loops over the samples (Python floats and `math`), the way
loop-based course code writes it: the stable sigmoid by cases, clipping with min/max, the
gradient accumulated sample by sample, the counts with integer arithmetic only."""

import math

import numpy as np


def _sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def _dot(x, w):
    return math.fsum(float(a) * float(c) for a, c in zip(x, w))


def predict_proba(X, w, b):
    X, w = np.asarray(X), np.asarray(w)
    dtype = np.result_type(X, w, np.float32)  # float32 in stays float32
    out = np.empty(X.shape[0], dtype=dtype)
    for i, x in enumerate(X):
        out[i] = _sigmoid(_dot(x, w) + b)
    return out


def predict(X, w, b, threshold=0.5):
    p = predict_proba(X, w, b)
    out = np.zeros(len(p), dtype=np.int64)
    for i in range(len(p)):
        if p[i] >= threshold:
            out[i] = 1
    return out


def bce_loss(p, y, eps=1e-12):
    total = 0.0
    ps, ys = np.asarray(p, dtype=float).ravel(), np.asarray(y, dtype=float).ravel()
    for p_i, y_i in zip(ps, ys):
        q = min(max(float(p_i), eps), 1.0 - eps)
        total += y_i * math.log(q) + (1.0 - y_i) * math.log(1.0 - q)
    return -total / len(ps)


def gradients(X, y, w, b):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    m, d = X.shape
    dw = [0.0] * d
    db = 0.0
    for i in range(m):
        r = _sigmoid(_dot(X[i], w) + b) - y[i]
        for j in range(d):
            dw[j] += r * X[i, j]
        db += r
    return np.array(dw) / m, db / m


def fit(X, y, lr=0.1, epochs=1000):
    X = np.asarray(X, dtype=float)
    w = np.zeros(X.shape[1])
    b = 0.0
    for _ in range(epochs):
        dw, db = gradients(X, y, w, b)
        w = w - lr * dw
        b = b - lr * db
    return w, b


def n_poly_features(d, degree, distinct=True):
    if distinct:
        count = 1
        for i in range(1, degree + 1):  # C(d + k, k) = prod (d + i) / i, exact at each step
            count = count * (d + i) // i
        return count
    count, term = 0, 1
    for _ in range(degree + 1):
        count += term
        term *= d
    return count
