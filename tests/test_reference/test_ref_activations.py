"""reference.activations against PyTorch (values, autograd), finite differences and the slides."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from _refhelpers import (
    DEVICES,
    FAST,
    FEW,
    arrays,
    away_from,
    central_difference,
    close,
    nn,
    tol,
    tt,
)
from hypothesis import given
from hypothesis import strategies as st

from reference import activations as A

ALPHA = 0.3  # a non-default slope/scale so that a hard-coded default would fail


def _prelu(t: torch.Tensor, alpha: float) -> torch.Tensor:
    return F.prelu(t, torch.tensor([alpha], dtype=t.dtype, device=t.device))


# name -> (kwargs for the reference, torch function, kinks)
CASES = {
    "identity": ({}, lambda t: t * 1, []),
    "sigmoid": ({}, torch.sigmoid, []),
    "tanh": ({}, torch.tanh, []),
    "arctan": ({}, torch.atan, []),
    "relu": ({}, torch.relu, [0.0]),
    "leaky_relu": ({"alpha": ALPHA}, lambda t: F.leaky_relu(t, ALPHA), [0.0]),
    "prelu": ({"alpha": ALPHA}, lambda t: _prelu(t, ALPHA), [0.0]),
    "elu": ({"alpha": ALPHA}, lambda t: F.elu(t, ALPHA), [0.0]),
    "softplus": ({}, F.softplus, []),
}
ALL_NAMES = [*CASES, "binary_step"]


def ref(name: str):
    return getattr(A, name), getattr(A, name + "_derivative")


# --- values and gradients against torch --------------------------------------------------------
@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("name", list(CASES))
@FAST
@given(z=arrays())
def test_values_and_autograd_match_torch(name, dtype, device, z):
    kwargs, torch_f, _ = CASES[name]
    f, df = ref(name)
    z = z.astype(dtype)
    t = tt(z, device, grad=True)
    y = torch_f(t)
    (grad,) = torch.autograd.grad(y.sum(), t)
    out, dout = f(z, **kwargs), df(z, **kwargs)
    assert out.dtype == dtype and dout.dtype == dtype
    close(out, y, **tol(dtype))
    # At kinks torch's subgradient (relu'(0) = 0, leaky/prelu'(0) = α, elu'(0) = α) is ours too.
    close(dout, grad, **tol(dtype))


@pytest.mark.parametrize("device", DEVICES)
@FAST
@given(z=arrays())
def test_binary_step_matches_heaviside(device, z):
    t = tt(z, device)
    expected = torch.heaviside(t, torch.ones_like(t))  # 1 for z >= 0 (the slides' table)
    close(A.binary_step(z), expected, rtol=0, atol=0)
    close(A.binary_step_derivative(z), np.zeros_like(z), rtol=0, atol=0)


@pytest.mark.parametrize("name", [n for n in CASES if n != "identity"])
@FAST
@given(data=st.data())
def test_derivatives_match_central_differences(name, data):
    kwargs, _, kinks = CASES[name]
    f, df = ref(name)
    # away from the kinks by 1e-3 >> h = 1e-6, inside the range where f' is not flat zero
    z = data.draw(arrays(elements=away_from(kinks, -30.0, 30.0)))
    fd = central_difference(lambda v: f(v, **kwargs), z)
    close(df(z, **kwargs), fd, rtol=1e-5, atol=1e-7)


def test_identity_derivative_is_one():
    z = np.array([-1e4, -2.5, 0.0, 3.0, 1e4])
    close(A.identity(z), z, rtol=0, atol=0)
    close(A.identity_derivative(z), np.ones(5), rtol=0, atol=0)


# --- the slides' activation table, by hand -------------------------------------------------------
def test_slide_table_values():
    close(A.sigmoid(0.0), 0.5, rtol=0, atol=0)
    close(A.sigmoid_derivative(0.0), 0.25, rtol=0, atol=0)  # σ(0)(1 − σ(0)) = 1/4
    s = 1 / (1 + np.exp(-2.0))
    # e/(1 + e)² against s(1 − s): 1 − s cancels (×7.4 at z = 2), so the two formulas differ by
    # <= ~25 roundings of the value (2.8e-15 relative), inside rtol 1e-14; elementwise, no BLAS.
    close(A.sigmoid_derivative(2.0), s * (1 - s), rtol=1e-14, atol=0)
    close(A.tanh_derivative(0.0), 1.0)
    close(A.arctan_derivative(1.0), 0.5)  # 1/(1² + 1)
    close(A.arctan(1.0), np.pi / 4)
    close(A.softplus(0.0), np.log(2.0))
    close(A.softplus_derivative(0.0), 0.5)
    close(A.elu(-1.0, alpha=2.0), 2.0 * (np.exp(-1.0) - 1))
    # ELU' = f(z) + α for z < 0
    close(A.elu_derivative(-1.0, alpha=2.0), A.elu(-1.0, alpha=2.0) + 2.0)
    close(A.leaky_relu(-2.0), -0.02)  # default α = 0.01
    close(A.relu(np.array([-3.0, 0.0, 3.0])), [0.0, 0.0, 3.0], rtol=0, atol=0)
    close(A.binary_step(np.array([-1e-300, 0.0, -0.0, 5.0])), [0.0, 1.0, 1.0, 1.0], rtol=0, atol=0)


def test_defaults_are_the_contract():
    z = np.array([-2.0])
    close(A.leaky_relu(z), [-0.02])
    close(A.leaky_relu_derivative(z), [0.01])
    close(A.elu(z), [np.exp(-2.0) - 1])  # α = 1


def test_kink_subgradients_are_in_the_allowed_interval():
    # design.md: relu'(0) ∈ [0, 1], leaky'(0) ∈ [α, 1], elu'(0) ∈ [α, 1], step'(0) finite
    assert 0.0 <= A.relu_derivative(0.0) <= 1.0
    assert ALPHA <= A.leaky_relu_derivative(0.0, alpha=ALPHA) <= 1.0
    assert ALPHA <= A.elu_derivative(0.0, alpha=ALPHA) <= 1.0
    assert np.isfinite(A.binary_step_derivative(0.0))


# --- softmax ------------------------------------------------------------------------------------
@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@FAST
@given(data=st.data())
def test_softmax_and_log_softmax_match_torch(dtype, device, data):
    z = data.draw(arrays(min_dims=1)).astype(dtype)
    axis = data.draw(st.integers(-z.ndim, z.ndim - 1))
    s = A.softmax(z, axis=axis)
    assert s.dtype == dtype
    close(s, torch.softmax(tt(z, device), dim=axis), **tol(dtype))
    close(A.log_softmax(z, axis=axis), torch.log_softmax(tt(z, device), dim=axis), **tol(dtype))
    close(s.sum(axis=axis), np.ones_like(s.sum(axis=axis)), **tol(dtype))


@pytest.mark.parametrize("device", DEVICES)
@FEW
@given(z=arrays(min_dims=1, max_dims=2, elements=st.floats(-50, 50)))
def test_softmax_jacobian_and_vjp_match_autograd(device, z):
    rows = z.reshape(-1, z.shape[-1])
    jac = A.softmax_derivative(rows)
    for i, row in enumerate(rows):
        expected = torch.autograd.functional.jacobian(
            lambda t: torch.softmax(t, dim=-1), tt(row, device)
        )
        close(jac[i], expected, rtol=1e-7, atol=1e-12)
    g = np.cos(np.arange(z.size, dtype=float)).reshape(z.shape)  # an arbitrary upstream gradient
    t = tt(z, device, grad=True)
    (expected,) = torch.autograd.grad(torch.softmax(t, dim=-1), t, tt(g, device))
    close(A.softmax_backward(g, z), expected, rtol=1e-7, atol=1e-12)


def test_softmax_of_huge_logits_is_exact():
    close(A.softmax(np.array([1000.0, 1001.0])), [1 / (1 + np.e), np.e / (1 + np.e)])
    close(A.softmax(np.array([[1e4, -1e4, 1e4]])), [[0.5, 0.0, 0.5]], rtol=0, atol=0)


def test_softmax_bad_inputs():
    with pytest.raises(ValueError, match="softmax"):
        A.softmax(np.float64(1.0))
    with pytest.raises(ValueError, match="axis"):
        A.softmax(np.ones((2, 3)), axis=2)
    with pytest.raises(ValueError, match="same shape"):
        A.softmax_backward(np.ones(3), np.ones(4))


# --- no overflow, no NaN, dtypes and shapes ------------------------------------------------------
EXTREME = np.array([-1e4, -1e3, -710.0, -100.0, -21.0, -1.0, -0.0, 0.0, 1e-8, 1.0, 21.0, 100.0,
                    710.0, 1e3, 1e4])  # fmt: skip


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("name", ALL_NAMES)
def test_extremes_without_warnings_or_nan(name, dtype):
    # the autouse fixture turns overflow/invalid/divide and every warning into an error
    f, df = ref(name)
    for g in (f, df):
        out = g(EXTREME.astype(dtype))
        assert out.dtype == dtype and out.shape == EXTREME.shape
        assert np.all(np.isfinite(out)), f"{g.__name__}: {out}"
    close(
        A.sigmoid(EXTREME), 1 / (1 + np.exp(-np.clip(EXTREME, -700, 700))), rtol=1e-14, atol=1e-300
    )
    close(A.softplus(np.array([1e4, -1e4])), [1e4, 0.0], rtol=0, atol=0)


@pytest.mark.parametrize("name", ALL_NAMES)
def test_shape_and_dtype_contract(name):
    f, df = ref(name)
    for shape in [(), (0,), (3,), (2, 3), (2, 1, 4)]:
        z = np.linspace(-3, 3, int(np.prod(shape))).reshape(shape)
        for g in (f, df):
            assert np.shape(g(z)) == shape
            assert g(z.astype(np.float32)).dtype == np.float32
    ints = np.array([-2, 0, 3])
    assert f(ints).dtype == np.float64 and df(ints).dtype == np.float64
    close(f(ints), f(ints.astype(np.float64)), rtol=0, atol=0)
    z = np.array([-1.0, 2.0])
    before = z.copy()
    f(z), df(z)
    close(z, before, rtol=0, atol=0)  # inputs untouched
    with pytest.raises(TypeError):
        f(np.array(["a"]))


def test_get_activation_names():
    assert A.get_activation("relu") == (A.relu, A.relu_derivative)
    with pytest.raises(ValueError, match="unknown activation"):
        A.get_activation("swish")


def test_nn_helper_roundtrip():
    # guards the helper itself: a float32 tensor comes back as float32
    assert nn(tt(np.ones(2, np.float32))).dtype == np.float32
