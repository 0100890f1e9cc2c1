"""Assignment 02: the XOR network.

A single perceptron cannot compute XOR; one hidden layer of ReLUs can. The slides' network:

    v = W x + b,   u = relu(v),   y_hat = U u + c

with W = [[1, 1], [1, 1]], b = [0, -1], U = [[1, -2]], c = [0].

Convention (torch.nn.Linear): a weight matrix is (out, in), a bias is (out,), samples are rows:
X is (n, 2), W1 is (H, 2), b1 is (H,), W2 is (1, H), b2 is (1,).

Part 1 (NumPy only): relu, forward, xor_weights, train_xor.
Part 2 (PyTorch allowed): XorNet and train_xor_torch.
"""

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
    raise NotImplementedError("Completa esta función / Complete this function: relu")


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
    raise NotImplementedError("Completa esta función / Complete this function: forward")


def xor_weights() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Weights (W1, b1, W2, b2) with which `forward` computes XOR exactly.

    Any solution is fine; the slides use W = [[1, 1], [1, 1]], b = [0, -1], U = [[1, -2]], c = [0].

    Returns:
        (W1 (H, 2), b1 (H,), W2 (1, H), b2 (1,)) as float arrays.
    """
    raise NotImplementedError("Completa esta función / Complete this function: xor_weights")


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
    raise NotImplementedError("Completa esta función / Complete this function: train_xor")


class XorNet(torch.nn.Module):
    """The XOR network in PyTorch: Linear(2, hidden) -> ReLU -> Linear(hidden, 1).

    Attributes `hidden` and `output` are the two torch.nn.Linear layers.
    Initialisation as in `train_xor`: hidden weight ~ N(0, 1), hidden bias ~ U(0, 0.5),
    output weight ~ N(0, 1/hidden), output bias 0 (uses torch's global generator).
    """

    def __init__(self, hidden: int = 2) -> None:
        super().__init__()
        raise NotImplementedError("Completa esta función / Complete this function: XorNet.__init__")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(n, 2) -> (n, 1): output(relu(hidden(x)))."""
        raise NotImplementedError("Completa esta función / Complete this function: XorNet.forward")


def train_xor_torch(device: str = "cpu", seed: int = 0) -> XorNet:
    """Train an XorNet on the XOR truth table with PyTorch, on `device` ("cpu" or "cuda").

    torch.manual_seed(seed) first, so the result is deterministic for a given seed. Full-batch
    Adam (lr 0.1) on the MSE for 300 steps; as in `train_xor`, a 2-unit ReLU net can get stuck,
    so if the truth table is not reproduced (|y_hat - y| >= 0.1 somewhere) start again with a
    fresh XorNet.

    Returns:
        the trained XorNet, on `device`, float32.
    """
    raise NotImplementedError("Completa esta función / Complete this function: train_xor_torch")
