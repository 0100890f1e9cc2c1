# dlgrade: patch of the model answer
"""WRONG: the sizes rounded (round(n·test)) instead of truncated (int(n·test))."""

from __future__ import annotations

import numpy as np


def split_indices(
    n: int, val: float = 0.2, test: float = 0.2, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    p = np.random.default_rng(seed).permutation(n)
    n_test = round(n * test)
    n_val = round(n * val)
    return p[n_test + n_val:], p[n_test:n_test + n_val], p[:n_test]
