"""Public tests for assignment 06 (conv2d). Run: pytest test_public.py

Expected values: the slides' 6x6 image and kernel (429 at [0, 0]; the whole 4x4 map, each entry
the sum of the five pixels under the kernel's ones, checkable by hand), the slides' sizes
(5x5 -> 3x3), and small cases computed from the definition with plain loops written here.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import conv2d  # noqa: E402
import numpy as np  # noqa: E402

IMAGE = np.array(
    [
        [18, 54, 51, 239, 244, 188],
        [55, 121, 75, 78, 95, 88],
        [35, 24, 204, 113, 109, 221],
        [3, 154, 104, 235, 25, 130],
        [15, 253, 225, 159, 78, 233],
        [68, 85, 180, 214, 245, 0],
    ],
    dtype=float,
)
KERNEL = np.array([[1, 0, 1], [0, 1, 0], [1, 0, 1]], dtype=float)
# out[0, 0] = 18 + 51 + 121 + 35 + 204 = 429; out[0, 1] = 54 + 239 + 75 + 24 + 113 = 505; ...
FEATURE_MAP = np.array(
    [
        [429, 505, 686, 856],
        [261, 792, 412, 640],
        [633, 653, 851, 751],
        [608, 913, 713, 657],
    ],
    dtype=float,
)


def _conv_loops(x, w, b, stride, padding):
    """The definition, with loops (slow but obviously right)."""
    n, c, h, wd = x.shape
    f, _, kh, kw = w.shape
    xp = np.zeros((n, c, h + 2 * padding, wd + 2 * padding))
    xp[:, :, padding : padding + h, padding : padding + wd] = x
    oh = (h + 2 * padding - kh) // stride + 1
    ow = (wd + 2 * padding - kw) // stride + 1
    out = np.zeros((n, f, oh, ow))
    for i_n in range(n):
        for i_f in range(f):
            for i in range(oh):
                for j in range(ow):
                    patch = xp[i_n, :, i * stride : i * stride + kh, j * stride : j * stride + kw]
                    out[i_n, i_f, i, j] = np.sum(patch * w[i_f]) + b[i_f]
    return out


def test_correlate2d_429():
    got = conv2d.correlate2d(IMAGE, KERNEL)
    assert np.shape(got) == (4, 4), (
        f"correlate2d(6x6, 3x3): forma/shape {np.shape(got)}, esperado/expected (4, 4)"
    )
    assert np.isclose(got[0, 0], 429), (
        f"correlate2d(imagen/image, kernel)[0, 0] = {got[0, 0]}, esperado/expected 429"
    )


def test_correlate2d_full_map():
    got = conv2d.correlate2d(IMAGE, KERNEL)
    assert np.allclose(got, FEATURE_MAP), (
        f"correlate2d(imagen/image, kernel) =\n{got}\nesperado/expected\n{FEATURE_MAP}"
    )


def test_correlate2d_is_not_flipped():
    # A kernel that picks the top-left pixel of each window: out = image[:-1, :-1] (no flip).
    image = np.arange(12.0).reshape(3, 4)
    got = conv2d.correlate2d(image, np.array([[1.0, 0.0], [0.0, 0.0]]))
    expected = image[:2, :3]
    assert np.allclose(got, expected), (
        f"correlate2d(arange(12).reshape(3, 4), [[1, 0], [0, 0]]) = {got}, esperado/expected {expected} "
        "(correlación: sin voltear el kernel / cross-correlation: do not flip the kernel)"
    )


def test_conv2d_slides_example_with_bias():
    got = conv2d.conv2d(IMAGE.reshape(1, 1, 6, 6), KERNEL.reshape(1, 1, 3, 3), b=np.array([1.0]))
    assert np.shape(got) == (1, 1, 4, 4), (
        f"conv2d: forma/shape {np.shape(got)}, esperado/expected (1, 1, 4, 4)"
    )
    assert np.allclose(got[0, 0], FEATURE_MAP + 1), (
        f"conv2d(…, b=[1])[0, 0] =\n{got[0, 0]}\nesperado/expected\n{FEATURE_MAP + 1}"
    )


def test_conv2d_5x5_to_3x3():
    # Slides (riiaa): input 5x5, filter 3x3 -> output 3x3.
    got = conv2d.conv2d(np.ones((1, 1, 5, 5)), np.ones((1, 1, 3, 3)))
    assert np.shape(got) == (1, 1, 3, 3) and np.allclose(got, 9.0), (
        f"conv2d(unos/ones 5x5, unos/ones 3x3) = {got}, esperado/expected 3x3 de/of 9"
    )


def test_conv2d_channels_stride_padding():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 3, 6, 5))
    w = rng.normal(size=(4, 3, 3, 3))
    b = rng.normal(size=4)
    for stride, padding in ((1, 0), (2, 1), (3, 2)):
        expected = _conv_loops(x, w, b, stride, padding)
        got = conv2d.conv2d(x, w, b, stride=stride, padding=padding)
        assert np.shape(got) == expected.shape, (
            f"conv2d(x (2,3,6,5), w (4,3,3,3), stride={stride}, padding={padding}): "
            f"forma/shape {np.shape(got)}, esperado/expected {expected.shape}"
        )
        assert np.allclose(got, expected), (
            f"conv2d(stride={stride}, padding={padding}): máx. diferencia/max difference "
            f"{np.max(np.abs(got - expected)):.3g}"
        )


def test_maxpool2d_default_stride():
    x = np.arange(16.0).reshape(1, 1, 4, 4)
    got = conv2d.maxpool2d(x)
    expected = np.array([[[[5.0, 7.0], [13.0, 15.0]]]])
    assert np.shape(got) == (1, 1, 2, 2) and np.allclose(got, expected), (
        f"maxpool2d(arange(16).reshape(1, 1, 4, 4)) = {got}, esperado/expected {expected}"
    )


def test_maxpool2d_5x5_to_3x3_stride_1():
    # Slides (riiaa): max pooling, input 5x5, output 3x3, stride 1x1 (3x3 windows).
    x = np.array(
        [[9, 1, 2, 3, 8], [1, 0, 0, 0, 1], [2, 0, 0, 0, 2], [1, 0, 0, 0, 1], [7, 1, 2, 3, 6]],
        dtype=float,
    ).reshape(1, 1, 5, 5)
    got = conv2d.maxpool2d(x, kernel_size=3, stride=1)
    # Window (i, j) covers rows i..i+2 and columns j..j+2; e.g. (0, 1): max(1, 2, 3, 0, ...) = 3.
    expected = np.array([[9, 3, 8], [2, 0, 2], [7, 3, 6]], dtype=float)
    assert np.shape(got) == (1, 1, 3, 3), (
        f"maxpool2d(5x5, 3, 1): forma/shape {np.shape(got)}, esperado/expected (1, 1, 3, 3)"
    )
    assert np.allclose(got[0, 0], expected), (
        f"maxpool2d(5x5, kernel_size=3, stride=1) =\n{got[0, 0]}\nesperado/expected\n{expected}"
    )
