"""reference.regularization against PyTorch: penalties and their autograd gradients, the backward
pass of dropout as autograd of out = a·mask/(1 − p), and dropout's statistics against
torch.nn.functional.dropout (the masks differ: each library draws its own); early stopping
against an independent formulation and hand-made curves.

Tolerances come from rounding-error bounds (see _refhelpers.gamma), the statistical bounds from
Hoeffding's inequality (a correct implementation fails one with probability < 1e-11).
"""

import math

import numpy as np
import pytest
import torch.nn.functional as F
from _refhelpers import DEVICES, FAST, FEW, U32, U64, gamma, nn, tt, within
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from reference import regularization as R
from reference.torch_oracles import regularization as T

LAMS = st.sampled_from([0.0, 1e-3, 0.1, 0.5, 2.0])
U = {np.float64: U64, np.float32: U32}


def _matrices(dtype=np.float64, min_value=-1e3, max_value=1e3):
    return hnp.arrays(dtype, hnp.array_shapes(min_dims=1, max_dims=3, max_side=6),
                      elements=st.floats(min_value, max_value, allow_nan=False, width=32))


# --- penalties ---------------------------------------------------------------------------------
@pytest.mark.parametrize("device", DEVICES)
@FAST
@given(weights=st.lists(_matrices(), min_size=1, max_size=4), lam=LAMS)
def test_penalties_match_torch(device, weights, lam):
    # Σ of n non-negative terms (squares: one more rounding each), then × λ: in any order the two
    # sums differ by at most 2·γ(n + 1)·Σ terms, and the product adds one rounding to each.
    n = sum(W.size for W in weights)
    for ours, theirs, terms in (
        (R.l2_penalty(weights, lam), T.COUNTERPARTS["l2_penalty"]((weights, lam), {}, device),
         sum(float(np.sum(W.astype(np.float64) ** 2)) for W in weights)),
        (R.l1_penalty(weights, lam), T.COUNTERPARTS["l1_penalty"]((weights, lam), {}, device),
         sum(float(np.sum(np.abs(W.astype(np.float64)))) for W in weights)),
    ):
        assert isinstance(ours, float)
        within(ours, theirs, 2 * gamma(n + 2) * lam * terms)


def test_penalty_worked_example():
    weights = [np.array([[1.0, -2.0], [3.0, -4.0]]), np.array([[0.5], [-1.0]])]
    assert R.l2_penalty(weights, 0.1) == pytest.approx(3.125, rel=1e-15)
    assert R.l1_penalty(weights, 0.1) == pytest.approx(1.15, rel=1e-15)
    assert R.l2_penalty([np.array([3.0, 4.0])], 1.0) == 25.0  # ‖w‖², not ‖w‖ = 5


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@FAST
@given(data=st.data(), lam=LAMS)
def test_gradients_match_autograd(device, dtype, data, lam):
    W = data.draw(_matrices(dtype))
    u = U[dtype]
    # l2: autograd gives (2W)·λ, ours (2λ)·W: one rounding each of the exact 2λW (2W and 2λ are
    # exact or one rounding), so they differ by at most 3u·|2λW|
    g2 = R.l2_grad(W, lam)
    assert g2.dtype == dtype
    within(g2, T.COUNTERPARTS["l2_grad"]((W, lam), {}, device), 3 * u * np.abs(2 * lam * W.astype(np.float64)))
    # l1: λ·sign(W) exactly; autograd's |·| gives sign(0) = 0 at 0, inside [−λ, λ]
    g1 = R.l1_grad(W, lam)
    assert g1.dtype == dtype
    theirs = T.COUNTERPARTS["l1_grad"]((W, lam), {}, device)
    within(g1, theirs, u * lam)
    assert np.all(np.abs(g1[W == 0]) <= lam)


def test_l1_grad_at_zero_is_a_subgradient():
    W = np.array([0.0, -0.0, 1e-300, -1e-300])
    assert np.array_equal(R.l1_grad(W, 0.5), [0.0, 0.0, 0.5, -0.5])


# --- dropout backward --------------------------------------------------------------------------
@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@FAST
@given(data=st.data(), p=st.sampled_from([0.0, 0.1, 0.5, 0.75, 0.999]))
def test_dropout_backward_matches_autograd(device, dtype, data, p):
    dout = data.draw(_matrices(dtype))
    mask = data.draw(hnp.arrays(dtype, dout.shape, elements=st.sampled_from([0.0, 1.0])))
    ours = R.dropout_backward(dout, mask, p)
    assert ours.dtype == dtype
    # autograd of a·m/(1 − p): (dout/(1 − p))·m; ours (dout·m)/(1 − p); m is 0 or 1, so both are
    # dout/(1 − p) rounded once, with 1 − p rounded in the dtype: ≤ 3u relative
    theirs = T.COUNTERPARTS["dropout_backward"]((dout, mask, p), {}, device)
    within(ours, theirs, 3 * U[dtype] * np.abs(dout.astype(np.float64)) / (1 - p))


# --- dropout: the same statistics as torch.nn.functional.dropout --------------------------------
DELTA = 1e-11


def _slack(n: int, width_sq_sum: float) -> float:
    """Hoeffding: |Σ X − E Σ X| < s with probability ≥ 1 − DELTA (independent X_i of ranges w_i)."""
    return math.sqrt(math.log(2 / DELTA) * width_sq_sum / 2) / n


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("p", [0.1, 0.5, 0.8])
def test_dropout_statistics_match_torch(device, p):
    a = 0.5 + 1.5 * ((np.arange(4000.0) * 0.618034) % 1.0).reshape(40, 100)
    seeds = range(8)
    n = a.size * len(seeds)
    ours_kept = theirs_kept = 0.0
    ours_sum = theirs_sum = 0.0
    for seed in seeds:
        out, mask = R.dropout(a, p, seed=seed)
        t_out, t_mask = T.dropout_statistics(a, p, seed, device)
        for o, m in ((out, mask), (t_out, t_mask)):
            # kept units are a/(1 − p) (torch: a·fl(1/(1 − p)), ≤ 3u apart), dropped ones 0
            within(o[m == 1], a[m == 1] / (1 - p), 3 * U64 * a[m == 1] / (1 - p), "kept values")
            assert np.all(o[m == 0] == 0)
        assert set(np.unique(mask)) <= {0.0, 1.0}
        ours_kept += mask.sum()
        theirs_kept += t_mask.sum()
        ours_sum += out.sum()
        theirs_sum += t_out.sum()
    rate_slack = _slack(n, n)
    mean_slack = _slack(n, len(seeds) * float(np.sum((a / (1 - p)) ** 2)))
    for kept, total in ((ours_kept, ours_sum), (theirs_kept, theirs_sum)):
        assert abs(kept / n - (1 - p)) <= rate_slack
        assert abs(total / n - a.mean()) <= mean_slack


@pytest.mark.parametrize("device", DEVICES)
def test_dropout_at_evaluation_is_torchs_identity(device):
    a = np.array([[1.0, -2.0, 3.0], [0.5, 4.0, -1.5]])
    out, mask = R.dropout(a, 0.5, training=False)
    theirs = nn(F.dropout(tt(a, device), p=0.5, training=False))
    assert np.array_equal(out, theirs) and np.array_equal(mask, np.ones_like(a))
    assert out is not a


def test_dropout_contract():
    a = np.arange(12.0).reshape(3, 4)
    out, mask = R.dropout(a, 0.0, seed=4)
    assert np.array_equal(out, a) and np.array_equal(mask, np.ones_like(a))
    assert np.array_equal(R.dropout(a, 0.5)[1], R.dropout(a, 0.5, seed=0)[1])  # defaults
    assert not np.array_equal(R.dropout(a, 0.5, seed=1)[1], R.dropout(a, 0.5, seed=2)[1])
    a32 = a.astype(np.float32)
    assert all(x.dtype == np.float32 for x in R.dropout(a32, 0.3, seed=1))
    for p in (1.0, -0.1, 1.5):
        for training in (True, False):
            with pytest.raises(ValueError):
                R.dropout(a, p, training=training)
    before = a.copy()
    R.dropout(a, 0.5, seed=3)
    assert np.array_equal(a, before)


def test_dropout_mask_is_keep_with_probability_one_minus_p():
    # torch.nn.Dropout(p) zeroes with probability p: at p = 0.9 about 10 % survive, in both
    a = np.ones((100, 100))
    _, mask = R.dropout(a, 0.9, seed=0)
    t_out, _ = T.dropout_statistics(a, 0.9, 0)
    for rate in (mask.mean(), (t_out != 0).mean()):
        assert abs(rate - 0.1) <= _slack(a.size, a.size)


# --- early stopping ----------------------------------------------------------------------------
def _independent(losses, patience=5, min_delta=0.0):
    """Another formulation: the chain of improving epochs j0 = 0 < j1 < ..., each the first epoch
    below the previous one's loss minus min_delta; training stops patience epochs after the first
    link whose successor is more than patience epochs away (or never comes)."""
    n, j = len(losses), 0
    while True:
        nxt = next((k for k in range(j + 1, n) if losses[k] < losses[j] - min_delta), None)
        gap_end = n - 1 if nxt is None else nxt - 1  # the last epoch without improvement after j
        if gap_end - j >= patience:
            return j, j + patience
        if nxt is None:
            return j, n - 1
        j = nxt


@FAST
@given(losses=st.lists(st.integers(0, 32).map(lambda k: k / 8), min_size=1, max_size=30),
       patience=st.integers(1, 7), min_delta=st.sampled_from([0.0, 0.125, 0.5, 1.0]))
def test_early_stopping_matches_an_independent_formulation(losses, patience, min_delta):
    best, stop = R.early_stopping(losses, patience, min_delta)
    assert (best, stop) == _independent(losses, patience, min_delta)
    assert best <= stop < len(losses)
    if stop < len(losses) - 1:
        assert stop == best + patience


@pytest.mark.parametrize(("losses", "kw", "expected"), [
    ([1.0, 0.75, 0.625, 0.5, 0.5625, 0.53125, 0.515625, 0.546875, 0.5625, 0.625, 0.75], {}, (3, 8)),
    ([1.0, 0.5, 0.5, 0.5, 0.25], {"patience": 2}, (1, 3)),
    ([2.0, 1.875, 1.8125, 1.75, 1.0], {"patience": 3, "min_delta": 0.25}, (0, 3)),
    ([2.0, 1.5, 1.375, 1.25, 1.125, 1.0, 1.0, 1.0, 1.0, 1.0], {"min_delta": 0.25}, (4, 9)),
    ([3.0, 2.0, 2.5, 1.0], {"patience": 1}, (1, 2)),
    ([5.0, 4.0, 3.0, 2.0, 1.0], {}, (4, 4)),
    ([1.0, 2.0, 3.0], {}, (0, 2)),
    ([1.0, 1.125, 1.25, 0.875, 1.0, 1.125, 1.25, 1.375], {"patience": 3}, (3, 6)),
    ([0.5], {"patience": 1}, (0, 0)),
])
def test_early_stopping_hand_made_curves(losses, kw, expected):
    assert R.early_stopping(losses, **kw) == expected
    assert R.early_stopping(np.array(losses), **kw) == expected


@FEW
@given(st.lists(st.floats(0, 10), min_size=1, max_size=10))
def test_early_stopping_does_not_modify_its_input(losses):
    arr = np.array(losses)
    before = arr.copy()
    R.early_stopping(arr, 2)
    assert np.array_equal(arr, before)
