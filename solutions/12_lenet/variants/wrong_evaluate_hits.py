# dlgrade: patch of the model answer
"""A plausible mistake: evaluate returns the number of hits, not the fraction."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn


def evaluate(model: nn.Module, X, y, device: str = "cpu") -> float:
    model = model.to(device).eval()
    with torch.no_grad():
        pred = model(torch.as_tensor(np.asarray(X), dtype=torch.float32, device=device)).argmax(1)
    return float((pred.cpu().numpy() == np.asarray(y)).sum())
