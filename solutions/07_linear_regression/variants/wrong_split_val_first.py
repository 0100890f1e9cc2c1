# dlgrade: patch of the model answer
"""WRONG: the validation indices are taken first from the permutation, then the test ones."""

from __future__ import annotations

import numpy as np


def split_indices(
    n: int, val: float = 0.2, test: float = 0.2, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    p = np.random.default_rng(seed).permutation(n)
    n_test = int(n * test)
    n_val = int(n * val)
    return p[n_val + n_test:], p[:n_val], p[n_val:n_val + n_test]
