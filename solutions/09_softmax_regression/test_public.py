"""Public tests for assignment 09 (softmax regression). Run: pytest test_public.py

Fixed inputs and fixed expected values: the statement's worked examples (one-hot labels, the
softmax of (1, 2, 3), the cross-entropy 0.2899, the gradient at W = 0, the accuracy 0.75), exact
numbers (P = 1/k at equal logits, J = ln k for a uniform P) and the extreme cases (logits ±1e4,
P with zeros). Every case builds its own inputs.
"""

import math
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import numpy as np  # noqa: E402
import softmax_reg  # noqa: E402

TOL = {"rtol": 1e-6, "atol": 1e-9}


def test_one_hot_statement_example():
    got = softmax_reg.one_hot(np.array([0, 2, 1, 2]), 3)
    np.testing.assert_array_equal(got, [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0],
                                        [0.0, 0.0, 1.0]], err_msg="one_hot([0, 2, 1, 2], 3)")
    assert got.dtype.kind == "f", "one_hot devuelve floats / one_hot returns floats"


def test_one_hot_absent_classes_keep_their_column():
    got = softmax_reg.one_hot(np.array([0, 1]), 4)
    np.testing.assert_array_equal(got, [[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0]],
                                  err_msg="one_hot([0, 1], 4): forma / shape (2, 4)")


def test_softmax_rows():
    got = softmax_reg.softmax(np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]))
    np.testing.assert_allclose(got, [[0.09003057317, 0.244728471055, 0.665240955775],
                                     [1 / 3, 1 / 3, 1 / 3]], **TOL,
                               err_msg="softmax([[1, 2, 3], [0, 0, 0]]) (por filas / by rows)")


def test_softmax_extreme_logits_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a NumPy RuntimeWarning fails the test
        got = softmax_reg.softmax(np.array([[1e4, 0.0, -1e4], [-1e4, -1e4, -1e4]]))
    np.testing.assert_allclose(got, [[1.0, 0.0, 0.0], [1 / 3, 1 / 3, 1 / 3]], rtol=0, atol=1e-12,
                               err_msg="softmax con logits ±1e4 / with logits ±1e4")


def test_cross_entropy_statement_example():
    got = softmax_reg.cross_entropy(np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1]]),
                                    np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]))
    assert math.isclose(got, 0.2899092476264711, rel_tol=1e-9), got  # −(ln 0.7 + ln 0.8)/2


def test_cross_entropy_uniform_is_ln_k():
    got = softmax_reg.cross_entropy(np.full((3, 4), 0.25), np.array(
        [[1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 1.0], [0.0, 0.0, 0.0, 1.0]]))
    assert math.isclose(got, 1.3862943611198906, rel_tol=1e-9), got  # ln 4


def test_cross_entropy_clips_zeros():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = softmax_reg.cross_entropy(np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]),
                                        np.array([[0.0, 1.0, 0.0], [0.0, 1.0, 0.0]]))
    assert math.isclose(got, 13.815510557964274, rel_tol=1e-9), got  # −ln(1e-12)/2


def test_gradients_statement_example():
    dW, db = softmax_reg.gradients(np.array([[1.0, 2.0], [3.0, -1.0]]),
                                   np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]),
                                   np.zeros((3, 2)), np.zeros(3))
    np.testing.assert_allclose(dW, [[1 / 6, -5 / 6], [2 / 3, 1 / 6], [-5 / 6, 2 / 3]], **TOL,
                               err_msg="dW (forma / shape (k, d) = (3, 2))")
    np.testing.assert_allclose(db, [-1 / 6, 1 / 3, -1 / 6], **TOL, err_msg="db (forma / shape (3,))")


def test_accuracy_statement_example():
    got = softmax_reg.accuracy(np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]]), np.zeros(3),
                               np.array([[2.0, 1.0], [0.0, 3.0], [1.0, 0.5], [-2.0, -1.0]]),
                               np.array([0, 1, 1, 2]))
    assert math.isclose(got, 0.75), got  # predicted (0, 1, 0, 2): 3 hits out of 4


def test_fit_separates_three_groups():
    X = np.array([[2.25, 0.25], [1.75, -0.25], [-0.75, 2.25], [-1.25, 1.75], [-0.75, -1.75],
                  [-1.25, -2.25]])
    y = np.array([0, 0, 1, 1, 2, 2])
    W, b = softmax_reg.fit(X, y, 3, lr=1.0, epochs=100)
    assert np.shape(W) == (3, 2) and np.shape(b) == (3,), (np.shape(W), np.shape(b))
    np.testing.assert_array_equal(np.argmax(X @ np.asarray(W).T + b, axis=1), [0, 0, 1, 1, 2, 2])
