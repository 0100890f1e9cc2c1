# dlgrade: patch of the model answer
"""A wrong 04_backprop: init_params in the common randn·0.01 style with zero biases (not torch.nn.Linear's scale the statement asks for)."""

from __future__ import annotations

import numpy as np


def init_params(layer_sizes: list[int], seed: int = 0) -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(seed)
    params = []
    for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        bound = 1.0 / np.sqrt(n_in)
        W = 0.01 * rng.standard_normal((n_out, n_in)) + 0 * bound
        b = np.zeros(n_out)
        params.append((W, b))
    return params
