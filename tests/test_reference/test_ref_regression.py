"""reference.regression: the riiaa θ0/θ1 rules and logistic regression against torch."""

import itertools

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from _refhelpers import DEVICES, FEW, U64, close, gamma, nn, tt, within
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from reference import regression as R


@st.composite
def line_data(draw):
    m = draw(st.integers(2, 20))
    x = draw(hnp.arrays(np.float64, (m,), elements=st.floats(-3, 3)))
    y = draw(hnp.arrays(np.float64, (m,), elements=st.floats(-5, 5)))
    theta = (draw(st.floats(-2, 2)), draw(st.floats(-2, 2)))
    return x, y, theta


@pytest.mark.parametrize("device", DEVICES)
@FEW
@given(data=line_data())
def test_linear_rules_are_gradient_descent_on_half_mse(device, data):
    x, y, (t0, t1) = data
    th = tt([t0, t1], device, grad=True)
    J = 0.5 * ((th[0] + th[1] * tt(x, device) - tt(y, device)) ** 2).mean()
    (g,) = torch.autograd.grad(J, th)
    close(R.linear_cost(x, y, t0, t1), J, rtol=1e-12, atol=1e-12)
    close(R.linear_gradient(x, y, t0, t1), g, rtol=1e-10, atol=1e-12)
    close(
        R.linear_step(x, y, t0, t1, 0.1), [t0, t1] - 0.1 * g.cpu().numpy(), rtol=1e-12, atol=1e-12
    )


def test_fit_linear_matches_torch_sgd_and_least_squares():
    rng = np.random.default_rng(0)
    x = rng.uniform(-2, 2, 30)
    y = 1.5 - 0.7 * x + rng.normal(0, 0.1, 30)
    th = torch.zeros(2, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([th], lr=0.1)
    for _ in range(300):
        opt.zero_grad()
        (0.5 * ((th[0] + th[1] * tt(x) - tt(y)) ** 2).mean()).backward()
        opt.step()
    fit = R.fit_linear(x, y, alpha=0.1, epochs=300)
    close(fit, th, rtol=1e-10, atol=1e-12)
    slope, intercept = np.polyfit(x, y, 1)  # closed form, independent of GD
    close(fit, [intercept, slope], rtol=1e-6, atol=1e-8)
    assert all(isinstance(v, float) for v in fit)


def test_polynomial_features_by_hand():
    X = np.array([[2.0, 3.0]])
    close(R.polynomial_features(X, 2), [[2, 3, 4, 6, 9]], rtol=0, atol=0)  # x1 x2 x1² x1x2 x2²
    for d, k in itertools.product([1, 2, 3], [1, 2, 4]):
        n_monomials = len([c for c in itertools.product(range(k + 1), repeat=d) if 0 < sum(c) <= k])
        assert R.polynomial_features(np.ones((1, d)), k).shape[1] == n_monomials


@st.composite
def logistic_data(draw):
    m, d = draw(st.integers(2, 12)), draw(st.integers(1, 4))
    X = draw(hnp.arrays(np.float64, (m, d), elements=st.floats(-50, 50)))
    y = draw(hnp.arrays(np.float64, (m,), elements=st.sampled_from([0.0, 1.0])))
    w = draw(hnp.arrays(np.float64, (d,), elements=st.floats(-20, 20)))  # |z| up to ~4000
    return X, y, w, draw(st.floats(-5, 5))


@pytest.mark.parametrize("device", DEVICES)
@FEW
@given(data=logistic_data())
def test_logistic_loss_and_gradient_match_torch(device, data):
    X, y, w, b = data
    tw, tb = tt(w, device, grad=True), tt(b, device, grad=True)
    z = tt(X, device) @ tw + tb
    J = F.binary_cross_entropy_with_logits(z, tt(y, device))
    gw, gb = torch.autograd.grad(J, [tw, tb])
    # z = X·w + b is a sum of d + 1 terms with |X·w| up to 1000 each: the two summation orders
    # differ by up to ez = 2γ(d + 1)(|X||w| + |b|) ≈ 4e-12, even where z cancels to ≈ 0.
    ez = 2 * gamma(X.shape[1] + 1) * (np.abs(X) @ np.abs(w) + abs(b))
    # Loss: each term ℓ(z) = ln(1 + e^z) − y·z has |ℓ'(z)| <= ℓ(z) (σ(t) <= ln(1 + e^t)), so ez
    # moves the mean by <= J·max(ez) ≈ 4e-12·J, inside rtol 1e-10.
    close(R.logistic_loss(X, y, w, b), J, rtol=1e-10, atol=1e-12)
    # σ(z): ours e^{-|z|}-based, torch 1/(1 + e^{-z}): each within 8 ulps (R = 32U between the
    # two) plus σ'(z)·ez from z; torch's underflows to 0 once e^{-z} overflows (z < −709.8),
    # where σ < 1e-308: an absolute 1e-300 covers that.
    p = 1 / (1 + np.exp(-np.clip(X @ w + b, -700, 700)))
    e_p = p * (1 - p) * ez + 32 * U64 * p + 1e-300
    within(R.logistic_predict_proba(X, w, b), torch.sigmoid(z), e_p, "σ(z)")
    # The gradient sums r = σ(z) − y over m samples: e_r = e_p + U·|r|, then
    # dw = Xᵀr/m: (|X|ᵀe_r + 2γ(m + 1)|X|ᵀ|r|)/m; db = mean(r) alike. The fixed atol 1e-12 did
    # not cover a cancelled Σ X·r: z's rounding alone moves it by up to |X|·σ'·ez ≈ 5e-11.
    r = p - y
    e_r = e_p + U64 * np.abs(r)
    m = X.shape[0]
    dw, db = R.logistic_gradient(X, y, w, b)
    within(dw, gw, (np.abs(X).T @ e_r + 2 * gamma(m + 1) * np.abs(X).T @ np.abs(r)) / m, "dw")
    within(db, gb, (e_r.sum() + 2 * gamma(m + 1) * np.abs(r).sum()) / m, "db")
    # The class is only defined where both sides see the same sign of z: z beyond its rounding
    # bound, or z computed to the same number (z = 0 exactly gives 1 on both sides).
    z_ours = X @ w + b
    decided = (np.abs(nn(z)) > ez) | (z_ours == nn(z))
    close(R.logistic_predict(X, w, b)[decided], (z >= 0).double()[decided], rtol=0, atol=0)


def test_fit_logistic_matches_torch_sgd_and_separates():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(80, 2))
    score = X @ np.array([2.0, -1.0]) + 0.3
    X, score = X[np.abs(score) > 1.0], score[np.abs(score) > 1.0]  # a clear margin
    y = (score > 0).astype(float)
    tw = torch.zeros(2, dtype=torch.float64, requires_grad=True)
    tb = torch.zeros((), dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([tw, tb], lr=0.5)
    for _ in range(200):
        opt.zero_grad()
        F.binary_cross_entropy_with_logits(tt(X) @ tw + tb, tt(y)).backward()
        opt.step()
    w, b = R.fit_logistic(X, y, lr=0.5, epochs=200)
    close(w, tw, rtol=1e-10, atol=1e-12)
    close(b, tb, rtol=1e-10, atol=1e-12)
    close(R.logistic_predict(X, w, b), y, rtol=0, atol=0)


def test_errors():
    with pytest.raises(ValueError, match="same length"):
        R.linear_cost(np.ones(3), np.ones(4), 0.0, 0.0)
    with pytest.raises(ValueError, match="features"):
        R.logistic_loss(np.ones((3, 2)), np.ones(3), np.ones(3), 0.0)
    with pytest.raises(ValueError, match="y must have shape"):
        R.logistic_gradient(np.ones((3, 2)), np.ones((3, 1)), np.ones(2), 0.0)
    with pytest.raises(ValueError, match="degree"):
        R.polynomial_features(np.ones((1, 2)), 0)
