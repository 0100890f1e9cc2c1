"""A correct perceptron in the style of the well-known `Perceptron` class of S. Raschka's
"Python Machine Learning" (bias stored as w_[0], `fit` runs every epoch and counts errors),
adapted to the course: 0/1 labels, the start w = 0 of the statement, and function wrappers
for the contract. It never stops early: an epoch without mistakes changes nothing, so running
the remaining epochs gives the same weights."""

import numpy as np


class Perceptron:
    def __init__(self, eta=0.01, n_iter=50):
        self.eta = eta
        self.n_iter = n_iter

    def fit(self, X, y):
        self.w_ = np.zeros(1 + X.shape[1])
        self.errors_ = []
        for _ in range(self.n_iter):
            errors = 0
            for xi, target in zip(X, y):
                update = self.eta * (target - self.predict(xi))
                self.w_[1:] += update * xi
                self.w_[0] += update
                errors += int(update != 0.0)
            self.errors_.append(errors)
        return self

    def net_input(self, X):
        return np.dot(X, self.w_[1:]) + self.w_[0]

    def predict(self, X):
        return np.where(self.net_input(X) >= 0.0, 1, 0)


def step(z):
    return np.heaviside(np.asarray(z, dtype=float), 1.0)


def predict(X, w, b):
    model = Perceptron()
    model.w_ = np.concatenate([[b], np.asarray(w, dtype=float)])
    return model.predict(np.asarray(X, dtype=float)).astype(float)


def train(X, y, lr=1.0, epochs=100):
    model = Perceptron(eta=lr, n_iter=epochs).fit(np.asarray(X, dtype=float),
                                                 np.asarray(y, dtype=float))
    return model.w_[1:].copy(), float(model.w_[0])
