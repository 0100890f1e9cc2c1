"""Assignment 13: vanishing and exploding gradients (slides 003, "Fundamentos del aprendizaje
automático", J. Luque: "Desvanecimiento del gradiente").

A fully connected network of `depth` layers of `width` units. Convention (torch.nn.Linear, as in
04_backprop): layer l has W_l of shape (width, fan_in) and b_l of shape (width,), samples are the
rows of X, and

    Z_l = A_{l-1} W_l^T + b_l,     A_l = f(Z_l),     A_0 = X,

with the same activation f in every layer, the last one included. The loss is the mean of the
last layer's output, L = mean(A_depth), and by the chain rule (slides)

    dL/dW_1 = x L' (prod_{l=2..L} w_l) (prod_{l=1..L} f'_l),

so with sigmoid (f' = σ(1 − σ) <= 1/4) the gradient of the first layers vanishes with depth.

NumPy only; no function modifies its inputs. init_params returns float64 arrays;
gradient_norms computes in float64 and returns float64 (whatever the input's dtype): the norms
of a deep sigmoid network fall far below what float32 represents accurately.
"""

from __future__ import annotations

import numpy as np

ACTIVATIONS = ("sigmoid", "tanh", "relu")


def init_params(depth: int, width: int, d_in: int, init: str = "uniform",
                seed: int = 0) -> list[tuple[np.ndarray, np.ndarray]]:
    """`depth` layers of `width` units: [(W_1, b_1), ..., (W_depth, b_depth)].

    W_l has shape (width, fan_in), fan_in = d_in for the first layer and width for the others;
    b_l = zeros(width). One generator, rng = np.random.default_rng(seed), drawn layer by layer
    from the first:
        init="uniform": W_l = rng.uniform(-a, a, size=(width, fan_in)),  a = 1/sqrt(fan_in)
                        (torch.nn.Linear's default range)
        init="he":      W_l = rng.normal(0.0, sqrt(2/fan_in), size=(width, fan_in))
    Any other `init` raises ValueError.
    """
    raise NotImplementedError("Completa esta función / Complete this function: init_params")


def activate(Z: np.ndarray, activation: str) -> np.ndarray:
    """A = f(Z): sigmoid (stable: never exp of a large positive number), tanh or relu."""
    raise NotImplementedError("Completa esta función / Complete this function: activate")


def activate_derivative(Z: np.ndarray, A: np.ndarray, activation: str) -> np.ndarray:
    """f'(Z) from Z and A = f(Z): sigmoid' = A(1 − A) (<= 1/4), tanh' = 1 − A², relu' = [Z > 0]."""
    raise NotImplementedError("Completa esta función / Complete this function: activate_derivative")


def gradient_norms(params: list[tuple[np.ndarray, np.ndarray]], X: np.ndarray,
                   activation: str) -> np.ndarray:
    """‖dL/dW_l‖_F for every layer l = 1..depth (input layer first), shape (depth,), float64.

    Forward: A_0 = X, Z_l = A_{l-1} W_l^T + b_l, A_l = f(Z_l) for every layer, the last included;
    L = mean(A_depth) over all its n·width entries.
    Backward: dL/dA_depth = 1/(n·width) everywhere, and from the last layer to the first
        dZ_l = dA_l * f'(Z_l),   dW_l = dZ_l^T A_{l-1},   dA_{l-1} = dZ_l W_l.
    """
    raise NotImplementedError("Completa esta función / Complete this function: gradient_norms")
