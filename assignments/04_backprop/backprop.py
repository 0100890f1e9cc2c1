"""Assignment 04: backpropagation in a multilayer perceptron (MLP).

A fully connected network with L layers. Layer l (l = 1..L) has H_l units and computes

    Z_l = A_{l-1} W_l^T + b_l,     A_l = f_l(Z_l),     A_0 = X,   y_hat = A_L

with f_l = `activation` for the hidden layers and `output_activation` for the last one.
Convention (torch.nn.Linear): W_l is (H_l, H_{l-1}), b_l is (H_l,), samples are rows of X.

Training minimises the mean squared error with gradient descent; `backward` is the chain rule
applied layer by layer, from the output back to the input.

NumPy only.
"""

from __future__ import annotations

import numpy as np

# Activations `forward` and `backward` accept ("softmax" is meant for the output layer).
ACTIVATIONS = ("identity", "sigmoid", "tanh", "relu", "softmax")


def activate(Z: np.ndarray, name: str) -> np.ndarray:
    """A = f(Z) for f one of ACTIVATIONS (softmax along each row); raise ValueError otherwise.

    Use a numerically stable sigmoid and softmax (see assignment 03).
    """
    raise NotImplementedError("Completa esta función / Complete this function: activate")


def activate_backward(dA: np.ndarray, Z: np.ndarray, A: np.ndarray, name: str) -> np.ndarray:
    """dL/dZ from dL/dA, where A = f(Z) (chain rule through the activation).

    Element-wise activations: dZ = dA * f'(Z), with
        identity' = 1,  sigmoid' = A (1 - A),  tanh' = 1 - A^2,  relu' = [Z > 0].
    Softmax mixes a row: dZ = A * (dA - sum_j dA_j A_j)   (the Jacobian diag(A) - A A^T, applied).
    """
    raise NotImplementedError("Completa esta función / Complete this function: activate_backward")


def init_params(layer_sizes: list[int], seed: int = 0) -> list[tuple[np.ndarray, np.ndarray]]:
    """Random initial parameters for a network with the given layer sizes [H_0, H_1, ..., H_L].

    Like torch.nn.Linear: W_l and b_l uniform in [-1/sqrt(H_{l-1}), 1/sqrt(H_{l-1})], drawn from
    np.random.default_rng(seed) (same seed, same parameters).

    Returns:
        [(W_1, b_1), ..., (W_L, b_L)] with W_l of shape (H_l, H_{l-1}) and b_l of shape (H_l,).
    """
    raise NotImplementedError("Completa esta función / Complete this function: init_params")


def count_parameters(layer_sizes: list[int]) -> int:
    """Number of parameters: N = sum_{l=1}^{L} H_l (H_{l-1} + 1).

    Each unit of layer l has H_{l-1} weights and one bias. Example: [2, 100, 100, 100, 1] -> 20601.
    """
    raise NotImplementedError("Completa esta función / Complete this function: count_parameters")


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
    raise NotImplementedError("Completa esta función / Complete this function: forward")


def mse_loss(y_hat: np.ndarray, y: np.ndarray) -> float:
    """Mean squared error over all entries: L = (1/m) sum (y_hat - y)^2, m = y_hat.size.

    y may come as (n,) for an (n, 1) y_hat: reshape it, or broadcasting would give (n, n).
    """
    raise NotImplementedError("Completa esta función / Complete this function: mse_loss")


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
    raise NotImplementedError("Completa esta función / Complete this function: backward")


def gd_step(
    params: list[tuple[np.ndarray, np.ndarray]],
    grads: list[tuple[np.ndarray, np.ndarray]],
    lr: float,
) -> list[tuple[np.ndarray, np.ndarray]]:
    """One gradient-descent step: theta <- theta - lr * dL/dtheta, for every W_l and b_l.

    Returns new arrays; `params` and `grads` are not modified.
    """
    raise NotImplementedError("Completa esta función / Complete this function: gd_step")
