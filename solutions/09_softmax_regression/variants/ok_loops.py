"""A correct answer written with loops (over the samples and the classes) and the standard
library's `math`, the way loop-based course code writes it: one-hot row by row, softmax of one row
at a time with its maximum subtracted, the loss summed sample by sample, the gradient accumulated
class by class, the accuracy counted; fit starts from zeros (any start is allowed)."""

import math
from pathlib import Path

import numpy as np


def as_float_array(x):
    x = np.asarray(x)
    return x if np.issubdtype(x.dtype, np.floating) else x.astype(np.float64)


def load_digits_split(path=None):
    if path is None:  # beside this file (in a notebook, which has no __file__: its folder)
        path = Path(globals().get("__file__", "softmax_reg.py")).with_name("digits.npz")
    with np.load(Path(path), allow_pickle=False) as data:
        X, y = data["X"] / 16.0, data["y"].astype(np.int64)
    order = np.random.default_rng(0).permutation(len(y))
    n_train = int(0.8 * len(y))
    return X[order[:n_train]], y[order[:n_train]], X[order[n_train:]], y[order[n_train:]]


def one_hot(y, k):
    Y = np.zeros((len(y), k))
    for i, label in enumerate(y):
        Y[i, int(label)] = 1.0
    return Y


def _softmax_row(z):
    top = max(z)
    e = [math.exp(v - top) for v in z]
    s = sum(e)
    return [v / s for v in e]


def softmax(Z):
    Z = as_float_array(Z)
    P = np.empty_like(Z)
    for i in range(Z.shape[0]):
        P[i] = _softmax_row([float(v) for v in Z[i]])
    return P


def cross_entropy(P, Y, eps=1e-12):
    P, Y = np.asarray(P, dtype=float), np.asarray(Y, dtype=float)
    total = 0.0
    for i in range(P.shape[0]):
        for j in range(P.shape[1]):
            if Y[i, j] != 0.0:
                total -= Y[i, j] * math.log(min(max(P[i, j], eps), 1.0))
    return total / P.shape[0]


def gradients(X, Y, W, b):
    X, W, b = as_float_array(X), as_float_array(W), as_float_array(b)
    m = X.shape[0]
    R = softmax(X @ W.T + b) - Y  # (m, k)
    dW, db = np.zeros(W.shape), np.zeros(W.shape[0])
    for j in range(W.shape[0]):  # one class at a time
        dW[j] = R[:, j] @ X / m
        db[j] = R[:, j].sum() / m
    return dW, db


def fit(X, y, k, lr=0.5, epochs=300, seed=0):
    X = as_float_array(X)
    Y = one_hot(y, k)
    W, b = np.zeros((k, X.shape[1])), np.zeros(k)
    for _ in range(epochs):
        dW, db = gradients(X, Y, W, b)
        W, b = W - lr * dW, b - lr * db
    return W, b


def accuracy(W, b, X, y):
    Z = as_float_array(X) @ as_float_array(W).T + as_float_array(b)
    hits = 0
    for i in range(Z.shape[0]):
        best = 0
        for j in range(1, Z.shape[1]):
            if Z[i, j] > Z[i, best]:
                best = j
        hits += int(best == int(y[i]))
    return hits / Z.shape[0]
