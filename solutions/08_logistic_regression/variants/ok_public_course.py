"""A correct answer in the style of public course code (Andrew Ng's deep-learning notebooks,
"A = sigmoid(np.dot(w.T, X) + b)", "dw = 1/m * np.dot(X, (A - Y).T)", here with samples as rows):
sigmoid with z clipped to [-500, 500] (no overflow, and the value differs from σ(z) by less than
e^{-500}), predict with np.where on the probability, np.clip in the loss, the gradient as
(A - Y) @ X / m, the counts with math.comb and the geometric series in integers."""

import math

import numpy as np


def sigmoid(z):
    z = np.clip(z, -500, 500)
    return 1 / (1 + np.exp(-z))


def predict_proba(X, w, b):
    return sigmoid(np.dot(X, w) + b)


def predict(X, w, b, threshold=0.5):
    A = predict_proba(X, w, b)
    return np.where(A >= threshold, 1, 0)


def bce_loss(p, y, eps=1e-12):
    A = np.clip(np.array(p, dtype=float), eps, 1 - eps)
    Y = np.array(y, dtype=float)
    m = Y.shape[0]
    cost = -1 / m * np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    return float(cost)


def gradients(X, y, w, b):
    m = X.shape[0]
    A = predict_proba(X, w, b)
    dw = 1 / m * np.dot(A - y, X)
    db = 1 / m * np.sum(A - y)
    return dw, float(db)


def fit(X, y, lr=0.1, epochs=1000):
    w = np.zeros((X.shape[1],))
    b = 0.0
    for _ in range(epochs):
        dw, db = gradients(X, y, w, b)
        w = w - lr * dw
        b = b - lr * db
    return w, b


def n_poly_features(d, degree, distinct=True):
    if distinct:
        return math.comb(d + degree, degree)
    return (d ** (degree + 1) - 1) // (d - 1) if d > 1 else degree + 1
