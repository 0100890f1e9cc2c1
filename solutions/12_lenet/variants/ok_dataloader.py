# dlgrade: patch of the model answer
"""Another correct answer: a DataLoader(shuffle=True) loop (another shuffle order than
torch.randperm's), an evaluate that returns a 0-d tensor's item, count with torch.numel."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


def count_parameters(model):
    return int(sum(torch.numel(p) for p in model.parameters() if p.requires_grad))


def evaluate(model, X, y, device="cpu"):
    model = model.to(device).eval()
    X = torch.from_numpy(np.ascontiguousarray(X, dtype=np.float32)).to(device)
    y = torch.from_numpy(np.asarray(y, dtype=np.int64)).to(device)
    with torch.no_grad():
        return (model(X).argmax(1) == y).float().mean().item()


def train_lenet(X, y, epochs=5, lr=1e-3, batch_size=64, device="cpu", seed=0):
    torch.manual_seed(seed)
    model = LeNet5().to(device)  # noqa: F821
    data = TensorDataset(torch.tensor(np.asarray(X), dtype=torch.float32),
                         torch.tensor(np.asarray(y), dtype=torch.long))
    loader = DataLoader(data, batch_size=batch_size, shuffle=True)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    for _ in range(epochs):
        model.train()
        for xb, yb in loader:
            xb, yb = xb.to(device), yb.to(device)
            opt.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
    return model
