"""Public tests for assignment 06 (conv2d). Run: pytest test_public.py

Every expected value is a fixed array, checkable by hand: the slides' 6x6 image and kernel (429
at [0, 0]; each entry of the 4x4 map is the sum of the five pixels under the kernel's ones), the
slides' sizes (5x5 -> 3x3), and small integer inputs whose outputs are worked out in the
comments. Each test builds its own arrays (from the plain lists below), so a function that
modified its inputs could not spoil the next test.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import conv2d  # noqa: E402
import numpy as np  # noqa: E402

SLIDES_IMAGE = [
    [18, 54, 51, 239, 244, 188],
    [55, 121, 75, 78, 95, 88],
    [35, 24, 204, 113, 109, 221],
    [3, 154, 104, 235, 25, 130],
    [15, 253, 225, 159, 78, 233],
    [68, 85, 180, 214, 245, 0],
]
SLIDES_KERNEL = [[1, 0, 1], [0, 1, 0], [1, 0, 1]]
# out[0, 0] = 18 + 51 + 121 + 35 + 204 = 429; out[0, 1] = 54 + 239 + 75 + 24 + 113 = 505; ...
FEATURE_MAP = [
    [429, 505, 686, 856],
    [261, 792, 412, 640],
    [633, 653, 851, 751],
    [608, 913, 713, 657],
]
SHAPE = "forma/shape {}, esperado/expected {}"
VALUES = "{} =\n{}\nesperado/expected\n{}"


def test_correlate2d_429():
    got = conv2d.correlate2d(
        np.array(SLIDES_IMAGE, dtype=float), np.array(SLIDES_KERNEL, dtype=float)
    )
    assert np.shape(got) == (4, 4), "correlate2d(6x6, 3x3): " + SHAPE.format(np.shape(got), (4, 4))
    assert np.isclose(got[0, 0], 429), (
        f"correlate2d(imagen/image, kernel)[0, 0] = {got[0, 0]}, esperado/expected 429"
    )


def test_correlate2d_full_map():
    got = conv2d.correlate2d(
        np.array(SLIDES_IMAGE, dtype=float), np.array(SLIDES_KERNEL, dtype=float)
    )
    expected = np.array(FEATURE_MAP, dtype=float)
    assert np.shape(got) == expected.shape, "correlate2d: " + SHAPE.format(
        np.shape(got), expected.shape
    )
    assert np.allclose(got, expected), VALUES.format(
        "correlate2d(imagen/image, kernel)", got, expected
    )


def test_correlate2d_is_not_flipped():
    # A kernel that picks the top-left pixel of each window: out = image[:-1, :-1] (no flip).
    got = conv2d.correlate2d(np.arange(12.0).reshape(3, 4), np.array([[1.0, 0.0], [0.0, 0.0]]))
    expected = np.array([[0.0, 1.0, 2.0], [4.0, 5.0, 6.0]])
    assert np.shape(got) == (2, 3) and np.allclose(got, expected), (
        VALUES.format("correlate2d(arange(12).reshape(3, 4), [[1, 0], [0, 0]])", got, expected)
        + "\n(correlación: sin voltear el núcleo / cross-correlation: do not flip the kernel)"
    )


def test_conv2d_slides_example_with_bias():
    x = np.array(SLIDES_IMAGE, dtype=float).reshape(1, 1, 6, 6)
    w = np.array(SLIDES_KERNEL, dtype=float).reshape(1, 1, 3, 3)
    got = conv2d.conv2d(x, w, b=np.array([1.0]))
    expected = np.array(FEATURE_MAP, dtype=float).reshape(1, 1, 4, 4) + 1
    assert np.shape(got) == (1, 1, 4, 4), "conv2d: " + SHAPE.format(np.shape(got), (1, 1, 4, 4))
    assert np.allclose(got, expected), VALUES.format(
        "conv2d(imagen/image, kernel, b=[1])", got, expected
    )


def test_conv2d_5x5_to_3x3():
    # Slides (riiaa): input 5x5, filter 3x3 -> output 3x3 (each window of ones sums to 9).
    got = conv2d.conv2d(np.ones((1, 1, 5, 5)), np.ones((1, 1, 3, 3)))
    assert np.shape(got) == (1, 1, 3, 3) and np.allclose(got, 9.0), (
        f"conv2d(unos/ones 5x5, unos/ones 3x3) = {got}, esperado/expected 3x3 de/of 9"
    )


def test_conv2d_channels_filters_bias():
    # x[0, 0] = [[0, 1, 2], [3, 4, 5], [6, 7, 8]], x[0, 1] = the same + 9.
    # Filter 0 takes the top-left pixel of channel 0 plus the bottom-right pixel of channel 1:
    #   out[0, 0, 0, 0] = 0 + 13 + 0.5 = 13.5.
    # Filter 1 sums the 2x2 window of channel 0: out[0, 1, 0, 0] = 0 + 1 + 3 + 4 - 1 = 7.
    x = np.arange(18.0).reshape(1, 2, 3, 3)
    w = np.array(
        [[[[1, 0], [0, 0]], [[0, 0], [0, 1]]], [[[1, 1], [1, 1]], [[0, 0], [0, 0]]]], dtype=float
    )
    got = conv2d.conv2d(x, w, np.array([0.5, -1.0]))
    expected = np.array([[[[13.5, 15.5], [19.5, 21.5]], [[7.0, 11.0], [19.0, 23.0]]]])
    assert np.shape(got) == (1, 2, 2, 2), "conv2d: " + SHAPE.format(np.shape(got), (1, 2, 2, 2))
    assert np.allclose(got, expected), VALUES.format(
        "conv2d(x (1, 2, 3, 3), w (2, 2, 2, 2), b=[0.5, -1])", got, expected
    )


# x = arange(16).reshape(1, 1, 4, 4), w = [[1, 0], [0, -1]]: out[i, j] = xp[a, b] - xp[a+1, b+1]
# with (a, b) = (i*s_H, j*s_W) in the zero-padded xp; inside the image that is always -5.
STRIDE_PADDING_CASES = [
    (1, 0, [[-5, -5, -5], [-5, -5, -5], [-5, -5, -5]]),
    (2, 0, [[-5, -5], [-5, -5]]),
    (
        1,
        1,
        [
            [0, -1, -2, -3, 0],
            [-4, -5, -5, -5, 3],
            [-8, -5, -5, -5, 7],
            [-12, -5, -5, -5, 11],
            [0, 12, 13, 14, 15],
        ],
    ),
    (2, 1, [[0, -2, 0], [-8, -5, 7], [0, 13, 15]]),
    (3, 1, [[0, -3], [-12, -5]]),
    ((2, 1), (0, 1), [[-4, -5, -5, -5, 3], [-12, -5, -5, -5, 11]]),  # (rows, columns) pairs
]


def test_conv2d_stride_padding():
    for stride, padding, expected in STRIDE_PADDING_CASES:
        x = np.arange(16.0).reshape(1, 1, 4, 4)  # fresh inputs for each case
        w = np.array([[[[1.0, 0.0], [0.0, -1.0]]]])
        got = conv2d.conv2d(x, w, stride=stride, padding=padding)
        expected = np.array(expected, dtype=float).reshape((1, 1) + np.shape(expected))
        call = (
            f"conv2d(arange(16).reshape(1, 1, 4, 4), [[1, 0], [0, -1]], stride={stride}, "
            f"padding={padding})"
        )
        assert np.shape(got) == expected.shape, (
            call + ": " + SHAPE.format(np.shape(got), expected.shape)
        )
        assert np.allclose(got, expected), VALUES.format(call, got, expected)


def test_conv2d_single_image():
    # x (C, H, W) = (1, 3, 4) -> output (F, OH, OW) = (2, 3, 3): filter 0 is x[i, j] + 2 x[i, j+1],
    # filter 1 is -x[i, j+1].
    got = conv2d.conv2d(
        np.arange(12.0).reshape(1, 3, 4), np.array([[[[1.0, 2.0]]], [[[0.0, -1.0]]]])
    )
    expected = np.array(
        [[[2, 5, 8], [14, 17, 20], [26, 29, 32]], [[-1, -2, -3], [-5, -6, -7], [-9, -10, -11]]],
        dtype=float,
    )
    assert np.shape(got) == (2, 3, 3), "conv2d(x (1, 3, 4)): " + SHAPE.format(
        np.shape(got), (2, 3, 3)
    )
    assert np.allclose(got, expected), VALUES.format(
        "conv2d(x (1, 3, 4), w (2, 1, 1, 2))", got, expected
    )


def test_maxpool2d_default_stride():
    got = conv2d.maxpool2d(np.arange(16.0).reshape(1, 1, 4, 4))
    expected = np.array([[[[5.0, 7.0], [13.0, 15.0]]]])
    assert np.shape(got) == (1, 1, 2, 2) and np.allclose(got, expected), VALUES.format(
        "maxpool2d(arange(16).reshape(1, 1, 4, 4))", got, expected
    )


def test_maxpool2d_5x5_to_3x3_stride_1():
    # Slides (riiaa): max pooling, input 5x5, output 3x3, stride 1x1 (3x3 windows).
    x = np.array(
        [[9, 1, 2, 3, 8], [1, 0, 0, 0, 1], [2, 0, 0, 0, 2], [1, 0, 0, 0, 1], [7, 1, 2, 3, 6]],
        dtype=float,
    ).reshape(1, 1, 5, 5)
    # Window (i, j) covers rows i..i+2 and columns j..j+2; e.g. (0, 1): max(1, 2, 3, 0, ...) = 3.
    got = conv2d.maxpool2d(x, kernel_size=3, stride=1)
    expected = np.array([[[[9, 3, 8], [2, 0, 2], [7, 3, 6]]]], dtype=float)
    assert np.shape(got) == (1, 1, 3, 3), "maxpool2d(5x5, 3, 1): " + SHAPE.format(
        np.shape(got), (1, 1, 3, 3)
    )
    assert np.allclose(got, expected), VALUES.format(
        "maxpool2d(5x5, kernel_size=3, stride=1)", got, expected
    )


def test_maxpool2d_negative_inputs():
    # -arange(1, 17): each 2x2 window's maximum is its top-left entry (the least negative).
    got = conv2d.maxpool2d(-np.arange(1.0, 17.0).reshape(1, 1, 4, 4))
    expected = np.array([[[[-1.0, -3.0], [-9.0, -11.0]]]])
    assert np.shape(got) == (1, 1, 2, 2) and np.allclose(got, expected), VALUES.format(
        "maxpool2d(-arange(1, 17).reshape(1, 1, 4, 4))", got, expected
    )


def test_maxpool2d_pairs_and_2d_input():
    # x (H, W) = [[0 1 2 3 4] [5 0 1 2 3] [4 5 0 1 2] [3 4 5 0 1]], 2x3 windows, stride (2, 1).
    got = conv2d.maxpool2d(np.arange(20.0).reshape(4, 5) % 6, kernel_size=(2, 3), stride=(2, 1))
    expected = np.array([[5.0, 3.0, 4.0], [5.0, 5.0, 5.0]])
    assert np.shape(got) == (2, 3) and np.allclose(got, expected), VALUES.format(
        "maxpool2d(x (4, 5), kernel_size=(2, 3), stride=(2, 1))", got, expected
    )


def test_float32_in_float32_out():
    x = np.arange(16.0, dtype=np.float32).reshape(1, 1, 4, 4)
    w = np.ones((1, 1, 2, 2), dtype=np.float32)
    results = {
        "correlate2d": conv2d.correlate2d(x[0, 0].copy(), w[0, 0].copy()),
        "conv2d": conv2d.conv2d(x.copy(), w.copy(), np.zeros(1, dtype=np.float32)),
        "maxpool2d": conv2d.maxpool2d(x.copy()),
    }
    for name, got in results.items():
        assert getattr(got, "dtype", None) == np.float32, (
            f"{name} con entradas float32 devuelve / with float32 inputs returns "
            f"{getattr(got, 'dtype', type(got).__name__)}, esperado/expected float32"
        )


def test_conv2d_does_not_modify_its_inputs():
    x = np.arange(9.0).reshape(1, 1, 3, 3)
    w = np.array([[[[1.0, 0.0], [0.0, -1.0]]]])
    b = np.array([2.0])
    conv2d.conv2d(x, w, b, padding=1)
    assert np.array_equal(x, np.arange(9.0).reshape(1, 1, 3, 3)), "conv2d modificó/modified x"
    assert np.array_equal(w, [[[[1.0, 0.0], [0.0, -1.0]]]]), "conv2d modificó/modified w"
    assert b.shape == (1,) and np.array_equal(b, [2.0]), "conv2d modificó/modified b"
