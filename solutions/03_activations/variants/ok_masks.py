"""Variant of 03_activations (correct): vectorized with boolean masks and other stable formulas
than the model answer's (the masked two-branch sigmoid of public course code, sigmoid through
tanh, softplus with np.logaddexp, softmax through log-sum-exp, relu as z * (z > 0)); the slides'
convention at the kinks (relu'(0) = 1, elu'(0) = 1)."""

import numpy as np


def as_float_array(z):
    z = np.asarray(z)
    return z if np.issubdtype(z.dtype, np.floating) else z.astype(np.float64)


def sigmoid(z):
    z = as_float_array(z)
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1 / (1 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1 + ez)
    return out


def sigmoid_derivative(z):
    s = 0.5 * (1 + np.tanh(0.5 * as_float_array(z)))  # sigma(z) = (1 + tanh(z/2)) / 2
    return s * (1 - s)


def tanh(z):
    return np.tanh(as_float_array(z))


def tanh_derivative(z):
    return 1 - tanh(z) ** 2


def relu(z):
    z = as_float_array(z)
    return z * (z > 0)


def relu_derivative(z):
    z = as_float_array(z)
    return (z >= 0).astype(z.dtype)


def leaky_relu(z, alpha=0.01):
    z = as_float_array(z)
    out = z.copy()
    neg = z < 0
    out[neg] = alpha * z[neg]
    return out


def leaky_relu_derivative(z, alpha=0.01):
    z = as_float_array(z)
    out = np.ones_like(z)
    out[z < 0] = alpha
    return out


def elu(z, alpha=1.0):
    z = as_float_array(z)
    out = z.copy()
    neg = z < 0
    out[neg] = alpha * np.expm1(z[neg])
    return out


def elu_derivative(z, alpha=1.0):
    z = as_float_array(z)
    out = np.ones_like(z)
    neg = z < 0
    out[neg] = elu(z[neg], alpha) + alpha
    return out


def softplus(z):
    return np.logaddexp(0, as_float_array(z))


def softplus_derivative(z):
    return sigmoid(z)


def arctan(z):
    return np.arctan(as_float_array(z))


def arctan_derivative(z):
    z = as_float_array(z)
    return 1 / (1 + np.square(z))


def binary_step(z):
    z = as_float_array(z)
    return np.heaviside(z, 1).astype(z.dtype)


def binary_step_derivative(z):
    return np.zeros_like(as_float_array(z))


def softmax(z, axis=-1):
    z = as_float_array(z)
    shifted = z - z.max(axis=axis, keepdims=True)
    log_sum = np.log(np.exp(shifted).sum(axis=axis, keepdims=True))
    return np.exp(shifted - log_sum)
