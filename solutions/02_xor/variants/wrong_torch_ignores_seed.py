# dlgrade: patch of the model answer
"""WRONG: train_xor_torch seeds torch with 0 whatever `seed` says."""

from __future__ import annotations

import torch
from xor import X_XOR, Y_XOR, XorNet


def train_xor_torch(device: str = "cpu", seed: int = 0) -> XorNet:
    torch.manual_seed(0)
    X = torch.tensor(X_XOR, dtype=torch.float32, device=device)
    Y = torch.tensor(Y_XOR, dtype=torch.float32, device=device)
    for _attempt in range(30):
        net = XorNet().to(device)
        optimizer = torch.optim.Adam(net.parameters(), lr=0.1)
        for _ in range(300):
            optimizer.zero_grad()
            loss = torch.nn.functional.mse_loss(net(X), Y)
            loss.backward()
            optimizer.step()
        with torch.no_grad():
            if bool(torch.all((net(X) - Y).abs() < 0.1)):
                break
    return net.eval()
