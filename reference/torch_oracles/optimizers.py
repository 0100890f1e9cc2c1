"""05_optimizers' sequences of steps with torch.optim (SGD, RMSprop, Adam).

A sequence oracle: args = (w0, [g1, g2, ...]) and the step's hyper-parameters as kwargs;
the value is [w1, w2, ...], w after each step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from reference.torch_oracles import np_, t


def _steps(make: Callable[[torch.Tensor, dict], Any]) -> Callable[..., list[np.ndarray]]:
    def f(args: tuple, kw: dict, device: str) -> list[np.ndarray]:
        w0, grads = args[:2]
        w = t(w0, device).clone().requires_grad_(True)
        opt = make(w, kw)
        out = []
        for g in grads:
            w.grad = t(g, device).to(w.dtype)
            opt.step()
            out.append(np_(w).copy())
        return out

    return f


def _sgd(w: torch.Tensor, kw: dict) -> Any:
    return torch.optim.SGD([w], lr=kw["lr"])


def _rmsprop(w: torch.Tensor, kw: dict) -> Any:
    return torch.optim.RMSprop([w], lr=kw.get("lr", 0.01), alpha=kw.get("beta2", 0.99),
                               eps=kw.get("eps", 1e-8))


def _adam(w: torch.Tensor, kw: dict) -> Any:
    return torch.optim.Adam([w], lr=kw.get("lr", 1e-3),
                            betas=(kw.get("beta1", 0.9), kw.get("beta2", 0.999)),
                            eps=kw.get("eps", 1e-8))


COUNTERPARTS: dict[str, Callable[..., object]] = {
    "sgd_steps": _steps(_sgd), "rmsprop_steps": _steps(_rmsprop), "adam_steps": _steps(_adam),
}
