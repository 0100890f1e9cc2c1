"""reference.vanishing against PyTorch: gradient norms against autograd on the same weights
(float64; deep sigmoid networks with norms down to 1e-36 compared relatively), the statement's
chain in closed form, and init_params' draws against the distributions of torch.nn.init
(kaiming_normal_ for "he", torch.nn.Linear's default range for "uniform").

Tolerance: the two computations do the same float64 operations in other orders; each layer adds a
relative error of a few γ(width) (dot products of at most 32 terms), and the norms of the first
layer carry the products of depth <= 40 layers: 1e-11 relative covers 40·3·γ(32)·(a margin of
~30 for the condition of the sums) with room, and is far below the 1e-9 the hidden tests use.
"""

import math

import numpy as np
import pytest
import torch
from _refhelpers import DEVICES, FEW
from hypothesis import given
from hypothesis import strategies as st

from reference import vanishing as R
from reference.torch_oracles import vanishing as T


def _net(depth, width, d_in, n, init, seed):
    rng = np.random.default_rng(seed + 1000)
    params = [(W, rng.uniform(-0.5, 0.5, W.shape[0])) for W, _ in R.init_params(depth, width, d_in, init, seed)]
    return params, rng.uniform(-2, 2, (n, d_in))


@pytest.mark.parametrize("device", DEVICES)
@FEW
@given(depth=st.integers(1, 40), width=st.integers(1, 32), d_in=st.integers(1, 8),
       n=st.integers(1, 8), act=st.sampled_from(["sigmoid", "tanh", "relu"]),
       init=st.sampled_from(["uniform", "he"]), seed=st.integers(0, 10**6))
def test_gradient_norms_match_autograd(device, depth, width, d_in, n, act, init, seed):
    params, X = _net(depth, width, d_in, n, init, seed)
    ours = R.gradient_norms(params, X, act)
    theirs = T.COUNTERPARTS["gradient_norms"]((params, X, act), {}, device)
    assert ours.dtype == np.float64 and ours.shape == (depth,)
    np.testing.assert_allclose(ours, theirs, rtol=1e-11, atol=0)


@pytest.mark.parametrize("device", DEVICES)
def test_deep_sigmoid_vanishes_without_underflow(device):
    params, X = _net(40, 16, 6, 5, "uniform", 3)
    ours = R.gradient_norms(params, X, "sigmoid")
    theirs = T.COUNTERPARTS["gradient_norms"]((params, X, "sigmoid"), {}, device)
    assert 0 < ours[0] < 1e-25
    np.testing.assert_allclose(ours, theirs, rtol=1e-11, atol=0)


def test_the_statements_chain():
    L = 30
    params = [(np.array([[1.0]]), np.array([-1.0]))] + [(np.array([[1.0]]), np.array([-0.5]))] * (L - 1)
    g = R.gradient_norms(params, np.array([[1.0]]), "sigmoid")
    assert g[0] == 0.25 ** L
    assert np.array_equal(g[1:], [0.5 * 0.25 ** (L - l + 1) for l in range(2, L + 1)])


def test_no_warnings_with_huge_preactivations():
    params, X = _net(4, 6, 4, 5, "he", 1)
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        for act in ("sigmoid", "tanh", "relu"):
            assert np.all(np.isfinite(R.gradient_norms(params, X * 1e4, act)))


def test_init_params_matches_torch_init_distributions():
    width, fan_in = 300, 200
    W = R.init_params(2, width, fan_in, "he", seed=0)[1][0]
    ref = torch.empty(width, width, dtype=torch.float64)
    torch.manual_seed(0)
    torch.nn.init.kaiming_normal_(ref, nonlinearity="relu")  # std √(2/fan_in)
    # both: variance 2/fan_in within ±10 % (chi-square Chernoff: P < 1e-20 for 90000 draws)
    for w in (W, ref.numpy()):
        assert abs(np.mean(w ** 2) / (2 / width) - 1) < 0.1
    U = R.init_params(1, width, fan_in, seed=0)[0][0]
    lin = torch.nn.Linear(fan_in, width).weight.detach().numpy()  # U(±1/√fan_in)
    a = 1 / math.sqrt(fan_in)
    for w in (U, lin):
        assert np.abs(w).max() <= a and abs(np.mean(w ** 2) / (a * a / 3) - 1) < 0.05
    assert U.shape == lin.shape == (width, fan_in)


def test_init_params_is_deterministic_and_biases_are_zero():
    p, q = R.init_params(3, 4, 2, seed=5), R.init_params(3, 4, 2, "uniform", 5)
    assert all(np.array_equal(a, c) and np.array_equal(b, d) for (a, b), (c, d) in zip(p, q))
    assert all(not b.any() for _, b in p)
    with pytest.raises(ValueError):
        R.init_params(2, 3, 2, "xavier")
    with pytest.raises(ValueError):
        R.gradient_norms(p, np.ones((1, 2)), "softmax")
