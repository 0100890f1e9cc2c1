"""Public tests for assignment 11 (universal approximation). Run: pytest test_public.py

Fixed inputs and fixed expected values: the statement's worked example (the slides' s = 0.4 and
0.6, w = 1000). Each case builds its own inputs.
"""

import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import approx  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

TOL = {"rtol": 1e-9, "atol": 1e-12}


def test_step_params_slides():
    assert approx.step_params(0.4) == pytest.approx((1000.0, -400.0)), "b = −w·s = −1000·0.4"
    assert approx.step_params(0.6) == pytest.approx((1000.0, -600.0)), "b = −w·s = −1000·0.6"
    assert approx.step_params(0.25, 10.0) == pytest.approx((10.0, -2.5))


def test_sigmoid_bump_slides():
    x = np.array([0.3, 0.4, 0.5, 0.6, 0.7])
    got = approx.sigmoid_bump(x, 0.4, 0.6, 0.8)
    np.testing.assert_allclose(got, [0.0, 0.4, 0.8, 0.4, 0.0], **TOL,
                               err_msg="h/2 at the steps, h inside, 0 outside")
    assert np.array_equal(x, [0.3, 0.4, 0.5, 0.6, 0.7]), "sigmoid_bump modificó x / modified x"


def test_sigmoid_bump_no_overflow_warning():
    x = np.array([-1e4, -50.0, 50.0, 1e4])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = approx.sigmoid_bump(x, 0.4, 0.6, 1.0)
    np.testing.assert_allclose(got, [0.0, 0.0, 0.0, 0.0], **TOL)


def test_sigmoid_bump_keeps_float32():
    x = np.array([0.3, 0.5, 0.7], dtype=np.float32)
    assert approx.sigmoid_bump(x, 0.4, 0.6, 1.0).dtype == np.float32


def test_midpoints():
    np.testing.assert_allclose(approx.midpoints(4), [0.125, 0.375, 0.625, 0.875], **TOL)
    np.testing.assert_allclose(approx.midpoints(1), [0.5], **TOL)


def test_sigmoid_sum_worked_example():
    heights = np.array([1.0, 2.0, 3.0, 4.0])
    x = np.array([0.0, 0.1, 0.25, 0.3, 0.9, 1.0])
    got = approx.sigmoid_sum(heights, x)
    np.testing.assert_allclose(got, [0.5, 1.0, 1.5, 2.0, 4.0, 2.0], **TOL,
                               err_msg="heights inside, the mean at an edge, half at 0 and 1")


def test_sigmoid_approximation_of_square():
    x = np.array([0.1, 0.3, 0.6, 0.9])
    got = approx.sigmoid_approximation(np.square, 4, x)
    np.testing.assert_allclose(got, [0.015625, 0.140625, 0.390625, 0.765625], **TOL,
                               err_msg="heights f(m_k) = m_k² at the midpoints of [k/4, (k+1)/4]")


def test_sigmoid_approximation_uses_f_at_the_midpoints():
    got = approx.sigmoid_approximation(lambda t: 6 * np.asarray(t), 3, np.array([0.1, 0.5, 0.9]))
    np.testing.assert_allclose(got, [1.0, 3.0, 5.0], **TOL,
                               err_msg="heights f(m_k) at m_k = 1/6, 1/2, 5/6")


def test_relu_approximation_trapezoid():
    b0, slopes = approx.relu_approximation(np.array([0.0, 0.4, 0.6, 1.0]),
                                           np.array([0.0, 1.0, 1.0, 0.0]))
    assert b0 == pytest.approx(0.0)
    np.testing.assert_allclose(slopes, [2.5, -2.5, -2.5], **TOL,
                               err_msg="slopes 2.5, 0, −2.5: changes 2.5, −2.5, −2.5")


def test_relu_approximation_rejects_repeated_knots():
    with pytest.raises(ValueError):
        approx.relu_approximation(np.array([0.0, 0.5, 0.5]), np.array([0.0, 1.0, 2.0]))


def test_relu_eval_trapezoid():
    got = approx.relu_eval(np.array([0.2, 0.5, 0.8]), np.array([0.0, 0.4, 0.6, 1.0]), 0.0,
                           np.array([2.5, -2.5, -2.5]))
    np.testing.assert_allclose(got, [0.5, 1.0, 0.5], **TOL)


def test_hidden_units():
    assert approx.hidden_units(4, "sigmoid") == 8
    assert approx.hidden_units(4, "relu") == 4
    with pytest.raises(ValueError):
        approx.hidden_units(4, "tanh")
