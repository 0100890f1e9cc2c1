"""Dense layers and a multilayer perceptron: forward, backward (backprop) and a GD step.

Convention of torch.nn.Linear: a layer's weight W is (out, in), its bias b is (out,), samples
are rows, so a layer computes Z = A_prev Wᵀ + b.  Layer l of a net with sizes
[H_0 = d, H_1, ..., H_L]:

    Z^[l] = A^[l-1] W^[l]ᵀ + b^[l],   A^[l] = f(Z^[l])   (f = output activation at l = L)

This module is the reference for the student's `backprop.py` (same names and signatures).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from reference._validate import as_float, as_floats, check_ndim, check_same_shape
from reference.activations import get_activation, softmax, softmax_backward
from reference.losses import mse, mse_derivative

__all__ = [
    "dense_forward", "dense_backward",
    "init_params", "count_parameters", "forward", "mse_loss", "backward", "gd_step",
]  # fmt: skip

Params = list[tuple[np.ndarray, np.ndarray]]


# --- one dense layer --------------------------------------------------------------------------
def _check_layer(X: np.ndarray, W: np.ndarray, b: np.ndarray, func: str, layer: str = "") -> None:
    check_ndim(X, 2, f"X{layer}", func)
    check_ndim(W, 2, f"W{layer}", func)
    check_ndim(b, 1, f"b{layer}", func)
    if W.shape[1] != X.shape[1]:
        raise ValueError(
            f"{func}: W{layer} has shape {W.shape} (out, in) but its input has "
            f"{X.shape[1]} features (shape {X.shape})"
        )
    if b.shape[0] != W.shape[0]:
        raise ValueError(f"{func}: b{layer} has shape {b.shape}, expected ({W.shape[0]},)")


def dense_forward(X: Any, W: Any, b: Any) -> np.ndarray:
    """Z = X Wᵀ + b: X (n, in), W (out, in), b (out,) -> Z (n, out)."""
    X, W, b = as_floats("dense_forward", X=X, W=W, b=b)
    _check_layer(X, W, b, "dense_forward")
    return X @ W.T + b


def dense_backward(dZ: Any, X: Any, W: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of Z = X Wᵀ + b given dZ = ∂L/∂Z (n, out):

    ∂L/∂X = dZ W (n, in),   ∂L/∂W = dZᵀ X (out, in),   ∂L/∂b = Σ_rows dZ (out,).
    Returns (dX, dW, db).
    """
    dZ, X, W = as_floats("dense_backward", dZ=dZ, X=X, W=W)
    check_ndim(dZ, 2, "dZ", "dense_backward")
    _check_layer(X, W, np.zeros(W.shape[0]), "dense_backward")
    if dZ.shape != (X.shape[0], W.shape[0]):
        raise ValueError(
            f"dense_backward: dZ has shape {dZ.shape}, expected {(X.shape[0], W.shape[0])}"
        )
    return dZ @ W, dZ.T @ X, dZ.sum(axis=0)


# --- the network ------------------------------------------------------------------------------
def _check_sizes(layer_sizes: Any, func: str) -> list[int]:
    sizes = list(layer_sizes)
    if len(sizes) < 2:
        raise ValueError(
            f"{func}: layer_sizes needs at least an input and an output size, got {sizes}"
        )
    for h in sizes:
        if isinstance(h, bool) or not isinstance(h, (int, np.integer)) or h < 1:
            raise ValueError(f"{func}: layer sizes must be positive integers, got {sizes}")
    return [int(h) for h in sizes]


def count_parameters(layer_sizes: Any) -> int:
    """N = Σ_{l=1}^{L} H_l (H_{l−1} + 1) (weights plus one bias per unit); 2-100-100-100-1 -> 20601."""
    sizes = _check_sizes(layer_sizes, "count_parameters")
    return sum(h * (h_prev + 1) for h_prev, h in zip(sizes[:-1], sizes[1:]))


def init_params(layer_sizes: Any, seed: int = 0) -> Params:
    """[(W^[l], b^[l]) for l = 1..L], W (H_l, H_{l−1}), b (H_l,), float64.

    Same distribution as torch.nn.Linear's default: every entry ~ U(−1/√H_{l−1}, 1/√H_{l−1}),
    drawn from np.random.default_rng(seed) (same seed, same parameters).
    """
    sizes = _check_sizes(layer_sizes, "init_params")
    rng = np.random.default_rng(seed)
    params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        bound = 1.0 / np.sqrt(fan_in)
        W = rng.uniform(-bound, bound, size=(fan_out, fan_in))
        b = rng.uniform(-bound, bound, size=fan_out)
        params.append((W, b))
    return params


def _as_params(params: Any, func: str) -> Params:
    try:
        pairs = [(W, b) for W, b in params]
    except (TypeError, ValueError):
        raise ValueError(f"{func}: params must be a list of (W, b) pairs") from None
    if not pairs:
        raise ValueError(f"{func}: params is empty")
    return [tuple(as_floats(func, W=W, b=b)) for W, b in pairs]


def _activations(activation: str, output_activation: str, n_layers: int) -> list[str]:
    names = [activation] * (n_layers - 1) + [output_activation]
    for name in names:
        if name != "softmax":
            get_activation(name)  # ValueError for unknown names
    return names


def forward(
    X: Any,
    params: Any,
    activation: str = "sigmoid",
    output_activation: str = "identity",
) -> tuple[np.ndarray, dict[str, list[np.ndarray]]]:
    """ŷ = A^[L] with A^[0] = X, Z^[l] = A^[l−1] W^[l]ᵀ + b^[l], A^[l] = f(Z^[l]).

    Hidden layers use `activation`, the last one `output_activation` (any name of
    reference.activations.ACTIVATIONS, or "softmax" for the output). Returns (ŷ (n, H_L),
    cache) with cache = {"A": [A^[0], ..., A^[L]], "Z": [Z^[1], ..., Z^[L]]}.
    """
    X = as_float(X, "X", "forward")
    layers = _as_params(params, "forward")
    names = _activations(activation, output_activation, len(layers))
    A = X
    cache: dict[str, list[np.ndarray]] = {"A": [X], "Z": []}
    for l, ((W, b), name) in enumerate(zip(layers, names), start=1):
        _check_layer(A, W, b, "forward", layer=f"[{l}]")
        Z = A @ W.T + b
        A = softmax(Z, axis=1) if name == "softmax" else get_activation(name)[0](Z)
        cache["Z"].append(Z)
        cache["A"].append(A)
    return A, cache


def mse_loss(y_hat: Any, y: Any) -> float:
    """L = (1/N) Σ (ŷ − y)², the mean over all N entries; y must have ŷ's shape, e.g. (n, 1)."""
    return mse(y_hat, y)


def backward(
    y: Any,
    cache: dict[str, list[np.ndarray]],
    params: Any,
    activation: str = "sigmoid",
    output_activation: str = "identity",
) -> Params:
    """Backpropagation of L = mse_loss(ŷ, y) through the cached forward pass:

        dA^[L] = 2(ŷ − y)/N
        dZ^[l] = dA^[l] ⊙ f'(Z^[l])              (softmax: its vector-Jacobian product)
        dW^[l] = dZ^[l]ᵀ A^[l−1],  db^[l] = Σ_rows dZ^[l],  dA^[l−1] = dZ^[l] W^[l]

    Returns [(dW^[l], db^[l]) for l = 1..L], shaped like params.
    """
    layers = _as_params(params, "backward")
    names = _activations(activation, output_activation, len(layers))
    A_list, Z_list = cache["A"], cache["Z"]
    if len(Z_list) != len(layers) or len(A_list) != len(layers) + 1:
        raise ValueError("backward: cache does not come from a forward pass over these params")
    y_hat = A_list[-1]
    y = as_float(y, "y", "backward")
    check_same_shape(y_hat, y, "y_hat and y", "backward")
    dA = mse_derivative(y_hat, y)
    grads: Params = []
    for l in range(len(layers) - 1, -1, -1):
        W, _ = layers[l]
        Z, A_prev, name = Z_list[l], A_list[l], names[l]
        if name == "softmax":
            dZ = softmax_backward(dA, Z, axis=1)
        else:
            dZ = dA * get_activation(name)[1](Z)
        grads.append((dZ.T @ A_prev, dZ.sum(axis=0)))
        dA = dZ @ W
    return grads[::-1]


def gd_step(params: Any, grads: Any, lr: float) -> Params:
    """θ ← θ − lr·∂L/∂θ for every W and b; returns new arrays (the inputs are not modified)."""
    layers = _as_params(params, "gd_step")
    g = _as_params(grads, "gd_step")
    if len(layers) != len(g):
        raise ValueError(f"gd_step: {len(layers)} layers of params but {len(g)} of grads")
    new = []
    for l, ((W, b), (dW, db)) in enumerate(zip(layers, g), start=1):
        check_same_shape(W, dW, f"W[{l}] and dW[{l}]", "gd_step")
        check_same_shape(b, db, f"b[{l}] and db[{l}]", "gd_step")
        new.append((W - lr * dW, b - lr * db))
    return new
