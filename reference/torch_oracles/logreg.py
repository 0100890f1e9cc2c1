"""08_logistic_regression's functions in PyTorch: σ, the loss (F.binary_cross_entropy), its
gradient by autograd (of F.binary_cross_entropy_with_logits) and gradient descent with
torch.optim.SGD. n_poly_features has no torch counterpart."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F

from reference.torch_oracles import np_, t


def _xwb(args: tuple, device: str) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    X, w = t(args[0], device), t(args[1], device)
    dtype = torch.promote_types(X.dtype, w.dtype)
    return X.to(dtype), w.to(dtype), torch.tensor(float(args[2]), dtype=dtype, device=device)


def predict_proba(args: tuple, kw: dict, device: str) -> np.ndarray:
    X, w, b = _xwb(args, device)
    return np_(torch.sigmoid(X @ w + b))


def predict(args: tuple, kw: dict, device: str) -> np.ndarray:
    X, w, b = _xwb(args, device)
    threshold = args[3] if len(args) > 3 else kw.get("threshold", 0.5)
    return np_((torch.sigmoid(X @ w + b) >= threshold).long())


def bce_loss(args: tuple, kw: dict, device: str) -> float:
    p, y = t(args[0], device).double(), t(args[1], device).double()
    eps = args[2] if len(args) > 2 else kw.get("eps", 1e-12)
    return float(F.binary_cross_entropy(p.clamp(eps, 1 - eps), y))


def gradients(args: tuple, kw: dict, device: str) -> tuple[np.ndarray, float]:
    X, w, b = _xwb((args[0], args[2], args[3]), device)
    w, b = w.clone().requires_grad_(True), b.clone().requires_grad_(True)
    y = t(args[1], device).to(X.dtype)
    loss = F.binary_cross_entropy_with_logits(X @ w + b, y)
    gw, gb = torch.autograd.grad(loss, [w, b])
    return np_(gw), float(gb)


def fit(args: tuple, kw: dict, device: str) -> tuple[np.ndarray, float]:
    X, y = t(args[0], device).double(), t(args[1], device).double()
    lr = args[2] if len(args) > 2 else kw.get("lr", 0.1)
    epochs = args[3] if len(args) > 3 else kw.get("epochs", 1000)
    w = torch.zeros(X.shape[1], dtype=X.dtype, device=device, requires_grad=True)
    b = torch.zeros((), dtype=X.dtype, device=device, requires_grad=True)
    opt = torch.optim.SGD([w, b], lr=lr)
    for _ in range(int(epochs)):
        opt.zero_grad()
        F.binary_cross_entropy_with_logits(X @ w + b, y).backward()
        opt.step()
    return np_(w), float(b.detach())


COUNTERPARTS: dict[str, Callable[..., object]] = {
    "predict_proba": predict_proba, "predict": predict, "bce_loss": bce_loss,
    "gradients": gradients, "fit": fit,
}
