"""A correct XOR assignment written sample by sample: explicit loops over the rows for the
forward pass and for accumulating the gradients, the ReLU's derivative as a comparison per
sample, a uniform initialisation, and a PyTorch part with explicit parameters and plain
gradient descent written with autograd."""

import numpy as np
import torch

X_XOR = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
Y_XOR = np.array([[0.0], [1.0], [1.0], [0.0]])


def relu(z):
    z = np.asarray(z)
    return np.where(z > 0, z, np.zeros_like(z))


def forward(X, W1, b1, W2, b2):
    X, W1, b1, W2, b2 = (np.asarray(a, dtype=float) for a in (X, W1, b1, W2, b2))
    out = np.zeros((X.shape[0], 1))
    for i in range(X.shape[0]):
        u = relu(W1 @ X[i] + b1)
        out[i, 0] = W2[0] @ u + b2[0]
    return out


def xor_weights():
    W1 = np.array([[1.0, 1.0], [1.0, 1.0]])
    b1 = np.array([0.0, -1.0])
    W2 = np.array([[1.0, -2.0]])
    b2 = np.array([0.0])
    return W1, b1, W2, b2


def _epoch(W1, b1, W2, b2, lr):
    n = len(X_XOR)
    gW1, gb1, gW2, gb2 = np.zeros_like(W1), np.zeros_like(b1), np.zeros_like(W2), np.zeros_like(b2)
    for x, y in zip(X_XOR, Y_XOR):
        v = W1 @ x + b1
        u = np.maximum(v, 0.0)
        y_hat = W2[0] @ u + b2[0]
        d = 2.0 * (y_hat - y[0]) / n
        gW2[0] += d * u
        gb2[0] += d
        dv = d * W2[0] * (v > 0)
        gW1 += np.outer(dv, x)
        gb1 += dv
    return W1 - lr * gW1, b1 - lr * gb1, W2 - lr * gW2, b2 - lr * gb2


def train_xor(hidden=2, lr=0.1, epochs=5000, seed=0):
    rng = np.random.default_rng(seed)
    for _ in range(20):
        limit = np.sqrt(6.0 / 2)
        W1 = rng.uniform(-limit, limit, size=(hidden, 2))
        b1 = rng.uniform(0.01, 0.2, size=hidden)
        W2 = rng.uniform(-1.0, 1.0, size=(1, hidden))
        b2 = np.zeros(1)
        for _ in range(epochs):
            W1, b1, W2, b2 = _epoch(W1, b1, W2, b2, lr)
        if np.all((forward(X_XOR, W1, b1, W2, b2) > 0.5) == (Y_XOR > 0.5)):
            break
    return W1, b1, W2, b2


class XorNet(torch.nn.Module):
    def __init__(self, hidden=2):
        super().__init__()
        self.W1 = torch.nn.Parameter(torch.randn(hidden, 2))
        self.b1 = torch.nn.Parameter(torch.full((hidden,), 0.1))
        self.W2 = torch.nn.Parameter(torch.randn(1, hidden) / hidden**0.5)
        self.b2 = torch.nn.Parameter(torch.zeros(1))

    def forward(self, x):
        return torch.relu(x @ self.W1.T + self.b1) @ self.W2.T + self.b2


def train_xor_torch(device="cpu", seed=0):
    torch.manual_seed(seed)
    X = torch.tensor(X_XOR, dtype=torch.float32, device=device)
    Y = torch.tensor(Y_XOR, dtype=torch.float32, device=device)
    for _ in range(30):
        net = XorNet().to(device)
        for _ in range(800):
            loss = ((net(X) - Y) ** 2).mean()
            net.zero_grad()
            loss.backward()
            with torch.no_grad():
                for p in net.parameters():
                    p -= 0.2 * p.grad
        with torch.no_grad():
            if bool(torch.all((net(X) > 0.5) == (Y > 0.5))):
                break
    return net
