"""Variant of 03_activations (correct): one Python scalar per element with the `math` module, the
way loop-based course code writes it; each function maps a scalar rule over the array (any
shape), writing into `np.empty_like(z)` so float32 stays float32. Kinks follow PyTorch's
autograd (relu'(0) = 0, leaky_relu'(0) = alpha, elu'(0) = alpha)."""

import math

import numpy as np


def as_float_array(z):
    z = np.asarray(z)
    return z if np.issubdtype(z.dtype, np.floating) else z.astype(np.float64)


def _map(rule, z):
    z = as_float_array(z)
    out = np.empty_like(z)
    for index, value in np.ndenumerate(z):
        out[index] = rule(float(value))
    return out


def _sigmoid(v):
    if v >= 0:
        return 1.0 / (1.0 + math.exp(-v))
    e = math.exp(v)
    return e / (1.0 + e)


def sigmoid(z):
    return _map(_sigmoid, z)


def sigmoid_derivative(z):
    def rule(v):
        s = _sigmoid(v)
        return s * (1.0 - s)

    return _map(rule, z)


def tanh(z):
    return _map(math.tanh, z)


def tanh_derivative(z):
    return _map(lambda v: 1.0 - math.tanh(v) ** 2, z)


def relu(z):
    return _map(lambda v: v if v > 0 else 0.0, z)


def relu_derivative(z):
    return _map(lambda v: 1.0 if v > 0 else 0.0, z)


def leaky_relu(z, alpha=0.01):
    return _map(lambda v: v if v > 0 else alpha * v, z)


def leaky_relu_derivative(z, alpha=0.01):
    return _map(lambda v: 1.0 if v > 0 else alpha, z)


def elu(z, alpha=1.0):
    return _map(lambda v: v if v > 0 else alpha * math.expm1(v), z)


def elu_derivative(z, alpha=1.0):
    return _map(lambda v: 1.0 if v > 0 else alpha * math.exp(v), z)


def softplus(z):
    return _map(lambda v: max(v, 0.0) + math.log1p(math.exp(-abs(v))), z)


def softplus_derivative(z):
    return _map(_sigmoid, z)


def arctan(z):
    return _map(math.atan, z)


def arctan_derivative(z):
    return _map(lambda v: 1.0 / (v * v + 1.0), z)


def binary_step(z):
    return _map(lambda v: 1.0 if v >= 0 else 0.0, z)


def binary_step_derivative(z):
    return _map(lambda v: 0.0, z)


def softmax(z, axis=-1):
    z = as_float_array(z)
    moved = np.moveaxis(z, axis, -1)
    rows = moved.reshape(-1, moved.shape[-1])
    out = np.empty_like(rows)
    for i, row in enumerate(rows):
        top = max(float(v) for v in row)
        exps = [math.exp(float(v) - top) for v in row]
        total = math.fsum(exps)
        for j, e in enumerate(exps):
            out[i, j] = e / total
    return np.moveaxis(out.reshape(moved.shape), -1, axis)
