"""Assignment 08: logistic regression (J. Luque's slides: income and age -> vehicle) and the
number of polynomial features (the EAFIT slides' table).

The model: z = X w + b, h = σ(z) = 1 / (1 + e^{−z}), the probability of class 1; the class is
1 where h >= threshold. It is trained by full-batch gradient descent on the binary
cross-entropy J = −(1/m) Σ [y ln h + (1 − y) ln(1 − h)], whose gradient is
∂J/∂w = Xᵀ(h − y)/m, ∂J/∂b = mean(h − y).

Shapes: X is (m, d) with one sample per row, w is (d,), b is a number, y is (m,) of 0/1.
No function modifies its inputs. NumPy (and the standard library) only.
"""

from __future__ import annotations

import math

import numpy as np


def as_float_array(x) -> np.ndarray:
    """Given (not graded): x as a NumPy float array; float32 stays float32, ints become float64."""
    x = np.asarray(x)
    return x if np.issubdtype(x.dtype, np.floating) else x.astype(np.float64)


def predict_proba(X: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    """h = σ(z) = 1 / (1 + e^{−z}) with z = X w + b: X (m, d), w (d,), b a number -> (m,).

    Stable: with t = e^{−|z|} (always in (0, 1]), σ(z) = 1/(1 + t) for z >= 0 and t/(1 + t) for
    z < 0, so no exponential overflows (|z| = 1e4 gives 1 and 0 without warnings).
    float32 X and w give float32.
    """
    ### BEGIN SOLUTION
    z = as_float_array(X) @ as_float_array(w) + b
    t = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + t), t / (1.0 + t))
    ### END SOLUTION


def predict(X: np.ndarray, w: np.ndarray, b: float, threshold: float = 0.5) -> np.ndarray:
    """The class of each row: 1 where h = σ(X w + b) >= threshold, else 0, as an integer array
    (m,) (dtype int)."""
    ### BEGIN SOLUTION
    return (predict_proba(X, w, b) >= threshold).astype(int)
    ### END SOLUTION


def bce_loss(p: np.ndarray, y: np.ndarray, eps: float = 1e-12) -> float:
    """Binary cross-entropy, the mean over the m samples:

    J = −(1/m) Σ [y ln p + (1 − y) ln(1 − p)],  with p clipped to [eps, 1 − eps] first

    (so p = 0 or p = 1 give a finite loss, without log(0)). Returns a Python float.
    """
    ### BEGIN SOLUTION
    p = np.clip(np.asarray(p, dtype=np.float64), eps, 1.0 - eps)
    y = np.asarray(y, dtype=np.float64)
    return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))
    ### END SOLUTION


def gradients(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> tuple[np.ndarray, float]:
    """The gradient of the mean binary cross-entropy of h = σ(X w + b):

    dw = ∂J/∂w = Xᵀ(h − y)/m   (d,),      db = ∂J/∂b = (1/m) Σ (h − y)   (a float)
    """
    ### BEGIN SOLUTION
    X = as_float_array(X)
    r = predict_proba(X, w, b) - as_float_array(y)
    return X.T @ r / X.shape[0], float(np.mean(r))
    ### END SOLUTION


def fit(X: np.ndarray, y: np.ndarray, lr: float = 0.1, epochs: int = 1000) -> tuple[np.ndarray, float]:
    """Full-batch gradient descent from w = 0 (d,), b = 0: `epochs` times

    w <- w − lr · dw,   b <- b − lr · db   (dw, db = gradients(X, y, w, b), both from the same w, b)

    Returns (w, b): w a float array (d,), b a float. epochs = 0 gives the zero start.
    """
    ### BEGIN SOLUTION
    X = as_float_array(X)
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(epochs):
        dw, db = gradients(X, y, w, b)
        w, b = w - lr * dw, b - lr * db
    return w, float(b)
    ### END SOLUTION


def n_poly_features(d: int, degree: int, distinct: bool = True) -> int:
    """How many features (the bias included) a polynomial model of degree <= k in d variables has.

    distinct=True: the distinct monomials x1^a1 ··· xd^ad with a1 + ... + ad <= k, the constant 1
    among them: C(d + k, k).
    distinct=False: the ordered products x_i1 x_i2 ··· x_ij (j = 0..k factors, x1·x2 and x2·x1
    counted apart), what the slides' table counts: Σ_{j=0..k} d^j.
    An exact Python int (no float: the counts grow past 2^53).
    """
    ### BEGIN SOLUTION
    if distinct:
        return math.comb(d + degree, degree)
    return sum(d**j for j in range(degree + 1))
    ### END SOLUTION
