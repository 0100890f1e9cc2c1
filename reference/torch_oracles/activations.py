"""03_activations' functions in PyTorch: values, autograd derivatives, softmax."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch

from reference.torch_oracles import activation, activation_value, grad_of, np_, t

NAMES = ("sigmoid", "tanh", "arctan", "relu", "leaky_relu", "elu", "softplus", "binary_step")


def derivative(name: str) -> Callable[..., np.ndarray]:
    def f(args: tuple, kw: dict, device: str) -> np.ndarray:
        alpha = args[1] if len(args) > 1 else kw.get("alpha")
        if name == "binary_step":  # autograd has no derivative of a step: 0 away from 0
            return np.zeros_like(np.asarray(args[0], dtype=np.float64))
        return grad_of(activation(name, alpha))(args[0], device)

    return f


def softmax(args: tuple, kw: dict, device: str) -> np.ndarray:
    axis = args[1] if len(args) > 1 else kw.get("axis", -1)
    return np_(torch.softmax(t(args[0], device), dim=axis))


COUNTERPARTS: dict[str, Callable[..., object]] = {
    **{n: activation_value(n) for n in NAMES},
    **{f"{n}_derivative": derivative(n) for n in NAMES},
    "softmax": softmax,
}
