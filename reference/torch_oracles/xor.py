"""02_xor's NumPy part in PyTorch: ReLU and the two-layer forward pass."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F

from reference.torch_oracles import activation_value, np_, t


def forward(args: tuple, kw: dict, device: str) -> np.ndarray:
    X, W1, b1, W2, b2 = (t(a, device) for a in args[:5])
    return np_(F.linear(torch.relu(F.linear(X, W1, b1)), W2, b2))


COUNTERPARTS: dict[str, Callable[..., object]] = {"relu": activation_value("relu"), "forward": forward}
