"""A plausible mistake (must not get full marks): SGD with right values that updates the caller's w in place (w -= lr * g).

Built from the model answer; otherwise as it.

Each optimizer is a pure function: it takes the parameters w, their gradient g and (for the
stateful ones) a state dict created by `<name>_init(w)`, and returns the new parameters and
the new state. Nothing is modified in place: `w -= lr * g` would change the caller's array.

RMSprop and Adam follow torch.optim (bias correction in Adam, epsilon outside the square root);
momentum is the slides' exponential moving average. The README explains where the slides'
printed formulas differ.

NumPy only.
"""

from __future__ import annotations

import numpy as np


def sgd_step(w: np.ndarray, g: np.ndarray, lr: float) -> np.ndarray:
    """Plain gradient descent: w <- w - lr * g. Returns a new array."""
    w -= lr * np.asarray(g)
    return w.copy()


def momentum_init(w: np.ndarray) -> dict:
    """State of momentum: the moving average m of the gradient, m_0 = 0 (shape of w)."""
    return {"m": np.zeros_like(np.asarray(w, dtype=float))}


def momentum_step(
    w: np.ndarray, g: np.ndarray, state: dict, lr: float, beta: float = 0.9
) -> tuple[np.ndarray, dict]:
    """Gradient descent with momentum (exponential moving average of the gradient):

        m <- beta * m + (1 - beta) * g
        w <- w - lr * m

    Returns (new_w, new_state); w and state are not modified.
    """
    m = beta * state["m"] + (1.0 - beta) * np.asarray(g)
    return np.asarray(w) - lr * m, {"m": m}


def rmsprop_init(w: np.ndarray) -> dict:
    """State of RMSprop: the moving average v of the squared gradient, v_0 = 0 (shape of w)."""
    return {"v": np.zeros_like(np.asarray(w, dtype=float))}


def rmsprop_step(
    w: np.ndarray,
    g: np.ndarray,
    state: dict,
    lr: float = 0.01,
    beta2: float = 0.99,
    eps: float = 1e-8,
) -> tuple[np.ndarray, dict]:
    """RMSprop (as torch.optim.RMSprop, alpha = beta2):

        v <- beta2 * v + (1 - beta2) * g^2
        w <- w - lr * g / (sqrt(v) + eps)

    Returns (new_w, new_state); w and state are not modified.
    """
    g = np.asarray(g)
    v = beta2 * state["v"] + (1.0 - beta2) * g * g
    return np.asarray(w) - lr * g / (np.sqrt(v) + eps), {"v": v}


def adam_init(w: np.ndarray) -> dict:
    """State of Adam: first and second moments m_0 = v_0 = 0 (shape of w) and the step count t = 0."""
    zeros = np.zeros_like(np.asarray(w, dtype=float))
    return {"m": zeros, "v": zeros.copy(), "t": 0}


def adam_step(
    w: np.ndarray,
    g: np.ndarray,
    state: dict,
    lr: float = 1e-3,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
) -> tuple[np.ndarray, dict]:
    """Adam (as torch.optim.Adam):

        t <- t + 1
        m <- beta1 * m + (1 - beta1) * g            (order-1 moment)
        v <- beta2 * v + (1 - beta2) * g^2          (order-2 moment)
        m_hat = m / (1 - beta1^t),  v_hat = v / (1 - beta2^t)    (bias correction)
        w <- w - lr * m_hat / (sqrt(v_hat) + eps)

    Returns (new_w, new_state); w and state are not modified.
    """
    g = np.asarray(g)
    t = int(state["t"]) + 1
    m = beta1 * state["m"] + (1.0 - beta1) * g
    v = beta2 * state["v"] + (1.0 - beta2) * g * g
    m_hat = m / (1.0 - beta1**t)
    v_hat = v / (1.0 - beta2**t)
    new_w = np.asarray(w) - lr * m_hat / (np.sqrt(v_hat) + eps)
    return new_w, {"m": m, "v": v, "t": t}


def lr_decay(alpha0: float, gamma: float, epoch: int) -> float:
    """Learning-rate decay: alpha = alpha0 / (1 + gamma * epoch).

    (The slides print 1 - gamma * epoch in the denominator: a slip, see the README.)
    """
    return alpha0 / (1.0 + gamma * epoch)
