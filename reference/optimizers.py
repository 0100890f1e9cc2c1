"""Gradient-descent optimizers as pure functions over an explicit state dict.

`<name>_init(w)` makes the state; `<name>_step(w, g, state, ...)` returns (new_w, new_state) and
never modifies w, g or state (new arrays, a new dict). w and g: arrays of the same shape.

Where the slides' printed formulas differ from what is implemented here:
- momentum: the slides' EMA m = β m + (1 − β) g, w ← w − lr·m with m₀ = 0 (one slide prints
  "β m − (1 − β) x", a sign slip; the next slide has the +). torch.optim.SGD(momentum=β,
  dampening=β) differs on the first step only: its buffer starts at g, not at (1 − β) g.
- RMSprop and Adam: the slides print w ← w − α·m / √(v + ε) without bias correction. Here, as
  in torch.optim: ε outside the root, and Adam divides m and v by (1 − β1ᵗ), (1 − β2ᵗ).
- learning-rate decay: the slides print α0 / (1 − γ·epoch); the standard form (and this one)
  is α0 / (1 + γ·epoch).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from reference._validate import as_floats, check_same_shape

__all__ = [
    "sgd_step",
    "momentum_init", "momentum_step",
    "rmsprop_init", "rmsprop_step",
    "adam_init", "adam_step",
    "lr_decay",
]  # fmt: skip


def _wg(func: str, w: Any, g: Any) -> tuple[np.ndarray, np.ndarray]:
    w, g = as_floats(func, w=w, g=g)
    check_same_shape(w, g, "w and g", func)
    return w, g


def _slot(state: Any, key: str, w: np.ndarray, func: str) -> np.ndarray:
    if not isinstance(state, dict) or key not in state:
        raise ValueError(f"{func}: state must be a dict with key {key!r} (make it with the _init)")
    (a,) = as_floats(func, **{f"state[{key!r}]": state[key]})
    if a.shape != w.shape:
        raise ValueError(f"{func}: state[{key!r}] has shape {a.shape} but w has shape {w.shape}")
    return a


def sgd_step(w: Any, g: Any, lr: float) -> np.ndarray:
    """w ← w − lr·g (returns the new w)."""
    w, g = _wg("sgd_step", w, g)
    return w - lr * g


def momentum_init(w: Any) -> dict[str, np.ndarray]:
    """{"m": 0} shaped like w (m₀ = 0)."""
    (w,) = as_floats("momentum_init", w=w)
    return {"m": np.zeros_like(w)}


def momentum_step(
    w: Any, g: Any, state: dict, lr: float, beta: float = 0.9
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The slides' GD with momentum (exponential moving average of the gradient):

    m ← β m + (1 − β) g,    w ← w − lr·m
    """
    w, g = _wg("momentum_step", w, g)
    m = beta * _slot(state, "m", w, "momentum_step") + (1.0 - beta) * g
    return w - lr * m, {"m": m}


def rmsprop_init(w: Any) -> dict[str, np.ndarray]:
    """{"v": 0} shaped like w."""
    (w,) = as_floats("rmsprop_init", w=w)
    return {"v": np.zeros_like(w)}


def rmsprop_step(
    w: Any, g: Any, state: dict, lr: float = 0.01, beta2: float = 0.99, eps: float = 1e-8
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """RMSprop as torch.optim.RMSprop (alpha = beta2, ε outside the root):

    v ← β2 v + (1 − β2) g²,    w ← w − lr·g / (√v + ε)
    """
    w, g = _wg("rmsprop_step", w, g)
    v = beta2 * _slot(state, "v", w, "rmsprop_step") + (1.0 - beta2) * g * g
    return w - lr * g / (np.sqrt(v) + eps), {"v": v}


def adam_init(w: Any) -> dict[str, Any]:
    """{"m": 0, "v": 0, "t": 0} (m, v shaped like w; t counts the steps taken)."""
    (w,) = as_floats("adam_init", w=w)
    return {"m": np.zeros_like(w), "v": np.zeros_like(w), "t": 0}


def adam_step(
    w: Any,
    g: Any,
    state: dict,
    lr: float = 1e-3,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
) -> tuple[np.ndarray, dict[str, Any]]:
    """Adam as torch.optim.Adam (bias-corrected moments, ε outside the root), t starting at 1:

    m ← β1 m + (1 − β1) g,   v ← β2 v + (1 − β2) g²
    m̂ = m / (1 − β1ᵗ),       v̂ = v / (1 − β2ᵗ),      w ← w − lr·m̂ / (√v̂ + ε)
    """
    w, g = _wg("adam_step", w, g)
    m = beta1 * _slot(state, "m", w, "adam_step") + (1.0 - beta1) * g
    v = beta2 * _slot(state, "v", w, "adam_step") + (1.0 - beta2) * g * g
    t = state.get("t", 0)
    if isinstance(t, bool) or not isinstance(t, (int, np.integer)) or t < 0:
        raise ValueError(f"adam_step: state['t'] must be a non-negative int, got {t!r}")
    t = int(t) + 1
    m_hat = m / (1.0 - beta1**t)
    v_hat = v / (1.0 - beta2**t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), {"m": m, "v": v, "t": t}


def lr_decay(alpha0: float, gamma: float, epoch: int | float) -> float:
    """α = α0 / (1 + γ·epoch) (the slides print 1 − γ·epoch, a slip: it would grow and blow up)."""
    denom = 1.0 + gamma * epoch
    if np.any(np.asarray(denom) <= 0):
        raise ValueError(f"lr_decay: 1 + gamma*epoch must be > 0, got gamma={gamma}, epoch={epoch}")
    out = alpha0 / denom
    return float(out) if np.ndim(out) == 0 else out
