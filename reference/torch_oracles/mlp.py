"""04_backprop's functions in PyTorch: the MLP's forward pass, autograd gradients of the MSE,
the parameter count of nn.Linear layers and an SGD step."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F

from reference.torch_oracles import activation, np_, t


def _mlp(X: torch.Tensor, params: list, act: str, out: str) -> torch.Tensor:
    A = X
    for l, (W, b) in enumerate(params):
        name = out if l == len(params) - 1 else act
        Z = F.linear(A, W, b)
        A = torch.softmax(Z, dim=1) if name == "softmax" else activation(name)(Z)
    return A


def _activations(args: tuple, kw: dict, n_pos: int) -> tuple[str, str]:
    """(activation, output_activation) from the call's arguments after the first `n_pos`."""
    rest = list(args[n_pos:]) + [None, None]
    act = rest[0] if rest[0] is not None else kw.get("activation", "sigmoid")
    out = rest[1] if rest[1] is not None else kw.get("output_activation", "identity")
    return act, out


def forward(args: tuple, kw: dict, device: str) -> np.ndarray:
    act, out = _activations(args, kw, 2)
    params = [(t(W, device), t(b, device)) for W, b in args[1]]
    return np_(_mlp(t(args[0], device), params, act, out))


def backward(args: tuple, kw: dict, device: str) -> list[tuple[np.ndarray, np.ndarray]]:
    """Gradients of mse(forward(X, params), y) by autograd: args = (X, y, params, act, out)."""
    X, y, params = args[:3]
    act, out = _activations(args, kw, 3)
    ps = [(t(W, device).requires_grad_(True), t(b, device).requires_grad_(True)) for W, b in params]
    y_hat = _mlp(t(X, device), ps, act, out)
    F.mse_loss(y_hat, t(y, device)).backward()
    return [(np_(W.grad), np_(b.grad)) for W, b in ps]


def mse_loss(args: tuple, kw: dict, device: str) -> np.ndarray:
    return np_(F.mse_loss(t(args[0], device), t(args[1], device)))


def count_parameters(args: tuple, kw: dict, device: str) -> int:
    sizes = list(args[0])
    layers = [torch.nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:])]
    return int(sum(p.numel() for layer in layers for p in layer.parameters()))


def gd_step(args: tuple, kw: dict, device: str) -> list[tuple[np.ndarray, np.ndarray]]:
    params, grads, lr = args[:3]
    ts = [t(a, device).requires_grad_(True) for W, b in params for a in (W, b)]
    for x, g in zip(ts, [a for dW, db in grads for a in (dW, db)]):
        x.grad = t(g, device)
    torch.optim.SGD(ts, lr=lr).step()
    out = [np_(x) for x in ts]
    return [(out[i], out[i + 1]) for i in range(0, len(out), 2)]


COUNTERPARTS: dict[str, Callable[..., object]] = {
    "forward": forward, "backward": backward, "mse_loss": mse_loss,
    "count_parameters": count_parameters, "gd_step": gd_step,
}
