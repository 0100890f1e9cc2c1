"""11_universal_approximation: a network with one hidden layer approximates a function of one
variable (slides 003, "Aproximación universal de funciones").

A sigmoid unit a(z) = σ(z), z = w·x + b, steps from 0 to 1 at x = s = −b/w (where z = 0, a = 0.5);
with a large w (1000) the step is sharp. Two steps make a bump of height h on [s1, s2], and n
bumps over [0, 1] approximate f. A ReLU unit max(0, x − k) is a hinge at k; one hinge per segment
reproduces the piecewise-linear interpolant of given points.

The model answer: what lies between the solution markers is replaced by
`raise NotImplementedError(...)` in the students' stub and notebook.
"""

from collections.abc import Callable

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    """σ(z) = 1/(1 + e^(−z)), stable: computed from e^(−|z|), which never overflows.

    For z ≥ 0, σ(z) = 1/(1 + e^(−z)); for z < 0, σ(z) = e^z/(1 + e^z). The dtype of z is kept.
    """
    ### BEGIN SOLUTION
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    ### END SOLUTION


def step_params(s: float, w: float = 1000.0) -> tuple[float, float]:
    """(w, b) of the unit σ(w·x + b) whose step (a = 0.5) is at x = s.

    z = w·x + b = 0 at x = s  ⇒  b = −w·s. Example: s = 0.4, w = 1000 → (1000.0, −400.0).
    """
    ### BEGIN SOLUTION
    return float(w), float(-w * s)
    ### END SOLUTION


def sigmoid_bump(x: np.ndarray, s1: float, s2: float, h: float, w: float = 1000.0) -> np.ndarray:
    """The bump h·(σ(w(x − s1)) − σ(w(x − s2))), elementwise in x.

    ≈ h on (s1, s2), ≈ 0 outside, h/2 at the steps. Same shape as x; float32 x gives float32; no
    NumPy warning for any finite x (σ is the stable one); x is not modified.
    """
    ### BEGIN SOLUTION
    x = np.asarray(x)
    if x.dtype.kind != "f":
        x = x.astype(np.float64)
    bump = h * (sigmoid(w * (x - s1)) - sigmoid(w * (x - s2)))
    return bump.astype(x.dtype, copy=False)
    ### END SOLUTION


def midpoints(n: int) -> np.ndarray:
    """m_k = (k + 1/2)/n for k = 0..n−1: the midpoints of the n equal intervals of [0, 1].

    Example: n = 4 → [0.125, 0.375, 0.625, 0.875].
    """
    ### BEGIN SOLUTION
    return (np.arange(n) + 0.5) / n
    ### END SOLUTION


def sigmoid_sum(heights: np.ndarray, x: np.ndarray, w: float = 1000.0) -> np.ndarray:
    """Σ_k heights[k]·(σ(w(x − k/n)) − σ(w(x − (k+1)/n))), n = len(heights).

    n bumps splitting [0, 1] into n equal intervals, bump k of height heights[k] on
    [k/n, (k+1)/n]. Same shape as x; float32 x and heights give float32; inputs not modified.
    """
    ### BEGIN SOLUTION
    heights = np.asarray(heights)
    x = np.asarray(x)
    dtype = np.result_type(x, heights, np.float32)
    x = x.astype(dtype, copy=False)
    n = len(heights)
    edges = (np.arange(n + 1) / n).astype(dtype)
    steps = sigmoid(w * (x[..., None] - edges))  # σ at every edge: shape x.shape + (n + 1,)
    bumps = steps[..., :-1] - steps[..., 1:]
    return np.sum(bumps * heights.astype(dtype, copy=False), axis=-1)
    ### END SOLUTION


def sigmoid_approximation(f: Callable[[np.ndarray], np.ndarray], n: int, x: np.ndarray,
                          w: float = 1000.0) -> np.ndarray:
    """The sum of n bumps over [0, 1], bump k of height f(m_k) (m_k its interval's midpoint).

    = sigmoid_sum(f(midpoints(n)), x, w); f is called once, with the array of the n midpoints.
    """
    ### BEGIN SOLUTION
    return sigmoid_sum(np.asarray(f(midpoints(n))), x, w)
    ### END SOLUTION


def relu_approximation(knots: np.ndarray, values: np.ndarray) -> tuple[float, np.ndarray]:
    """(b0, slopes) so that b0 + Σ_i slopes[i]·relu(x − knots[i]) = np.interp(x, knots, values).

    With the segment slopes m_i = (values[i+1] − values[i])/(knots[i+1] − knots[i]):
    b0 = values[0], slopes[0] = m_0, slopes[i] = m_i − m_(i−1) (each hinge changes the slope).
    len(slopes) = len(knots) − 1. ValueError when knots do not strictly increase.
    """
    ### BEGIN SOLUTION
    knots = np.asarray(knots, dtype=np.float64)
    values = np.asarray(values, dtype=np.float64)
    if knots.ndim != 1 or knots.shape != values.shape or len(knots) < 2:
        raise ValueError("knots and values must be 1-D arrays of the same length >= 2")
    if np.any(np.diff(knots) <= 0):
        raise ValueError("knots must be strictly increasing")
    m = np.diff(values) / np.diff(knots)
    slopes = np.concatenate([m[:1], np.diff(m)])
    return float(values[0]), slopes
    ### END SOLUTION


def relu_eval(x: np.ndarray, knots: np.ndarray, b0: float, slopes: np.ndarray) -> np.ndarray:
    """g(x) = b0 + Σ_i slopes[i]·max(0, x − knots[i]) for i = 0..len(slopes)−1.

    Same shape as x; float32 x, knots and slopes give float32; inputs not modified.
    """
    ### BEGIN SOLUTION
    x = np.asarray(x)
    slopes = np.asarray(slopes)
    knots = np.asarray(knots)[: len(slopes)]
    dtype = np.result_type(x, knots, slopes, np.float32)
    hinges = np.maximum(x.astype(dtype, copy=False)[..., None] - knots.astype(dtype), 0)
    return (b0 + np.sum(hinges * slopes.astype(dtype, copy=False), axis=-1)).astype(dtype)
    ### END SOLUTION


def hidden_units(n: int, kind: str) -> int:
    """Hidden units of the one-hidden-layer network of each construction.

    "sigmoid": 2n (each of the n bumps is two sigmoid units); "relu": n (one unit per hinge).
    Any other kind: ValueError.
    """
    ### BEGIN SOLUTION
    if kind == "sigmoid":
        return 2 * n
    if kind == "relu":
        return n
    raise ValueError(f"unknown kind {kind!r}: use 'sigmoid' or 'relu'")
    ### END SOLUTION
