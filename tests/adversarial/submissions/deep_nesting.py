"""binary_step_derivative returns a list nested 100000 deep (recursion bomb for an encoder)."""


def binary_step_derivative(z):
    out = [0.0]
    for _ in range(100_000):
        out = [out]
    return out
