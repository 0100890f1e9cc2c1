# dlgrade: patch of the model answer
"""A plausible mistake: evaluate forgets model.eval() (dropout or batch norm would change)."""

from __future__ import annotations

import numpy as np
import torch


def evaluate(model, X, y, device="cpu"):
    model = model.to(device)
    with torch.no_grad():
        Xt = torch.as_tensor(np.asarray(X), dtype=torch.float32, device=device)
        pred = model(Xt).argmax(dim=1).cpu().numpy()
    return float(np.mean(pred == np.asarray(y).reshape(-1)))
