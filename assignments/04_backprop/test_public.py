"""Public tests for assignment 04 (backpropagation). Run: pytest test_public.py

Expected values come from the slides (20601 parameters; the worked update with alpha = 0.1),
from computing a tiny network by hand (math.exp) and from central finite differences of a loss
written here independently of the student's code.
"""

import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import backprop  # noqa: E402
import numpy as np  # noqa: E402

# The slides' 1-2-1 network: w = [w1, b1, w2, b2, w11, w12, b] = [0.1, -0.3, -0.1, 0.5, 0.4, 0.7, 0.2]
SLIDES_PARAMS = [
    (np.array([[0.1], [-0.1]]), np.array([-0.3, 0.5])),
    (np.array([[0.4, 0.7]]), np.array([0.2])),
]
SLIDES_GRADS = [
    (np.array([[0.125], [0.125]]), np.array([0.245, 0.250])),
    (np.array([[-0.035, -0.049]]), np.array([-0.081])),
]


def _sigmoid(x):
    return 1.0 / (1.0 + math.exp(-x))


def _loss(params, X, y, hidden, output):
    """MSE of a network, written independently of the student's forward."""
    f = {"sigmoid": lambda z: 1.0 / (1.0 + np.exp(-z)), "tanh": np.tanh, "identity": lambda z: z}
    A = X
    for l, (W, b) in enumerate(params):
        A = f[output if l == len(params) - 1 else hidden](A @ W.T + b)
    return np.mean((A - y) ** 2)


def test_count_parameters_slides():
    cases = {(2, 100, 100, 100, 1): 20601, (1, 2, 1): 7, (2, 1): 3}
    for sizes, expected in cases.items():
        got = backprop.count_parameters(list(sizes))
        assert got == expected, (
            f"count_parameters({list(sizes)}) = {got}, esperado/expected {expected}"
        )


def test_init_params_shapes_and_seed():
    params = backprop.init_params([3, 4, 2], seed=0)
    shapes = [(np.shape(W), np.shape(b)) for W, b in params]
    expected = [((4, 3), (4,)), ((2, 4), (2,))]
    assert shapes == expected, (
        f"init_params([3, 4, 2]): formas/shapes {shapes}, esperado/expected {expected}"
    )
    again = backprop.init_params([3, 4, 2], seed=0)
    other = backprop.init_params([3, 4, 2], seed=1)
    assert all(np.array_equal(W, W2) for (W, _), (W2, _) in zip(params, again)), (
        "init_params: la misma semilla debe dar los mismos pesos / the same seed must give the same weights"
    )
    assert not np.array_equal(params[0][0], other[0][0]), (
        "init_params: semillas distintas deben dar pesos distintos / different seeds must give different weights"
    )
    total = sum(np.size(W) + np.size(b) for W, b in params)
    assert total == 4 * (3 + 1) + 2 * (4 + 1), (
        f"init_params: {total} parámetros/parameters, esperado/expected 26"
    )


def test_forward_slides_network_by_hand():
    # x = 0.5: z1 = 0.1*0.5 - 0.3 = -0.25, z2 = -0.1*0.5 + 0.5 = 0.45 (sigmoid), identity output.
    expected = 0.4 * _sigmoid(-0.25) + 0.7 * _sigmoid(0.45) + 0.2
    y_hat, _cache = backprop.forward(np.array([[0.5]]), SLIDES_PARAMS)
    assert np.shape(y_hat) == (1, 1), (
        f"forward: forma/shape {np.shape(y_hat)}, esperado/expected (1, 1)"
    )
    assert np.allclose(y_hat, expected, rtol=1e-12), (
        f"forward(x=0.5) = {y_hat}, esperado/expected {expected}"
    )


def test_mse_loss_by_hand():
    got = backprop.mse_loss(np.array([[1.0], [2.0], [0.0]]), np.array([[0.0], [0.0], [0.0]]))
    assert isinstance(got, float), (
        f"mse_loss devuelve/returns {type(got).__name__}, esperado/expected float"
    )
    assert math.isclose(got, 5.0 / 3.0), (
        f"mse_loss([1, 2, 0], [0, 0, 0]) = {got}, esperado/expected 5/3"
    )


def _check_backward(sizes, hidden, output, seed):
    rng = np.random.default_rng(seed)
    params = [
        (rng.normal(size=(n_out, n_in)), rng.normal(size=n_out))
        for n_in, n_out in zip(sizes[:-1], sizes[1:])
    ]
    X = rng.normal(size=(5, sizes[0]))
    y = rng.normal(size=(5, sizes[-1]))
    y_hat, cache = backprop.forward(X, params, activation=hidden, output_activation=output)
    grads = backprop.backward(y, cache, params, activation=hidden, output_activation=output)
    h = 1e-6
    for l, ((W, b), (dW, db)) in enumerate(zip(params, grads)):
        for name, P, dP in (("W", W, dW), ("b", b, db)):
            assert np.shape(dP) == np.shape(P), (
                f"backward: d{name}{l + 1} forma/shape {np.shape(dP)}, esperado/expected {np.shape(P)}"
            )
            numeric = np.zeros_like(P)
            for i in np.ndindex(P.shape):
                plus = [(Wk.copy(), bk.copy()) for Wk, bk in params]
                minus = [(Wk.copy(), bk.copy()) for Wk, bk in params]
                plus[l][0 if name == "W" else 1][i] += h
                minus[l][0 if name == "W" else 1][i] -= h
                numeric[i] = (
                    _loss(plus, X, y, hidden, output) - _loss(minus, X, y, hidden, output)
                ) / (2 * h)
            assert np.allclose(dP, numeric, rtol=1e-5, atol=1e-8), (
                f"backward({sizes}, {hidden}/{output}): d{name}{l + 1} = {dP}, "
                f"esperado/expected (diferencias finitas/finite differences) {numeric}"
            )


def test_backward_sigmoid_identity_finite_differences():
    _check_backward([3, 4, 2], "sigmoid", "identity", seed=0)


def test_backward_tanh_sigmoid_two_hidden_layers():
    _check_backward([2, 3, 3, 1], "tanh", "sigmoid", seed=1)


def test_gd_step_slides_update():
    # Slides: w_{t+1} = w_t - 0.1 * grad = [0.088, -0.325, -0.112, 0.475, 0.404, 0.705, 0.208]
    # (printed rounded to 3 decimals, hence atol 1e-3).
    new = backprop.gd_step(SLIDES_PARAMS, SLIDES_GRADS, 0.1)
    (W1, b1), (W2, b2) = new
    got = np.array([W1[0, 0], b1[0], W1[1, 0], b1[1], W2[0, 0], W2[0, 1], b2[0]])
    expected = np.array([0.088, -0.325, -0.112, 0.475, 0.404, 0.705, 0.208])
    assert np.allclose(got, expected, atol=1e-3), (
        f"gd_step(alpha=0.1) = {got}, esperado/expected {expected}"
    )
    assert SLIDES_PARAMS[0][0][0, 0] == 0.1 and SLIDES_PARAMS[1][1][0] == 0.2, (
        "gd_step modificó params / gd_step modified params (devuelve arrays nuevos / return new arrays)"
    )
