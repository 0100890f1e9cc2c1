# dlgrade: patch of the model answer
"""A plausible mistake (must not get full marks): the two counts swapped: distinct=True gives the slides' ordered products."""

from __future__ import annotations

import math


def n_poly_features(d: int, degree: int, distinct: bool = True) -> int:
    if not distinct:
        return math.comb(d + degree, degree)
    return sum(d**j for j in range(degree + 1))
