# dlgrade: patch of the model answer
"""A plausible mistake: one hidden unit per bump (n), not two (2n)."""


def hidden_units(n: int, kind: str) -> int:
    if kind in ("sigmoid", "relu"):
        return n
    raise ValueError(kind)
