# dlgrade: patch of the model answer
"""A plausible mistake (must not get full marks): the geometric series and the binomial with true division: floats (inexact above 2^53), and d = 1 divides by zero."""

from __future__ import annotations

import math


def n_poly_features(d: int, degree: int, distinct: bool = True) -> int:
    if distinct:
        return math.factorial(d + degree) / (math.factorial(d) * math.factorial(degree))
    return (d ** (degree + 1) - 1) / (d - 1)
