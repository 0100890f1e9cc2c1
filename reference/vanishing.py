"""Vanishing and exploding gradients (13_vanishing_gradients): the same names and signatures as
the student module `vanishing`.

Slides (003, "Fundamentos del aprendizaje automático", "Desvanecimiento del gradiente"):
∂J/∂w^[1] = x L' (Π_{l=2..L} w^[l]) (Π_{l=1..L} ψ'^[l]); ψ' < 1 in every layer makes it vanish
with depth (σ' = σ(1 − σ) <= 1/4), ψ' > 1 explode.

Conventions (torch.nn.Linear, as 04_backprop): W_l is (width, fan_in), b_l is (width,), samples
are rows, Z_l = A_{l−1} W_lᵀ + b_l, A_l = f(Z_l) in every layer (the last included), the loss is
mean(A_depth). init_params draws from one np.random.default_rng(seed), layer by layer;
gradient_norms computes in float64 and returns float64 (depth,). No input is modified.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from reference._validate import as_float, check_ndim

__all__ = ["init_params", "gradient_norms"]

ACTIVATIONS = ("sigmoid", "tanh", "relu")
INITS = ("uniform", "he")


def _positive_int(v: Any, name: str, func: str) -> int:
    if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1:
        raise ValueError(f"{func}: {name} must be a positive int, got {v!r}")
    return int(v)


def init_params(depth: int, width: int, d_in: int, init: str = "uniform",
                seed: int = 0) -> list[tuple[np.ndarray, np.ndarray]]:
    """rng = np.random.default_rng(seed); per layer, from the first, with fan_in = d_in then width:
    uniform: W = rng.uniform(−1/√fan_in, 1/√fan_in, (width, fan_in)); he: W = rng.normal(0,
    √(2/fan_in), (width, fan_in)); b = zeros(width). float64."""
    depth = _positive_int(depth, "depth", "init_params")
    width = _positive_int(width, "width", "init_params")
    d_in = _positive_int(d_in, "d_in", "init_params")
    if init not in INITS:
        raise ValueError(f"init_params: init must be one of {INITS}, got {init!r}")
    rng = np.random.default_rng(seed)
    out = []
    for fan_in in [d_in] + [width] * (depth - 1):
        if init == "uniform":
            bound = 1.0 / np.sqrt(fan_in)
            W = rng.uniform(-bound, bound, size=(width, fan_in))
        else:
            W = rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(width, fan_in))
        out.append((W, np.zeros(width)))
    return out


def _f(Z: np.ndarray, activation: str) -> np.ndarray:
    if activation == "sigmoid":
        e = np.exp(-np.abs(Z))  # never exp of a positive number: no overflow
        return np.where(Z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    if activation == "tanh":
        return np.tanh(Z)
    return np.maximum(Z, 0.0)


def _df(Z: np.ndarray, A: np.ndarray, activation: str) -> np.ndarray:
    """f'(Z) as torch's autograd computes it: σ(1 − σ), 1 − tanh², [Z > 0] (0 at the kink)."""
    if activation == "sigmoid":
        return A * (1.0 - A)
    if activation == "tanh":
        return 1.0 - A * A
    return (Z > 0).astype(np.float64)


def _params(params: Any, func: str) -> list[tuple[np.ndarray, np.ndarray]]:
    if isinstance(params, np.ndarray) or not isinstance(params, (list, tuple)) or not params:
        raise TypeError(f"{func}: params must be a non-empty list of (W, b) pairs")
    out = []
    for i, pair in enumerate(params):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise TypeError(f"{func}: params[{i}] must be a pair (W, b)")
        W = as_float(pair[0], f"params[{i}][0]", func).astype(np.float64)
        b = as_float(pair[1], f"params[{i}][1]", func).astype(np.float64)
        check_ndim(W, 2, f"params[{i}][0] (W)", func)
        check_ndim(b, 1, f"params[{i}][1] (b)", func)
        if b.shape[0] != W.shape[0]:
            raise ValueError(f"{func}: layer {i}: b {b.shape} does not match W {W.shape}")
        if out and W.shape[1] != out[-1][0].shape[0]:
            raise ValueError(f"{func}: layer {i}: W {W.shape} takes {W.shape[1]} inputs, the "
                             f"previous layer gives {out[-1][0].shape[0]}")
        out.append((W, b))
    return out


def gradient_norms(params: list[tuple[np.ndarray, np.ndarray]], X: Any,
                   activation: str) -> np.ndarray:
    """‖∂L/∂W_l‖_F, l = 1..depth (input layer first), L = mean(A_depth), every layer activated."""
    func = "gradient_norms"
    if activation not in ACTIVATIONS:
        raise ValueError(f"{func}: activation must be one of {ACTIVATIONS}, got {activation!r}")
    layers = _params(params, func)
    A = as_float(X, "X", func).astype(np.float64)
    check_ndim(A, 2, "X", func)
    if A.shape[1] != layers[0][0].shape[1]:
        raise ValueError(f"{func}: X has {A.shape[1]} features, W_1 {layers[0][0].shape} "
                         f"expects {layers[0][0].shape[1]}")
    cache = []
    for W, b in layers:
        Z = A @ W.T + b
        A_next = _f(Z, activation)
        cache.append((A, W, Z, A_next))
        A = A_next
    dA = np.full(A.shape, 1.0 / A.size)
    norms = np.empty(len(layers))
    for l in range(len(layers) - 1, -1, -1):
        A_prev, W, Z, A_l = cache[l]
        dZ = dA * _df(Z, A_l, activation)
        norms[l] = np.sqrt(np.sum(np.square(dZ.T @ A_prev)))
        dA = dZ @ W
    return norms
