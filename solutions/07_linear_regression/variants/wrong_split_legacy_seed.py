# dlgrade: patch of the model answer
"""WRONG: the legacy global generator, np.random.seed(seed) + np.random.permutation(n)."""

from __future__ import annotations

import numpy as np


def split_indices(
    n: int, val: float = 0.2, test: float = 0.2, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    np.random.seed(seed)
    p = np.random.permutation(n)
    n_test = int(n * test)
    n_val = int(n * val)
    return p[n_test + n_val:], p[n_test:n_test + n_val], p[:n_test]
