"""12_lenet: LeNet-5 in PyTorch on the 8×8 digits upsampled to 32×32 (slides 001: LeNet).

The model answer: what lies between the solution markers is replaced by
`raise NotImplementedError(...)` in the students' stub and notebook.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

# given: real float32 convolutions and matmuls on CUDA (no TF32), so CPU and CUDA agree
torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False


def conv_output_size(n: int, k: int, stride: int = 1, padding: int = 0) -> int:
    """O = ⌊(n + 2p − k) / s⌋ + 1 (5×5 input, 3×3 filter, stride 1, no padding -> 3)."""
    raise NotImplementedError("Completa esta función / Complete this function: conv_output_size")


class LeNet5(nn.Module):
    """(N, 1, 32, 32) -> logits (N, 10): conv 6@5×5, ReLU, max-pool 2, conv 16@5×5, ReLU,
    max-pool 2, linear 120, ReLU, linear 84, ReLU, linear 10 (61,706 parameters).
    Create the layers in the order they are applied, with torch.nn's default initialisation."""

    def __init__(self) -> None:
        super().__init__()
        raise NotImplementedError("Completa esta función / Complete this function: LeNet5.__init__")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """32 -> conv 5 -> 28 -> pool 2 -> 14 -> conv 5 -> 10 -> pool 2 -> 5; 16·5·5 = 400."""
        raise NotImplementedError("Completa esta función / Complete this function: LeNet5.forward")


def count_parameters(model: nn.Module) -> int:
    """Σ p.numel() over the parameters p of the model with p.requires_grad (trainable)."""
    raise NotImplementedError("Completa esta función / Complete this function: count_parameters")


def evaluate(model: nn.Module, X: np.ndarray, y: np.ndarray, device: str = "cpu") -> float:
    """Accuracy = mean(argmax_c model(X)_c == y), a float in [0, 1]: the model in eval mode,
    moved to `device`, X on `device`, no gradients (torch.no_grad())."""
    raise NotImplementedError("Completa esta función / Complete this function: evaluate")


def train_lenet(X: np.ndarray, y: np.ndarray, epochs: int = 5, lr: float = 1e-3,
                batch_size: int = 64, device: str = "cpu", seed: int = 0) -> LeNet5:
    """torch.manual_seed(seed), then model = LeNet5().to(device), then `epochs` passes over the
    shuffled data in mini-batches of batch_size rows, one Adam(lr) step per mini-batch on the
    cross-entropy of the logits. Returns the model (on `device`)."""
    raise NotImplementedError("Completa esta función / Complete this function: train_lenet")


# --- given (not graded): the data -------------------------------------------------------------
def upsample32(X: np.ndarray) -> np.ndarray:
    """(N, 64) 8×8 images -> (N, 1, 32, 32) float32: each pixel becomes a 4×4 block (np.kron)."""
    imgs = np.asarray(X, dtype=np.float64).reshape(-1, 8, 8)
    return np.kron(imgs, np.ones((1, 4, 4))).reshape(-1, 1, 32, 32).astype(np.float32)


def load_digits_split(path: str = "digits.npz"):
    """09's fixed split: X / 16.0 centred to [-1, 1], rows permuted by default_rng(0), the
    first 1,437 for training, the other 360 for testing; upsampled with upsample32.
    Returns X_train (1437, 1, 32, 32), y_train (1437,) int64, X_test (360, ...), y_test."""
    d = np.load(path)
    X = (d["X"].astype(np.float64) / 16.0 - 0.5) / 0.5
    y = d["y"].astype(np.int64)
    order = np.random.default_rng(0).permutation(len(y))
    tr, te = order[:1437], order[1437:]
    return upsample32(X[tr]), y[tr], upsample32(X[te]), y[te]
