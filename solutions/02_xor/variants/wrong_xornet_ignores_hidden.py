"""WRONG: XorNet always builds 2 hidden units, whatever `hidden` says."""

from __future__ import annotations

import numpy as np
import torch

# The XOR truth table: inputs (one per row) and targets.
X_XOR = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
Y_XOR = np.array([[0.0], [1.0], [1.0], [0.0]])


def relu(z: np.ndarray) -> np.ndarray:
    """Rectified linear unit, element-wise: relu(z) = max(0, z).

    Args:
        z: array (any shape) or scalar.

    Returns:
        array of the same shape (and float dtype) as z.
    """
    ### BEGIN SOLUTION
    z = np.asarray(z)
    if not np.issubdtype(z.dtype, np.floating):
        z = z.astype(np.float64)  # ints and bools -> float64; float32 stays float32
    return np.maximum(z, 0.0)
    ### END SOLUTION


def forward(
    X: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray
) -> np.ndarray:
    """Forward pass of the 2-layer network: ReLU hidden layer, identity output.

    V = X W1^T + b1,   U = relu(V),   Y_hat = U W2^T + b2

    Args:
        X: (n, 2) inputs, one sample per row.
        W1: (H, 2), b1: (H,): hidden layer.
        W2: (1, H), b2: (1,): output layer.

    Returns:
        (n, 1) outputs.
    """
    ### BEGIN SOLUTION
    X, W1, b1, W2, b2 = (np.asarray(a, dtype=float) for a in (X, W1, b1, W2, b2))
    hidden = relu(X @ W1.T + b1)
    return hidden @ W2.T + b2
    ### END SOLUTION


def xor_weights() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Weights (W1, b1, W2, b2) with which `forward` computes XOR exactly.

    Any solution is fine; the slides use W = [[1, 1], [1, 1]], b = [0, -1], U = [[1, -2]], c = [0].

    Returns:
        (W1 (H, 2), b1 (H,), W2 (1, H), b2 (1,)) as float arrays.
    """
    ### BEGIN SOLUTION
    W1 = np.array([[1.0, 1.0], [1.0, 1.0]])
    b1 = np.array([0.0, -1.0])
    W2 = np.array([[1.0, -2.0]])
    b2 = np.array([0.0])
    return W1, b1, W2, b2
    ### END SOLUTION


def train_xor(
    hidden: int = 2, lr: float = 0.1, epochs: int = 5000, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Learn XOR by full-batch gradient descent on the mean squared error.

    L = (1/n) sum_i (y_hat_i - y_i)^2 over the 4 rows of the truth table. Backpropagation:

        dY  = 2 (Y_hat - Y) / n
        dW2 = dY^T U,        db2 = sum_i dY_i
        dV  = (dY W2) * [V > 0]
        dW1 = dV^T X,        db1 = sum_i dV_i
        theta <- theta - lr * d theta        (for every parameter)

    Initialisation: W1 ~ N(0, 1), b1 ~ U(0, 0.5) (slightly positive, so no ReLU starts dead),
    W2 ~ N(0, 1/H), b2 = 0, drawn from np.random.default_rng(seed).
    With only 2 hidden ReLUs gradient descent sometimes stalls in a poor local minimum (a unit
    that is dead or active on all four inputs). If after `epochs` steps the truth table is not
    reproduced (|y_hat - y| >= 0.25 somewhere), start again from a new draw of the same
    generator: still deterministic for a given seed.

    Returns:
        (W1 (hidden, 2), b1 (hidden,), W2 (1, hidden), b2 (1,)).
    """
    ### BEGIN SOLUTION
    rng = np.random.default_rng(seed)
    X, Y = X_XOR, Y_XOR
    n = X.shape[0]
    for _attempt in range(20):
        W1 = rng.normal(0.0, 1.0, size=(hidden, 2))
        b1 = rng.uniform(0.0, 0.5, size=hidden)
        W2 = rng.normal(0.0, 1.0 / np.sqrt(hidden), size=(1, hidden))
        b2 = np.zeros(1)
        for _ in range(epochs):
            V = X @ W1.T + b1
            U = relu(V)
            Y_hat = U @ W2.T + b2
            dY = 2.0 * (Y_hat - Y) / n
            dW2 = dY.T @ U
            db2 = dY.sum(axis=0)
            dV = (dY @ W2) * (V > 0)
            dW1 = dV.T @ X
            db1 = dV.sum(axis=0)
            W1, b1 = W1 - lr * dW1, b1 - lr * db1
            W2, b2 = W2 - lr * dW2, b2 - lr * db2
        if np.all(np.abs(forward(X, W1, b1, W2, b2) - Y) < 0.25):
            break
    return W1, b1, W2, b2
    ### END SOLUTION


class XorNet(torch.nn.Module):
    """The XOR network in PyTorch: Linear(2, hidden) -> ReLU -> Linear(hidden, 1).

    Attributes `hidden` and `output` are the two torch.nn.Linear layers.
    Initialisation as in `train_xor`: hidden weight ~ N(0, 1), hidden bias ~ U(0, 0.5),
    output weight ~ N(0, 1/hidden), output bias 0 (uses torch's global generator).
    """

    def __init__(self, hidden: int = 2) -> None:
        super().__init__()
        ### BEGIN SOLUTION
        self.hidden = torch.nn.Linear(2, 2)
        self.output = torch.nn.Linear(2, 1)
        with torch.no_grad():
            torch.nn.init.normal_(self.hidden.weight, 0.0, 1.0)
            torch.nn.init.uniform_(self.hidden.bias, 0.0, 0.5)
            torch.nn.init.normal_(self.output.weight, 0.0, 2**-0.5)
            torch.nn.init.zeros_(self.output.bias)
        ### END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(n, 2) -> (n, 1): output(relu(hidden(x)))."""
        ### BEGIN SOLUTION
        return self.output(torch.relu(self.hidden(x)))
        ### END SOLUTION


def train_xor_torch(device: str = "cpu", seed: int = 0) -> XorNet:
    """Train an XorNet on the XOR truth table with PyTorch, on `device` ("cpu" or "cuda").

    torch.manual_seed(seed) first, so the result is deterministic for a given seed. Full-batch
    Adam (lr 0.1) on the MSE for 300 steps; as in `train_xor`, a 2-unit ReLU net can get stuck,
    so if the truth table is not reproduced (|y_hat - y| >= 0.1 somewhere) start again with a
    fresh XorNet.

    Returns:
        the trained XorNet, on `device`, float32.
    """
    ### BEGIN SOLUTION
    torch.manual_seed(seed)
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
    ### END SOLUTION
