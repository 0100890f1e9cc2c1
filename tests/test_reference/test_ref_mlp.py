"""reference.mlp (the oracle of backprop.py): forward/backward against torch.autograd."""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from _refhelpers import DEVICES, FAST, FEW, close, tt
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from reference import mlp
from reference.regression import polynomial_features

TORCH_ACT = {
    "identity": lambda t: t,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": torch.relu,
    "leaky_relu": F.leaky_relu,
    "elu": F.elu,
    "softplus": F.softplus,
    "arctan": torch.atan,
    "softmax": lambda t: torch.softmax(t, dim=1),
}
HIDDEN = ["sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus", "arctan", "identity"]
OUTPUT = ["identity", "sigmoid", "softmax", "relu"]


def _torch_forward(X, params, activation, output_activation, device):
    """The same net written with torch, parameters as leaves so autograd gives their grads."""
    leaves = [(tt(W, device, grad=True), tt(b, device, grad=True)) for W, b in params]
    a = tt(X, device)
    for i, (W, b) in enumerate(leaves):
        z = F.linear(a, W, b)
        a = TORCH_ACT[output_activation if i == len(leaves) - 1 else activation](z)
    return a, leaves


# --- parameter count --------------------------------------------------------------------------
def test_course_parameter_counts():
    assert mlp.count_parameters([2, 100, 100, 100, 1]) == 20601  # the slides' net
    # The slides' logistic models on 2 inputs: plain (3), degree-2 (6) and degree-4 (15)
    # polynomial features, each a single sigmoid unit: N = 1·(d + 1).
    X = np.zeros((1, 2))
    counts = [mlp.count_parameters([polynomial_features(X, k).shape[1], 1]) for k in (1, 2, 4)]
    assert counts == [3, 6, 15]
    assert counts == [math.comb(2 + k, k) for k in (1, 2, 4)]  # monomials of degree <= k


@FAST
@given(sizes=st.lists(st.integers(1, 30), min_size=2, max_size=6))
def test_count_parameters_matches_torch(sizes):
    layers = [torch.nn.Linear(i, o) for i, o in zip(sizes[:-1], sizes[1:])]
    expected = sum(p.numel() for layer in layers for p in layer.parameters())
    assert mlp.count_parameters(sizes) == expected
    params = mlp.init_params(sizes)
    assert sum(W.size + b.size for W, b in params) == expected


def test_init_params_contract():
    params = mlp.init_params([3, 5, 2], seed=1)
    assert isinstance(params, list) and all(isinstance(p, tuple) for p in params)
    assert [(W.shape, b.shape) for W, b in params] == [((5, 3), (5,)), ((2, 5), (2,))]
    for (W, b), fan_in in zip(params, (3, 5)):
        bound = 1 / math.sqrt(fan_in)  # torch.nn.Linear's default range
        assert np.abs(W).max() <= bound and np.abs(b).max() <= bound
        assert W.dtype == np.float64
    again = mlp.init_params([3, 5, 2], seed=1)
    other = mlp.init_params([3, 5, 2], seed=2)
    assert all(np.array_equal(a[0], b[0]) for a, b in zip(params, again))
    assert not np.array_equal(params[0][0], other[0][0])
    for bad in ([3], [3, 0, 1], [2, 1.5], [2, True]):
        with pytest.raises(ValueError):
            mlp.count_parameters(bad)


# --- forward and backward against autograd ------------------------------------------------------
@st.composite
def nets(draw):
    sizes = draw(st.lists(st.integers(1, 5), min_size=2, max_size=5))
    n = draw(st.integers(1, 6))
    X = draw(hnp.arrays(np.float64, (n, sizes[0]), elements=st.floats(-3, 3)))
    params = mlp.init_params(sizes, seed=draw(st.integers(0, 2**16)))
    scale = draw(st.sampled_from([1.0, 3.0]))
    params = [(W * scale, b * scale) for W, b in params]
    y = draw(hnp.arrays(np.float64, (n, sizes[-1]), elements=st.floats(-2, 2)))
    return X, params, y


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("output_activation", OUTPUT)
@pytest.mark.parametrize("activation", HIDDEN)
@FEW
@given(net=nets())
def test_forward_and_backward_match_autograd(activation, output_activation, device, net):
    X, params, y = net
    y_hat, cache = mlp.forward(X, params, activation, output_activation)
    expected, leaves = _torch_forward(X, params, activation, output_activation, device)
    close(y_hat, expected, rtol=1e-10, atol=1e-12)
    loss = F.mse_loss(expected, tt(y, device))
    close(mlp.mse_loss(y_hat, y), loss, rtol=1e-10, atol=1e-12)
    grads = mlp.backward(y, cache, params, activation, output_activation)
    torch_grads = torch.autograd.grad(loss, [p for layer in leaves for p in layer])
    assert isinstance(grads, list) and len(grads) == len(params)
    for (dW, db), gW, gb in zip(grads, torch_grads[0::2], torch_grads[1::2]):
        assert isinstance((dW, db), tuple)
        close(dW, gW, rtol=1e-8, atol=1e-12)
        close(db, gb, rtol=1e-8, atol=1e-12)


def test_backward_through_relu_kinks_of_the_xor_net():
    # The slides' XOR weights put three hidden pre-activations exactly at 0: relu'(0) = 0 (torch).
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    y = np.array([[0.3], [0.9], [1.2], [-0.1]])
    params = [(np.ones((2, 2)), np.array([0.0, -1.0])), (np.array([[1.0, -2.0]]), np.zeros(1))]
    y_hat, cache = mlp.forward(X, params, "relu", "identity")
    expected, leaves = _torch_forward(X, params, "relu", "identity", "cpu")
    close(y_hat, [[0], [1], [1], [0]], rtol=0, atol=0)
    loss = F.mse_loss(expected, tt(y))
    g = torch.autograd.grad(loss, [p for layer in leaves for p in layer])
    for (dW, db), gW, gb in zip(
        mlp.backward(y, cache, params, "relu", "identity"), g[0::2], g[1::2]
    ):
        close(dW, gW, rtol=1e-12, atol=1e-15)
        close(db, gb, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("device", DEVICES)
@FAST
@given(data=st.data())
def test_dense_layer_matches_torch_linear(device, data):
    n, i, o = (data.draw(st.integers(1, 5)) for _ in range(3))
    X = data.draw(hnp.arrays(np.float64, (n, i), elements=st.floats(-1e4, 1e4)))
    W = data.draw(hnp.arrays(np.float64, (o, i), elements=st.floats(-10, 10)))
    b = data.draw(hnp.arrays(np.float64, (o,), elements=st.floats(-10, 10)))
    dZ = data.draw(hnp.arrays(np.float64, (n, o), elements=st.floats(-10, 10)))
    tX, tW, tb = tt(X, device, grad=True), tt(W, device, grad=True), tt(b, device, grad=True)
    Z = F.linear(tX, tW, tb)
    close(mlp.dense_forward(X, W, b), Z, rtol=1e-10, atol=1e-8)
    expected = torch.autograd.grad(Z, [tX, tW, tb], tt(dZ, device))
    for ours, theirs in zip(mlp.dense_backward(dZ, X, W), expected):
        close(ours, theirs, rtol=1e-10, atol=1e-8)


# --- the update ---------------------------------------------------------------------------------
def test_gd_step_reproduces_the_slides_worked_update():
    # Slides (J. Luque): w_t, ∇J and α = 0.1 give w_{t+1} = [0.088 −0.325 −0.112 0.475 0.404
    # 0.705 0.208] (printed rounded to 3 decimals). Layer 1: 1 input, 2 units; layer 2: 2 -> 1.
    w_t = [0.1, -0.3, -0.1, 0.5, 0.4, 0.7, 0.2]
    grad = [0.125, 0.245, 0.125, 0.250, -0.035, -0.049, -0.081]
    params = [(np.array([[w_t[0]], [w_t[2]]]), np.array([w_t[1], w_t[3]])),
              (np.array([[w_t[4], w_t[5]]]), np.array([w_t[6]]))]  # fmt: skip
    grads = [(np.array([[grad[0]], [grad[2]]]), np.array([grad[1], grad[3]])),
             (np.array([[grad[4], grad[5]]]), np.array([grad[6]]))]  # fmt: skip
    before = [(W.copy(), b.copy()) for W, b in params]
    (W1, b1), (W2, b2) = mlp.gd_step(params, grads, 0.1)
    got = [W1[0, 0], b1[0], W1[1, 0], b1[1], W2[0, 0], W2[0, 1], b2[0]]
    close(got, [0.088, -0.325, -0.112, 0.475, 0.404, 0.705, 0.208], rtol=0, atol=5.1e-4)
    for (W, b), (W0, b0) in zip(params, before):  # inputs untouched
        close(W, W0, rtol=0, atol=0)
        close(b, b0, rtol=0, atol=0)


def test_shape_errors_are_clear():
    params = mlp.init_params([3, 4, 1])
    X = np.zeros((5, 3))
    with pytest.raises(ValueError, match=r"\(out, in\)"):
        mlp.forward(X, [(params[0][0].T, params[0][1]), params[1]])
    y_hat, cache = mlp.forward(X, params)
    assert y_hat.shape == (5, 1)
    with pytest.raises(ValueError, match="same shape"):
        mlp.backward(np.zeros(5), cache, params)  # (n,) against (n, 1)
    with pytest.raises(ValueError, match="same shape"):
        mlp.mse_loss(y_hat, np.zeros(5))
    with pytest.raises(ValueError, match="unknown activation"):
        mlp.forward(X, params, activation="swish")
    with pytest.raises(ValueError, match="layers"):
        mlp.gd_step(params, params[:1], 0.1)


def test_float32_is_kept():
    params = [(W.astype(np.float32), b.astype(np.float32)) for W, b in mlp.init_params([2, 3, 1])]
    X = np.ones((4, 2), np.float32)
    y_hat, cache = mlp.forward(X, params)
    assert y_hat.dtype == np.float32
    grads = mlp.backward(np.zeros((4, 1), np.float32), cache, params)
    assert all(dW.dtype == np.float32 and db.dtype == np.float32 for dW, db in grads)
