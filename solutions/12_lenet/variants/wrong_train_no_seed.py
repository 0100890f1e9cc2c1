# dlgrade: patch of the model answer
"""A plausible mistake: train_lenet never calls torch.manual_seed(seed)."""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F


def train_lenet(X, y, epochs=5, lr=1e-3, batch_size=64, device="cpu", seed=0):
    model = LeNet5().to(device)  # noqa: F821
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    Xt = torch.as_tensor(np.asarray(X), dtype=torch.float32, device=device)
    yt = torch.as_tensor(np.asarray(y), dtype=torch.int64, device=device)
    for _ in range(epochs):
        order = torch.randperm(len(Xt)).to(device)
        for i in range(0, len(Xt), batch_size):
            idx = order[i:i + batch_size]
            opt.zero_grad()
            F.cross_entropy(model(Xt[idx]), yt[idx]).backward()
            opt.step()
    return model
