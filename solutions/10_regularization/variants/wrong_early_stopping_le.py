# dlgrade: patch of the model answer
"""A plausible mistake (must not get full marks): a tie counts as an improvement (<= instead of <)."""

from __future__ import annotations

import numpy as np


def early_stopping(val_losses: list[float], patience: int = 5, min_delta: float = 0.0
                   ) -> tuple[int, int]:
    best, best_epoch, waited = np.inf, 0, 0
    for epoch, loss in enumerate(val_losses):
        if loss <= best - min_delta:
            best, best_epoch, waited = loss, epoch, 0
        else:
            waited += 1
            if waited == patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses) - 1
