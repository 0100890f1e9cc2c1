"""reference.perceptron: step/predict against torch, Rosenblatt's rule traced by hand."""

import numpy as np
import pytest
import torch
from _refhelpers import DEVICES, FAST, arrays, close, tt
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from reference import perceptron as P

AND_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
AND_Y = np.array([0, 0, 0, 1], dtype=float)


@FAST
@given(z=arrays())
def test_step_is_heaviside_with_one_at_zero(z):
    t = tt(z)
    close(P.step(z), torch.heaviside(t, torch.ones_like(t)), rtol=0, atol=0)


@pytest.mark.parametrize("device", DEVICES)
@FAST
@given(data=st.data())
def test_predict_matches_torch(device, data):
    n, d = data.draw(st.integers(1, 6)), data.draw(st.integers(1, 4))
    X = data.draw(hnp.arrays(np.float64, (n, d), elements=st.integers(-5, 5).map(float)))
    w = data.draw(hnp.arrays(np.float64, (d,), elements=st.integers(-3, 3).map(float)))
    b = float(data.draw(st.integers(-3, 3)))  # integer data: z is exact, z = 0 happens
    z = tt(X, device) @ tt(w, device) + b
    close(P.predict(X, w, b), torch.heaviside(z, torch.ones_like(z)), rtol=0, atol=0)


def test_train_and_gate_traced_by_hand():
    # Hand trace, lr = 1, zero start, samples in order (z = 0 predicts 1):
    # epoch 1 -> w (1, 1), b 0; epoch 2 -> (2, 1), -1; epoch 3 -> (2, 1), -2;
    # epoch 4 -> (2, 2), -2; epoch 5 -> (2, 1), -3; epoch 6 has no mistake: stop.
    for epochs, (w, b) in [(1, ([1, 1], 0)), (2, ([2, 1], -1)), (3, ([2, 1], -2)),
                           (4, ([2, 2], -2)), (5, ([2, 1], -3)), (100, ([2, 1], -3))]:  # fmt: skip
        w_got, b_got = P.train(AND_X, AND_Y, lr=1.0, epochs=epochs)
        close(w_got, w, rtol=0, atol=0)
        assert b_got == b and isinstance(b_got, float)
    close(P.predict(AND_X, *P.train(AND_X, AND_Y)), AND_Y, rtol=0, atol=0)


def _rosenblatt_torch(X, y, lr, epochs):
    """An independent implementation in torch, written from the slides' rule."""
    X, y = torch.tensor(X), torch.tensor(y)
    w, b = torch.zeros(X.shape[1], dtype=X.dtype), torch.zeros((), dtype=X.dtype)
    for _ in range(epochs):
        clean = True
        for i in range(X.shape[0]):
            err = y[i] - (1.0 if (X[i] @ w + b) >= 0 else 0.0)
            if err != 0:
                w, b, clean = w + lr * err * X[i], b + lr * err, False
        if clean:
            break
    return w.numpy(), float(b)


@FAST
@given(data=st.data())
def test_train_matches_independent_rosenblatt_and_separates(data):
    n, d = data.draw(st.integers(2, 12)), data.draw(st.integers(1, 3))
    X = data.draw(hnp.arrays(np.float64, (n, d), elements=st.integers(-4, 4).map(float)))
    w_true = data.draw(hnp.arrays(np.float64, (d,), elements=st.integers(-2, 2).map(float)))
    b_true = data.draw(st.integers(-2, 2)) + 0.5  # never exactly on the boundary
    y = (X @ w_true + b_true >= 0).astype(float)
    # Dyadic rates only: with integer X every w and b is then a multiple of lr below 2^17·lr and
    # every x·w + b exact, so both implementations agree bit for bit in any summation order. With
    # lr = 0.1 they did not have to: x·w + b = 0 in exact arithmetic rounds to ±1e-17 depending
    # on the order, the two sides can then take different branches, and the runs part.
    lr = data.draw(st.sampled_from([1.0, 0.5, 0.125]))
    w, b = P.train(X, y, lr=lr, epochs=200)
    w_exp, b_exp = _rosenblatt_torch(X, y, lr, 200)
    close(w, w_exp, rtol=0, atol=0)
    close(b, b_exp, rtol=0, atol=0)
    # Separable data and enough epochs: the convergence theorem says the result is clean.
    assume(np.any(w_true != 0))
    close(P.predict(X, w, b), y, rtol=0, atol=0)


def test_dtypes_and_errors():
    X32 = AND_X.astype(np.float32)
    assert P.step(np.float32(0.0)).dtype == np.float32
    assert P.predict(X32, np.ones(2, np.float32), 0.5).dtype == np.float32
    w, _ = P.train(X32, AND_Y)
    assert w.dtype == np.float32
    with pytest.raises(ValueError, match="0 or 1"):
        P.train(AND_X, np.array([-1.0, 1, 1, 1]))
    with pytest.raises(ValueError, match="features"):
        P.predict(AND_X, np.ones(3), 0.0)
    with pytest.raises(ValueError, match="rows"):
        P.train(AND_X, AND_Y[:3])
    X = AND_X.copy()
    P.train(X, AND_Y)
    close(X, AND_X, rtol=0, atol=0)  # input untouched
