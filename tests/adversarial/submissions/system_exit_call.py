"""elu raises SystemExit(3) directly."""


def elu(z, alpha=1.0):
    raise SystemExit(3)
