"""11_universal_approximation's oracle: one-hidden-layer constructions that approximate a function
of one variable (slides 003, "Aproximación universal de funciones").

A sigmoid unit a(z) = σ(z), z = w·x + b, has its step (a = 0.5) at x = s = −b/w; a large w makes it
a step. Two steps make a bump of height h on [s1, s2]; n bumps over [0, 1] approximate f. A ReLU
unit relu(x − k) is a hinge at k; hinges reproduce any piecewise-linear interpolant.

Same names and signatures as the student's approx.py; vectorized; float32 kept where the student's
is asked to keep it (sigmoid_bump, sigmoid_sum, relu_eval). σ is computed from exp(−|z|) only, so
no argument overflows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from reference._validate import as_float, as_floats, check_ndim

__all__ = ["step_params", "sigmoid_bump", "midpoints", "sigmoid_sum", "sigmoid_approximation",
           "relu_approximation", "relu_eval", "hidden_units", "sigmoid"]


def sigmoid(z: np.ndarray) -> np.ndarray:
    """σ(z) = 1/(1 + e^(−z)) from e^(−|z|) ≤ 1: never overflows; dtype of z kept."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def _sigmoid_diff(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """σ(a) − σ(b) = σ(a)·σ(−b) − σ(−a)·σ(b): no cancellation where both are near 1."""
    return sigmoid(a) * sigmoid(-b) - sigmoid(-a) * sigmoid(b)


def step_params(s: float, w: float = 1000.0) -> tuple[float, float]:
    """(w, b) of the unit σ(w·x + b) whose step is at x = s: b = −w·s."""
    return float(w), float(-w * s)


def sigmoid_bump(x: Any, s1: float, s2: float, h: float, w: float = 1000.0) -> np.ndarray:
    """h·(σ(w(x − s1)) − σ(w(x − s2))), elementwise; shape and float dtype of x."""
    x = as_float(x, "x", "sigmoid_bump")
    return (h * _sigmoid_diff(w * (x - s1), w * (x - s2))).astype(x.dtype, copy=False)


def midpoints(n: int) -> np.ndarray:
    """m_k = (k + 1/2)/n, k = 0..n−1: the midpoints of n equal intervals of [0, 1]."""
    if int(n) != n or n < 1:
        raise ValueError(f"midpoints: n must be an integer >= 1, got {n!r}")
    return (np.arange(int(n)) + 0.5) / int(n)


def sigmoid_sum(heights: Any, x: Any, w: float = 1000.0) -> np.ndarray:
    """Σ_k heights[k]·(σ(w(x − k/n)) − σ(w(x − (k+1)/n))), n = len(heights)."""
    heights, x = as_floats("sigmoid_sum", heights=heights, x=x)
    check_ndim(heights, 1, "heights", "sigmoid_sum")
    n = heights.shape[0]
    if n < 1:
        raise ValueError("sigmoid_sum: heights must have at least one value")
    edges = np.arange(n + 1) / n
    z = w * (x[..., None] - edges.astype(x.dtype))
    bumps = _sigmoid_diff(z[..., :-1], z[..., 1:])
    return np.sum(bumps * heights, axis=-1).astype(x.dtype, copy=False)


def sigmoid_approximation(f: Callable[[np.ndarray], Any], n: int, x: Any,
                          w: float = 1000.0) -> np.ndarray:
    """sigmoid_sum(f(midpoints(n)), x, w): n bumps of heights f(m_k) on [k/n, (k+1)/n]."""
    x = as_float(x, "x", "sigmoid_approximation")
    heights = np.asarray(f(midpoints(n)), dtype=np.float64)
    return sigmoid_sum(heights.astype(x.dtype), x, w)


def relu_approximation(knots: Any, values: Any) -> tuple[float, np.ndarray]:
    """(b0, slopes): b0 = values[0]; slopes[0] = m_0, slopes[i] = m_i − m_(i−1), where
    m_i = (values[i+1] − values[i])/(knots[i+1] − knots[i])."""
    knots, values = as_floats("relu_approximation", knots=knots, values=values)
    check_ndim(knots, 1, "knots", "relu_approximation")
    check_ndim(values, 1, "values", "relu_approximation")
    if knots.shape != values.shape or knots.shape[0] < 2:
        raise ValueError("relu_approximation: knots and values need the same length >= 2, got "
                         f"{knots.shape} and {values.shape}")
    if not np.all(np.diff(knots) > 0):
        raise ValueError("relu_approximation: knots must be strictly increasing")
    m = np.diff(values) / np.diff(knots)
    return float(values[0]), np.diff(m, prepend=0.0).astype(np.float64)


def relu_eval(x: Any, knots: Any, b0: float, slopes: Any) -> np.ndarray:
    """g(x) = b0 + Σ_i slopes[i]·max(0, x − knots[i]), i = 0..len(slopes)−1."""
    x, knots, slopes = as_floats("relu_eval", x=x, knots=knots, slopes=slopes)
    check_ndim(slopes, 1, "slopes", "relu_eval")
    k = slopes.shape[0]
    if knots.ndim != 1 or knots.shape[0] < k:
        raise ValueError(f"relu_eval: knots needs at least {k} values, got shape {knots.shape}")
    hinges = np.maximum(x[..., None] - knots[:k], 0)
    return (b0 + np.sum(hinges * slopes, axis=-1)).astype(x.dtype, copy=False)


def hidden_units(n: int, kind: str) -> int:
    """Hidden units of the one-hidden-layer network: 2n for n sigmoid bumps, n for n hinges."""
    if kind == "sigmoid":
        return 2 * int(n)
    if kind == "relu":
        return int(n)
    raise ValueError(f"hidden_units: kind must be 'sigmoid' or 'relu', got {kind!r}")
