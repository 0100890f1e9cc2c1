"""reference.linreg (07_linear_regression's oracle): the riiaa θ0/θ1 rules against torch autograd
and torch.optim.SGD, the fit against the closed-form least squares, and the split's contract.

Tolerances: J, its gradient and a step are means of m <= 20 terms whose summation order differs
between NumPy and torch; they agree within 2γ(m)·Σ|terms|/m (see _refhelpers.gamma), bounds
computed from the data below, not hand-picked.
"""

import numpy as np
import pytest
import torch
from _refhelpers import DEVICES, FEW, U64, close, gamma, nn, tt, within
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from reference import linreg as R
from reference.torch_oracles import linreg as T


@st.composite
def line_data(draw):
    m = draw(st.integers(1, 20))
    x = draw(hnp.arrays(np.float64, (m,), elements=st.floats(-3, 3)))
    y = draw(hnp.arrays(np.float64, (m,), elements=st.floats(-5, 5)))
    theta = (draw(st.floats(-2, 2)), draw(st.floats(-2, 2)))
    return x, y, theta


def _bounds(x, y, t0, t1):
    """Rounding bounds of J and (∂J/∂θ0, ∂J/∂θ1) between two summation orders: the residual
    r = θ0 + θ1x − y costs 3 roundings of |θ0| + |θ1x| + |y|, each mean γ(m + 1) of Σ|terms|/m."""
    m = x.size
    a = abs(t0) + abs(t1 * x) + np.abs(y)
    r = np.abs(t0 + t1 * x - y)
    e_r = 3 * U64 * a
    g = 2 * gamma(m + 2)
    e_J = (np.sum(r * e_r) + g * np.sum(r * r)) / m
    e_d0 = (np.sum(e_r) + g * np.sum(r)) / m
    e_d1 = (np.sum(e_r * np.abs(x)) + g * np.sum(r * np.abs(x))) / m
    return e_J + 1e-300, np.array([e_d0, e_d1]) + 1e-300


@pytest.mark.parametrize("device", DEVICES)
@FEW
@given(data=line_data())
def test_cost_gradients_and_step_are_gradient_descent_on_half_mse(device, data):
    x, y, (t0, t1) = data
    th = tt([t0, t1], device, grad=True)
    J = 0.5 * ((th[0] + th[1] * tt(x, device) - tt(y, device)) ** 2).mean()
    (g,) = torch.autograd.grad(J, th)
    e_J, e_g = _bounds(x, y, t0, t1)
    within(R.cost(x, y, t0, t1), J, e_J, "J")
    within(np.array(R.gradients(x, y, t0, t1)), g, e_g, "∂J/∂θ")
    within(np.array(R.gd_step(x, y, t0, t1, 0.1)), np.array([t0, t1]) - 0.1 * nn(g),
           0.1 * e_g + 2 * U64 * (abs(t0) + abs(t1) + 0.1 * np.abs(nn(g))), "step")
    close(R.predict(x, t0, t1), t0 + t1 * tt(x, device), rtol=0, atol=2 * U64 * (abs(t0) + 3 * abs(t1)))
    assert isinstance(R.cost(x, y, t0, t1), float)
    assert all(isinstance(v, float) for v in R.gradients(x, y, t0, t1) + R.gd_step(x, y, t0, t1, 0.1))


@pytest.mark.parametrize("device", DEVICES)
@FEW
@given(data=line_data())
def test_the_torch_oracles_agree_with_the_reference(device, data):
    x, y, (t0, t1) = data
    e_J, e_g = _bounds(x, y, t0, t1)
    within(R.cost(x, y, t0, t1), T.cost((x, y, t0, t1), {}, device), e_J, "cost")
    within(np.array(R.gradients(x, y, t0, t1)), T.gradients((x, y, t0, t1), {}, device), e_g, "gradients")
    within(np.array(R.gd_step(x, y, t0, t1, 0.05)), T.gd_step((x, y, t0, t1, 0.05), {}, device),
           0.05 * e_g + 2 * U64 * (abs(t0) + abs(t1) + 1.0), "gd_step")
    close(R.predict(x, t0, t1), T.predict((x, t0, t1), {}, device), rtol=1e-15, atol=1e-15)


def test_a_simultaneous_step_by_hand_and_the_sequential_slip():
    # x = 1..4, y = 1 + 2x, θ = (0, 0), α = 0.1: the statement's worked example
    x, y = np.array([1.0, 2.0, 3.0, 4.0]), np.array([3.0, 5.0, 7.0, 9.0])
    assert R.cost(x, y, 0.0, 0.0) == 20.5
    assert R.gradients(x, y, 0.0, 0.0) == (-6.0, -17.5)
    close(R.gd_step(x, y, 0.0, 0.0, 0.1), [0.6, 1.75], rtol=1e-15, atol=0)
    close(R.cost(x, y, 0.6, 1.75), 0.564375, rtol=1e-14, atol=0)
    # the sequential update uses the new θ0 for θ1's gradient: 1.6, not 1.75
    close(0.0 - 0.1 * R.gradients(x, y, 0.6, 0.0)[1], 1.6, rtol=1e-14, atol=0)


@pytest.mark.parametrize("device", DEVICES)
def test_fit_matches_torch_sgd_and_least_squares(device):
    rng = np.random.default_rng(0)
    x = rng.uniform(-2, 2, 30)
    y = 1.5 - 0.7 * x + rng.normal(0, 0.1, 30)
    th = torch.zeros(2, dtype=torch.float64, device=device, requires_grad=True)
    opt = torch.optim.SGD([th], lr=0.1)
    history = []
    for _ in range(300):
        opt.zero_grad()
        J = 0.5 * ((th[0] + th[1] * tt(x, device) - tt(y, device)) ** 2).mean()
        history.append(float(J.detach()))
        J.backward()
        opt.step()
    t0, t1, hist = R.fit(x, y, alpha=0.1, epochs=300)
    close([t0, t1], th, rtol=1e-10, atol=1e-12)
    assert hist.shape == (301,) and hist.dtype == np.float64
    close(hist[:-1], history, rtol=1e-10, atol=1e-14)
    assert hist[0] == R.cost(x, y, 0.0, 0.0) and hist[-1] == R.cost(x, y, t0, t1)
    # α = 0.1 < 2/λmax: J never increases, up to rounding once it has converged
    # (J is a mean of m = 30 non-negative terms: relative rounding <= γ(m + 2) per evaluation)
    assert np.all(np.diff(hist) <= 2 * gamma(32) * hist[1:])
    slope, intercept = np.polyfit(x, y, 1)  # closed form, independent of GD
    close([t0, t1], [intercept, slope], rtol=1e-6, atol=1e-8)
    assert isinstance(t0, float) and isinstance(t1, float)
    o0, o1, ohist = T.fit((x, y), {"alpha": 0.1, "epochs": 300}, device)
    close([o0, o1], [t0, t1], rtol=1e-10, atol=1e-12)
    close(ohist, hist, rtol=1e-10, atol=1e-14)


def test_fit_defaults_and_zero_epochs():
    x, y = np.array([0.0, 1.0, 2.0]), np.array([1.0, 3.0, 5.0])
    t0, t1, hist = R.fit(x, y)
    assert hist.shape == (1001,)
    o0, o1, ohist = T.fit((x, y), {}, "cpu")
    close([t0, t1], [o0, o1], rtol=1e-10, atol=1e-12)
    close(hist, ohist, rtol=1e-9, atol=1e-14)
    t0, t1, hist = R.fit(x, y, epochs=0, theta0=0.5, theta1=-1.0)
    assert (t0, t1) == (0.5, -1.0) and hist.tolist() == [R.cost(x, y, 0.5, -1.0)]


def test_float32_and_large_inputs_are_computed_in_float64_without_warnings():
    # strict numerics (conftest): an overflow raises. float32 data whose squares overflow float32.
    x = np.array([1e19, -2e19, 3e19], dtype=np.float32)
    y = np.array([-1e20, 5e19, 0.0], dtype=np.float32)
    x64, y64 = x.astype(np.float64), y.astype(np.float64)
    J = R.cost(x, y, 0.5, 2.0)
    assert np.isfinite(J) and J > 1e39  # > float32 max 3.4e38
    close(J, T.cost((x, y, 0.5, 2.0), {}, "cpu"), rtol=1e-14, atol=0)
    close(R.gradients(x, y, 0.5, 2.0), T.gradients((x64, y64, 0.5, 2.0), {}, "cpu"), rtol=1e-14, atol=0)
    assert R.predict(x, 0.5, 2.0).dtype == np.float32
    assert R.predict(np.array([1, 2]), 0.5, 2.0).dtype == np.float64


@pytest.mark.parametrize("n", [0, 1, 3, 5, 7, 8, 10, 11, 23, 100])
@pytest.mark.parametrize("val,test", [(0.2, 0.2), (0.1, 0.3), (0.0, 0.5), (0.25, 0.25), (0.5, 0.5)])
@pytest.mark.parametrize("seed", [0, 1, 12345])
def test_split_indices_contract(n, val, test, seed):
    tr, va, te = R.split_indices(n, val=val, test=test, seed=seed)
    p = np.random.default_rng(seed).permutation(n)
    assert len(te) == int(n * test) and len(va) == int(n * val)
    assert np.array_equal(np.concatenate([te, va, tr]), p)
    assert np.array_equal(np.sort(np.concatenate([tr, va, te])), np.arange(n))
    again = R.split_indices(n, val=val, test=test, seed=seed)
    assert all(np.array_equal(a, b) for a, b in zip((tr, va, te), again))
    assert all(a.dtype.kind == "i" for a in (tr, va, te))


def test_split_indices_by_hand():
    tr, va, te = R.split_indices(10)  # default_rng(0).permutation(10) = 4 6 2 7 3 5 9 0 8 1
    assert te.tolist() == [4, 6] and va.tolist() == [2, 7] and tr.tolist() == [3, 5, 9, 0, 8, 1]
    tr, va, te = R.split_indices(8)  # 8·0.2 = 1.6 -> 1 each
    assert len(te) == 1 and len(va) == 1 and len(tr) == 6


def test_errors():
    with pytest.raises(ValueError, match="same length"):
        R.cost(np.ones(3), np.ones(4), 0.0, 0.0)
    with pytest.raises(ValueError, match="1-D"):
        R.predict(np.ones((3, 1)), 0.0, 1.0)
    with pytest.raises(TypeError, match="real numeric"):
        R.gradients(np.array(["a"]), np.ones(1), 0.0, 0.0)
    with pytest.raises(ValueError, match="epochs"):
        R.fit(np.ones(2), np.ones(2), epochs=-1)
    with pytest.raises(ValueError, match="val"):
        R.split_indices(10, val=0.7, test=0.7)
