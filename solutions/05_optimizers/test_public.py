"""Public tests for assignment 05 (optimizers). Run: pytest test_public.py

Fixed inputs and fixed expected values, worked out from the statement's formulas (the first steps
from a zero state; Adam with a constant gradient, where the bias correction makes every step
exactly lr * g / (|g| + eps)). Each case builds its own inputs.
"""

import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import numpy as np  # noqa: E402
import optimizers  # noqa: E402

TOL = {"rtol": 1e-9, "atol": 1e-12}


def test_sgd_step():
    w = np.array([1.0, 2.0])
    got = optimizers.sgd_step(w, np.array([0.5, -1.0]), 0.1)
    np.testing.assert_allclose(got, [0.95, 2.1], **TOL, err_msg="sgd_step([1, 2], [0.5, -1], 0.1)")
    assert np.array_equal(w, [1.0, 2.0]), "sgd_step modificó w / sgd_step modified w"


def test_momentum_two_steps():
    # m1 = 0.1 g = [0.2, 0.4], w1 = w0 - 0.5 m1; m2 = 0.19 g = [0.38, 0.76], w2 = w1 - 0.5 m2.
    w0 = np.array([1.0, -1.0])
    state = optimizers.momentum_init(w0)
    w1, state = optimizers.momentum_step(w0, np.array([2.0, 4.0]), state, lr=0.5, beta=0.9)
    np.testing.assert_allclose(w1, [0.9, -1.2], **TOL, err_msg="momentum_step, paso/step 1")
    w2, state = optimizers.momentum_step(w1, np.array([2.0, 4.0]), state, lr=0.5, beta=0.9)
    np.testing.assert_allclose(w2, [0.71, -1.58], **TOL, err_msg="momentum_step, paso/step 2")


def test_momentum_default_beta():
    # beta = 0.9 by default: the same first step as above.
    w0 = np.array([1.0, -1.0])
    w1, _ = optimizers.momentum_step(w0, np.array([2.0, 4.0]), optimizers.momentum_init(w0), lr=0.5)
    np.testing.assert_allclose(
        w1, [0.9, -1.2], **TOL,
        err_msg="momentum_step(w, g, state, lr=0.5) (beta por defecto / default beta = 0.9)",
    )


def test_rmsprop_first_step():
    # v1 = 0.01 g^2 -> sqrt(v1) = 0.1 |g| = [0.2, 0.05]: w1 = w0 - 0.01 g / (0.1 |g| + 1e-8).
    w0 = np.array([0.0, 1.0])
    got, _ = optimizers.rmsprop_step(w0, np.array([2.0, -0.5]), optimizers.rmsprop_init(w0), lr=0.01)
    np.testing.assert_allclose(
        got, [-0.0999999950000002, 1.099999980000004], **TOL, err_msg="rmsprop_step, paso/step 1"
    )


def test_rmsprop_defaults_and_tiny_gradient():
    # lr = 0.01, beta2 = 0.99, eps = 1e-8 by default. With g = 1e-6: sqrt(v1) = 1e-7, and
    # eps outside the root gives 0.01 * 1e-6 / (1e-7 + 1e-8) = 0.0909... (inside it: 0.0001).
    w0 = np.array([0.0, 1.0])
    got, _ = optimizers.rmsprop_step(w0, np.array([1e-6, -1e-6]), optimizers.rmsprop_init(w0))
    np.testing.assert_allclose(
        got, [-0.09090909090909088, 1.0909090909090908], **TOL,
        err_msg="rmsprop_step(w, g=[1e-6, -1e-6], state) (valores por defecto / defaults; "
        "eps fuera de la raíz / eps outside the root)",
    )


def test_adam_constant_gradient_three_steps():
    w0 = np.array([1.0, -1.0, 0.5])
    expected = [
        [0.9000000003333333, -0.9000004999975, 0.400990099009901],
        [0.8000000006666673, -0.8000009999950007, 0.3019801980198027],
        [0.7000000010000007, -0.7000014999925008, 0.2029702970297037],
    ]
    state = optimizers.adam_init(w0)
    w = w0
    for t in range(1, 4):
        w, state = optimizers.adam_step(w, np.array([3.0, -0.002, 1e-6]), state, lr=0.1)
        np.testing.assert_allclose(
            w, expected[t - 1], **TOL,
            err_msg=f"adam_step, g = [3, -0.002, 1e-6], lr = 0.1, paso/step {t} (corrección de "
            "sesgo y eps fuera de la raíz / bias correction and eps outside the root)",
        )


def test_adam_first_step_is_about_lr():
    # With bias correction the first step is ~ lr * sign(-g): 0.1 * 7 / (7 + 1e-8).
    w, _ = optimizers.adam_step(
        np.array([0.0]), np.array([-7.0]), optimizers.adam_init(np.array([0.0])), lr=0.1
    )
    np.testing.assert_allclose(
        w, [0.09999999985714286], **TOL, err_msg="adam_step(w=[0], g=[-7], lr=0.1) (≈ lr·sign(-g))"
    )


def test_adam_defaults_two_steps():
    # lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8 by default; gradients g, then 2 g.
    w0 = np.array([1.0, -1.0])
    state = optimizers.adam_init(w0)
    w1, state = optimizers.adam_step(w0, np.array([0.5, -0.25]), state)
    np.testing.assert_allclose(
        w1, [0.99900000002, -0.99900000004], **TOL,
        err_msg="adam_step (valores por defecto / defaults), paso/step 1",
    )
    w2, state = optimizers.adam_step(w1, np.array([1.0, -0.5]), state)
    np.testing.assert_allclose(
        w2, [0.998034818006385, -0.998034818038592], **TOL,
        err_msg="adam_step (valores por defecto / defaults), paso/step 2",
    )


def test_steps_do_not_modify_inputs():
    for name in ("momentum", "rmsprop", "adam"):
        init, step = getattr(optimizers, f"{name}_init"), getattr(optimizers, f"{name}_step")
        # a state with non-zero moments, made from inputs of its own
        _, state = step(np.array([1.0, 2.0]), np.array([0.3, -0.4]), init(np.array([1.0, 2.0])), lr=0.1)
        before = {k: np.array(v, copy=True) for k, v in state.items()}
        w = np.array([1.0, 2.0])
        g = np.array([0.3, -0.4])
        step(w, g, state, lr=0.1)
        assert np.array_equal(w, [1.0, 2.0]) and np.array_equal(g, [0.3, -0.4]), (
            f"{name}_step modificó w o g / {name}_step modified w or g"
        )
        assert all(np.array_equal(state[k], before[k]) for k in before), (
            f"{name}_step modificó el estado de entrada / {name}_step modified the input state "
            "(devuelve uno nuevo / return a new one)"
        )


def test_lr_decay():
    for (alpha0, gamma, epoch), expected in [((0.1, 0.5, 0), 0.1), ((0.1, 0.5, 1), 0.06666666666666667),
                                             ((0.1, 0.5, 2), 0.05), ((1.0, 1.0, 3), 0.25)]:
        got = optimizers.lr_decay(alpha0, gamma, epoch)
        assert math.isclose(got, expected), (
            f"lr_decay({alpha0}, {gamma}, {epoch}) = {got}, esperado/expected {expected} "
            "(alpha0 / (1 + gamma·epoch))"
        )
