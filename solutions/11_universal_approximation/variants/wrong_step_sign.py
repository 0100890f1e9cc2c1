# dlgrade: patch of the model answer
"""A plausible mistake: b = w·s (the sign of b lost)."""


def step_params(s: float, w: float = 1000.0) -> tuple[float, float]:
    return float(w), float(w * s)
