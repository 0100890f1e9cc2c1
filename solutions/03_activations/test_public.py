"""Public tests for assignment 03 (activations). Run: pytest test_public.py

Expected values come from the slides' table, written here independently in closed form (the
table's own formulas, e.g. tanh = 2 / (1 + e^{-2x}) - 1), from exact numbers (sigma(0) = 1/2,
sigma(ln 3) = 3/4) and from central finite differences of those closed forms.
"""

import math
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import activations  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

# Points away from every kink (0) and from overflow: finite differences are reliable there.
Z = np.array([-2.3, -0.7, 0.4, 1.9])

# The slides' table, in closed form, written independently of the student's code.
TABLE = {
    "sigmoid": lambda x: 1.0 / (1.0 + np.exp(-x)),
    "tanh": lambda x: 2.0 / (1.0 + np.exp(-2.0 * x)) - 1.0,
    "relu": lambda x: np.where(x < 0, 0.0, x),
    "leaky_relu": lambda x: np.where(x < 0, 0.01 * x, x),
    "elu": lambda x: np.where(x < 0, 1.0 * (np.exp(x) - 1.0), x),
    "softplus": lambda x: np.log(1.0 + np.exp(x)),
    "arctan": lambda x: np.arctan(x),
    "binary_step": lambda x: np.where(x < 0, 0.0, 1.0),
}


def test_sigmoid_exact_values():
    z = np.array([0.0, math.log(3.0), -math.log(3.0)])
    got = activations.sigmoid(z)
    expected = np.array([0.5, 0.75, 0.25])
    assert np.allclose(got, expected, rtol=1e-12, atol=0), (
        f"sigmoid([0, ln 3, -ln 3]) = {got}, esperado/expected {expected}"
    )


def test_sigmoid_derivative_exact_values():
    # sigma' = sigma (1 - sigma): 0.5 * 0.5 = 0.25 and 0.75 * 0.25 = 0.1875.
    got = activations.sigmoid_derivative(np.array([0.0, math.log(3.0)]))
    expected = np.array([0.25, 0.1875])
    assert np.allclose(got, expected, rtol=1e-12, atol=0), (
        f"sigmoid_derivative([0, ln 3]) = {got}, esperado/expected {expected}"
    )


@pytest.mark.parametrize("name", list(TABLE))
def test_table_values(name):
    got = getattr(activations, name)(Z)
    expected = TABLE[name](Z)
    assert np.shape(got) == Z.shape, (
        f"{name}: forma/shape {np.shape(got)}, esperado/expected {Z.shape}"
    )
    assert np.allclose(got, expected, rtol=1e-9, atol=1e-12), (
        f"{name}({Z.tolist()}) = {got}, esperado/expected {expected}"
    )


@pytest.mark.parametrize("name", list(TABLE))
def test_table_derivatives_match_finite_differences(name):
    h = 1e-6
    expected = (TABLE[name](Z + h) - TABLE[name](Z - h)) / (2 * h)
    got = getattr(activations, f"{name}_derivative")(Z)
    assert np.allclose(got, expected, rtol=1e-6, atol=1e-8), (
        f"{name}_derivative({Z.tolist()}) = {got}, esperado/expected (diferencias finitas/"
        f"finite differences) {expected}"
    )


def test_derivatives_at_the_kink_are_subgradients():
    zero = np.array([0.0])
    checks = [
        ("relu_derivative", activations.relu_derivative(zero), 0.0, 1.0),
        ("leaky_relu_derivative", activations.leaky_relu_derivative(zero), 0.01, 1.0),
        ("elu_derivative", activations.elu_derivative(zero), 1.0, 1.0),
    ]
    for name, got, low, high in checks:
        assert low - 1e-12 <= float(np.ravel(got)[0]) <= high + 1e-12, (
            f"{name}(0) = {got}, esperado/expected un valor en/a value in [{low}, {high}]"
        )
    got = activations.binary_step_derivative(zero)
    assert np.all(np.isfinite(got)), (
        f"binary_step_derivative(0) = {got}, esperado/expected finito/finite"
    )


def test_extreme_inputs_are_stable():
    z = np.array([-1e4, 1e4])
    expected = {
        "sigmoid": [0.0, 1.0],
        "sigmoid_derivative": [0.0, 0.0],
        "softplus": [0.0, 1e4],
        "softplus_derivative": [0.0, 1.0],
        "tanh": [-1.0, 1.0],
        "elu": [-1.0, 1e4],
    }
    for name, values in expected.items():
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # an overflow RuntimeWarning fails the test
            with np.errstate(over="raise", invalid="raise", divide="raise"):
                got = getattr(activations, name)(z)
        assert np.allclose(got, values), f"{name}([-1e4, 1e4]) = {got}, esperado/expected {values}"


def test_softmax_values_and_stability():
    # softmax([a, a + 1]) = [1, e] / (1 + e) for any a: no overflow at a = 1000.
    e = math.e
    z = np.array([[1000.0, 1001.0], [0.0, 1.0], [-5.0, -5.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = activations.softmax(z)
    expected = np.array([[1 / (1 + e), e / (1 + e)], [1 / (1 + e), e / (1 + e)], [0.5, 0.5]])
    assert np.allclose(got, expected), (
        f"softmax({z.tolist()}) = {got}, esperado/expected {expected}"
    )


def test_softmax_axis():
    z = np.array([[0.0, 1.0, 2.0], [0.0, 0.0, math.log(2.0)]])
    got = activations.softmax(z, axis=0)
    column_sums = np.sum(got, axis=0)
    assert np.shape(got) == z.shape and np.allclose(column_sums, 1.0), (
        f"softmax(z, axis=0): sumas por columna/column sums {column_sums}, esperado/expected [1, 1, 1]"
    )
    # Column 2: [2, ln 2] -> [e^2, 2] / (e^2 + 2).
    expected = np.array([math.exp(2.0), 2.0]) / (math.exp(2.0) + 2.0)
    assert np.allclose(got[:, 2], expected), (
        f"softmax(z, axis=0)[:, 2] = {got[:, 2]}, esperado/expected {expected}"
    )
