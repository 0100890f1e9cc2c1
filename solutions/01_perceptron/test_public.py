"""Public tests for assignment 01 (perceptron). Run: pytest test_public.py

Expected values come from the statement and from tracing Rosenblatt's rule by hand
(README, "worked example"). Every test builds its own inputs, so a function that modifies its
inputs cannot spoil the next test.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import numpy as np  # noqa: E402
import perceptron  # noqa: E402


def x_table():
    """The four inputs of a two-input gate (a new array on each call)."""
    return np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])


def y_and():
    return np.array([0.0, 0.0, 0.0, 1.0])


def y_or():
    return np.array([0.0, 1.0, 1.0, 1.0])


def test_step_values():
    z = np.array([-2.0, -1e-9, 0.0, 1e-9, 3.0])
    got = perceptron.step(z)
    expected = np.array([0.0, 0.0, 1.0, 1.0, 1.0])
    assert np.shape(got) == (5,), f"step: forma/shape {np.shape(got)}, esperado/expected (5,)"
    assert np.array_equal(got, expected), (
        f"step([-2, -1e-9, 0, 1e-9, 3]) = {got}, esperado/expected {expected} (step(0) = 1)"
    )


def test_step_2d_shape():
    z = np.array([[-1.0, 0.5], [0.0, -0.5]])
    got = perceptron.step(z)
    expected = np.array([[0.0, 1.0], [1.0, 0.0]])
    assert np.array_equal(got, expected), f"step(2x2) = {got}, esperado/expected {expected}"


def test_step_does_not_modify_z():
    z = np.array([-1.0, 0.0, 2.0])
    perceptron.step(z)
    assert np.array_equal(z, [-1.0, 0.0, 2.0]), (
        f"step modificó z / step modified z: {z}"
    )


def test_predict_and_gate():
    # w = (1, 1), b = -1.5 computes AND: only 1 + 1 - 1.5 >= 0.
    got = perceptron.predict(x_table(), np.array([1.0, 1.0]), -1.5)
    assert np.shape(got) == (4,), f"predict: forma/shape {np.shape(got)}, esperado/expected (4,)"
    assert np.array_equal(got, [0.0, 0.0, 0.0, 1.0]), (
        f"predict(tabla/table, w=[1,1], b=-1.5) = {got}, esperado/expected [0, 0, 0, 1]"
    )


def test_predict_on_the_boundary():
    # Row 1: 1 - 1 + 0 = 0 -> step(0) = 1. Row 2: 2 - 0 + 0 = 2 -> 1. Row 3: 0 - 2 = -2 -> 0.
    X = np.array([[1.0, 1.0], [2.0, 0.0], [0.0, 2.0]])
    got = perceptron.predict(X, np.array([1.0, -1.0]), 0.0)
    assert np.array_equal(got, [1.0, 1.0, 0.0]), (
        f"predict(X, w=[1,-1], b=0) = {got}, esperado/expected [1, 1, 0] (z = 0 -> 1)"
    )


def test_train_and_hand_trace():
    # Traced by hand in the README: 6 epochs, the last one without mistakes.
    w, b = perceptron.train(x_table(), y_and())
    assert np.allclose(w, [2.0, 1.0]) and np.isclose(b, -3.0), (
        f"train(AND) = (w={w}, b={b}), esperado/expected (w=[2, 1], b=-3)"
    )


def test_train_or_hand_trace():
    w, b = perceptron.train(x_table(), y_or())
    assert np.allclose(w, [1.0, 1.0]) and np.isclose(b, -1.0), (
        f"train(OR) = (w={w}, b={b}), esperado/expected (w=[1, 1], b=-1)"
    )


def test_train_one_epoch_only():
    # After the first epoch on AND (two mistakes): w = (1, 1), b = 0.
    w, b = perceptron.train(x_table(), y_and(), epochs=1)
    assert np.allclose(w, [1.0, 1.0]) and np.isclose(b, 0.0), (
        f"train(AND, epochs=1) = (w={w}, b={b}), esperado/expected (w=[1, 1], b=0)"
    )


def test_train_learning_rate():
    # From w = 0, b = 0 every change is lr times the change with lr = 1: half of OR's (1, 1), -1.
    w, b = perceptron.train(x_table(), y_or(), lr=0.5)
    assert np.allclose(w, [0.5, 0.5]) and np.isclose(b, -0.5), (
        f"train(OR, lr=0.5) = (w={w}, b={b}), esperado/expected (w=[0.5, 0.5], b=-0.5)"
    )


def test_train_then_predict_separates():
    for name, y in (("AND", [0.0, 0.0, 0.0, 1.0]), ("OR", [0.0, 1.0, 1.0, 1.0])):
        w, b = perceptron.train(x_table(), np.array(y))
        got = perceptron.predict(x_table(), w, b)
        assert np.array_equal(got, y), f"predict(train({name})) = {got}, esperado/expected {y}"


def test_train_does_not_modify_inputs():
    X = x_table()
    y = y_and()
    perceptron.train(X, y, lr=0.5)
    assert np.array_equal(X, x_table()) and np.array_equal(y, y_and()), (
        "train modificó X o y / train modified X or y"
    )
