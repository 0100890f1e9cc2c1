"""13_vanishing_gradients with PyTorch: the gradient norms through autograd (torch.nn.functional
.linear, the activation, mean, backward), on the same weights.

init_params has no counterpart with the same values (torch draws from its own generator):
tests/test_reference compares the reference's draws with the distributions torch.nn.init uses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from reference.torch_oracles import activation, t


def _gradient_norms(args: tuple, kw: dict, device: str) -> np.ndarray:
    params = args[0] if args else kw["params"]
    X = args[1] if len(args) > 1 else kw["X"]
    name = args[2] if len(args) > 2 else kw["activation"]
    f = activation(name)
    Ws = [t(W, device).double().clone().requires_grad_(True) for W, _ in params]
    bs = [t(b, device).double() for _, b in params]
    A = t(X, device).double()
    for W, b in zip(Ws, bs):
        A = f(F.linear(A, W, b))
    A.mean().backward()
    return np.array([float(torch.linalg.norm(W.grad)) for W in Ws])


COUNTERPARTS: dict[str, Callable[..., Any]] = {
    "gradient_norms": _gradient_norms,
}
