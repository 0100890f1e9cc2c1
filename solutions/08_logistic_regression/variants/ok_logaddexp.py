"""A correct answer with other stable formulas: σ(z) = exp(−log(1 + e^{−z})) through
np.logaddexp (never overflows), the loss through log1p, the gradient with np.einsum and the
bias folded into an extra column of ones, the ordered count as a sum of Python ints."""

import math

import numpy as np


def predict_proba(X, w, b):
    z = np.asarray(X) @ np.asarray(w) + b
    return np.exp(-np.logaddexp(0, -z)).astype(np.result_type(z, np.float32), copy=False)


def predict(X, w, b, threshold=0.5):
    return (predict_proba(X, w, b) >= threshold).astype(np.int64)


def bce_loss(p, y, eps=1e-12):
    p = np.clip(np.asarray(p, dtype=np.float64), eps, 1 - eps)
    y = np.asarray(y, dtype=np.float64)
    return float(np.mean(-y * np.log(p) - (1 - y) * np.log1p(-p)))


def gradients(X, y, w, b):
    X = np.asarray(X, dtype=np.float64)
    Xb = np.hstack([X, np.ones((X.shape[0], 1))])  # the bias as a weight on a column of ones
    r = predict_proba(X, w, b) - np.asarray(y, dtype=np.float64)
    g = np.einsum("i,ij->j", r, Xb) / X.shape[0]
    return g[:-1], float(g[-1])


def fit(X, y, lr=0.1, epochs=1000):
    X = np.asarray(X, dtype=np.float64)
    theta = np.zeros(X.shape[1] + 1)  # (w, b) together
    for _ in range(int(epochs)):
        dw, db = gradients(X, y, theta[:-1], theta[-1])
        theta = theta - lr * np.append(dw, db)
    return theta[:-1], float(theta[-1])


def n_poly_features(d, degree, distinct=True):
    return math.comb(d + degree, degree) if distinct else sum(d**j for j in range(degree + 1))
