"""10_regularization with PyTorch: the penalties, their gradients through autograd, and the
backward pass of dropout as autograd of out = a·mask/(1 − p) with the same mask.

dropout itself has no counterpart with the same value: torch draws its own mask
(torch.nn.functional.dropout); tests/test_reference compares the two by their statistics.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from reference.torch_oracles import np_, t


def _l2_penalty(args: tuple, kw: dict, device: str) -> float:
    weights, lam = args[0], args[1]
    return float(lam * sum(torch.sum(t(W, device).double() ** 2) for W in weights))


def _l1_penalty(args: tuple, kw: dict, device: str) -> float:
    weights, lam = args[0], args[1]
    return float(lam * sum(torch.sum(torch.abs(t(W, device).double())) for W in weights))


def _grad(penalty: Callable[[torch.Tensor], torch.Tensor]) -> Callable[..., np.ndarray]:
    def f(args: tuple, kw: dict, device: str) -> np.ndarray:
        W, lam = args[0], args[1]
        Wt = t(W, device).clone().requires_grad_(True)
        (lam * penalty(Wt)).backward()
        return np_(Wt.grad)

    return f


def _dropout_backward(args: tuple, kw: dict, device: str) -> np.ndarray:
    dout, mask, p = args[0], args[1], args[2]
    d = t(dout, device)
    m = t(mask, device).to(d.dtype)
    a = torch.zeros_like(d, requires_grad=True)
    out = a * m / (1 - p)
    out.backward(d)
    return np_(a.grad)


def dropout_statistics(a: Any, p: float, seed: int, device: str = "cpu"
                       ) -> tuple[np.ndarray, np.ndarray]:
    """torch.nn.functional.dropout(a, p, training=True) under torch.manual_seed(seed): its
    output and the mask it used (out != 0, for an `a` without zeros)."""
    x = t(a, device)
    with torch.random.fork_rng(devices=[] if device == "cpu" else [device]):
        torch.manual_seed(seed)
        if device != "cpu":
            torch.cuda.manual_seed(seed)
        out = torch.nn.functional.dropout(x, p=p, training=True)
    return np_(out), np_(out != 0).astype(np.float64)


COUNTERPARTS: dict[str, Callable[..., Any]] = {
    "l2_penalty": _l2_penalty,
    "l1_penalty": _l1_penalty,
    "l2_grad": _grad(lambda W: torch.sum(W**2)),
    "l1_grad": _grad(lambda W: torch.sum(torch.abs(W))),
    "dropout_backward": _dropout_backward,
}
