"""Public tests for assignment 01 (perceptron). Run: pytest test_public.py

Expected values come from the statement and from tracing Rosenblatt's rule by hand
(README, "worked example").
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import numpy as np  # noqa: E402
import perceptron  # noqa: E402

X_TABLE = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y_AND = np.array([0, 0, 0, 1], dtype=float)
Y_OR = np.array([0, 1, 1, 1], dtype=float)


def test_step_values():
    z = np.array([-2.0, -1e-9, 0.0, 1e-9, 3.0])
    got = perceptron.step(z)
    expected = np.array([0.0, 0.0, 1.0, 1.0, 1.0])
    assert np.shape(got) == z.shape, (
        f"step: forma/shape {np.shape(got)}, esperado/expected {z.shape}"
    )
    assert np.array_equal(got, expected), (
        f"step({z.tolist()}) = {got}, esperado/expected {expected} (step(0) = 1)"
    )


def test_step_2d_shape():
    z = np.array([[-1.0, 0.5], [0.0, -0.5]])
    got = perceptron.step(z)
    expected = np.array([[0.0, 1.0], [1.0, 0.0]])
    assert np.array_equal(got, expected), f"step(2x2) = {got}, esperado/expected {expected}"


def test_predict_and_gate():
    # w = (1, 1), b = -1.5 computes AND: only 1 + 1 - 1.5 >= 0.
    got = perceptron.predict(X_TABLE, np.array([1.0, 1.0]), -1.5)
    assert np.shape(got) == (4,), f"predict: forma/shape {np.shape(got)}, esperado/expected (4,)"
    assert np.array_equal(got, Y_AND), (
        f"predict(tabla/table, w=[1,1], b=-1.5) = {got}, esperado/expected {Y_AND}"
    )


def test_train_and_hand_trace():
    # Traced by hand in the README: 6 epochs, the last one without mistakes.
    w, b = perceptron.train(X_TABLE, Y_AND)
    assert np.allclose(w, [2.0, 1.0]) and np.isclose(b, -3.0), (
        f"train(AND) = (w={w}, b={b}), esperado/expected (w=[2, 1], b=-3)"
    )


def test_train_or_hand_trace():
    w, b = perceptron.train(X_TABLE, Y_OR)
    assert np.allclose(w, [1.0, 1.0]) and np.isclose(b, -1.0), (
        f"train(OR) = (w={w}, b={b}), esperado/expected (w=[1, 1], b=-1)"
    )


def test_train_one_epoch_only():
    # After the first epoch on AND (two mistakes): w = (1, 1), b = 0.
    w, b = perceptron.train(X_TABLE, Y_AND, epochs=1)
    assert np.allclose(w, [1.0, 1.0]) and np.isclose(b, 0.0), (
        f"train(AND, epochs=1) = (w={w}, b={b}), esperado/expected (w=[1, 1], b=0)"
    )


def test_train_then_predict_separates():
    for name, y in (("AND", Y_AND), ("OR", Y_OR)):
        w, b = perceptron.train(X_TABLE, y)
        got = perceptron.predict(X_TABLE, w, b)
        assert np.array_equal(got, y), f"predict(train({name})) = {got}, esperado/expected {y}"


def test_train_does_not_modify_inputs():
    X = X_TABLE.copy()
    y = Y_AND.copy()
    perceptron.train(X, y, lr=0.5)
    assert np.array_equal(X, X_TABLE) and np.array_equal(y, Y_AND), (
        "train modificó X o y / train modified X or y"
    )
