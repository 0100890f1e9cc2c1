"""reference.mlp (the oracle of backprop.py): forward/backward against torch.autograd."""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from _refhelpers import DEVICES, FAST, FEW, U64, close, gamma, tt, within
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from reference import mlp
from reference.activations import get_activation
from reference.logreg import n_poly_features

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
    # features without the constant (the bias is the unit's own): n_poly_features − 1
    counts = [mlp.count_parameters([n_poly_features(2, k) - 1, 1]) for k in (1, 2, 4)]
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


# Rounding analysis of the net, for comparing ours with torch (float64, another operation order:
# BLAS blocking, thread count, FMA, other libm). A fixed tolerance cannot cover it: a layer's sum
# of k products is off by up to γ(k + 1)·Σ|a·w| whatever its value, 4 layers of scale-3 weights
# amplify that by up to ~6.7 each, and a cancelled output (|ŷ| ≈ 0) gets no help from rtol. So
# the bounds are propagated through the layers, first order, componentwise (e = bound on
# |ours − torch|, magnitudes from our forward pass):
#   eZ = eA_prev·|W|ᵀ + 2γ(k + 1)(|A_prev||W|ᵀ + |b|)       (k inputs and the bias)
#   eA = sup|f'|·eZ + R·|A| + gap                            (softmax: s ⊙ (eZ + Σ s·eZ) + ...)
#   e_dZ = e_dA·|f'(Z)| + |dA|·(sup|f''|·eZ + R·(|f'(Z)| + 1) + gap' + jump·[|Z| <= eZ])
#   e_dW = e_dZᵀ|A_prev| + |dZ|ᵀ·eA_prev + 2γ(n)|dZ|ᵀ|A_prev|,  e_db, e_dA_prev alike
# with R = 32U for an elementwise function (<= 8 ulps per library), `jump` the step of f' at a
# kink (where Z is within its own rounding of 0, the two sides may take different branches), and
# `gap` torch's softplus threshold: above z = 20 it returns z, ours ln(1 + e^z) = z + e^{-z}
# (a 2e-9 difference in value and derivative, which a rtol of 1e-10 did not allow).
# (sup|f'|, sup|f''|, jump of f' at 0) per activation:
ACT_BOUNDS = {
    "identity": (1.0, 0.0, 0.0),
    "sigmoid": (0.25, 0.0963, 0.0),  # σ'' <= 1/(6√3)
    "tanh": (1.0, 0.7699, 0.0),  # tanh'' <= 4/(3√3)
    "relu": (1.0, 0.0, 1.0),
    "leaky_relu": (1.0, 0.0, 0.99),
    "elu": (1.0, 1.0, 0.0),  # α = 1: f'' = e^z <= 1 for z < 0, f' continuous at 0
    "softplus": (1.0, 0.25, 0.0),  # f'' = σ' <= 1/4
    "arctan": (1.0, 0.6496, 0.0),  # |2z/(1 + z²)²| <= 3√3/8
}
R_ELEMENTWISE = 32 * U64


def _softplus_gap(Z, name):
    """|ours − torch| of softplus and of its derivative: e^{-z} above torch's threshold 20."""
    if name != "softplus":
        return 0.0
    return np.where(Z > 20, np.exp(-np.maximum(Z, 20.0)), 0.0)


def rounding_bounds(X, params, y, cache, names):
    """First-order bounds on |ours − torch| for ŷ, the MSE loss and each (dW, db): see above."""
    A, Z = cache["A"], cache["Z"]
    eA = [np.zeros_like(X)]
    eZ = []
    for l, ((W, b), name) in enumerate(zip(params, names)):
        aW = np.abs(W)
        ez = eA[l] @ aW.T + 2 * gamma(W.shape[1] + 1) * (np.abs(A[l]) @ aW.T + np.abs(b))
        if name == "softmax":
            s = A[l + 1]
            ea = s * (ez + np.sum(s * ez, axis=1, keepdims=True)) + 2 * gamma(s.shape[1] + 3) * s
        else:
            ea = ACT_BOUNDS[name][0] * ez + R_ELEMENTWISE * np.abs(A[l + 1])
            ea = ea + _softplus_gap(Z[l], name)
        eZ.append(ez)
        eA.append(ea)
    r = A[-1] - y
    n_out = y.size
    e_loss = np.mean(2 * np.abs(r) * eA[-1]) + 2 * gamma(n_out + 3) * np.mean(r * r)
    dA = 2 * r / n_out
    e_dA = 2 * eA[-1] / n_out + 2 * gamma(3) * np.abs(dA)
    e_grads = []
    for l in range(len(params) - 1, -1, -1):
        W, name = params[l][0], names[l]
        if name == "softmax":
            s, es = A[l + 1], eA[l + 1]
            t = dA - np.sum(dA * s, axis=1, keepdims=True)
            et = e_dA + np.sum(e_dA * s + np.abs(dA) * es, axis=1, keepdims=True)
            dZ = s * t
            mag = s * (np.abs(dA) + np.sum(np.abs(dA) * s, axis=1, keepdims=True))
            e_dZ = es * np.abs(t) + s * et + 2 * gamma(s.shape[1] + 3) * mag
        else:
            _, d2, jump = ACT_BOUNDS[name]
            fp = get_activation(name)[1](Z[l])
            e_fp = (d2 * eZ[l] + R_ELEMENTWISE * (np.abs(fp) + 1) + _softplus_gap(Z[l], name)
                    + jump * (np.abs(Z[l]) <= eZ[l]))  # fmt: skip
            dZ = dA * fp
            e_dZ = e_dA * np.abs(fp) + np.abs(dA) * e_fp
        aZ, aA, g = np.abs(dZ), np.abs(A[l]), 2 * gamma(dZ.shape[0])
        e_grads.append((e_dZ.T @ aA + aZ.T @ eA[l] + g * aZ.T @ aA,
                        e_dZ.sum(axis=0) + g * aZ.sum(axis=0)))  # fmt: skip
        e_dA = e_dZ @ np.abs(W) + 2 * gamma(W.shape[0]) * aZ @ np.abs(W)
        dA = dZ @ W
    return eA[-1], e_loss, e_grads[::-1]


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("output_activation", OUTPUT)
@pytest.mark.parametrize("activation", HIDDEN)
@FEW
@given(net=nets())
def test_forward_and_backward_match_autograd(activation, output_activation, device, net):
    X, params, y = net
    y_hat, cache = mlp.forward(X, params, activation, output_activation)
    expected, leaves = _torch_forward(X, params, activation, output_activation, device)
    names = [activation] * (len(params) - 1) + [output_activation]
    e_y, e_loss, e_grads = rounding_bounds(X, params, y, cache, names)
    within(y_hat, expected, e_y, "ŷ")
    loss = F.mse_loss(expected, tt(y, device))
    within(mlp.mse_loss(y_hat, y), loss, e_loss, "loss")
    grads = mlp.backward(y, cache, params, activation, output_activation)
    torch_grads = torch.autograd.grad(loss, [p for layer in leaves for p in layer])
    assert isinstance(grads, list) and len(grads) == len(params)
    for l, ((dW, db), gW, gb, (e_W, e_b)) in enumerate(
        zip(grads, torch_grads[0::2], torch_grads[1::2], e_grads, strict=True), start=1
    ):
        assert isinstance((dW, db), tuple)
        within(dW, gW, e_W, f"dW[{l}]")
        within(db, gb, e_b, f"db[{l}]")


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
