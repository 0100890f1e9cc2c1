# dlgrade: patch of the model answer
"""Another correct answer: LeNet5 as one nn.Sequential (other attribute names), the batches
indexed from torch.randperm inside a while loop, count over named_parameters."""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


class LeNet5(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(1, 6, kernel_size=5), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(6, 16, kernel_size=5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
            nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


def count_parameters(model: nn.Module) -> int:
    total = 0
    for _, p in model.named_parameters():
        if p.requires_grad:
            total += int(np.prod(p.shape))
    return total


def train_lenet(X, y, epochs=5, lr=1e-3, batch_size=64, device="cpu", seed=0):
    torch.manual_seed(seed)
    model = LeNet5().to(device)
    X = torch.tensor(np.asarray(X), dtype=torch.float32)
    y = torch.tensor(np.asarray(y), dtype=torch.long)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    for _ in range(epochs):
        model.train()
        order = torch.randperm(len(X))
        start = 0
        while start < len(X):
            idx = order[start:start + batch_size]
            start += batch_size
            xb, yb = X[idx].to(device), y[idx].to(device)
            opt.zero_grad()
            loss = F.cross_entropy(model(xb), yb)
            loss.backward()
            opt.step()
    return model
