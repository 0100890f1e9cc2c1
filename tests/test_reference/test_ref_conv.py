"""reference.conv against torch.nn.functional.conv2d / max_pool2d (values and autograd)."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from _refhelpers import DEVICES, FAST, FEW, U32, U64, close, gamma, nn, tt, within
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from reference import conv

# The slides' (Univ. de Concepción) 6×6 image and 3×3 kernel: the first output is 429.
IMAGE = np.array([
    [18, 54, 51, 239, 244, 188],
    [55, 121, 75, 78, 95, 88],
    [35, 24, 204, 113, 109, 221],
    [3, 154, 104, 235, 25, 130],
    [15, 253, 225, 159, 78, 233],
    [68, 85, 180, 214, 245, 0],
])  # fmt: skip
KERNEL = np.array([[1, 0, 1], [0, 1, 0], [1, 0, 1]])


def test_the_429_example_and_its_whole_map():
    out = conv.correlate2d(IMAGE, KERNEL)
    assert out.shape == (4, 4) and out.dtype == np.float64
    # by hand: 18 + 51 + 121 + 35 + 204 = 429
    assert out[0, 0] == 18 + 51 + 121 + 35 + 204 == 429
    expected = F.conv2d(tt(IMAGE, dtype=torch.float64)[None, None],
                        tt(KERNEL, dtype=torch.float64)[None, None])[0, 0]  # fmt: skip
    close(out, expected, rtol=0, atol=0)
    close(conv.conv2d(IMAGE[None, None], KERNEL[None, None])[0, 0], out, rtol=0, atol=0)


def test_the_riiaa_sizes_5x5_to_3x3():
    x = np.arange(25.0).reshape(5, 5)
    assert conv.correlate2d(x, np.ones((3, 3))).shape == (3, 3)  # conv 5×5, 3×3 filter -> 3×3
    assert conv.output_size(5, 3) == 3
    pooled = conv.maxpool2d(x, kernel_size=3, stride=1)  # max pooling 5×5, stride 1 -> 3×3
    assert pooled.shape == (3, 3)
    # x[i, j] = 5i + j grows right and down: each window's max is its bottom-right corner
    close(pooled, x[2:, 2:], rtol=0, atol=0)
    close(pooled, F.max_pool2d(tt(x)[None], 3, 1)[0], rtol=0, atol=0)


# --- conv2d -------------------------------------------------------------------------------------
WIDE = st.floats(-1e4, 1e4, allow_subnormal=False)


@st.composite
def conv_cases(draw, values=WIDE):
    n, c, f = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    kh, kw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    stride = draw(st.one_of(st.integers(1, 3), st.tuples(st.integers(1, 3), st.integers(1, 3))))
    padding = draw(st.one_of(st.integers(0, 2), st.tuples(st.integers(0, 2), st.integers(0, 2))))
    ph, pw = (padding, padding) if isinstance(padding, int) else padding
    h = draw(st.integers(max(1, kh - 2 * ph), 8))
    w = draw(st.integers(max(1, kw - 2 * pw), 8))
    x = draw(hnp.arrays(np.float64, (n, c, h, w), elements=values))
    k = draw(hnp.arrays(np.float64, (f, c, kh, kw), elements=st.floats(-10, 10)))
    b = draw(st.none() | hnp.arrays(np.float64, (f,), elements=st.floats(-10, 10)))
    return x, k, b, stride, padding


def _abs_conv_grads(dout, x, k, b, stride, padding):
    """Gradients of conv2d at |x|, |k|, |b| for |dout| (float64, CPU): Σ|dout||w|, Σ|dout||x|
    and Σ|dout|, the magnitudes that bound the rounding of conv2d_backward's sums."""
    ax, ak, ab = (tt(np.abs(a), grad=True) for a in (x, k, b))
    out = F.conv2d(ax, ak, ab, stride=stride, padding=padding)
    return [nn(g) for g in torch.autograd.grad(out, [ax, ak, ab], tt(np.abs(dout)))]


@pytest.mark.parametrize("device", DEVICES)
@FAST
@given(case=conv_cases())
def test_conv2d_matches_torch(device, case):
    x, k, b, stride, padding = case
    expected = F.conv2d(tt(x, device), tt(k, device), None if b is None else tt(b, device),
                        stride=stride, padding=padding)  # fmt: skip
    # Sums of <= C·KH·KW + 1 = 49 terms with |x·k| <= 1e5: the two summation orders differ by
    # <= 2γ(49)·48·1e5 ≈ 5.2e-8 even when the result cancels, inside atol 1e-7.
    close(conv.conv2d(x, k, b, stride=stride, padding=padding), expected, rtol=1e-10, atol=1e-7)


@pytest.mark.parametrize("device", DEVICES)
@FAST
@given(case=conv_cases(values=st.floats(-100, 100)))
def test_conv2d_backward_matches_autograd(device, case):
    x, k, b, stride, padding = case
    if b is None:
        b = np.zeros(k.shape[0])
    tx, tk, tb = tt(x, device, grad=True), tt(k, device, grad=True), tt(b, device, grad=True)
    out = F.conv2d(tx, tk, tb, stride=stride, padding=padding)
    dout = np.sin(np.arange(out.numel(), dtype=float)).reshape(out.shape)  # arbitrary ∂L/∂out
    expected = torch.autograd.grad(out, [tx, tk, tb], tt(dout, device))
    grads = conv.conv2d_backward(dout, x, k, stride=stride, padding=padding)
    # dw sums N·OH·OW products (up to 432 of |dout·x| <= 100): when it cancels, two summation
    # orders differ by up to 2γ(432)·Σ|dout·x| ≈ 4e-9, more than a fixed atol 1e-9 allows. The
    # bound per entry: 2γ(n)·(the same gradients of |x|, |k|, |b| and |dout|), which are exactly
    # Σ|dout||w|, Σ|dout||x| and Σ|dout|; n bounds the length of every one of these sums.
    mags = _abs_conv_grads(dout, x, k, b, stride, padding)
    n = out.numel() + k.size
    for what, ours, theirs, mag in zip(("dx", "dw", "db"), grads, expected, mags, strict=True):
        within(ours, theirs, 2 * gamma(n) * mag, what)


@FEW
@given(case=conv_cases(values=st.floats(-2, 2)))
def test_conv2d_backward_matches_finite_differences(case):
    # Independent of torch (which only sizes the rounding bound): L = Σ out ⊙ R, central
    # differences on a few entries of x and w. L is linear in x and, separately, in w, so the
    # central difference is exact for every h, and h = 1 keeps rounding smallest. With h = 1e-6
    # the rounding of L (up to ~1300 outputs of up to 49 products, summed in an order that
    # depends on the BLAS) was divided by 2e-6: up to ~1.5e-7·L_abs, past the old atol 1e-7
    # (and measured within 1/70 of it). Rounding at h = 1, n >= the length of any sum in L: each
    # L is off by <= γ(n)·L_abs, L_abs = Σ|R|·conv2d(|x|, |w|, |b|) at the shifted input; x_i ± h
    # rounds, so the step is 2h(1 ± U(|x_i| + h)/h); the backward's own sums are off by
    # <= γ(n)·(their magnitude: the gradient of L_abs).
    x, k, b, stride, padding = case
    out = conv.conv2d(x, k, b, stride=stride, padding=padding)
    R = np.cos(np.arange(out.size, dtype=float)).reshape(out.shape)
    dx, dk, _ = conv.conv2d_backward(R, x, k, stride=stride, padding=padding)
    bias = np.zeros(k.shape[0]) if b is None else b
    mag_dx, mag_dk, _ = _abs_conv_grads(R, x, k, bias, stride, padding)
    n = k[0].size + 1 + out.size + 1

    def abs_loss(xv, kv):
        a = F.conv2d(tt(np.abs(xv)), tt(np.abs(kv)), tt(np.abs(bias)), stride=stride,
                     padding=padding)  # fmt: skip
        return float(np.sum(np.abs(R) * nn(a)))

    h = 1.0
    for arr, grad, mag, loss, abs_l in [
        (x, dx, mag_dx, lambda v: np.sum(conv.conv2d(v, k, b, stride=stride, padding=padding) * R),
         lambda v: abs_loss(v, k)),
        (k, dk, mag_dk, lambda v: np.sum(conv.conv2d(x, v, b, stride=stride, padding=padding) * R),
         lambda v: abs_loss(x, v)),
    ]:  # fmt: skip
        for idx in [(0,) * arr.ndim, tuple(s - 1 for s in arr.shape)]:
            e = np.zeros_like(arr)
            e[idx] = h
            fd = (loss(arr + e) - loss(arr - e)) / (2 * h)
            bound = (
                gamma(n) * (abs_l(arr + e) + abs_l(arr - e)) / (2 * h)
                + 2 * U64 * (abs(arr[idx]) + h) / h * abs(grad[idx])
                + gamma(n) * mag[idx]
            )
            within(grad[idx], fd, bound, f"gradient at {idx}")


def test_correlate2d_matches_torch_on_random_images():
    rng = np.random.default_rng(3)
    for shape, kshape in [((7, 5), (2, 3)), ((4, 4), (4, 4)), ((9, 1), (3, 1))]:
        img, ker = rng.normal(size=shape), rng.normal(size=kshape)
        expected = F.conv2d(tt(img)[None, None], tt(ker)[None, None])[0, 0]
        close(conv.correlate2d(img, ker), expected, rtol=1e-12, atol=1e-12)


def test_conv2d_unbatched_float32_and_errors():
    x = np.random.default_rng(0).normal(size=(2, 5, 5)).astype(np.float32)
    w = np.ones((3, 2, 3, 3), np.float32)
    out = conv.conv2d(x, w, padding=1)
    assert out.shape == (3, 5, 5) and out.dtype == np.float32
    # float32 sums of 18 terms: the two orders differ by <= 2γ(18)·Σ|x·w| (U = 2^-24), which on
    # these data is up to 2.5 times more than rtol = atol = 1e-5 allows where a sum cancels;
    # plus the float32 rounding of each result.
    mag = nn(F.conv2d(tt(np.abs(x), dtype=torch.float64), tt(w, dtype=torch.float64), padding=1))
    bound = 2 * gamma(18, U32) * mag + 2 * U32 * np.abs(out)
    within(out, F.conv2d(tt(x), tt(w), padding=1), bound, "float32 conv2d")
    with pytest.raises(ValueError, match="channels"):
        conv.conv2d(x[None], np.ones((3, 4, 3, 3)))
    with pytest.raises(ValueError, match="larger"):
        conv.conv2d(x[None], np.ones((1, 2, 7, 7)))
    with pytest.raises(ValueError, match="stride"):
        conv.conv2d(x[None], w, stride=0)
    with pytest.raises(ValueError, match="4-D"):
        conv.conv2d(x[0], w)
    with pytest.raises(ValueError, match="kernel"):
        conv.correlate2d(np.ones((2, 2)), np.ones((3, 3)))
    with pytest.raises(ValueError, match="dout"):
        conv.conv2d_backward(np.ones((1, 3, 2, 2)), x[None], w)


# --- max pooling --------------------------------------------------------------------------------
@st.composite
def pool_cases(draw):
    k = draw(st.one_of(st.integers(1, 3), st.tuples(st.integers(1, 3), st.integers(1, 3))))
    stride = draw(st.none() | st.integers(1, 3) | st.tuples(st.integers(1, 3), st.integers(1, 3)))
    kh, kw = (k, k) if isinstance(k, int) else k
    shape = (draw(st.integers(1, 2)), draw(st.integers(1, 2)),
             draw(st.integers(kh, 7)), draw(st.integers(kw, 7)))  # fmt: skip
    # small integers: many ties, where the gradient must go to the first maximum like torch
    values = st.one_of(st.integers(-2, 2).map(float), st.floats(-1e4, 1e4))
    x = draw(hnp.arrays(np.float64, shape, elements=values))
    return x, k, stride


@pytest.mark.parametrize("device", DEVICES)
@FAST
@given(case=pool_cases())
def test_maxpool2d_and_backward_match_torch_with_ties(device, case):
    x, k, stride = case
    tx = tt(x, device, grad=True)
    out = F.max_pool2d(tx, k, stride)
    close(conv.maxpool2d(x, k, stride), out, rtol=0, atol=0)
    dout = 1.0 + np.arange(out.numel(), dtype=float).reshape(out.shape)  # distinct per window
    (expected,) = torch.autograd.grad(out, tx, tt(dout, device))
    close(conv.maxpool2d_backward(dout, x, k, stride), expected, rtol=0, atol=1e-12)


def test_maxpool2d_first_maximum_gets_the_gradient():
    x = np.array([[[[1.0, 3.0], [3.0, 3.0]]]])
    dx = conv.maxpool2d_backward(np.array([[[[5.0]]]]), x, kernel_size=2)
    close(dx, [[[[0.0, 5.0], [0.0, 0.0]]]], rtol=0, atol=0)  # row-major first of the three 3s


def test_maxpool2d_shapes_and_errors():
    x = np.random.default_rng(1).normal(size=(2, 3, 6, 7)).astype(np.float32)
    out = conv.maxpool2d(x)  # kernel 2, stride 2 by default; the odd last column is dropped
    assert out.shape == (2, 3, 3, 3) and out.dtype == np.float32
    close(out, F.max_pool2d(tt(x), 2), rtol=0, atol=0)
    assert conv.maxpool2d(x[0]).shape == (3, 3, 3)
    with pytest.raises(ValueError, match="larger"):
        conv.maxpool2d(x, kernel_size=8)
    with pytest.raises(ValueError, match="kernel_size"):
        conv.maxpool2d(x, kernel_size=0)
    with pytest.raises(ValueError, match="dout"):
        conv.maxpool2d_backward(np.ones((2, 3, 2, 2)), x)


@FEW
@given(case=pool_cases())
def test_maxpool_output_is_a_window_maximum(case):
    # independent of torch: every output equals some input of its window and bounds all of them
    x, k, stride = case
    kh, kw = (k, k) if isinstance(k, int) else k
    sh, sw = (
        (kh, kw) if stride is None else ((stride, stride) if isinstance(stride, int) else stride)
    )
    out = conv.maxpool2d(x, k, stride)
    assume(out.size > 0)
    i, j = out.shape[2] - 1, out.shape[3] - 1
    window = x[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw]
    close(out[:, :, i, j], window.max(axis=(2, 3)), rtol=0, atol=0)
