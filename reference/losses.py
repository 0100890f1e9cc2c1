"""Losses and their gradients, averaged over all entries like PyTorch's `reduction="mean"`.

Shapes must match exactly (no broadcasting): a (n,) target against an (n, 1) prediction would
silently broadcast to (n, n), the classic bug, so it is a ValueError here.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from reference._validate import as_floats, check_ndim, check_same_shape
from reference.activations import log_softmax, sigmoid, softmax

__all__ = [
    "mse", "mse_derivative",
    "binary_cross_entropy", "binary_cross_entropy_derivative",
    "bce_with_logits", "bce_with_logits_derivative",
    "softmax_cross_entropy", "softmax_cross_entropy_derivative",
]  # fmt: skip

# PyTorch's BCELoss clamps each log at -100, so BCE(p=0, y=1) = 100 instead of inf.
LOG_CLAMP = -100.0


def _pair(func: str, y_hat: Any, y: Any, names: str = "y_hat and y"):
    y_hat, y = as_floats(func, y_hat=y_hat, y=y)
    check_same_shape(y_hat, y, names, func)
    if y_hat.size == 0:
        raise ValueError(f"{func}: empty input")
    return y_hat, y


def mse(y_hat: Any, y: Any) -> float:
    """L = (1/N) Σ_i (ŷ_i − y_i)², the mean over all N entries."""
    y_hat, y = _pair("mse", y_hat, y)
    return float(np.mean((y_hat - y) ** 2))


def mse_derivative(y_hat: Any, y: Any) -> np.ndarray:
    """∂L/∂ŷ = 2(ŷ − y)/N."""
    y_hat, y = _pair("mse_derivative", y_hat, y)
    return 2.0 * (y_hat - y) / y_hat.size


def _clamped_logs(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    # log(0) = -inf is expected here and clamped right away, as torch does.
    with np.errstate(divide="ignore"):
        return np.maximum(np.log(p), LOG_CLAMP), np.maximum(np.log1p(-p), LOG_CLAMP)


def binary_cross_entropy(p: Any, y: Any) -> float:
    """L = −(1/N) Σ [y ln p + (1 − y) ln(1 − p)], each log clamped at −100 (torch.nn.BCELoss)."""
    p, y = _pair("binary_cross_entropy", p, y, "p and y")
    if np.any((p < 0) | (p > 1)):
        raise ValueError("binary_cross_entropy: p must lie in [0, 1]")
    log_p, log_1mp = _clamped_logs(p)
    return float(-np.mean(y * log_p + (1.0 - y) * log_1mp))


def binary_cross_entropy_derivative(p: Any, y: Any) -> np.ndarray:
    """∂L/∂p = (p − y) / (p(1 − p)) / N, with p(1 − p) kept >= 1e-12 (torch's BCELoss backward)."""
    p, y = _pair("binary_cross_entropy_derivative", p, y, "p and y")
    return (p - y) / np.maximum(p * (1.0 - p), 1e-12) / p.size


def bce_with_logits(z: Any, y: Any) -> float:
    """L = (1/N) Σ [max(z, 0) − z·y + ln(1 + e^{−|z|})], i.e. BCE(σ(z), y) without log(0)."""
    z, y = _pair("bce_with_logits", z, y, "z and y")
    return float(np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))))


def bce_with_logits_derivative(z: Any, y: Any) -> np.ndarray:
    """∂L/∂z = (σ(z) − y)/N."""
    z, y = _pair("bce_with_logits_derivative", z, y, "z and y")
    return (sigmoid(z) - y) / z.size


def _targets(func: str, logits: Any, target: Any) -> tuple[np.ndarray, np.ndarray]:
    """Logits (n, K) and a target as probabilities (n, K): class indices (n,) become one-hot."""
    t = np.asarray(target)
    if t.dtype.kind in "iu":
        (z,) = as_floats(func, logits=logits)
        check_ndim(z, 2, "logits", func)
        check_ndim(t, 1, "target (class indices)", func)
        n, k = z.shape
        if t.shape[0] != n:
            raise ValueError(f"{func}: {n} rows of logits but {t.shape[0]} class indices")
        if np.any((t < 0) | (t >= k)):
            raise ValueError(f"{func}: class indices must lie in [0, {k - 1}]")
        onehot = np.zeros_like(z)
        onehot[np.arange(n), t] = 1.0
        return z, onehot
    z, y = as_floats(func, logits=logits, target=target)
    check_ndim(z, 2, "logits", func)
    check_same_shape(z, y, "logits and target (probabilities)", func)
    return z, y


def softmax_cross_entropy(logits: Any, target: Any) -> float:
    """L = −(1/n) Σ_i Σ_k y_ik ln softmax(z_i)_k, with log-softmax computed stably.

    `target` is either class indices (n,) of an integer dtype or probabilities (n, K), as in
    `torch.nn.functional.cross_entropy`; the mean is over the n samples.
    """
    z, y = _targets("softmax_cross_entropy", logits, target)
    return float(-np.sum(y * log_softmax(z, axis=1)) / z.shape[0])


def softmax_cross_entropy_derivative(logits: Any, target: Any) -> np.ndarray:
    """∂L/∂z = (softmax(z) − y)/n (for targets that sum to 1 per row)."""
    z, y = _targets("softmax_cross_entropy_derivative", logits, target)
    s = softmax(z, axis=1)
    # General form s·Σ_k y_k − y, equal to s − y when each target row sums to 1.
    return (s * np.sum(y, axis=1, keepdims=True) - y) / z.shape[0]
