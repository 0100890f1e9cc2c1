"""reference.logreg (assignment 08) against torch: σ(Xw + b), the class, the clipped binary
cross-entropy (F.binary_cross_entropy), its gradient (autograd of F.binary_cross_entropy_with_logits),
gradient descent (torch.optim.SGD); the feature counts against an independent enumeration."""

import itertools
import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from _refhelpers import DEVICES, FEW, U64, close, gamma, nn, tt, within
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from reference import logreg as R
from reference.torch_oracles import logreg as T


@st.composite
def logistic_data(draw):
    m, d = draw(st.integers(2, 12)), draw(st.integers(1, 4))
    X = draw(hnp.arrays(np.float64, (m, d), elements=st.floats(-50, 50)))
    y = draw(hnp.arrays(np.float64, (m,), elements=st.sampled_from([0.0, 1.0])))
    w = draw(hnp.arrays(np.float64, (d,), elements=st.floats(-20, 20)))  # |z| up to ~4000
    return X, y, w, draw(st.floats(-5, 5))


def _z_bound(X, w, b):
    """z = X·w + b is a sum of d + 1 terms: two summation orders differ by up to
    2γ(d + 1)(|X||w| + |b|), even where z cancels to ≈ 0."""
    return 2 * gamma(X.shape[1] + 1) * (np.abs(X) @ np.abs(w) + abs(b))


@pytest.mark.parametrize("device", DEVICES)
@FEW
@given(data=logistic_data())
def test_proba_loss_and_gradients_match_torch(device, data):
    X, y, w, b = data
    tw, tb = tt(w, device, grad=True), tt(b, device, grad=True)
    z = tt(X, device) @ tw + tb
    J = F.binary_cross_entropy_with_logits(z, tt(y, device))
    gw, gb = torch.autograd.grad(J, [tw, tb])
    ez = _z_bound(X, w, b)
    # σ(z): ours e^{-|z|}-based, torch 1/(1 + e^{-z}): each within 8 ulps (32U between the two)
    # plus σ'(z)·ez from z; torch's underflows to 0 once e^{-z} overflows (z < −709.8), where
    # σ < 1e-308: an absolute 1e-300 covers that.
    p = 1 / (1 + np.exp(-np.clip(X @ w + b, -700, 700)))
    e_p = p * (1 - p) * ez + 32 * U64 * p + 1e-300
    within(R.predict_proba(X, w, b), torch.sigmoid(z), e_p, "σ(z)")
    # The gradient sums r = σ(z) − y over m samples: e_r = e_p + U·|r|, then dw = Xᵀr/m:
    # (|X|ᵀe_r + 2γ(m + 1)|X|ᵀ|r|)/m; db = mean(r) alike.
    r = p - y
    e_r = e_p + U64 * np.abs(r)
    m = X.shape[0]
    dw, db = R.gradients(X, y, w, b)
    assert isinstance(db, float)
    within(dw, gw, (np.abs(X).T @ e_r + 2 * gamma(m + 1) * np.abs(X).T @ np.abs(r)) / m, "dw")
    within(db, gb, (e_r.sum() + 2 * gamma(m + 1) * np.abs(r).sum()) / m, "db")
    # The class is p >= threshold (not z >= 0: σ(−1e-259) rounds to 0.5, class 1). It is only
    # defined where both sides see the same side of the threshold: p beyond its rounding bound
    # from it, or p computed to the same number.
    for threshold in (0.5, 0.25, 0.9):
        tp = torch.sigmoid(z)
        decided = (np.abs(nn(tp) - threshold) > e_p) | (R.predict_proba(X, w, b) == nn(tp))
        got = R.predict(X, w, b, threshold=threshold)
        assert got.dtype == np.int64
        close(got[decided], (tp >= threshold).long()[decided], rtol=0, atol=0)


@pytest.mark.parametrize("device", DEVICES)
@FEW
@given(m=st.integers(1, 10), data=st.data())
def test_bce_loss_matches_torch_binary_cross_entropy(device, m, data):
    # p anywhere in [0, 1], exact 0 and 1 included; eps the default or another value
    p = data.draw(hnp.arrays(np.float64, (m,), elements=st.one_of(
        st.sampled_from([0.0, 1.0, 0.5, 1e-15, 1 - 1e-15]), st.floats(0, 1))))
    y = data.draw(hnp.arrays(np.float64, (m,), elements=st.sampled_from([0.0, 1.0])))
    kw = data.draw(st.sampled_from([{}, {"eps": 1e-6}, {"eps": 0.05}]))
    eps = kw.get("eps", 1e-12)
    tp = tt(p, device, grad=True)
    J = F.binary_cross_entropy(tp.clamp(eps, 1 - eps), tt(y, device))
    ours = R.bce_loss(p, y, **kw)
    assert isinstance(ours, float) and math.isfinite(ours)
    # each term is a log of a number in [eps, 1 − eps], |ln| <= 27.7: ours uses log1p(−p),
    # torch log(1 − p), both within a few ulps of the exact log of the same clipped p
    # (1 − p is exact for p >= 1/2 and within U·1 of it below): 8U·(|J| + 1) covers the mean.
    close(ours, J, rtol=8 * U64, atol=8 * U64 * (abs(float(nn(J))) + 1))
    # the counterpart the hidden tests record is the same torch call
    close(T.bce_loss((p, y), kw, device), J, rtol=0, atol=0)
    # The loss' gradient in p is autograd's (p − y)/(p(1 − p))/m inside [eps, 1 − eps], 0 outside:
    # only the values are graded, but the clipping is where autograd says it is.
    (gp,) = torch.autograd.grad(J, [tp])
    inside = (p > eps) & (p < 1 - eps)
    assert np.all(nn(gp)[~inside] == 0)


def test_bce_loss_worked_numbers_and_clipping():
    close(R.bce_loss(np.full(4, 0.5), np.array([1.0, 0.0, 0.0, 1.0])), math.log(2), rtol=1e-15,
          atol=0)
    # p = 0 or 1: the two right answers ≈ 0, the two wrong ones −ln(eps) each (1 − (1 − eps) is
    # eps up to the rounding of 1 − eps: 2.2e-5 relative for eps = 1e-12)
    got = R.bce_loss(np.array([0.0, 1.0, 0.0, 1.0]), np.array([0.0, 1.0, 1.0, 0.0]))
    close(got, -math.log(1e-12) / 2, rtol=1e-6, atol=0)
    assert math.isfinite(R.bce_loss(np.array([1.0]), np.array([0.0]), eps=1e-15))


@pytest.mark.parametrize("device", DEVICES)
def test_fit_matches_torch_sgd_and_separates(device):
    rng = np.random.default_rng(1)
    X = rng.normal(size=(80, 2))
    score = X @ np.array([2.0, -1.0]) + 0.3
    X, score = X[np.abs(score) > 1.0], score[np.abs(score) > 1.0]  # a clear margin
    y = (score > 0).astype(float)
    w, b = R.fit(X, y, lr=0.5, epochs=200)
    tw, tb = T.fit((X, y), {"lr": 0.5, "epochs": 200}, device)
    close(w, tw, rtol=1e-10, atol=1e-12)
    close(b, tb, rtol=1e-10, atol=1e-12)
    assert isinstance(b, float)
    close(R.predict(X, w, b), y, rtol=0, atol=0)


def test_fit_start_and_the_worked_example():
    X = np.array([[97.17, 26.6], [44.67, 32.3], [46.64, 26.7], [33.84, 23.7], [79.35, 27.0]])
    y = np.array([1.0, 0.0, 0.0, 0.0, 1.0])
    w, b = R.fit(X, y, epochs=0)
    assert np.array_equal(w, [0.0, 0.0]) and b == 0.0
    dw, db = R.gradients(X, y, np.zeros(2), 0.0)
    close(dw, [-5.137, 2.91], rtol=1e-13, atol=0)
    close(db, 0.1, rtol=1e-13, atol=0)
    w, b = R.fit(X, y, epochs=1)
    close(w, [0.5137, -0.291], rtol=1e-13, atol=0)
    close(b, -0.01, rtol=1e-13, atol=0)
    # the defaults: lr = 0.1, epochs = 1000, against torch.optim.SGD
    close(R.fit(X / 100, y)[0], T.fit((X / 100, y), {}, "cpu")[0], rtol=1e-10, atol=1e-12)
    p = R.predict_proba(X, np.array([0.2, 0.0]), -12.0)
    close(R.predict(X, np.array([0.2, 0.0]), -12.0), y, rtol=0, atol=0)
    close(R.bce_loss(p, y), 0.027789381080196733, rtol=1e-12, atol=0)


def test_counterparts_agree_with_the_reference_on_cpu():
    rng = np.random.default_rng(3)
    X, w, b = rng.normal(size=(6, 3)), rng.normal(size=3), 0.25
    y = (rng.random(6) > 0.5).astype(float)
    close(T.predict_proba((X, w, b), {}, "cpu"), R.predict_proba(X, w, b), rtol=1e-14, atol=1e-15)
    for kw in ({}, {"threshold": 0.3}):
        close(T.predict((X, w, b), kw, "cpu"), R.predict(X, w, b, **kw), rtol=0, atol=0)
    gw, gb = T.gradients((X, y, w, b), {}, "cpu")
    dw, db = R.gradients(X, y, w, b)
    close(dw, gw, rtol=1e-12, atol=1e-14)
    close(db, gb, rtol=1e-12, atol=1e-14)


def test_predict_threshold_is_on_the_probability_and_inclusive():
    X = np.array([[0.0], [1.0], [-1.0], [3.0]])
    close(R.predict(X, np.array([1.0]), 0.0), [1, 1, 0, 1], rtol=0, atol=0)  # σ(0) = 0.5 >= 0.5
    close(R.predict(X, np.array([1.0]), 0.0, threshold=0.8), [0, 0, 0, 1], rtol=0, atol=0)
    close(R.predict(X, np.array([1.0]), 0.0, threshold=0.2), [1, 1, 1, 1], rtol=0, atol=0)


def test_extremes_float32_and_no_mutation():
    # conftest turns every NumPy warning into an error
    col = np.array([[-1e4], [-1e3], [0.0], [1e3], [1e4]])
    close(R.predict_proba(col, np.array([1.0]), 0.0), [0.0, 0.0, 0.5, 1.0, 1.0], rtol=0, atol=0)
    dw, db = R.gradients(col, np.array([0.0, 1.0, 0.0, 1.0, 0.0]), np.array([1.0]), 0.0)
    assert np.isfinite(dw).all() and math.isfinite(db)
    X32, w32 = np.ones((2, 3), dtype=np.float32), np.ones(3, dtype=np.float32)
    assert R.predict_proba(X32, w32, 0.5).dtype == np.float32
    X, y, w, p = np.array([[1.0, 2.0], [3.0, -1.0]]), np.array([1.0, 0.0]), np.array([0.5, 0.5]), \
        np.array([0.0, 1.0])
    copies = [a.copy() for a in (X, y, w, p)]
    R.predict_proba(X, w, 0.0), R.predict(X, w, 0.0), R.gradients(X, y, w, 0.0)
    R.fit(X, y, epochs=3), R.bce_loss(p, y)
    assert all(np.array_equal(a, c) for a, c in zip((X, y, w, p), copies))


def _enumerated(d, k, distinct):
    """Count by listing: multisets of variables (distinct monomials) or tuples (ordered
    products) of 0..k factors."""
    make = itertools.combinations_with_replacement if distinct else (
        lambda v, j: itertools.product(v, repeat=j))
    return sum(1 for j in range(k + 1) for _ in make(range(d), j))


@pytest.mark.parametrize("d, k", [(d, k) for d in (1, 2, 3, 5) for k in (0, 1, 2, 3, 4)])
def test_n_poly_features_by_enumeration(d, k):
    assert R.n_poly_features(d, k) == _enumerated(d, k, True)
    assert R.n_poly_features(d, k, distinct=True) == _enumerated(d, k, True)
    assert R.n_poly_features(d, k, distinct=False) == _enumerated(d, k, False)
    # distinct monomials: exponent vectors with sum <= k, a third way of counting
    assert R.n_poly_features(d, k) == sum(
        1 for a in itertools.product(range(k + 1), repeat=d) if sum(a) <= k)


def test_n_poly_features_slides_and_big_values():
    assert [R.n_poly_features(100, k, distinct=False) for k in range(1, 6)] == [
        101, 10101, 1010101, 101010101, 10101010101]  # slide 002's table
    assert [R.n_poly_features(100, k) for k in (1, 2, 3)] == [101, 5151, 176851]
    assert [R.n_poly_features(2, k) for k in (1, 2, 4)] == [3, 6, 15]  # RegLog, RegLog2, RegLog4
    big = R.n_poly_features(1000, 6, distinct=False)
    assert type(big) is int and big == sum(1000**j for j in range(7)) == 1001001001001001001
    big = R.n_poly_features(190, 10)
    assert type(big) is int and big == math.comb(200, 10) and big > 2**53
    assert R.n_poly_features(1, 7, distinct=False) == R.n_poly_features(1, 7) == 8
    assert R.n_poly_features(9, 0) == R.n_poly_features(9, 0, distinct=False) == 1


def test_errors():
    with pytest.raises(ValueError, match="features"):
        R.predict_proba(np.ones((3, 2)), np.ones(3), 0.0)
    with pytest.raises(ValueError, match="y must have shape"):
        R.gradients(np.ones((3, 2)), np.ones((3, 1)), np.ones(2), 0.0)
    with pytest.raises(ValueError, match="same shape"):
        R.bce_loss(np.ones(3) / 2, np.ones((3, 1)))
    with pytest.raises(ValueError, match="eps"):
        R.bce_loss(np.ones(2) / 2, np.ones(2), eps=1e-300)  # 1 − eps rounds to 1: log(0)
    with pytest.raises(ValueError, match="degree"):
        R.n_poly_features(3, -1)
    with pytest.raises(ValueError, match="d must"):
        R.n_poly_features(0, 2)
    with pytest.raises(ValueError, match="epochs"):
        R.fit(np.ones((2, 1)), np.ones(2), epochs=-1)
