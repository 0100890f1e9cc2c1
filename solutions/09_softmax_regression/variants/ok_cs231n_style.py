"""A correct answer in the style of CS231n's softmax classifier: scores = X·Wᵀ + b, shifted by the
row maximum, probabilities from the log-sum-exp, the gradient as dscores = probs with 1 subtracted
at each sample's class (`dscores[range(N), y] -= 1`), divided by N; the start is small random
values (0.001·randn) from the seed; one_hot by indexing np.eye."""

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
    return np.eye(k)[np.asarray(y, dtype=np.int64)]


def softmax(Z):
    scores = as_float_array(Z)
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return np.exp(log_probs)


def cross_entropy(P, Y, eps=1e-12):
    N = np.shape(P)[0]
    return float(-np.sum(np.asarray(Y) * np.log(np.maximum(np.minimum(P, 1.0), eps))) / N)


def gradients(X, Y, W, b):
    X = as_float_array(X)
    N = X.shape[0]
    scores = X.dot(np.asarray(W).T) + b
    dscores = softmax(scores)
    y = np.argmax(Y, axis=1)
    dscores[range(N), y] -= 1
    dscores /= N
    return dscores.T.dot(X), np.sum(dscores, axis=0)


def fit(X, y, k, lr=0.5, epochs=300, seed=0):
    X = as_float_array(X)
    rng = np.random.default_rng(seed)
    W = 0.001 * rng.standard_normal((k, X.shape[1]))
    b = np.zeros(k)
    Y = one_hot(y, k)
    for _ in range(epochs):
        dW, db = gradients(X, Y, W, b)
        W = W - lr * dW
        b = b - lr * db
    return W, b


def accuracy(W, b, X, y):
    y_pred = np.argmax(as_float_array(X).dot(np.asarray(W).T) + b, axis=1)
    return float(np.mean(y_pred == y))
