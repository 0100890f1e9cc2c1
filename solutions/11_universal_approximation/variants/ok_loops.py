# dlgrade: patch of the model answer
"""A correct answer in another style: loops over the bumps and the hinges, σ through
np.logaddexp (σ(z) = exp(−log(1 + e^(−z))))."""

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    return np.exp(-np.logaddexp(0, -z))


def sigmoid_sum(heights: np.ndarray, x: np.ndarray, w: float = 1000.0) -> np.ndarray:
    heights = np.asarray(heights)
    x = np.asarray(x)
    dtype = np.result_type(x, heights, np.float32)
    n = len(heights)
    out = np.zeros(x.shape, dtype=dtype)
    for k in range(n):
        out = out + sigmoid_bump(x.astype(dtype), k / n, (k + 1) / n, heights[k], w).astype(dtype)  # noqa: F821 (the model answer's)
    return out


def relu_approximation(knots: np.ndarray, values: np.ndarray) -> tuple[float, np.ndarray]:
    knots = [float(k) for k in knots]
    values = [float(v) for v in values]
    if len(knots) < 2 or len(knots) != len(values):
        raise ValueError("need two or more knots, one value each")
    slopes, previous = [], 0.0
    for i in range(len(knots) - 1):
        if knots[i + 1] <= knots[i]:
            raise ValueError("knots must increase")
        m = (values[i + 1] - values[i]) / (knots[i + 1] - knots[i])
        slopes.append(m - previous)
        previous = m
    return values[0], np.array(slopes)


def relu_eval(x: np.ndarray, knots: np.ndarray, b0: float, slopes: np.ndarray) -> np.ndarray:
    x = np.asarray(x)
    dtype = np.result_type(x, np.asarray(knots), np.asarray(slopes), np.float32)
    out = np.full(x.shape, b0, dtype=dtype)
    for k, s in zip(knots, slopes):
        out = out + s * np.maximum(x - k, 0)
    return out.astype(dtype)
