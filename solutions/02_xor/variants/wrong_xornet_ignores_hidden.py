# dlgrade: patch of the model answer
"""WRONG: XorNet always builds 2 hidden units, whatever `hidden` says."""

from __future__ import annotations

import torch


class XorNet(torch.nn.Module):
    def __init__(self, hidden: int = 2) -> None:
        super().__init__()
        self.hidden = torch.nn.Linear(2, 2)
        self.output = torch.nn.Linear(2, 1)
        with torch.no_grad():
            torch.nn.init.normal_(self.hidden.weight, 0.0, 1.0)
            torch.nn.init.uniform_(self.hidden.bias, 0.0, 0.5)
            torch.nn.init.normal_(self.output.weight, 0.0, 2**-0.5)
            torch.nn.init.zeros_(self.output.bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.output(torch.relu(self.hidden(x)))
