"""Public tests for assignment 04 (backpropagation). Run: pytest test_public.py

Fixed inputs and fixed expected values only: the slides (20601 parameters; the worked update
with alpha = 0.1), a tiny network computed by hand, and gradients computed once with the
course's reference and checked against PyTorch's autograd. Every case builds its own inputs, so
a function that modifies its inputs cannot spoil the next case.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import backprop  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

RTOL, ATOL = 1e-6, 1e-9

# (name, layer sizes' params as nested lists, X, y, keyword arguments, expected [(dW, db), ...]);
# plain lists, turned into new arrays inside the test for each case.
BACKWARD_CASES = [
    (
        "slides' 1-2-1 network, default activations (sigmoid hidden, identity output)",
        [([[0.1], [-0.1]], [-0.3, 0.5]), ([[0.4, 0.7]], [0.2])],
        [[0.5], [-1.0]], [[1.0], [0.0]], {},
        [([[-0.087801750891], [-0.146547222345]], [0.05864621331, 0.097261146746]),
         ([[0.239623507278, 0.404031331598]], [0.615061213723])],
    ),
    (
        "tanh hidden, sigmoid output",
        [([[0.5, -0.2], [0.1, 0.3], [-0.4, 0.6]], [0.1, -0.1, 0.2]), ([[0.7, -0.5, 0.3]], [-0.2])],
        [[1.0, 2.0], [-0.5, 0.5], [0.0, -1.0]], [[1.0], [0.0], [1.0]],
        {"activation": "tanh", "output_activation": "sigmoid"},
        [([[-0.083357120245, -0.041758152644],
           [0.049766743264, 0.00929219186],
           [-0.018122877756, 0.005611382386]],
          [-0.060740063081, 0.027872161113, -0.017273767369]),
         ([[-0.058819244183, -0.016560618181, 0.009006745367]], [-0.092468698882])],
    ),
    (
        # Z1 = [[0.85, 0.8], [-1.15, 1.05]]: the relu of the second sample's first unit is off
        "relu hidden, softmax output",
        [([[1.0, -0.5], [0.5, 1.0]], [0.1, -0.2]), ([[1.0, -1.0], [0.5, 0.5], [-1.0, 2.0]], [0.0, 0.1, -0.1])],
        [[1.0, 0.5], [-0.5, 1.5]], [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]],
        {"activation": "relu", "output_activation": "softmax"},
        [([[-0.061320747736, -0.030660373868], [0.143673955368, 0.004046833207]],
          [-0.061320747736, 0.085568117245]),
         ([[-0.053536905686, -0.048158466481],
           [0.036634117197, 0.057136808],
           [0.016902788489, -0.008978341519]],
          [-0.060861538297, 0.064677665097, -0.0038161268])],
    ),
]


def test_count_parameters_slides():
    for sizes, expected in (([2, 100, 100, 100, 1], 20601), ([1, 2, 1], 7), ([2, 1], 3)):
        got = backprop.count_parameters(sizes)
        assert got == expected, (
            f"count_parameters({sizes}) = {got}, esperado/expected {expected}"
        )


def test_init_params_shapes_seed_and_scale():
    params = backprop.init_params([3, 4, 2], seed=0)
    shapes = [(np.shape(W), np.shape(b)) for W, b in params]
    expected = [((4, 3), (4,)), ((2, 4), (2,))]
    assert shapes == expected, (
        f"init_params([3, 4, 2]): formas/shapes {shapes}, esperado/expected {expected}"
    )
    again = backprop.init_params([3, 4, 2], seed=0)
    default = backprop.init_params([3, 4, 2])
    other = backprop.init_params([3, 4, 2], seed=1)
    assert all(np.array_equal(W, W2) for (W, _), (W2, _) in zip(params, again)), (
        "init_params: la misma semilla debe dar los mismos pesos / the same seed must give the same weights"
    )
    assert all(np.array_equal(W, W2) for (W, _), (W2, _) in zip(params, default)), (
        "init_params: sin seed debe dar los pesos de seed=0 / without seed it must give the weights of seed=0"
    )
    assert not np.array_equal(params[0][0], other[0][0]), (
        "init_params: semillas distintas deben dar pesos distintos / different seeds must give different weights"
    )
    for l, ((W, b), fan_in) in enumerate(zip(params, (3, 4)), start=1):
        bound = 1 / np.sqrt(fan_in)
        assert np.all(np.abs(W) <= bound) and np.all(np.abs(b) <= bound), (
            f"init_params: W{l} y/and b{l} deben estar en/must lie in ±1/√{fan_in} = ±{bound:.4f} "
            "(como/like torch.nn.Linear)"
        )


def test_forward_slides_network_by_hand():
    # x = 0.5: z1 = 0.1*0.5 - 0.3 = -0.25, z2 = -0.1*0.5 + 0.5 = 0.45 (sigmoid hidden layer),
    # identity output: y_hat = 0.4*sigmoid(-0.25) + 0.7*sigmoid(0.45) + 0.2 = 0.80257686341
    params = [
        (np.array([[0.1], [-0.1]]), np.array([-0.3, 0.5])),
        (np.array([[0.4, 0.7]]), np.array([0.2])),
    ]
    y_hat, _cache = backprop.forward(np.array([[0.5]]), params)
    assert np.shape(y_hat) == (1, 1), (
        f"forward: forma/shape {np.shape(y_hat)}, esperado/expected (1, 1)"
    )
    assert np.allclose(y_hat, 0.80257686341, rtol=1e-10), (
        f"forward(x=0.5) = {y_hat}, esperado/expected 0.80257686341"
    )


def test_forward_softmax_output():
    # one layer, softmax of each row of Z = X Wᵀ + b: every row sums to 1
    X = np.array([[1.0, -1.0], [0.5, 2.0], [0.0, 0.0]])
    params = [(np.array([[1.0, 0.0], [0.5, -1.0], [-2.0, 1.0]]), np.array([0.0, 0.5, 1.0]))]
    expected = np.array([
        [0.265387928772, 0.721399184274, 0.013212886954],
        [0.176820182107, 0.030726740326, 0.792453077566],
        [0.186323723226, 0.307195885718, 0.506480391056],
    ])
    y_hat, _cache = backprop.forward(X, params, output_activation="softmax")
    assert np.shape(y_hat) == (3, 3), (
        f"forward(softmax): forma/shape {np.shape(y_hat)}, esperado/expected (3, 3)"
    )
    assert np.allclose(y_hat, expected, rtol=RTOL, atol=ATOL), (
        f"forward(softmax) = {y_hat}, esperado/expected {expected}"
    )


def test_mse_loss_by_hand():
    got = backprop.mse_loss(np.array([[1.0], [2.0], [0.0]]), np.array([[0.0], [0.0], [0.0]]))
    assert np.isclose(got, 5.0 / 3.0, rtol=1e-12), (
        f"mse_loss([1, 2, 0], [0, 0, 0]) = {got}, esperado/expected 5/3"
    )


@pytest.mark.parametrize("name, params, X, y, kw, expected", BACKWARD_CASES)
def test_backward_fixed_networks(name, params, X, y, kw, expected):
    params = [(np.array(W), np.array(b)) for W, b in params]
    X, y = np.array(X), np.array(y)
    _y_hat, cache = backprop.forward(X, params, **kw)
    grads = backprop.backward(y, cache, params, **kw)
    call = f"backward({name})"
    assert isinstance(grads, (list, tuple)) and len(grads) == len(expected), (
        f"{call}: devuelve/returns {type(grads).__name__}, esperado/expected a list of "
        f"{len(expected)} (dW, db) pairs"
    )
    for l, ((dW, db), (eW, eb)) in enumerate(zip(grads, expected), start=1):
        for label, got, exp in ((f"dW{l}", dW, np.array(eW)), (f"db{l}", db, np.array(eb))):
            assert np.shape(got) == exp.shape, (
                f"{call}: {label} forma/shape {np.shape(got)}, esperado/expected {exp.shape}"
            )
            assert np.allclose(got, exp, rtol=RTOL, atol=ATOL), (
                f"{call}: {label} = {got}, esperado/expected {exp}"
            )


def test_gd_step_slides_update():
    # Slides: w_{t+1} = w_t - 0.1 * grad = [0.088, -0.325, -0.112, 0.475, 0.404, 0.705, 0.208]
    # (printed rounded to 3 decimals; exactly [0.0875, -0.3245, -0.1125, 0.475, 0.4035, 0.7049, 0.2081]).
    params = [
        (np.array([[0.1], [-0.1]]), np.array([-0.3, 0.5])),
        (np.array([[0.4, 0.7]]), np.array([0.2])),
    ]
    grads = [
        (np.array([[0.125], [0.125]]), np.array([0.245, 0.250])),
        (np.array([[-0.035, -0.049]]), np.array([-0.081])),
    ]
    new = backprop.gd_step(params, grads, 0.1)
    (W1, b1), (W2, b2) = new
    got = np.array([W1[0, 0], b1[0], W1[1, 0], b1[1], W2[0, 0], W2[0, 1], b2[0]])
    expected = np.array([0.0875, -0.3245, -0.1125, 0.475, 0.4035, 0.7049, 0.2081])
    assert np.allclose(got, expected, rtol=1e-12, atol=1e-12), (
        f"gd_step(alpha=0.1) = {got}, esperado/expected {expected}"
    )
    unchanged = [params[0][0][0, 0], params[0][1][0], params[0][0][1, 0], params[0][1][1],
                 params[1][0][0, 0], params[1][0][0, 1], params[1][1][0]]
    assert unchanged == [0.1, -0.3, -0.1, 0.5, 0.4, 0.7, 0.2], (
        "gd_step modificó params / gd_step modified params "
        "(devuelve arrays nuevos / return new arrays)"
    )
    assert grads[0][1][0] == 0.245 and grads[1][0][0, 1] == -0.049, (
        "gd_step modificó grads / gd_step modified grads"
    )
