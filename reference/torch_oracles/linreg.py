"""07_linear_regression's functions in PyTorch: ŷ, J = ½·MSE, its gradient by autograd, one
torch.optim.SGD step and a whole fit (θ and the history of J). The data is taken as float64, as
the reference computes the cost and the gradients in float64 whatever the inputs' dtype.
`split_indices` has no torch counterpart (its contract is NumPy's default_rng permutation).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from reference.torch_oracles import np_, t

FIT_DEFAULTS = {"alpha": 0.01, "epochs": 1000, "theta0": 0.0, "theta1": 0.0}


def _data(args: tuple, device: str) -> tuple[torch.Tensor, torch.Tensor]:
    return t(args[0], device).double(), t(args[1], device).double()


def _theta(theta0: Any, theta1: Any, device: str) -> torch.Tensor:
    return torch.tensor([float(theta0), float(theta1)], dtype=torch.float64, device=device,
                        requires_grad=True)


def _J(x: torch.Tensor, y: torch.Tensor, th: torch.Tensor) -> torch.Tensor:
    """J = ½ · mean((θ0 + θ1 x − y)²) = ½ · F.mse_loss(ŷ, y)."""
    return 0.5 * torch.nn.functional.mse_loss(th[0] + th[1] * x, y)


def predict(args: tuple, kw: dict, device: str) -> np.ndarray:
    x = t(args[0], device)
    return np_(float(args[1]) + float(args[2]) * x)


def cost(args: tuple, kw: dict, device: str) -> float:
    x, y = _data(args, device)
    return float(_J(x, y, _theta(args[2], args[3], device)).detach())


def gradients(args: tuple, kw: dict, device: str) -> np.ndarray:
    """(∂J/∂θ0, ∂J/∂θ1) by autograd, as an array of 2."""
    x, y = _data(args, device)
    th = _theta(args[2], args[3], device)
    (g,) = torch.autograd.grad(_J(x, y, th), th)
    return np_(g)


def gd_step(args: tuple, kw: dict, device: str) -> np.ndarray:
    """(θ0, θ1) after one torch.optim.SGD step of rate α on J, as an array of 2."""
    x, y = _data(args, device)
    th = _theta(args[2], args[3], device)
    opt = torch.optim.SGD([th], lr=float(args[4]))
    _J(x, y, th).backward()
    opt.step()
    return np_(th).copy()


def fit(args: tuple, kw: dict, device: str) -> list[Any]:
    """[θ0, θ1, history]: `epochs` torch.optim.SGD steps on J; history holds J before the first
    step and after each one."""
    names = ("alpha", "epochs", "theta0", "theta1")
    p = {**FIT_DEFAULTS, **dict(zip(names, args[2:])), **kw}
    x, y = _data(args, device)
    th = _theta(p["theta0"], p["theta1"], device)
    opt = torch.optim.SGD([th], lr=float(p["alpha"]))
    history = []
    for _ in range(int(p["epochs"])):
        opt.zero_grad()
        J = _J(x, y, th)
        history.append(float(J.detach()))
        J.backward()
        opt.step()
    with torch.no_grad():
        history.append(float(_J(x, y, th)))
    w = np_(th)
    return [float(w[0]), float(w[1]), np.array(history)]


COUNTERPARTS: dict[str, Callable[..., object]] = {
    "predict": predict, "cost": cost, "gradients": gradients, "gd_step": gd_step, "fit": fit,
}
