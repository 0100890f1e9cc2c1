"""LeNet-5 for the 8×8 digits upsampled to 32×32 (slides 001: LeNet; output sizes).

    O = ⌊(n + 2p − k) / s⌋ + 1      (5×5 input, 3×3 filter, stride 1, no padding -> 3×3)

LeNet-5 here: (N, 1, 32, 32) -> conv 6@5×5 -> ReLU -> max-pool 2 -> conv 16@5×5 -> ReLU ->
max-pool 2 -> flatten (400) -> linear 120 -> ReLU -> linear 84 -> ReLU -> linear 10 (logits):
61,706 parameters. The PyTorch model, its training and evaluation live in
`reference.torch_oracles.lenet`; this module is NumPy only: the sizes, the data, and a
functional forward pass that takes the ten parameter arrays in the model's order.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from reference import conv
from reference._validate import as_float, check_ndim

__all__ = ["conv_output_size", "upsample32", "digits_split", "lenet_forward", "accuracy",
           "PARAM_SHAPES", "N_PARAMS"]  # fmt: skip

# the parameters in the order the layers are applied (weight, bias per layer), torch's shapes
PARAM_SHAPES: list[tuple[int, ...]] = [
    (6, 1, 5, 5), (6,), (16, 6, 5, 5), (16,), (120, 400), (120,), (84, 120), (84,), (10, 84), (10,),
]  # fmt: skip
N_PARAMS = sum(int(np.prod(s)) for s in PARAM_SHAPES)  # 61,706


def conv_output_size(n: int, k: int, stride: int = 1, padding: int = 0) -> int:
    """O = ⌊(n + 2p − k) / s⌋ + 1."""
    for name, v in (("n", n), ("k", k), ("stride", stride), ("padding", padding)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
            raise TypeError(f"conv_output_size: {name} must be an int")
    if k < 1 or stride < 1 or padding < 0 or n + 2 * padding < k:
        raise ValueError("conv_output_size: needs k >= 1, stride >= 1, padding >= 0, n + 2p >= k")
    return int((n + 2 * padding - k) // stride + 1)


def upsample32(X: Any) -> np.ndarray:
    """(N, 64) 8×8 images -> (N, 1, 32, 32) float32: each pixel becomes a 4×4 block (np.kron)."""
    X = as_float(X, "X", "upsample32")
    check_ndim(X, 2, "X", "upsample32")
    if X.shape[1] != 64:
        raise ValueError("upsample32: X must be (N, 64)")
    imgs = X.reshape(-1, 8, 8)
    big = np.kron(imgs, np.ones((1, 4, 4)))
    return big.reshape(-1, 1, 32, 32).astype(np.float32)


def digits_split(X: Any, y: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """09's fixed split: X / 16.0 (then centred to [-1, 1]), rows permuted by default_rng(0), 1,437 train, 360 test;
    images upsampled to (N, 1, 32, 32) float32, labels int64."""
    X = (np.asarray(X, dtype=np.float64) / 16.0 - 0.5) / 0.5  # pixels in [-1, 1]
    y = np.asarray(y).astype(np.int64)
    order = np.random.default_rng(0).permutation(len(y))
    tr, te = order[:1437], order[1437:]
    return upsample32(X[tr]), y[tr], upsample32(X[te]), y[te]


def _relu(z: np.ndarray) -> np.ndarray:
    return np.maximum(z, 0.0)


def lenet_forward(X: Any, params: Any) -> np.ndarray:
    """LeNet-5's logits (N, 10) for X (N, 1, 32, 32), params the ten arrays of PARAM_SHAPES."""
    X = as_float(X, "X", "lenet_forward").astype(np.float64)
    check_ndim(X, 4, "X", "lenet_forward")
    if X.shape[1:] != (1, 32, 32):
        raise ValueError("lenet_forward: X must be (N, 1, 32, 32)")
    p = [np.asarray(a, dtype=np.float64) for a in params]
    if [a.shape for a in p] != PARAM_SHAPES:
        raise ValueError(f"lenet_forward: params must have the shapes {PARAM_SHAPES}")
    a = conv.maxpool2d(_relu(conv.conv2d(X, p[0], p[1])), 2)  # (N, 6, 14, 14)
    a = conv.maxpool2d(_relu(conv.conv2d(a, p[2], p[3])), 2)  # (N, 16, 5, 5)
    a = a.reshape(len(a), -1)  # (N, 400), channel-major as torch.flatten
    a = _relu(a @ p[4].T + p[5])
    a = _relu(a @ p[6].T + p[7])
    return a @ p[8].T + p[9]


def accuracy(logits: Any, y: Any) -> float:
    """The fraction of rows whose largest logit is at the label: mean(argmax_c z_ic == y_i)."""
    Z = as_float(logits, "logits", "accuracy")
    check_ndim(Z, 2, "logits", "accuracy")
    y = np.asarray(y).reshape(-1)
    if len(y) != len(Z):
        raise ValueError("accuracy: logits and y must have the same number of rows")
    return float(np.mean(np.argmax(Z, axis=1) == y))
