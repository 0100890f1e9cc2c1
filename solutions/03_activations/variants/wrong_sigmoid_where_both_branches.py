"""Variant of 03_activations (wrong): np.where of the two textbook branches: both are evaluated and overflow."""

from __future__ import annotations

import numpy as np


def as_float_array(z) -> np.ndarray:
    """Given (not graded): z as a NumPy float array; float32 stays float32, ints become float64."""
    z = np.asarray(z)
    return z if np.issubdtype(z.dtype, np.floating) else z.astype(np.float64)


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Logistic sigmoid: sigma(z) = 1 / (1 + e^{-z}).

    Numerically stable: never evaluate e^{-z} for a large negative z (it overflows). With
    t = e^{-|z|} (always in (0, 1]):  sigma(z) = 1 / (1 + t) for z >= 0,  t / (1 + t) for z < 0.
    """
    z = as_float_array(z)
    return np.where(z >= 0, 1.0 / (1.0 + np.exp(-z)), np.exp(z) / (1.0 + np.exp(z)))


def sigmoid_derivative(z: np.ndarray) -> np.ndarray:
    """sigma'(z) = sigma(z) * (1 - sigma(z))."""
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z: np.ndarray) -> np.ndarray:
    """tanh(z) = 2 / (1 + e^{-2z}) - 1 = (e^z - e^{-z}) / (e^z + e^{-z})."""
    return np.tanh(as_float_array(z))


def tanh_derivative(z: np.ndarray) -> np.ndarray:
    """tanh'(z) = 1 - tanh(z)^2."""
    t = tanh(z)
    return 1.0 - t * t


def relu(z: np.ndarray) -> np.ndarray:
    """ReLU: f(z) = 0 for z < 0, z for z >= 0 (= max(0, z))."""
    return np.maximum(as_float_array(z), 0.0)


def relu_derivative(z: np.ndarray) -> np.ndarray:
    """f'(z) = 0 for z < 0, 1 for z >= 0 (the slides' table; at z = 0 any value in [0, 1] is a
    valid subgradient, PyTorch uses 0)."""
    z = as_float_array(z)
    return np.where(z >= 0, 1.0, 0.0).astype(z.dtype)


def leaky_relu(z: np.ndarray, alpha: float = 0.01) -> np.ndarray:
    """Leaky ReLU / PReLU: f(z) = alpha * z for z < 0, z for z >= 0."""
    z = as_float_array(z)
    return np.where(z >= 0, z, alpha * z).astype(z.dtype)


def leaky_relu_derivative(z: np.ndarray, alpha: float = 0.01) -> np.ndarray:
    """f'(z) = alpha for z < 0, 1 for z >= 0 (at z = 0 any value in [alpha, 1] is valid)."""
    z = as_float_array(z)
    return np.where(z >= 0, 1.0, alpha).astype(z.dtype)


def elu(z: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    """ELU: f(z) = alpha * (e^z - 1) for z < 0, z for z >= 0.

    e^z is only evaluated on min(z, 0), so a large positive z cannot overflow; expm1 keeps
    e^z - 1 accurate near 0.
    """
    z = as_float_array(z)
    return np.where(z >= 0, z, alpha * np.expm1(np.minimum(z, 0.0))).astype(z.dtype)


def elu_derivative(z: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    """f'(z) = f(z) + alpha = alpha * e^z for z < 0, 1 for z >= 0 (at z = 0 any value in
    [alpha, 1] is valid)."""
    z = as_float_array(z)
    return np.where(z >= 0, 1.0, alpha * np.exp(np.minimum(z, 0.0))).astype(z.dtype)


def softplus(z: np.ndarray) -> np.ndarray:
    """SoftPlus: f(z) = log(1 + e^z).

    Stable form: log(1 + e^z) = max(z, 0) + log(1 + e^{-|z|}) (log1p for accuracy), so e^z is
    never evaluated for a large z.
    """
    z = as_float_array(z)
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def softplus_derivative(z: np.ndarray) -> np.ndarray:
    """f'(z) = 1 / (1 + e^{-z}) = sigma(z)."""
    return sigmoid(z)


def arctan(z: np.ndarray) -> np.ndarray:
    """f(z) = tan^{-1}(z)."""
    return np.arctan(as_float_array(z))


def arctan_derivative(z: np.ndarray) -> np.ndarray:
    """f'(z) = 1 / (z^2 + 1)."""
    z = as_float_array(z)
    return 1.0 / (z * z + 1.0)


def binary_step(z: np.ndarray) -> np.ndarray:
    """Binary step: f(z) = 0 for z < 0, 1 for z >= 0."""
    z = as_float_array(z)
    return np.where(z >= 0, 1.0, 0.0).astype(z.dtype)


def binary_step_derivative(z: np.ndarray) -> np.ndarray:
    """f'(z) = 0 for z != 0 (undefined at z = 0: the slides write "?"; we return 0 there too)."""
    return np.zeros_like(as_float_array(z))


def softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    """softmax(z)_j = e^{z_j} / sum_k e^{z_k}, along `axis`.

    Subtracting the maximum along the axis first changes nothing mathematically (the factor
    e^{-max} cancels) but keeps every exponent <= 0, so nothing overflows.
    """
    z = as_float_array(z)
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)
