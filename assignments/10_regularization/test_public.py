"""Public tests for assignment 10 (regularization). Run: pytest test_public.py

Fixed inputs and fixed expected values: the statement's worked example. Dropout's mask is your
own draw, so its cases check what every correct draw shares (a 0/1 mask, kept units scaled by
1/(1 − p), nothing at test time); the hidden tests add the statistics over many seeds. Each case
builds its own inputs.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import numpy as np  # noqa: E402
import pytest  # noqa: E402
import regularization  # noqa: E402

TOL = {"rtol": 1e-9, "atol": 1e-12}


def test_l2_penalty_worked_example():
    weights = [np.array([[1.0, -2.0], [3.0, -4.0]]), np.array([[0.5], [-1.0]])]
    got = regularization.l2_penalty(weights, 0.1)
    assert got == pytest.approx(3.125), "0.1·(1 + 4 + 9 + 16 + 0.25 + 1) = 3.125"


def test_l1_penalty_worked_example():
    weights = [np.array([[1.0, -2.0], [3.0, -4.0]]), np.array([[0.5], [-1.0]])]
    got = regularization.l1_penalty(weights, 0.1)
    assert got == pytest.approx(1.15), "0.1·(1 + 2 + 3 + 4 + 0.5 + 1) = 1.15"


def test_l2_grad_is_2_lambda_w():
    W = np.array([[1.0, -2.0], [3.0, -4.0]])
    got = regularization.l2_grad(W, 0.1)
    np.testing.assert_allclose(got, [[0.2, -0.4], [0.6, -0.8]], **TOL, err_msg="2·0.1·W")
    assert np.array_equal(W, [[1.0, -2.0], [3.0, -4.0]]), "l2_grad modificó W / l2_grad modified W"


def test_l1_grad_with_zeros():
    got = np.asarray(regularization.l1_grad(np.array([[0.0, 1.5], [-2.0, 0.0]]), 0.5))
    assert got.shape == (2, 2)
    np.testing.assert_allclose(got[0, 1], 0.5, **TOL, err_msg="λ·sign(1.5)")
    np.testing.assert_allclose(got[1, 0], -0.5, **TOL, err_msg="λ·sign(−2)")
    for v in (got[0, 0], got[1, 1]):  # at 0: any value in [−λ, λ], never nan
        assert -0.5 <= v <= 0.5, f"l1_grad en/at W = 0: {v} fuera de/outside [−0.5, 0.5]"


def test_dropout_mask_and_scaling():
    a = np.array([[2.0, 4.0, 6.0, 8.0], [1.0, 3.0, 5.0, 7.0]])
    out, mask = regularization.dropout(a, 0.5, seed=3)
    mask = np.asarray(mask, dtype=float)
    assert mask.shape == (2, 4) and np.all((mask == 0) | (mask == 1)), "mask: 0/1, forma de a / a's shape"
    np.testing.assert_allclose(out[mask == 1], a[mask == 1] * 2.0, **TOL,
                               err_msg="unidades conservadas: a/(1 − p) / kept units: a/(1 − p)")
    assert np.all(out[mask == 0] == 0), "unidades abandonadas: 0 / dropped units: 0"
    assert np.array_equal(a, [[2.0, 4.0, 6.0, 8.0], [1.0, 3.0, 5.0, 7.0]]), "dropout modificó a / modified a"


def test_dropout_same_seed_same_mask():
    a = np.ones((10, 10))
    _, first = regularization.dropout(a, 0.3, seed=7)
    _, second = regularization.dropout(np.ones((10, 10)), 0.3, seed=7)
    assert np.array_equal(first, second), "la misma semilla, la misma máscara / same seed, same mask"


def test_dropout_p_zero_keeps_everything():
    a = np.array([[2.0, -4.0], [6.0, 8.0]])
    out, mask = regularization.dropout(a, 0.0, seed=1)
    np.testing.assert_allclose(out, [[2.0, -4.0], [6.0, 8.0]], **TOL)
    np.testing.assert_allclose(mask, [[1.0, 1.0], [1.0, 1.0]], **TOL)


def test_dropout_at_evaluation():
    a = np.array([[2.0, -4.0], [6.0, 8.0]])
    out, mask = regularization.dropout(a, 0.5, training=False)
    np.testing.assert_array_equal(out, [[2.0, -4.0], [6.0, 8.0]])
    np.testing.assert_array_equal(mask, [[1.0, 1.0], [1.0, 1.0]])


def test_dropout_p_one_raises():
    with pytest.raises(ValueError):
        regularization.dropout(np.array([1.0, 2.0]), 1.0)


def test_dropout_backward_worked_example():
    got = regularization.dropout_backward(np.array([1.0, -2.0, 3.0, 4.0]), np.array([1.0, 0.0, 0.0, 1.0]), 0.5)
    np.testing.assert_allclose(got, [2.0, 0.0, 0.0, 8.0], **TOL)


def test_early_stopping_worked_example():
    losses = [1.0, 0.75, 0.625, 0.5, 0.5625, 0.53125, 0.515625, 0.546875, 0.5625, 0.625, 0.75]
    assert tuple(regularization.early_stopping(losses)) == (3, 8)


def test_early_stopping_tie_is_not_an_improvement():
    assert tuple(regularization.early_stopping([1.0, 0.5, 0.5, 0.5, 0.25], patience=2)) == (1, 3)


def test_early_stopping_without_a_stop():
    assert tuple(regularization.early_stopping([5.0, 4.0, 3.0, 2.0, 1.0])) == (4, 4)
