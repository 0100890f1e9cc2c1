"""Assignment 09: softmax regression (multinomial logistic regression) on the 8×8 handwritten
digits.

The model: logits Z = X Wᵀ + b (one row of k logits per sample), P = softmax(Z) row by row,
P_ij = e^{Z_ij} / Σ_l e^{Z_il}, the probability that sample i is of class j; the predicted class
is argmax_j P_ij. It is trained by full-batch gradient descent on the cross-entropy
J = −(1/m) Σ_i Σ_j Y_ij ln P_ij (Y one-hot), whose gradient is
∂J/∂W = (P − Y)ᵀ X / m, ∂J/∂b = mean over the rows of (P − Y).

Shapes: X is (m, d) with one sample per row, W is (k, d) (one row of weights per class), b is
(k,), y is (m,) of class labels 0..k−1, Y = one_hot(y, k) is (m, k).
No function modifies its inputs. NumPy only.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np


def as_float_array(x) -> np.ndarray:
    """Given (not graded): x as a NumPy float array; float32 stays float32, ints become float64."""
    x = np.asarray(x)
    return x if np.issubdtype(x.dtype, np.floating) else x.astype(np.float64)


def load_digits_split(path=None) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Given (not graded): the fixed split of the digits of the statement.

    X = pixels / 16.0 (float64 in [0, 1]), a permutation of the 1,797 rows from
    np.random.default_rng(0), the first 80 % (1,437 images) for training and the other 20 % (360)
    for testing. Returns (X_train, y_train, X_test, y_test); y are integer labels 0..9.
    """
    if path is None:  # beside this file (in a notebook, which has no __file__: its folder)
        path = Path(globals().get("__file__", "softmax_reg.py")).with_name("digits.npz")
    with np.load(Path(path), allow_pickle=False) as data:
        X, y = data["X"] / 16.0, data["y"].astype(np.int64)
    order = np.random.default_rng(0).permutation(len(y))
    n_train = int(0.8 * len(y))
    train, test = order[:n_train], order[n_train:]
    return X[train], y[train], X[test], y[test]


def one_hot(y: np.ndarray, k: int) -> np.ndarray:
    """Y (m, k) of floats: Y_ij = 1.0 if y_i = j, else 0.0 (one row per sample, each row sums to 1)."""
    raise NotImplementedError("Completa esta función / Complete this function: one_hot")


def softmax(Z: np.ndarray) -> np.ndarray:
    """P_ij = e^{Z_ij} / Σ_l e^{Z_il}, row by row (each row of P sums to 1), Z (m, k) -> (m, k).

    Stable: the row maximum is subtracted first, e^{Z_ij − max_l Z_il} <= 1 (the value is the
    same: the factor e^{−max} cancels), so logits of ±1e4 give no overflow and no warning.
    float32 Z gives float32.
    """
    raise NotImplementedError("Completa esta función / Complete this function: softmax")


def cross_entropy(P: np.ndarray, Y: np.ndarray, eps: float = 1e-12) -> float:
    """J = −(1/m) Σ_i Σ_j Y_ij ln P_ij, the mean over the m rows, with P clipped to [eps, 1]
    first (so P = 0 gives a finite loss, without ln 0). Returns a Python float."""
    raise NotImplementedError("Completa esta función / Complete this function: cross_entropy")


def gradients(X: np.ndarray, Y: np.ndarray, W: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The gradient of the mean cross-entropy of P = softmax(X Wᵀ + b) with one-hot Y (m, k):

    dW = ∂J/∂W = (P − Y)ᵀ X / m   (k, d),      db = ∂J/∂b = (1/m) Σ_i (P_i − Y_i)   (k,)
    """
    raise NotImplementedError("Completa esta función / Complete this function: gradients")


def fit(X: np.ndarray, y: np.ndarray, k: int, lr: float = 0.5, epochs: int = 300,
        seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Full-batch gradient descent on the cross-entropy: from a start drawn with
    np.random.default_rng(seed) (here W small normal values, b = 0), `epochs` times

    W <- W − lr · dW,   b <- b − lr · db   (dW, db = gradients(X, one_hot(y, k), W, b))

    X is used as given (no scaling inside). Returns (W (k, d), b (k,)); the same seed gives the
    same result.
    """
    raise NotImplementedError("Completa esta función / Complete this function: fit")


def accuracy(W: np.ndarray, b: np.ndarray, X: np.ndarray, y: np.ndarray) -> float:
    """The fraction (in [0, 1]) of rows whose predicted class argmax_j (X Wᵀ + b)_ij equals y_i.
    Returns a Python float."""
    raise NotImplementedError("Completa esta función / Complete this function: accuracy")
