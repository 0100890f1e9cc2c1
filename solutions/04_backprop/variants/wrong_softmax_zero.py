"""A wrong 04_backprop: backward returns zeros on the softmax path (the issue's false positive).

The model answer with that one change."""


from __future__ import annotations

import numpy as np

# Activations `forward` and `backward` accept ("softmax" is meant for the output layer).
ACTIVATIONS = ("identity", "sigmoid", "tanh", "relu", "softmax")


def activate(Z: np.ndarray, name: str) -> np.ndarray:
    """A = f(Z) for f one of ACTIVATIONS (softmax along each row); raise ValueError otherwise.

    Use a numerically stable sigmoid and softmax (see assignment 03).
    """
    if name == "identity":
        return Z
    if name == "sigmoid":
        t = np.exp(-np.abs(Z))
        return np.where(Z >= 0, 1.0 / (1.0 + t), t / (1.0 + t))
    if name == "tanh":
        return np.tanh(Z)
    if name == "relu":
        return np.maximum(Z, 0.0)
    if name == "softmax":
        e = np.exp(Z - Z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
    raise ValueError(
        f"activación desconocida / unknown activation {name!r}; usa/use one of {ACTIVATIONS}"
    )


def activate_backward(dA: np.ndarray, Z: np.ndarray, A: np.ndarray, name: str) -> np.ndarray:
    """dL/dZ from dL/dA, where A = f(Z) (chain rule through the activation).

    Element-wise activations: dZ = dA * f'(Z), with
        identity' = 1,  sigmoid' = A (1 - A),  tanh' = 1 - A^2,  relu' = [Z > 0].
    Softmax mixes a row: dZ = A * (dA - sum_j dA_j A_j)   (the Jacobian diag(A) - A A^T, applied).
    """
    if name == "identity":
        return dA
    if name == "sigmoid":
        return dA * A * (1.0 - A)
    if name == "tanh":
        return dA * (1.0 - A * A)
    if name == "relu":
        return dA * (Z > 0)
    if name == "softmax":
        return np.zeros_like(dA)
    raise ValueError(
        f"activación desconocida / unknown activation {name!r}; usa/use one of {ACTIVATIONS}"
    )


def init_params(layer_sizes: list[int], seed: int = 0) -> list[tuple[np.ndarray, np.ndarray]]:
    """Random initial parameters for a network with the given layer sizes [H_0, H_1, ..., H_L].

    Like torch.nn.Linear: W_l and b_l uniform in [-1/sqrt(H_{l-1}), 1/sqrt(H_{l-1})], drawn from
    np.random.default_rng(seed) (same seed, same parameters).

    Returns:
        [(W_1, b_1), ..., (W_L, b_L)] with W_l of shape (H_l, H_{l-1}) and b_l of shape (H_l,).
    """
    rng = np.random.default_rng(seed)
    params = []
    for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        bound = 1.0 / np.sqrt(n_in)
        W = rng.uniform(-bound, bound, size=(n_out, n_in))
        b = rng.uniform(-bound, bound, size=n_out)
        params.append((W, b))
    return params


def count_parameters(layer_sizes: list[int]) -> int:
    """Number of parameters: N = sum_{l=1}^{L} H_l (H_{l-1} + 1).

    Each unit of layer l has H_{l-1} weights and one bias. Example: [2, 100, 100, 100, 1] -> 20601.
    """
    return int(sum(h * (h_prev + 1) for h_prev, h in zip(layer_sizes[:-1], layer_sizes[1:])))


def forward(
    X: np.ndarray,
    params: list[tuple[np.ndarray, np.ndarray]],
    activation: str = "sigmoid",
    output_activation: str = "identity",
) -> tuple[np.ndarray, dict]:
    """Forward pass: Z_l = A_{l-1} W_l^T + b_l, A_l = f_l(Z_l), from A_0 = X to y_hat = A_L.

    Returns:
        (y_hat, cache): y_hat is (n, H_L); cache holds what `backward` needs, as plain data:
        {"A": [A_0, ..., A_L], "Z": [Z_1, ..., Z_L]}.
    """
    A = np.asarray(X, dtype=float)
    cache = {"A": [A], "Z": []}
    for l, (W, b) in enumerate(params):
        name = output_activation if l == len(params) - 1 else activation
        Z = A @ np.asarray(W).T + np.asarray(b)
        A = activate(Z, name)
        cache["Z"].append(Z)
        cache["A"].append(A)
    return A, cache


def mse_loss(y_hat: np.ndarray, y: np.ndarray) -> float:
    """Mean squared error over all entries: L = (1/m) sum (y_hat - y)^2, m = y_hat.size.

    y may come as (n,) for an (n, 1) y_hat: reshape it, or broadcasting would give (n, n).
    """
    y_hat = np.asarray(y_hat, dtype=float)
    y = np.asarray(y, dtype=float).reshape(y_hat.shape)
    return float(np.mean((y_hat - y) ** 2))


def backward(
    y: np.ndarray,
    cache: dict,
    params: list[tuple[np.ndarray, np.ndarray]],
    activation: str = "sigmoid",
    output_activation: str = "identity",
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Gradients of mse_loss(y_hat, y) with respect to every W_l and b_l.

    Start from dL/dA_L = 2 (y_hat - y) / m (m = number of entries of y_hat); then for
    l = L, ..., 1:
        dZ_l     = dA_l * f_l'(Z_l)            (activate_backward)
        dW_l     = dZ_l^T A_{l-1}              (H_l, H_{l-1}), like W_l
        db_l     = sum over samples of dZ_l    (H_l,), like b_l
        dA_{l-1} = dZ_l W_l

    Returns:
        [(dW_1, db_1), ..., (dW_L, db_L)], each of the shape of its parameter.
    """
    A_list, Z_list = cache["A"], cache["Z"]
    y_hat = A_list[-1]
    y = np.asarray(y, dtype=float).reshape(y_hat.shape)
    dA = 2.0 * (y_hat - y) / y_hat.size
    grads = []
    for l in reversed(range(len(params))):
        W = np.asarray(params[l][0])
        name = output_activation if l == len(params) - 1 else activation
        dZ = activate_backward(dA, Z_list[l], A_list[l + 1], name)
        grads.append((dZ.T @ A_list[l], dZ.sum(axis=0)))
        dA = dZ @ W
    return grads[::-1]


def gd_step(
    params: list[tuple[np.ndarray, np.ndarray]],
    grads: list[tuple[np.ndarray, np.ndarray]],
    lr: float,
) -> list[tuple[np.ndarray, np.ndarray]]:
    """One gradient-descent step: theta <- theta - lr * dL/dtheta, for every W_l and b_l.

    Returns new arrays; `params` and `grads` are not modified.
    """
    return [
        (np.asarray(W) - lr * np.asarray(dW), np.asarray(b) - lr * np.asarray(db))
        for (W, b), (dW, db) in zip(params, grads)
    ]
