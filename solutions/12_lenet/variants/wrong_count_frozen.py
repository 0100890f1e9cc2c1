# dlgrade: patch of the model answer
"""A plausible mistake: count_parameters counts frozen parameters too (no requires_grad test)."""

from __future__ import annotations

from torch import nn


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())
