"""The reference's computations again, with PyTorch: independent oracles for the hidden tests.

One module per topic; each exports `COUNTERPARTS`, a dict from a key (a student function's name,
or a sequence oracle such as "adam_steps") to `f(args, kwargs, device) -> NumPy values`, where
`args`/`kwargs` are the student call's arguments. An assignment names its module in
assignment.toml (`torch = "reference.torch_oracles.conv"`). Float64 in stays float64; the
grader turns TF32 off before any of these runs on CUDA.

Shared helpers live here; torch is imported when a topic module is, never by `import reference`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F


def t(x: Any, device: str) -> torch.Tensor:
    """A NumPy value as a tensor on `device` (integers and booleans as float64)."""
    a = np.asarray(x)
    if a.dtype.kind in "iub":
        a = a.astype(np.float64)
    return torch.from_numpy(np.ascontiguousarray(a)).to(device)


def np_(x: torch.Tensor) -> np.ndarray:
    return x.detach().cpu().numpy()


def grad_of(f: Callable[[torch.Tensor], torch.Tensor]) -> Callable[[Any, str], np.ndarray]:
    """z -> ∂/∂z Σ f(z), elementwise derivative through autograd."""

    def g(z: Any, device: str) -> np.ndarray:
        zt = t(z, device).requires_grad_(True)
        f(zt).sum().backward()
        return np_(zt.grad)

    return g


def activation(name: str, alpha: float | None = None) -> Callable[[torch.Tensor], torch.Tensor]:
    """The activation `name` of the slides' table, as torch computes it."""
    table: dict[str, Callable[[torch.Tensor], torch.Tensor]] = {
        "identity": lambda z: z,
        "sigmoid": torch.sigmoid,
        "tanh": torch.tanh,
        "arctan": torch.atan,
        "relu": torch.relu,
        "leaky_relu": lambda z: F.leaky_relu(z, 0.01 if alpha is None else alpha),
        "elu": lambda z: F.elu(z, 1.0 if alpha is None else alpha),
        "softplus": F.softplus,
        "binary_step": lambda z: torch.heaviside(z, torch.ones_like(z)),
    }
    return table[name]


def activation_value(name: str) -> Callable[..., np.ndarray]:
    """f(z[, alpha]) elementwise."""

    def f(args: tuple, kw: dict, device: str) -> np.ndarray:
        alpha = args[1] if len(args) > 1 else kw.get("alpha")
        return np_(activation(name, alpha)(t(args[0], device)))

    return f
