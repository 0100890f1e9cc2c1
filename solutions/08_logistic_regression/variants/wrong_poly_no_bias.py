# dlgrade: patch of the model answer
"""A plausible mistake (must not get full marks): the bias (the constant monomial, j = 0) not counted."""

from __future__ import annotations

import math


def n_poly_features(d: int, degree: int, distinct: bool = True) -> int:
    if distinct:
        return math.comb(d + degree, degree) - 1
    return sum(d**j for j in range(1, degree + 1))
