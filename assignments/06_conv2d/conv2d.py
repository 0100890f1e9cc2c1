"""Assignment 06: 2-D convolution and max pooling.

What deep-learning libraries call "convolution" is a cross-correlation: the kernel slides over
the image without being flipped, and each output is the sum of the elementwise products

    out[i, j] = sum_{u, v} image[i + u, j + v] * kernel[u, v]

(the slides' 6x6 image and 3x3 kernel give 429 at [0, 0]). `conv2d` does this for batches of
multi-channel images like torch.nn.functional.conv2d, and `maxpool2d` like
torch.nn.functional.max_pool2d.

Vectorise: np.lib.stride_tricks.sliding_window_view gives every window as a view (no copy), and
np.einsum multiplies and sums them; no Python loop over pixels. NumPy only.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def as_float_array(x) -> np.ndarray:
    """Given (not graded): x as a NumPy float array; float32 stays float32, ints become float64."""
    x = np.asarray(x)
    return x if np.issubdtype(x.dtype, np.floating) else x.astype(np.float64)


def as_pair(value) -> tuple[int, int]:
    """Given (not graded): 2 -> (2, 2); (2, 3) -> (2, 3). Like torch's int-or-tuple arguments."""
    if np.ndim(value) == 0:
        return int(value), int(value)
    first, second = value
    return int(first), int(second)


def correlate2d(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """2-D cross-correlation, "valid" (the kernel stays inside the image):

        out[i, j] = sum_{u, v} image[i + u, j + v] * kernel[u, v]

    Args:
        image: (H, W).
        kernel: (KH, KW), with KH <= H and KW <= W.

    Returns:
        (H - KH + 1, W - KW + 1) float array.
    """
    raise NotImplementedError("Completa esta función / Complete this function: correlate2d")


def conv2d(
    x: np.ndarray,
    w: np.ndarray,
    b: np.ndarray | None = None,
    stride: int | tuple[int, int] = 1,
    padding: int | tuple[int, int] = 0,
) -> np.ndarray:
    """Batched multi-channel 2-D convolution, like torch.nn.functional.conv2d:

        out[n, f, i, j] = b[f] + sum_{c, u, v} x_pad[n, c, i*sh + u, j*sw + v] * w[f, c, u, v]

    where x_pad is x with `padding` zeros on each side of H and W.
    Output size: OH = (H + 2*ph - KH) // sh + 1, OW = (W + 2*pw - KW) // sw + 1.

    Args:
        x: (N, C, H, W) input (or (C, H, W) for a single image).
        w: (F, C, KH, KW) filters.
        b: (F,) bias, or None.
        stride, padding: an int or a pair (rows, columns).

    Returns:
        (N, F, OH, OW) (or (F, OH, OW) for a single image).
    """
    raise NotImplementedError("Completa esta función / Complete this function: conv2d")


def maxpool2d(
    x: np.ndarray,
    kernel_size: int | tuple[int, int] = 2,
    stride: int | tuple[int, int] | None = None,
) -> np.ndarray:
    """Max pooling over the last two axes, like torch.nn.functional.max_pool2d:

        out[..., i, j] = max_{u < KH, v < KW} x[..., i*sh + u, j*sw + v]

    `stride` defaults to `kernel_size` (non-overlapping windows).
    Output size: OH = (H - KH) // sh + 1, OW = (W - KW) // sw + 1.

    Args:
        x: (N, C, H, W) (or any leading axes, e.g. (C, H, W)).
        kernel_size, stride: an int or a pair (rows, columns).

    Returns:
        (N, C, OH, OW).
    """
    raise NotImplementedError("Completa esta función / Complete this function: maxpool2d")
