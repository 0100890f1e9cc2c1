"""reference.xor: the slides' hand-set network (seed 004), forward against torch, training."""

import numpy as np
import pytest
import torch
from _refhelpers import DEVICES, FAST, close, gamma, reals, tt, within
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from reference import xor

TRUTH_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
TRUTH_Y = np.array([[0], [1], [1], [0]], dtype=float)


def _torch_net(W1, b1, W2, b2, device="cpu"):
    net = torch.nn.Sequential(
        torch.nn.Linear(W1.shape[1], W1.shape[0]), torch.nn.ReLU(), torch.nn.Linear(W1.shape[0], 1)
    ).to(device=device, dtype=torch.float64)
    with torch.no_grad():
        for p, v in zip(net.parameters(), (W1, b1, W2, b2)):
            p.copy_(tt(v, device))
    return net


def test_slide_weights_and_truth_table():
    W1, b1, W2, b2 = xor.xor_weights()
    close(W1, [[1, 1], [1, 1]], rtol=0, atol=0)
    close(b1, [0, -1], rtol=0, atol=0)
    close(W2, [[1, -2]], rtol=0, atol=0)
    close(b2, [0], rtol=0, atol=0)
    out = xor.forward(TRUTH_X, W1, b1, W2, b2)
    assert out.shape == (4, 1)
    close(out, TRUTH_Y, rtol=0, atol=0)  # 0, 1, 1, 0 exactly, as the slides compute
    # the slides' hidden values for (1, 1): relu(2) = 2, relu(1) = 1 -> 2·1 + 1·(−2) = 0
    close(xor.relu(TRUTH_X @ W1.T + b1)[3], [2, 1], rtol=0, atol=0)
    close(out, _torch_net(W1, b1, W2, b2)(tt(TRUTH_X)), rtol=0, atol=0)


@pytest.mark.parametrize("device", DEVICES)
@FAST
@given(data=st.data())
def test_forward_matches_torch_sequential(device, data):
    n, d, h = (data.draw(st.integers(1, 6)) for _ in range(3))
    draw = lambda shape: data.draw(hnp.arrays(np.float64, shape, elements=reals(-1e3, 1e3)))  # noqa: E731
    X, W1, b1, W2, b2 = draw((n, d)), draw((h, d)), draw((h,)), draw((1, h)), draw((1,))
    expected = _torch_net(W1, b1, W2, b2, device)(tt(X, device))
    # Two sums in another order: the hidden layer's d + 1 terms differ by <= 2γ(d + 1)·H_abs with
    # H_abs = |X||W1|ᵀ + |b1| (relu is 1-Lipschitz, so the same bound holds after it), and the
    # output adds |W2|·that and 2γ(h + 1)·(|relu(H)||W2|ᵀ + |b2|). With entries up to 1e3 the
    # output's magnitudes reach 3.6e10, and for a cancelled output the bound ~1e-4 (atol was 1e-6).
    h_abs = np.abs(X) @ np.abs(W1).T + np.abs(b1)
    e_h = 2 * gamma(d + 1) * h_abs
    hidden = xor.relu(X @ W1.T + b1)
    bound = e_h @ np.abs(W2).T + 2 * gamma(h + 1) * (np.abs(hidden) @ np.abs(W2).T + np.abs(b2))
    within(xor.forward(X, W1, b1, W2, b2), expected, bound, "xor.forward")


def test_gd_loop_matches_torch_sgd():
    # the hand-written backprop inside train_xor against autograd + torch.optim.SGD, 200 steps
    rng = np.random.default_rng(7)
    W1, b1, W2, b2 = rng.normal(size=(3, 2)), np.full(3, 0.1), rng.normal(size=(1, 3)), np.zeros(1)
    net = _torch_net(W1, b1, W2, b2)
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    for _ in range(200):
        opt.zero_grad()
        torch.nn.functional.mse_loss(net(tt(TRUTH_X)), tt(TRUTH_Y)).backward()
        opt.step()
    (ours, _) = xor._gd(W1, b1, W2, b2, lr=0.1, epochs=200)
    # Fixed data. Each step's two updates differ by a few roundings of magnitudes <= ~3
    # (~1e-15); on this path an error at the start is amplified <= 6.4 times by the end, so 200
    # steps stay below ~1e-12, against rtol 1e-9 of parameters >= 0.012 in size.
    for a, p in zip(ours, net.parameters()):
        close(a, p, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("hidden,seed", [(2, 0), (2, 1), (2, 5), (3, 0), (8, 3)])
def test_train_xor_solves_the_truth_table(hidden, seed):
    W1, b1, W2, b2 = xor.train_xor(hidden=hidden, seed=seed)
    assert (W1.shape, b1.shape, W2.shape, b2.shape) == ((hidden, 2), (hidden,), (1, hidden), (1,))
    y_hat = _torch_net(W1, b1, W2, b2)(tt(TRUTH_X)).detach().numpy()
    np.testing.assert_array_equal(y_hat > 0.5, TRUTH_Y > 0.5)
    again = xor.train_xor(hidden=hidden, seed=seed)
    for a, b in zip((W1, b1, W2, b2), again):
        close(a, b, rtol=0, atol=0)  # deterministic for a seed


def test_forward_shape_errors():
    W1, b1, W2, b2 = xor.xor_weights()
    with pytest.raises(ValueError, match="W2"):
        xor.forward(TRUTH_X, W1, b1, W2.T, b2)  # (2, 1) instead of (1, 2)
    with pytest.raises(ValueError, match="X"):
        xor.forward(TRUTH_X[0], W1, b1, W2, b2)
    with pytest.raises(ValueError, match="hidden"):
        xor.train_xor(hidden=0)
    assert (
        xor.forward(
            TRUTH_X.astype(np.float32), *(a.astype(np.float32) for a in (W1, b1, W2, b2))
        ).dtype
        == np.float32
    )
