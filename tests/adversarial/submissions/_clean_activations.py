"""Clean baseline for 03_activations: every function right (the hostile files are appended to it).

Written independently of reference/ and solutions/: the formulas of the slides, made stable.
"""

import numpy as np


def _f(z):
    z = np.asarray(z)
    return z if np.issubdtype(z.dtype, np.floating) else z.astype(np.float64)


def _sig(z):
    # a private helper, so a hostile file that replaces `sigmoid` leaves the others intact
    z = _f(z)
    e = np.exp(-np.abs(z))  # never overflows
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e)).astype(z.dtype)


def sigmoid(z):
    return _sig(z)


def sigmoid_derivative(z):
    s = _sig(z)
    return s * (1 - s)


def tanh(z):
    return np.tanh(_f(z))


def tanh_derivative(z):
    return 1 - np.tanh(_f(z)) ** 2


def relu(z):
    z = _f(z)
    return np.maximum(z, 0).astype(z.dtype)


def relu_derivative(z):
    z = _f(z)
    return (z > 0).astype(z.dtype)


def leaky_relu(z, alpha=0.01):
    z = _f(z)
    return np.where(z > 0, z, alpha * z).astype(z.dtype)


def leaky_relu_derivative(z, alpha=0.01):
    z = _f(z)
    return np.where(z > 0, 1.0, alpha).astype(z.dtype)


def elu(z, alpha=1.0):
    z = _f(z)
    return np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0))).astype(z.dtype)


def elu_derivative(z, alpha=1.0):
    z = _f(z)
    return np.where(z > 0, 1.0, alpha * np.exp(np.minimum(z, 0))).astype(z.dtype)


def softplus(z):
    z = _f(z)
    return (np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))).astype(z.dtype)


def softplus_derivative(z):
    return _sig(z)


def arctan(z):
    return np.arctan(_f(z))


def arctan_derivative(z):
    z = _f(z)
    return (1 / (1 + z * z)).astype(z.dtype)


def binary_step(z):
    z = _f(z)
    return (z >= 0).astype(z.dtype)


def binary_step_derivative(z):
    return np.zeros_like(_f(z))


def softmax(z, axis=-1):
    z = _f(z)
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)
