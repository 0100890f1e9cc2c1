"""Public tests for assignment 03 (activations). Run: pytest test_public.py

Fixed inputs and fixed expected values only: exact numbers (sigma(0) = 1/2, sigma(ln 3) = 3/4),
and the slides' table evaluated once, at 15 significant digits, at points away from the kinks.
Every case builds its own input array, so a function that modifies its input cannot spoil the
next case (and test_inputs_are_not_modified says so directly).
"""

import math
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import activations  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

# Points away from every kink (0) and from overflow.
Z = [-2.3, -0.7, 0.4, 1.9]

# f(Z) for each function of the table (default alpha), 15 significant digits.
VALUES = {
    "binary_step": [0.0, 0.0, 1.0, 1.0],
    "sigmoid": [0.0911229610148561, 0.331812227831834, 0.598687660112452, 0.869891525637002],
    "tanh": [-0.980096396266191, -0.604367777117163, 0.379948962255225, 0.956237458127739],
    "arctan": [-1.16066898625341, -0.610725964389209, 0.380506377112365, 1.08631839775787],
    "relu": [0.0, 0.0, 0.4, 1.9],
    "leaky_relu": [-0.023, -0.007, 0.4, 1.9],
    "elu": [-0.899741156277196, -0.50341469620859, 0.4, 1.9],
    "softplus": [0.095545464597963, 0.403186048885458, 0.913015252399953, 2.03938675828296],
    "binary_step_derivative": [0.0, 0.0, 0.0, 0.0],
    "sigmoid_derivative": [0.0828195669907412, 0.221712873293109, 0.240260745741529,
                           0.113180259261931],
    "tanh_derivative": [0.0394110540260247, 0.634739589982459, 0.855638786081178,
                        0.0856099236734005],
    "arctan_derivative": [0.158982511923688, 0.671140939597315, 0.862068965517241,
                          0.216919739696312],
    "relu_derivative": [0.0, 0.0, 1.0, 1.0],
    "leaky_relu_derivative": [0.01, 0.01, 1.0, 1.0],
    "elu_derivative": [0.100258843722804, 0.49658530379141, 1.0, 1.0],
    "softplus_derivative": [0.0911229610148561, 0.331812227831834, 0.598687660112452,
                            0.869891525637002],
}

# f(Z, alpha=...) with an alpha that is not the default.
WITH_ALPHA = {
    ("leaky_relu", 0.2): [-0.46, -0.14, 0.4, 1.9],
    ("leaky_relu_derivative", 0.2): [0.2, 0.2, 1.0, 1.0],
    ("elu", 0.5): [-0.449870578138598, -0.251707348104295, 0.4, 1.9],
    ("elu_derivative", 0.5): [0.0501294218614019, 0.248292651895705, 1.0, 1.0],
}

# f([-1e4, 1e4]): finite, and computed without any NumPy warning.
EXTREMES = [-1e4, 1e4]
AT_EXTREMES = {
    "binary_step": [0.0, 1.0],
    "sigmoid": [0.0, 1.0],
    "tanh": [-1.0, 1.0],
    "arctan": [-1.57069632679523, 1.57069632679523],
    "relu": [0.0, 1e4],
    "leaky_relu": [-100.0, 1e4],
    "elu": [-1.0, 1e4],
    "softplus": [0.0, 1e4],
    "binary_step_derivative": [0.0, 0.0],
    "sigmoid_derivative": [0.0, 0.0],
    "tanh_derivative": [0.0, 0.0],
    "arctan_derivative": [1 / (1e8 + 1), 1 / (1e8 + 1)],
    "relu_derivative": [0.0, 1.0],
    "leaky_relu_derivative": [0.01, 1.0],
    "elu_derivative": [0.0, 1.0],
    "softplus_derivative": [0.0, 1.0],
}

ALL = [*VALUES, "softmax"]


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


@pytest.mark.parametrize("name", list(VALUES))
def test_table_values(name):
    z = np.array(Z)
    got = getattr(activations, name)(z)
    expected = np.array(VALUES[name])
    assert np.shape(got) == z.shape, (
        f"{name}: forma/shape {np.shape(got)}, esperado/expected {z.shape}"
    )
    assert np.allclose(got, expected, rtol=1e-9, atol=1e-12), (
        f"{name}({Z}) = {got}, esperado/expected {expected}"
    )


@pytest.mark.parametrize("name, alpha", list(WITH_ALPHA))
def test_alpha_is_used(name, alpha):
    z = np.array(Z)
    got = getattr(activations, name)(z, alpha=alpha)
    expected = np.array(WITH_ALPHA[(name, alpha)])
    assert np.allclose(got, expected, rtol=1e-9, atol=1e-12), (
        f"{name}({Z}, alpha={alpha}) = {got}, esperado/expected {expected}"
    )


def test_derivatives_at_the_kink_are_subgradients():
    checks = [
        ("relu_derivative", {}, 0.0, 1.0),
        ("leaky_relu_derivative", {}, 0.01, 1.0),
        ("elu_derivative", {}, 1.0, 1.0),
        ("elu_derivative", {"alpha": 0.5}, 0.5, 1.0),
    ]
    for name, kwargs, low, high in checks:
        got = getattr(activations, name)(np.array([0.0]), **kwargs)
        assert low - 1e-12 <= float(np.ravel(got)[0]) <= high + 1e-12, (
            f"{name}([0.0], {kwargs}) = {got}, esperado/expected un valor en/a value in "
            f"[{low}, {high}]"
        )
    got = activations.binary_step_derivative(np.array([0.0]))
    assert np.all(np.isfinite(got)), (
        f"binary_step_derivative([0.0]) = {got}, esperado/expected finito/finite"
    )


def test_binary_step_at_zero_is_one():
    # The table: 0 for z < 0, 1 for z >= 0.
    got = activations.binary_step(np.array([-0.5, 0.0, 0.5]))
    assert np.allclose(got, [0.0, 1.0, 1.0], rtol=0, atol=0), (
        f"binary_step([-0.5, 0.0, 0.5]) = {got}, esperado/expected [0.0, 1.0, 1.0]"
    )


@pytest.mark.parametrize("name", list(AT_EXTREMES))
def test_extreme_inputs_are_stable(name):
    z = np.array(EXTREMES)
    with warnings.catch_warnings(record=True) as caught, \
            np.errstate(over="warn", invalid="warn", divide="warn", under="ignore"):
        warnings.simplefilter("always")
        got = getattr(activations, name)(z)
    said = sorted({f"{w.category.__name__}: {w.message}" for w in caught})
    assert not said, f"{name}({EXTREMES}): avisos de NumPy / NumPy warnings: {said}"
    expected = np.array(AT_EXTREMES[name])
    assert np.allclose(got, expected, rtol=1e-9, atol=1e-12), (
        f"{name}({EXTREMES}) = {got}, esperado/expected {expected}"
    )


def test_softmax_values_and_stability():
    # softmax([a, a + 1]) = [1, e] / (1 + e) for any a: no overflow at a = 1000.
    z = np.array([[1000.0, 1001.0], [0.0, 1.0], [-5.0, -5.0]])
    with warnings.catch_warnings(record=True) as caught, \
            np.errstate(over="warn", invalid="warn", divide="warn", under="ignore"):
        warnings.simplefilter("always")
        got = activations.softmax(z)
    said = sorted({f"{w.category.__name__}: {w.message}" for w in caught})
    assert not said, f"softmax({z.tolist()}): avisos de NumPy / NumPy warnings: {said}"
    expected = np.array([[0.268941421369995, 0.731058578630005],
                         [0.268941421369995, 0.731058578630005],
                         [0.5, 0.5]])
    assert np.allclose(got, expected, rtol=1e-9, atol=1e-12), (
        f"softmax({z.tolist()}) = {got}, esperado/expected {expected}"
    )


def test_softmax_axis():
    # Column 2 along axis 0: [2, ln 2] -> [e^2, 2] / (e^2 + 2).
    z = np.array([[0.0, 1.0, 2.0], [0.0, 0.0, math.log(2.0)]])
    got = activations.softmax(z, axis=0)
    expected = np.array([[0.5, 0.731058578630005, 0.786986042161599],
                         [0.5, 0.268941421369995, 0.213013957838402]])
    assert np.allclose(got, expected, rtol=1e-9, atol=1e-12), (
        f"softmax({z.tolist()}, axis=0) = {got}, esperado/expected {expected}"
    )
    z = np.array([[0.0, 1.0, 2.0], [0.0, 0.0, math.log(2.0)]])
    got = activations.softmax(z)
    expected = np.array([[0.0900305731703805, 0.244728471054798, 0.665240955774822],
                         [0.25, 0.25, 0.5]])
    assert np.allclose(got, expected, rtol=1e-9, atol=1e-12), (
        f"softmax({z.tolist()}) = {got}, esperado/expected (axis=-1) {expected}"
    )


@pytest.mark.parametrize("name", ALL)
def test_float32_stays_float32(name):
    z = np.array([[-1.5, 0.0], [0.5, 2.0]], dtype=np.float32)
    got = getattr(activations, name)(z)
    assert getattr(got, "dtype", None) == np.float32, (
        f"{name}(float32) devuelve/returns dtype {getattr(got, 'dtype', type(got).__name__)}, "
        "esperado/expected float32"
    )


@pytest.mark.parametrize("name", ALL)
def test_inputs_are_not_modified(name):
    z = np.array([[-2.0, -0.5], [0.0, 1.5]])
    getattr(activations, name)(z)
    assert np.array_equal(z, np.array([[-2.0, -0.5], [0.0, 1.5]])), (
        f"{name} modificó su entrada z / modified its input z: ahora/now {z.tolist()}; "
        "devuelve un array nuevo / return a new array"
    )
