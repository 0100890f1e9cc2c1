"""09_softmax_regression's functions in PyTorch: F.one_hot, torch.softmax, the clipped
cross-entropy through F.nll_loss (one-hot targets) or its sum, the gradient by autograd of
F.cross_entropy, gradient descent with torch.optim.SGD (from the reference's start) and the
accuracy of the argmax."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F

from reference.softmax_reg import init_params
from reference.torch_oracles import np_, t


def _arg(args: tuple, kw: dict, i: int, name: str, default: object) -> object:
    return args[i] if len(args) > i else kw.get(name, default)


def one_hot(args: tuple, kw: dict, device: str) -> np.ndarray:
    y = torch.from_numpy(np.asarray(args[0]).astype(np.int64)).to(device)
    return np_(F.one_hot(y, int(_arg(args, kw, 1, "k", 0))).double())


def softmax(args: tuple, kw: dict, device: str) -> np.ndarray:
    return np_(torch.softmax(t(args[0], device), dim=1))


def cross_entropy(args: tuple, kw: dict, device: str) -> float:
    P, Y = t(args[0], device).double(), t(args[1], device).double()
    eps = float(_arg(args, kw, 2, "eps", 1e-12))
    logp = torch.log(P.clamp(eps, 1.0))
    if bool(((Y == 0) | (Y == 1)).all()) and bool((Y.sum(dim=1) == 1).all()):
        return float(F.nll_loss(logp, Y.argmax(dim=1)))
    return float(-(Y * logp).sum() / P.shape[0])


def _xwb(X: object, W: object, b: object, device: str) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    X, W, b = t(X, device), t(W, device), t(b, device)
    dtype = torch.promote_types(torch.promote_types(X.dtype, W.dtype), b.dtype)
    return X.to(dtype), W.to(dtype), b.to(dtype)


def gradients(args: tuple, kw: dict, device: str) -> tuple[np.ndarray, np.ndarray]:
    X, W, b = _xwb(args[0], args[2], args[3], device)
    W, b = W.clone().requires_grad_(True), b.clone().requires_grad_(True)
    Y = t(args[1], device).to(X.dtype)
    loss = F.cross_entropy(X @ W.T + b, Y)  # probability targets: −mean Σ Y log_softmax
    gW, gb = torch.autograd.grad(loss, [W, b])
    return np_(gW), np_(gb)


def fit(args: tuple, kw: dict, device: str) -> tuple[np.ndarray, np.ndarray]:
    X = t(args[0], device).double()
    y = torch.from_numpy(np.asarray(args[1]).astype(np.int64)).to(device)
    k = int(args[2])
    lr = float(_arg(args, kw, 3, "lr", 0.5))
    epochs = int(_arg(args, kw, 4, "epochs", 300))
    seed = int(_arg(args, kw, 5, "seed", 0))
    W0, b0 = init_params(k, X.shape[1], seed)
    W = torch.from_numpy(W0).to(device).requires_grad_(True)
    b = torch.from_numpy(b0).to(device).requires_grad_(True)
    opt = torch.optim.SGD([W, b], lr=lr)
    for _ in range(epochs):
        opt.zero_grad()
        F.cross_entropy(X @ W.T + b, y).backward()
        opt.step()
    return np_(W), np_(b)


def accuracy(args: tuple, kw: dict, device: str) -> float:
    X, W, b = _xwb(args[2], args[0], args[1], device)
    y = torch.from_numpy(np.asarray(args[3]).astype(np.int64)).to(device)
    return float(((X @ W.T + b).argmax(dim=1) == y).double().mean())


COUNTERPARTS: dict[str, Callable[..., object]] = {
    "one_hot": one_hot, "softmax": softmax, "cross_entropy": cross_entropy,
    "gradients": gradients, "fit": fit, "accuracy": accuracy,
}
