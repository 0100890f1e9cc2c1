"""Variant of 03_activations (correct): float64-only code (every function converts its input with
np.asarray(z, dtype=np.float64), as much public course code does), adapted to the contract by
an interface-only wrapper that hands the result back in the input's floating dtype. Formulas
written as in the slides' table where they are stable, with the stable forms elsewhere."""

import functools

import numpy as np


def _keeps_dtype(f):
    """The wrapper: float32 in -> float32 out; any other input -> float64."""

    @functools.wraps(f)
    def wrapper(z, *args, **kwargs):
        dtype = np.asarray(z).dtype
        out = f(np.asarray(z, dtype=np.float64), *args, **kwargs)
        return out.astype(dtype if np.issubdtype(dtype, np.floating) else np.float64)

    return wrapper


@_keeps_dtype
def sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


@_keeps_dtype
def sigmoid_derivative(z):
    e = np.exp(-np.abs(z))
    return e / (1 + e) ** 2


@_keeps_dtype
def tanh(z):
    return np.tanh(z)


@_keeps_dtype
def tanh_derivative(z):
    return 1 - np.tanh(z) ** 2


@_keeps_dtype
def relu(z):
    return np.maximum(0, z)


@_keeps_dtype
def relu_derivative(z):
    return np.where(z > 0, 1.0, 0.0)


@_keeps_dtype
def leaky_relu(z, alpha=0.01):
    return np.where(z >= 0, z, alpha * z)


@_keeps_dtype
def leaky_relu_derivative(z, alpha=0.01):
    return np.where(z > 0, 1.0, alpha)


@_keeps_dtype
def elu(z, alpha=1.0):
    return np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0)))


@_keeps_dtype
def elu_derivative(z, alpha=1.0):
    return np.where(z > 0, 1.0, alpha * np.exp(np.minimum(z, 0)))


@_keeps_dtype
def softplus(z):
    return np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))


@_keeps_dtype
def softplus_derivative(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


@_keeps_dtype
def arctan(z):
    return np.arctan(z)


@_keeps_dtype
def arctan_derivative(z):
    return 1 / (z ** 2 + 1)


@_keeps_dtype
def binary_step(z):
    return np.where(z < 0, 0.0, 1.0)


@_keeps_dtype
def binary_step_derivative(z):
    return np.zeros(z.shape)


@_keeps_dtype
def softmax(z, axis=-1):
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)
