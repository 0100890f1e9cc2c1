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
    raise NotImplementedError("Completa esta función / Complete this function: sigmoid")


def step_params(s: float, w: float = 1000.0) -> tuple[float, float]:
    """(w, b) of the unit σ(w·x + b) whose step (a = 0.5) is at x = s.

    z = w·x + b = 0 at x = s  ⇒  b = −w·s. Example: s = 0.4, w = 1000 → (1000.0, −400.0).
    """
    raise NotImplementedError("Completa esta función / Complete this function: step_params")


def sigmoid_bump(x: np.ndarray, s1: float, s2: float, h: float, w: float = 1000.0) -> np.ndarray:
    """The bump h·(σ(w(x − s1)) − σ(w(x − s2))), elementwise in x.

    ≈ h on (s1, s2), ≈ 0 outside, h/2 at the steps. Same shape as x; float32 x gives float32; no
    NumPy warning for any finite x (σ is the stable one); x is not modified.
    """
    raise NotImplementedError("Completa esta función / Complete this function: sigmoid_bump")


def midpoints(n: int) -> np.ndarray:
    """m_k = (k + 1/2)/n for k = 0..n−1: the midpoints of the n equal intervals of [0, 1].

    Example: n = 4 → [0.125, 0.375, 0.625, 0.875].
    """
    raise NotImplementedError("Completa esta función / Complete this function: midpoints")


def sigmoid_sum(heights: np.ndarray, x: np.ndarray, w: float = 1000.0) -> np.ndarray:
    """Σ_k heights[k]·(σ(w(x − k/n)) − σ(w(x − (k+1)/n))), n = len(heights).

    n bumps splitting [0, 1] into n equal intervals, bump k of height heights[k] on
    [k/n, (k+1)/n]. Same shape as x; float32 x and heights give float32; inputs not modified.
    """
    raise NotImplementedError("Completa esta función / Complete this function: sigmoid_sum")


def sigmoid_approximation(f: Callable[[np.ndarray], np.ndarray], n: int, x: np.ndarray,
                          w: float = 1000.0) -> np.ndarray:
    """The sum of n bumps over [0, 1], bump k of height f(m_k) (m_k its interval's midpoint).

    = sigmoid_sum(f(midpoints(n)), x, w); f is called once, with the array of the n midpoints.
    """
    raise NotImplementedError("Completa esta función / Complete this function: sigmoid_approximation")


def relu_approximation(knots: np.ndarray, values: np.ndarray) -> tuple[float, np.ndarray]:
    """(b0, slopes) so that b0 + Σ_i slopes[i]·relu(x − knots[i]) = np.interp(x, knots, values).

    With the segment slopes m_i = (values[i+1] − values[i])/(knots[i+1] − knots[i]):
    b0 = values[0], slopes[0] = m_0, slopes[i] = m_i − m_(i−1) (each hinge changes the slope).
    len(slopes) = len(knots) − 1. ValueError when knots do not strictly increase.
    """
    raise NotImplementedError("Completa esta función / Complete this function: relu_approximation")


def relu_eval(x: np.ndarray, knots: np.ndarray, b0: float, slopes: np.ndarray) -> np.ndarray:
    """g(x) = b0 + Σ_i slopes[i]·max(0, x − knots[i]) for i = 0..len(slopes)−1.

    Same shape as x; float32 x, knots and slopes give float32; inputs not modified.
    """
    raise NotImplementedError("Completa esta función / Complete this function: relu_eval")


def hidden_units(n: int, kind: str) -> int:
    """Hidden units of the one-hidden-layer network of each construction.

    "sigmoid": 2n (each of the n bumps is two sigmoid units); "relu": n (one unit per hinge).
    Any other kind: ValueError.
    """
    raise NotImplementedError("Completa esta función / Complete this function: hidden_units")
