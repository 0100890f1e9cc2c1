# dlgrade: patch of the model answer
"""A wrong 04_backprop: init_params's default seed is 42, not 0."""

from __future__ import annotations

import numpy as np


def init_params(layer_sizes: list[int], seed: int = 42) -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(seed)
    params = []
    for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        bound = 1.0 / np.sqrt(n_in)
        W = rng.uniform(-bound, bound, size=(n_out, n_in))
        b = rng.uniform(-bound, bound, size=n_out)
        params.append((W, b))
    return params
