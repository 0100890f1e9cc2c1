"""reference.softmax_reg (assignment 09) against torch: one-hot labels (F.one_hot), the row softmax
(torch.softmax), the clipped cross-entropy (F.nll_loss of the log of the clamped P), its gradient
(autograd of F.cross_entropy on the logits), gradient descent (torch.optim.SGD from the same start)
and the argmax accuracy; the statement's worked numbers and the digits split."""

from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from _refhelpers import DEVICES, FEW, U32, U64, close, gamma, nn, tt, within
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from reference import softmax_reg as R
from reference.torch_oracles import softmax_reg as T

DIGITS = Path(__file__).resolve().parents[2] / "solutions" / "09_softmax_regression" / "digits.npz"


@st.composite
def labels(draw, k=None):
    k = draw(st.integers(1, 6)) if k is None else k
    m = draw(st.integers(1, 10))
    return np.array(draw(st.lists(st.integers(0, k - 1), min_size=m, max_size=m))), k


@pytest.mark.parametrize("device", DEVICES)
@FEW
@given(yk=labels())
def test_one_hot_matches_torch_one_hot(device, yk):
    y, k = yk
    got = R.one_hot(y, k)
    assert got.dtype == np.float64 and got.shape == (len(y), k)
    close(got, T.one_hot((y, k), {}, device), rtol=0, atol=0)
    close(R.one_hot(y.astype(np.uint8), k), got, rtol=0, atol=0)


def _softmax_bound(Z: np.ndarray, P: np.ndarray, u: float) -> np.ndarray:
    """Both subtract the row maximum, exponentiate and divide by the row sum: z − max is rounded
    by at most u|z − max| (exact by Sterbenz near the maximum), which e^x turns into a relative
    u|z − max|; exp and the division add a few ulps and the k-term sum γ(k). Twice that covers two
    implementations; an absolute 1e-300 (float64) or 1e-37 (float32) covers underflow to 0."""
    shift = np.abs(Z.astype(np.float64) - Z.max(axis=1, keepdims=True))
    k = Z.shape[1]
    tiny = 1e-300 if u == U64 else 1e-37
    return 2 * P * (u * shift + 4 * u + gamma(k, u)) + tiny


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("device", DEVICES)
@FEW
@given(data=st.data())
def test_softmax_matches_torch_softmax(dtype, device, data):
    m, k = data.draw(st.integers(1, 6)), data.draw(st.integers(1, 6))
    Z = data.draw(hnp.arrays(dtype, (m, k), elements=st.one_of(
        st.sampled_from([0.0, 1e4, -1e4, 1e3, -1e3, 50.0]),
        st.floats(-100, 100, width=np.dtype(dtype).itemsize * 8))))
    P = R.softmax(Z)
    assert P.dtype == dtype
    u = U64 if dtype == np.float64 else U32
    within(P, T.softmax((Z,), {}, device), _softmax_bound(Z, P.astype(np.float64), u), "softmax")
    assert np.all(np.abs(P.astype(np.float64).sum(axis=1) - 1) <= 2 * gamma(k + 4, u))


@pytest.mark.parametrize("device", DEVICES)
@FEW
@given(data=st.data())
def test_cross_entropy_matches_torch_nll_loss(device, data):
    m, k = data.draw(st.integers(1, 8)), data.draw(st.integers(2, 5))
    P = data.draw(hnp.arrays(np.float64, (m, k), elements=st.one_of(
        st.sampled_from([0.0, 1.0, 0.5, 1e-15]), st.floats(0, 1))))
    y = np.array(data.draw(st.lists(st.integers(0, k - 1), min_size=m, max_size=m)))
    kw = data.draw(st.sampled_from([{}, {"eps": 1e-6}, {"eps": 0.05}]))
    eps = kw.get("eps", 1e-12)
    Y = R.one_hot(y, k)
    tp = tt(P, device, grad=True)
    J = F.nll_loss(torch.log(tp.clamp(eps, 1.0)), torch.from_numpy(y).to(device))
    ours = R.cross_entropy(P, Y, **kw)
    assert isinstance(ours, float) and np.isfinite(ours)
    # m logarithms of numbers in [eps, 1], each within 1 ulp on either side, summed in any
    # order: (2U·Σ|ln p| + 2γ(m)·Σ|ln p|)/m
    logs = np.abs(np.log(np.clip(P[np.arange(m), y], eps, 1.0)))
    within(ours, J, (2 * U64 + 2 * gamma(m + 1)) * logs.sum() / m + 1e-300, "cross_entropy")
    # the counterpart the hidden tests record is the same torch call
    close(T.cross_entropy((P, Y), kw, device), J, rtol=0, atol=0)
    # clipping: autograd's gradient in P is 0 where P was clamped, as for a constant
    (gp,) = torch.autograd.grad(J, [tp])
    assert np.all(nn(gp)[P < eps] == 0)


def test_cross_entropy_soft_targets_and_worked_numbers():
    close(R.cross_entropy(np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1]]),
                          np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])),
          -(np.log(0.7) + np.log(0.8)) / 2, rtol=4 * U64, atol=0)
    close(R.cross_entropy(np.full((3, 4), 0.25), np.eye(4)[[0, 3, 3]]), np.log(4), rtol=4 * U64,
          atol=0)
    close(R.cross_entropy(np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]),
                          np.array([[0.0, 1.0, 0.0], [0.0, 1.0, 0.0]])), -np.log(1e-12) / 2,
          rtol=4 * U64, atol=0)
    # soft targets (rows of probabilities): the torch counterpart's −Σ Y log P / m
    P, Y = np.array([[0.6, 0.4], [0.2, 0.8]]), np.array([[0.5, 0.5], [0.1, 0.9]])
    close(R.cross_entropy(P, Y), T.cross_entropy((P, Y), {}, "cpu"), rtol=4 * U64, atol=0)


@st.composite
def softmax_data(draw):
    m, d, k = draw(st.integers(1, 10)), draw(st.integers(1, 4)), draw(st.integers(2, 5))
    X = draw(hnp.arrays(np.float64, (m, d), elements=st.floats(-50, 50)))
    W = draw(hnp.arrays(np.float64, (k, d), elements=st.floats(-20, 20)))  # |z| up to ~4000
    b = draw(hnp.arrays(np.float64, (k,), elements=st.floats(-5, 5)))
    y = np.array(draw(st.lists(st.integers(0, k - 1), min_size=m, max_size=m)))
    return X, R.one_hot(y, k), W, b


@pytest.mark.parametrize("device", DEVICES)
@FEW
@given(data=softmax_data())
def test_gradients_match_torch_cross_entropy_autograd(device, data):
    X, Y, W, b = data
    tW, tb = tt(W, device, grad=True), tt(b, device, grad=True)
    J = F.cross_entropy(tt(X, device) @ tW.T + tb, tt(Y, device))
    gW, gb = torch.autograd.grad(J, [tW, tb])
    dW, db = R.gradients(X, Y, W, b)
    assert dW.shape == W.shape and db.shape == b.shape
    close(T.gradients((X, Y, W, b), {}, device)[0], gW, rtol=0, atol=0)
    # z = X·Wᵀ + b: d + 1 terms, two orders differ by 2γ(d + 1)(|X||W|ᵀ + |b|); softmax moves by
    # at most 2·p·max|Δz| from that, plus its own rounding (_softmax_bound). R = P − Y, then
    # dW = RᵀX/m, db = Σ R/m: (e_Rᵀ|X| + 2γ(m + 1)|R|ᵀ|X|)/m.
    Z = X @ W.T + b
    P = R.softmax(Z)
    ez = 2 * gamma(X.shape[1] + 1) * (np.abs(X) @ np.abs(W).T + np.abs(b))
    e_p = 2 * P * ez.max(axis=1, keepdims=True) + _softmax_bound(Z, P, U64)
    Rm = P - Y
    e_r = e_p + U64 * np.abs(Rm)
    m = X.shape[0]
    within(dW, gW, (e_r.T @ np.abs(X) + 2 * gamma(m + 1) * np.abs(Rm).T @ np.abs(X)) / m, "dW")
    within(db, gb, (e_r.sum(axis=0) + 2 * gamma(m + 1) * np.abs(Rm).sum(axis=0)) / m, "db")


def test_gradients_worked_example_and_extreme_logits():
    X, Y = np.array([[1.0, 2.0], [3.0, -1.0]]), np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    dW, db = R.gradients(X, Y, np.zeros((3, 2)), np.zeros(3))
    close(dW, [[1 / 6, -5 / 6], [2 / 3, 1 / 6], [-5 / 6, 2 / 3]], rtol=4 * U64, atol=0)
    close(db, [-1 / 6, 1 / 3, -1 / 6], rtol=4 * U64, atol=0)
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # underflow to 0 is fine
        dW, db = R.gradients(np.array([[1.0], [-1.0]]), np.array([[1.0, 0, 0], [1.0, 0, 0]]),
                             np.array([[1e4], [-1e4], [0.0]]), np.zeros(3))
    close(dW, [[0.5], [-0.5], [0.0]], rtol=0, atol=1e-300)


def _blobs():
    centers = np.array([[2.0, 0.0], [-1.0, 2.0], [-1.0, -2.0]])
    rng = np.random.default_rng(3)
    X = np.repeat(centers, 10, axis=0) + rng.normal(0, 0.4, (30, 2))
    return X, np.repeat(np.arange(3), 10)


@pytest.mark.parametrize("device", DEVICES)
def test_fit_steps_match_torch_sgd(device):
    """Step-forced: from the same (W, b), one reference step and one torch.optim.SGD step differ
    only by lr times the gradients' rounding; checked at every step of a 60-step run."""
    X, y = _blobs()
    k, lr = 3, 0.5
    W, b = R.init_params(k, X.shape[1], seed=0)
    Y = R.one_hot(y, k)
    m = X.shape[0]
    for _ in range(60):
        tW, tb = tt(W, device, grad=True), tt(b, device, grad=True)
        opt = torch.optim.SGD([tW, tb], lr=lr)
        F.cross_entropy(tt(X, device) @ tW.T + tb, torch.from_numpy(y).to(device)).backward()
        opt.step()
        dW, db = R.gradients(X, Y, W, b)
        W1, b1 = W - lr * dW, b - lr * db
        Z = X @ W.T + b
        P = R.softmax(Z)
        ez = 2 * gamma(X.shape[1] + 1) * (np.abs(X) @ np.abs(W).T + np.abs(b))
        e_r = 2 * P * ez.max(axis=1, keepdims=True) + _softmax_bound(Z, P, U64) + U64 * np.abs(P - Y)
        eW = lr * (e_r.T @ np.abs(X) + 2 * gamma(m + 1) * np.abs(P - Y).T @ np.abs(X)) / m
        eb = lr * (e_r.sum(axis=0) + 2 * gamma(m + 1) * np.abs(P - Y).sum(axis=0)) / m
        within(W1, tW, eW + 2 * U64 * (np.abs(W) + lr * np.abs(dW)), "W after one step")
        within(b1, tb, eb + 2 * U64 * (np.abs(b) + lr * np.abs(db)), "b after one step")
        W, b = W1, b1
    assert R.accuracy(W, b, X, y) == 1.0


@pytest.mark.parametrize("device", DEVICES)
def test_fit_free_running_matches_torch_fit(device):
    """Free-running over 100 steps from the same start: gradient descent on this convex loss with
    lr = 0.5 contracts differences, so the per-step rounding (~1e-16) stays far below 1e-9."""
    X, y = _blobs()
    W, b = R.fit(X, y, 3, lr=0.5, epochs=100, seed=2)
    tW, tb = T.fit((X, y, 3), {"lr": 0.5, "epochs": 100, "seed": 2}, device)
    close(W, tW, rtol=0, atol=1e-9)
    close(b, tb, rtol=0, atol=1e-9)


@pytest.mark.parametrize("device", DEVICES)
@FEW
@given(data=softmax_data())
def test_accuracy_matches_torch_argmax(device, data):
    X, Y, W, b = data
    Z = np.sort(X @ W.T + b, axis=1)
    decided = Z[:, -1] - Z[:, -2] > 1e-6 * (1 + np.abs(Z[:, -1]))  # no near tie anywhere
    y = Y.argmax(axis=1)
    ours = R.accuracy(W, b, X, y)
    assert isinstance(ours, float) and 0.0 <= ours <= 1.0
    if decided.all():
        assert ours == T.accuracy((W, b, X, y), {}, device)


def _digits_split():
    with np.load(DIGITS, allow_pickle=False) as data:
        X, y = data["X"] / 16.0, data["y"].astype(np.int64)
    order = np.random.default_rng(0).permutation(len(y))
    return X[order[:1437]], y[order[:1437]], X[order[1437:]], y[order[1437:]]


def test_digits_file_and_the_statements_accuracy():
    with np.load(DIGITS, allow_pickle=False) as data:
        assert data["X"].shape == (1797, 64) and data["X"].dtype == np.uint8
        assert data["y"].shape == (1797,) and int(data["X"].max()) == 16
        assert np.bincount(data["y"]).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    X_train, y_train, X_test, y_test = _digits_split()
    W, b = R.fit(X_train, y_train, 10)
    assert R.accuracy(W, b, X_test, y_test) >= 0.9
    W0, b0 = R.fit(X_train, y_train, 10, epochs=0)
    assert R.accuracy(W0, b0, X_test, y_test) < 0.5  # the start knows nothing
