"""Public tests for assignment 05 (optimizers). Run: pytest test_public.py

Expected values are computed by hand from the statement's formulas: the first steps from a zero
state, and Adam with a constant gradient (bias correction makes m_hat = g and v_hat = g^2 at
every step, so each step is exactly lr * g / (|g| + eps)).
"""

import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import numpy as np  # noqa: E402
import optimizers  # noqa: E402


def test_sgd_step():
    w = np.array([1.0, 2.0])
    got = optimizers.sgd_step(w, np.array([0.5, -1.0]), 0.1)
    assert np.allclose(got, [0.95, 2.1]), (
        f"sgd_step([1, 2], [0.5, -1], 0.1) = {got}, esperado/expected [0.95, 2.1]"
    )
    assert np.array_equal(w, [1.0, 2.0]), "sgd_step modificó w / sgd_step modified w"


def test_momentum_two_steps():
    # m1 = 0.1 g, w1 = w0 - lr m1; m2 = 0.9 m1 + 0.1 g = 0.19 g, w2 = w1 - lr m2.
    w0 = np.array([1.0, -1.0])
    g = np.array([2.0, 4.0])
    state = optimizers.momentum_init(w0)
    w1, state = optimizers.momentum_step(w0, g, state, lr=0.5, beta=0.9)
    assert np.allclose(w1, w0 - 0.5 * 0.1 * g), (
        f"momentum_step (paso 1/step 1) = {w1}, esperado/expected {w0 - 0.05 * g}"
    )
    w2, state = optimizers.momentum_step(w1, g, state, lr=0.5, beta=0.9)
    expected = w0 - 0.5 * 0.1 * g - 0.5 * 0.19 * g
    assert np.allclose(w2, expected), (
        f"momentum_step (paso 2/step 2) = {w2}, esperado/expected {expected}"
    )


def test_rmsprop_first_step():
    # v1 = 0.01 g^2 -> sqrt(v1) = 0.1 |g|: the step is lr * g / (0.1 |g| + eps).
    w0 = np.array([0.0, 1.0])
    g = np.array([2.0, -0.5])
    got, state = optimizers.rmsprop_step(w0, g, optimizers.rmsprop_init(w0), lr=0.01)
    expected = w0 - 0.01 * g / (0.1 * np.abs(g) + 1e-8)
    assert np.allclose(got, expected, rtol=1e-12), (
        f"rmsprop_step = {got}, esperado/expected {expected}"
    )


def test_adam_constant_gradient_three_steps():
    w0 = np.array([1.0, -1.0, 0.5])
    g = np.array([3.0, -0.002, 1e-6])
    lr = 0.1
    state = optimizers.adam_init(w0)
    w = w0
    for t in range(1, 4):
        w, state = optimizers.adam_step(w, g, state, lr=lr)
        expected = w0 - t * lr * g / (np.abs(g) + 1e-8)
        assert np.allclose(w, expected, rtol=1e-10, atol=1e-12), (
            f"adam_step paso/step {t}, g = {g.tolist()}: w = {w}, esperado/expected {expected} "
            "(corrección de sesgo y eps fuera de la raíz / bias correction and eps outside the root)"
        )


def test_adam_first_step_is_about_lr():
    # With bias correction the first step is ~ lr * sign(g): 0.1 -> 0.0999999...
    w, _ = optimizers.adam_step(
        np.array([0.0]), np.array([-7.0]), optimizers.adam_init(np.array([0.0])), lr=0.1
    )
    assert math.isclose(float(w[0]), 0.1 * 7.0 / (7.0 + 1e-8), rel_tol=1e-12), (
        f"adam_step(w=0, g=-7, lr=0.1) = {w}, esperado/expected 0.1 (≈ lr·sign(-g))"
    )


def test_steps_do_not_modify_inputs():
    w = np.array([1.0, 2.0])
    g = np.array([0.3, -0.4])
    for name in ("momentum", "rmsprop", "adam"):
        state = getattr(optimizers, f"{name}_init")(w)
        before = {k: np.array(v, copy=True) for k, v in state.items()}
        getattr(optimizers, f"{name}_step")(w, g, state, lr=0.1)
        assert np.array_equal(w, [1.0, 2.0]) and np.array_equal(g, [0.3, -0.4]), (
            f"{name}_step modificó w o g / {name}_step modified w or g"
        )
        assert all(np.array_equal(state[k], before[k]) for k in before), (
            f"{name}_step modificó el estado de entrada / {name}_step modified the input state "
            "(devuelve uno nuevo / return a new one)"
        )


def test_lr_decay():
    cases = [((0.1, 0.5, 0), 0.1), ((0.1, 0.5, 2), 0.05), ((1.0, 1.0, 3), 0.25)]
    for (alpha0, gamma, epoch), expected in cases:
        got = optimizers.lr_decay(alpha0, gamma, epoch)
        assert math.isclose(got, expected), (
            f"lr_decay({alpha0}, {gamma}, {epoch}) = {got}, esperado/expected {expected} "
            "(alpha0 / (1 + gamma·epoch))"
        )
