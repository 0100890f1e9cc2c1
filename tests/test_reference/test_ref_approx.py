"""reference.approx against PyTorch (torch.sigmoid, torch.relu) and against np.interp, plus the
slides' worked values (s = 0.4 and 0.6, w = 1000) and the error bound the statement states.

Tolerances come from rounding-error bounds (see _refhelpers.gamma): each σ costs at most 4
roundings of its own value (exp, add, divide, and the rounding of z = w·(x − s), which moves σ by
at most 2u·|z|·σ'(z) ≤ 0.5u), a difference of two σ and the product by h three more, so one
bump differs from torch's by at most 10u·|h|; a sum of n bumps adds 2γ(n + 1)·Σ|terms|.
"""

import math
import warnings

import numpy as np
import pytest
from _refhelpers import DEVICES, FAST, U32, U64, gamma, within
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from reference import approx as R
from reference.torch_oracles import approx as T

U = {np.float64: U64, np.float32: U32}


def _xs(dtype, lo=-2.0, hi=3.0):
    return hnp.arrays(dtype, hnp.array_shapes(min_dims=1, max_dims=3, max_side=6),
                      elements=st.floats(lo, hi, allow_nan=False, width=32))


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@FAST
@given(data=st.data(), s1=st.floats(-1, 1), gap=st.floats(0.01, 1), h=st.floats(-5, 5),
       w=st.sampled_from([1.0, 10.0, 1000.0, 1e5]))
def test_bump_matches_torch(device, dtype, data, s1, gap, h, w):
    x = data.draw(_xs(dtype))
    ours = R.sigmoid_bump(x, s1, s1 + gap, h, w)
    assert ours.dtype == dtype and ours.shape == x.shape
    within(ours, T.COUNTERPARTS["sigmoid_bump"]((x, s1, s1 + gap, h, w), {}, device),
           10 * U[dtype] * abs(h) + 1e-300)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@FAST
@given(data=st.data(), w=st.sampled_from([5.0, 100.0, 1000.0]))
def test_sum_matches_torch(device, dtype, data, w):
    heights = data.draw(hnp.arrays(dtype, st.integers(1, 12),
                                   elements=st.floats(-3, 3, allow_nan=False, width=32)))
    x = data.draw(_xs(dtype, -0.5, 1.5))
    ours = R.sigmoid_sum(heights, x, w)
    assert ours.dtype == dtype and ours.shape == x.shape
    n = len(heights)
    bound = (10 * U[dtype] + 2 * gamma(n + 1, U[dtype])) * float(np.sum(np.abs(heights))) + 1e-300
    within(ours, T.COUNTERPARTS["sigmoid_sum"]((heights, x, w), {}, device), bound)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@FAST
@given(data=st.data())
def test_relu_eval_matches_torch(device, dtype, data):
    k = data.draw(st.integers(1, 8))
    knots = np.sort(data.draw(hnp.arrays(dtype, k + 1, elements=st.floats(-3, 3, width=32),
                                         unique=True)))
    slopes = data.draw(hnp.arrays(dtype, k, elements=st.floats(-4, 4, width=32)))
    b0 = data.draw(st.floats(-2, 2))
    x = data.draw(_xs(dtype, -4, 4))
    ours = R.relu_eval(x, knots, b0, slopes)
    assert ours.dtype == dtype and ours.shape == x.shape
    # each hinge is the same rounded subtraction in both; the Σ of k + 1 terms differs by at most
    # 2γ(k + 2)·(|b0| + Σ|slope·hinge|) in any order
    terms = abs(b0) + np.sum(np.abs(slopes) * np.maximum(x[..., None].astype(np.float64)
                                                         - knots[:k], 0), axis=-1)
    within(ours, T.COUNTERPARTS["relu_eval"]((x, knots, b0, slopes), {}, device),
           2 * gamma(k + 2, U[dtype]) * terms + 1e-300)


@FAST
@given(data=st.data())
def test_relu_approximation_reproduces_np_interp(data):
    k = data.draw(st.integers(2, 10))
    knots = np.sort(data.draw(hnp.arrays(np.float64, k, elements=st.integers(-40, 40).map(
        lambda i: i / 8), unique=True)))
    values = data.draw(hnp.arrays(np.float64, k, elements=st.floats(-5, 5)))
    b0, slopes = R.relu_approximation(knots, values)
    assert slopes.shape == (k - 1,)
    x = np.linspace(knots[0], knots[-1], 101)
    # interp and the hinge sum are two roundings of the same line per segment; the slopes'
    # differences telescope: bound by Σ|slope_i|·spread plus |values|, times a few γ
    m = np.diff(values) / np.diff(knots)
    scale = np.max(np.abs(values)) + np.sum(np.abs(np.diff(m, prepend=0.0))) * (knots[-1] - knots[0])
    within(R.relu_eval(x, knots, b0, slopes), np.interp(x, knots, values),
           (4 * k + 8) * U64 * scale)


def test_slides_worked_values():
    assert R.step_params(0.4) == (1000.0, -400.0)
    assert R.step_params(0.6, w=10.0) == (10.0, -6.0)
    x = np.array([0.4, 0.5, 0.6, 0.0, 1.0])
    within(R.sigmoid_bump(x, 0.4, 0.6, 0.8), [0.4, 0.8, 0.4, 0.0, 0.0], 1e-15)
    assert np.array_equal(R.midpoints(4), [0.125, 0.375, 0.625, 0.875])
    b0, slopes = R.relu_approximation([0.0, 0.4, 0.6, 1.0], [0.0, 1.0, 1.0, 0.0])
    assert b0 == 0.0
    within(slopes, [2.5, -2.5, -2.5], 1e-15)
    assert (R.hidden_units(5, "sigmoid"), R.hidden_units(5, "relu")) == (10, 5)
    with pytest.raises(ValueError):
        R.hidden_units(5, "tanh")
    with pytest.raises(ValueError):
        R.relu_approximation([0.0, 0.5, 0.5], [1.0, 2.0, 3.0])


def test_no_warnings_far_from_the_steps():
    x = np.array([-1e300, -1e4, -1.0, 0.4, 2.0, 1e4, 1e300])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="warn", under="ignore"):
            b = R.sigmoid_bump(x, 0.4, 0.6, 1.0, w=1000.0)
            s = R.sigmoid_sum(np.ones(3), x[1:-1], w=1e6)
    assert np.all(np.isfinite(b)) and np.all(np.isfinite(s))
    within(b, [0, 0, 0, 0.5, 0, 0, 0], 1e-15)


@pytest.mark.parametrize("n", [1, 3, 10, 40])
def test_the_stated_error_bound(n):
    # |g(x) − f(x)| <= max_{t in I_k}|f(t) − f(m_k)| + 2(n + 1)·max|f(m_k)|·e^(−10) for x of
    # interval I_k at distance >= 10/w from every edge j/n
    w = 1000.0
    f = np.sin
    x = np.linspace(0, 1, 20001)
    d = np.min(np.abs(x[:, None] - np.arange(n + 1) / n), axis=1)
    x = x[d >= 10 / w]
    g = R.sigmoid_approximation(lambda t: f(6 * t), n, x, w)
    k = np.minimum((x * n).astype(int), n - 1)
    fine = np.linspace(0, 1, 200001)
    kk = np.minimum((fine * n).astype(int), n - 1)
    var = np.array([np.max(np.abs(f(6 * fine[kk == j]) - f(6 * (j + 0.5) / n))) for j in range(n)])
    tol = 2 * (n + 1) * 1.0 * math.exp(-10)
    assert np.all(np.abs(g - f(6 * x)) <= var[k] + tol + 1e-12)
