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
    """torch.manual_seed(seed), then model = LeNet5().to(device), then `epochs` passes: each
    order = torch.randperm(N), mini-batches order[i:i + batch_size]; Adam(lr), cross-entropy
    on the logits.
    Returns the model (on `device`)."""
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


# --- given: the grader's probes (do not edit them) -------------------------------------------
# A torch model cannot leave the grader's sandbox, so the grader cannot hand one to
# count_parameters or evaluate: it calls these functions, which build the models here.
def _probe_model(kind: str) -> nn.Module:
    torch.manual_seed(0)
    if kind == "linear":
        return nn.Linear(3, 2)
    if kind == "conv":
        return nn.Conv2d(3, 6, 5)
    if kind == "frozen":
        m = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
        m[0].requires_grad_(False)
        return m
    if kind == "batchnorm":
        return nn.Sequential(nn.Conv2d(1, 4, 3), nn.BatchNorm2d(4))
    raise ValueError(kind)


def probe_count_parameters(kind: str) -> int:
    """count_parameters on a model built here: "linear", "conv", "frozen" or "batchnorm"."""
    return count_parameters(_probe_model(kind))


def probe_parameter_shapes() -> list:
    """The shapes of LeNet5()'s parameters, in order."""
    return [list(p.shape) for p in LeNet5().parameters()]


class _ProbeNet(nn.Module):
    """logits = flatten(x) Wᵀ; records (training, grad enabled, input device) per call."""

    def __init__(self, W: np.ndarray) -> None:
        super().__init__()
        self.fc = nn.Linear(W.shape[1], W.shape[0], bias=False)
        with torch.no_grad():
            self.fc.weight.copy_(torch.as_tensor(W, dtype=torch.float32))
        self.seen: list = []

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.seen.append([bool(self.training), bool(torch.is_grad_enabled()), x.device.type])
        return self.fc(torch.flatten(x, 1))


def probe_evaluate(W: np.ndarray, X: np.ndarray, y: np.ndarray, device: str | None = None):
    """(evaluate(model, X, y[, device]), what the model saw) for logits = flatten(X) Wᵀ."""
    model = _ProbeNet(np.asarray(W)).train()
    acc = evaluate(model, X, y) if device is None else evaluate(model, X, y, device)
    return float(acc), model.seen
