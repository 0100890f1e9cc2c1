# dlgrade: patch of the model answer
"""A plausible mistake (must not get full marks): lr_decay as the slides print it: α0/(1 − γ·epoch), a Python float division by zero at epoch = 1/γ."""

from __future__ import annotations


def lr_decay(alpha0: float, gamma: float, epoch: int) -> float:
    return alpha0 / (1 - gamma * epoch)
