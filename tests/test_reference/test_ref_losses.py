"""reference.losses against torch.nn.functional (values and autograd)."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from _refhelpers import DEVICES, FAST, arrays, close, reals, tt
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from reference import losses as L

probs = st.one_of(st.sampled_from([0.0, 1.0, 0.5, 1e-300]), st.floats(0.0, 1.0))


def _same_shape_pair(elements_a, elements_b, min_dims=1):
    return arrays(min_dims=min_dims).flatmap(
        lambda a: hnp.arrays(np.float64, a.shape, elements=elements_a).flatmap(
            lambda x: hnp.arrays(np.float64, a.shape, elements=elements_b).map(lambda y: (x, y))
        )
    )


@pytest.mark.parametrize("device", DEVICES)
@FAST
@given(pair=_same_shape_pair(reals(-1e3, 1e3), reals(-1e3, 1e3)))
def test_mse_matches_torch(device, pair):
    y_hat, y = pair
    t = tt(y_hat, device, grad=True)
    loss = F.mse_loss(t, tt(y, device))
    (grad,) = torch.autograd.grad(loss, t)
    close(L.mse(y_hat, y), loss, rtol=1e-10, atol=1e-9)
    close(L.mse_derivative(y_hat, y), grad, rtol=1e-10, atol=1e-12)
    assert isinstance(L.mse(y_hat, y), float)


@pytest.mark.parametrize("device", DEVICES)
@FAST
@given(pair=_same_shape_pair(probs, st.sampled_from([0.0, 1.0]) | st.floats(0.0, 1.0)))
def test_binary_cross_entropy_matches_torch_including_p_0_and_1(device, pair):
    p, y = pair
    t = tt(p, device, grad=True)
    loss = F.binary_cross_entropy(t, tt(y, device))  # clamps each log at -100
    (grad,) = torch.autograd.grad(loss, t)
    close(L.binary_cross_entropy(p, y), loss, rtol=1e-10, atol=1e-10)
    # Not only rounding: torch clamps p(1 − p) at the float32 constant 1e-12f = 9.9999999600e-13,
    # so at p = 0 or 1 the gradients (~1e12/N) differ by 4e-9 relative; rtol 1e-7 covers it.
    close(L.binary_cross_entropy_derivative(p, y), grad, rtol=1e-7, atol=1e-9)


def test_binary_cross_entropy_hand_values():
    close(L.binary_cross_entropy(np.array([0.0]), np.array([1.0])), 100.0)  # torch's clamp
    close(L.binary_cross_entropy(np.array([0.5, 0.5]), np.array([0.0, 1.0])), np.log(2))
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        L.binary_cross_entropy(np.array([1.5]), np.array([1.0]))


@pytest.mark.parametrize("device", DEVICES)
@FAST
@given(pair=_same_shape_pair(reals(), st.sampled_from([0.0, 1.0]) | st.floats(0.0, 1.0)))
def test_bce_with_logits_matches_torch_at_1e4(device, pair):
    z, y = pair
    t = tt(z, device, grad=True)
    loss = F.binary_cross_entropy_with_logits(t, tt(y, device))
    (grad,) = torch.autograd.grad(loss, t)
    close(L.bce_with_logits(z, y), loss, rtol=1e-10, atol=1e-10)
    close(L.bce_with_logits_derivative(z, y), grad, rtol=1e-8, atol=1e-12)


@st.composite
def logits_and_targets(draw):
    n = draw(st.integers(1, 6))
    k = draw(st.integers(1, 5))
    z = draw(hnp.arrays(np.float64, (n, k), elements=reals()))
    if draw(st.booleans()):
        target = draw(hnp.arrays(np.int64, (n,), elements=st.integers(0, k - 1)))
    else:
        raw = draw(hnp.arrays(np.float64, (n, k), elements=st.floats(0.0, 1.0)))
        raw[:, 0] += 1e-3  # rows that sum to something > 0
        target = raw / raw.sum(axis=1, keepdims=True)
    return z, target


@pytest.mark.parametrize("device", DEVICES)
@FAST
@given(case=logits_and_targets())
def test_softmax_cross_entropy_matches_torch(device, case):
    z, target = case
    t = tt(z, device, grad=True)
    loss = F.cross_entropy(t, tt(target, device))  # indices or probabilities, like ours
    (grad,) = torch.autograd.grad(loss, t)
    close(L.softmax_cross_entropy(z, target), loss, rtol=1e-10, atol=1e-9)
    close(L.softmax_cross_entropy_derivative(z, target), grad, rtol=1e-8, atol=1e-12)


def test_cross_entropy_never_logs_zero():
    z = np.array([[1e4, -1e4], [-1e4, 1e4]])
    close(L.softmax_cross_entropy(z, np.array([1, 1])), 1e4, rtol=1e-12)  # (2e4 + 0)/2
    close(L.softmax_cross_entropy(z, np.array([0, 1])), 0.0, atol=0)


def test_shapes_are_not_broadcast():
    with pytest.raises(ValueError, match=r"\(n,\) and \(n, 1\)"):
        L.mse(np.zeros((4, 1)), np.zeros(4))
    with pytest.raises(ValueError):
        L.softmax_cross_entropy(np.zeros((2, 3)), np.array([0, 3]))  # class 3 of 3
    with pytest.raises(ValueError):
        L.softmax_cross_entropy(np.zeros((2, 3)), np.array([0, 1, 2]))
    with pytest.raises(ValueError):
        L.mse(np.zeros(0), np.zeros(0))


def test_float32_kept():
    a = np.array([0.2, 0.7], np.float32)
    assert L.mse_derivative(a, a).dtype == np.float32
    assert L.bce_with_logits_derivative(a, a).dtype == np.float32
