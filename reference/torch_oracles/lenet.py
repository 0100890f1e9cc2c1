"""12_lenet in PyTorch: the reference LeNet5, count_parameters, evaluate and train_lenet, and
the counterpart of reference.lenet.lenet_forward (the functional forward) through torch.nn.

The hidden tests build this LeNet5 right after torch.manual_seed(seed) and compare its outputs
with the student's model built the same way (the statement's rule: layers created in the order
they are applied, torch.nn's default initialisation, no other random draws in __init__).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from reference.torch_oracles import np_, t


class LeNet5(nn.Module):
    """(N, 1, 32, 32) -> logits (N, 10); 61,706 parameters."""

    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(400, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


def count_parameters(model: nn.Module) -> int:
    """Σ numel(p) over the parameters with requires_grad."""
    return int(sum(p.numel() for p in model.parameters() if p.requires_grad))


def built(seed: int = 0) -> LeNet5:
    """LeNet5() right after torch.manual_seed(seed) (CPU, float32), in eval mode."""
    torch.manual_seed(seed)
    return LeNet5().eval()


def logits(model: nn.Module, X: Any, device: str = "cpu") -> np.ndarray:
    """The model's logits on X (float32), as NumPy."""
    model = model.to(device).eval()
    with torch.no_grad():
        return np_(model(torch.as_tensor(np.asarray(X), dtype=torch.float32, device=device)))


def evaluate(model: nn.Module, X: Any, y: Any, device: str = "cpu") -> float:
    """mean(argmax_c model(X)_c == y), in eval mode and without gradients."""
    Z = logits(model, X, device)
    return float(np.mean(np.argmax(Z, axis=1) == np.asarray(y).reshape(-1)))


def train_lenet(X: Any, y: Any, epochs: int = 5, lr: float = 1e-3, batch_size: int = 64,
                device: str = "cpu", seed: int = 0) -> LeNet5:
    """torch.manual_seed(seed); LeNet5 on device; Adam(lr); per epoch a torch.randperm of the
    rows in mini-batches of batch_size; cross-entropy on the logits."""
    torch.manual_seed(seed)
    model = LeNet5().to(device)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    Xt = torch.as_tensor(np.asarray(X), dtype=torch.float32, device=device)
    yt = torch.as_tensor(np.asarray(y), dtype=torch.int64, device=device)
    model.train()
    for _ in range(epochs):
        order = torch.randperm(len(Xt)).to(device)
        for i in range(0, len(Xt), batch_size):
            idx = order[i:i + batch_size]
            opt.zero_grad()
            F.cross_entropy(model(Xt[idx]), yt[idx]).backward()
            opt.step()
    return model.eval()


def parameters_of(model: nn.Module) -> list[np.ndarray]:
    """The model's parameters in registration order, as float64 NumPy arrays."""
    return [p.detach().cpu().double().numpy() for p in model.parameters()]


def lenet_forward(args: tuple, kw: dict, device: str) -> np.ndarray:
    """reference.lenet.lenet_forward through torch.nn.functional (float64)."""
    X = t(args[0], device)
    p = [t(a, device) for a in args[1]]
    a = F.max_pool2d(F.relu(F.conv2d(X, p[0], p[1])), 2)
    a = F.max_pool2d(F.relu(F.conv2d(a, p[2], p[3])), 2)
    a = torch.flatten(a, 1)
    a = F.relu(F.linear(a, p[4], p[5]))
    a = F.relu(F.linear(a, p[6], p[7]))
    return np_(F.linear(a, p[8], p[9]))


def conv_output_size(args: tuple, kw: dict, device: str) -> int:
    """The spatial size of a real torch.nn.functional.conv2d output on an n×n input."""
    n, k = args[0], args[1]
    stride = args[2] if len(args) > 2 else kw.get("stride", 1)
    padding = args[3] if len(args) > 3 else kw.get("padding", 0)
    x = torch.zeros(1, 1, n, n, device=device)
    w = torch.zeros(1, 1, k, k, device=device)
    return int(F.conv2d(x, w, stride=stride, padding=padding).shape[-1])


COUNTERPARTS: dict[str, Callable[..., object]] = {
    "conv_output_size": conv_output_size, "lenet_forward": lenet_forward,
}
