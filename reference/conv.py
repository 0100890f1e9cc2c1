"""Convolution (cross-correlation, like torch.nn.functional.conv2d) and max pooling.

Vectorized with sliding windows (np.lib.stride_tricks.sliding_window_view): a view of every
KH×KW patch, then one einsum / max over the window axes; no Python loop over pixels or samples.

Output size along each spatial axis: O = ⌊(H + 2p − K) / s⌋ + 1.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from reference._validate import as_floats, check_ndim, pair

__all__ = [
    "correlate2d", "conv2d", "conv2d_backward", "maxpool2d", "maxpool2d_backward", "output_size",
]  # fmt: skip


def output_size(size: int, kernel: int, stride: int = 1, padding: int = 0) -> int:
    """O = ⌊(H + 2p − K) / s⌋ + 1 (5×5 input, 3×3 kernel, stride 1 -> 3×3)."""
    return (size + 2 * padding - kernel) // stride + 1


def correlate2d(image: Any, kernel: Any) -> np.ndarray:
    """Valid 2-D cross-correlation (no kernel flip), as in the slides' 429 example:

    out[i, j] = Σ_{u,v} image[i + u, j + v] · kernel[u, v],   out (H − KH + 1, W − KW + 1)
    """
    image, kernel = as_floats("correlate2d", image=image, kernel=kernel)
    check_ndim(image, 2, "image", "correlate2d")
    check_ndim(kernel, 2, "kernel", "correlate2d")
    if kernel.size == 0 or kernel.shape[0] > image.shape[0] or kernel.shape[1] > image.shape[1]:
        raise ValueError(
            f"correlate2d: kernel {kernel.shape} must be non-empty and fit in image {image.shape}"
        )
    windows = sliding_window_view(image, kernel.shape)  # (OH, OW, KH, KW)
    return np.einsum("ijuv,uv->ij", windows, kernel)


def _conv_inputs(func: str, x: Any, w: Any, stride: Any, padding: Any):
    x, w = as_floats(func, x=x, w=w)
    check_ndim(x, (3, 4), "x", func)
    check_ndim(w, 4, "w", func)
    unbatched = x.ndim == 3
    if unbatched:  # (C, H, W), as torch accepts
        x = x[None]
    if w.shape[1] != x.shape[1]:
        raise ValueError(
            f"{func}: x has {x.shape[1]} channels but w expects {w.shape[1]} "
            f"(x {x.shape}, w (F, C, KH, KW) = {w.shape})"
        )
    s = pair(stride, "stride", func, minimum=1)
    p = pair(padding, "padding", func, minimum=0)
    _, _, kh, kw = w.shape
    if min(w.shape) == 0:
        raise ValueError(f"{func}: w has an empty axis, shape {w.shape}")
    hp, wp = x.shape[2] + 2 * p[0], x.shape[3] + 2 * p[1]
    if kh > hp or kw > wp:
        raise ValueError(f"{func}: kernel {kh}×{kw} is larger than the padded input {hp}×{wp}")
    return x, w, s, p, unbatched


def _windows(x: np.ndarray, kh: int, kw: int, s: tuple[int, int], p: tuple[int, int]):
    """All KH×KW windows of the zero-padded x at the strided positions: (N, C, OH, OW, KH, KW)."""
    xp = np.pad(x, ((0, 0), (0, 0), (p[0], p[0]), (p[1], p[1])))
    return sliding_window_view(xp, (kh, kw), axis=(2, 3))[:, :, :: s[0], :: s[1]]


def conv2d(x: Any, w: Any, b: Any = None, stride: Any = 1, padding: Any = 0) -> np.ndarray:
    """out[n, f, i, j] = b[f] + Σ_{c,u,v} x_pad[n, c, i·s + u, j·s + v] · w[f, c, u, v]

    x (N, C, H, W) (or (C, H, W)), w (F, C, KH, KW), b (F,) or None; stride and padding an int
    or a pair (zero padding). Output (N, F, OH, OW), exactly torch.nn.functional.conv2d.
    """
    x, w, s, p, unbatched = _conv_inputs("conv2d", x, w, stride, padding)
    out = np.einsum(
        "nchwuv,fcuv->nfhw", _windows(x, w.shape[2], w.shape[3], s, p), w, optimize=True
    )
    if b is not None:
        (bb,) = as_floats("conv2d", b=b)
        if bb.shape != (w.shape[0],):
            raise ValueError(f"conv2d: b has shape {bb.shape}, expected ({w.shape[0]},)")
        out = out + bb.astype(out.dtype, copy=False)[None, :, None, None]
    return out[0] if unbatched else out


def conv2d_backward(
    dout: Any, x: Any, w: Any, stride: Any = 1, padding: Any = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of conv2d given dout = ∂L/∂out (N, F, OH, OW):

        ∂L/∂w[f,c,u,v] = Σ_{n,i,j} dout[n,f,i,j] · x_pad[n, c, i·s + u, j·s + v]
        ∂L/∂b[f]       = Σ_{n,i,j} dout[n,f,i,j]
        ∂L/∂x_pad[n, c, i·s + u, j·s + v] += Σ_f dout[n,f,i,j] · w[f,c,u,v]   (then un-pad)

    Returns (dx, dw, db) shaped like x, w and (F,). The loop runs over the KH·KW kernel
    offsets only; each offset scatters a whole strided slice at once.
    """
    x, w, s, p, unbatched = _conv_inputs("conv2d_backward", x, w, stride, padding)
    (dout,) = as_floats("conv2d_backward", dout=dout)
    if unbatched:
        dout = dout[None]
    n, c, h, wd = x.shape
    f, _, kh, kw = w.shape
    oh, ow = output_size(h, kh, s[0], p[0]), output_size(wd, kw, s[1], p[1])
    if dout.shape != (n, f, oh, ow):
        raise ValueError(f"conv2d_backward: dout has shape {dout.shape}, expected {(n, f, oh, ow)}")
    dtype = np.result_type(x, w, dout)
    dw = np.einsum("nfhw,nchwuv->fcuv", dout, _windows(x, kh, kw, s, p), optimize=True)
    db = dout.sum(axis=(0, 2, 3))
    dxp = np.zeros((n, c, h + 2 * p[0], wd + 2 * p[1]), dtype=dtype)
    for u in range(kh):
        for v in range(kw):
            rows = slice(u, u + s[0] * (oh - 1) + 1, s[0])
            cols = slice(v, v + s[1] * (ow - 1) + 1, s[1])
            dxp[:, :, rows, cols] += np.einsum("nfhw,fc->nchw", dout, w[:, :, u, v])
    dx = dxp[:, :, p[0] : p[0] + h, p[1] : p[1] + wd]
    if unbatched:
        dx = dx[0]
    return dx, dw.astype(dtype, copy=False), db.astype(dtype, copy=False)


def _pool_inputs(func: str, x: Any, kernel_size: Any, stride: Any):
    (x,) = as_floats(func, x=x)
    if x.ndim < 2:
        raise ValueError(f"{func}: x must have at least 2 dimensions (…, H, W), got {x.shape}")
    k = pair(kernel_size, "kernel_size", func, minimum=1)
    s = k if stride is None else pair(stride, "stride", func, minimum=1)
    if k[0] > x.shape[-2] or k[1] > x.shape[-1]:
        raise ValueError(f"{func}: kernel_size {k} is larger than the input {x.shape[-2:]}")
    return x, k, s


def maxpool2d(x: Any, kernel_size: Any = 2, stride: Any = None) -> np.ndarray:
    """out[..., i, j] = max_{u,v} x[..., i·s + u, j·s + v] over the last two axes.

    Like torch.nn.functional.max_pool2d without padding (stride defaults to kernel_size;
    a window that would run past the edge is dropped). x is (N, C, H, W), (C, H, W) or (H, W).
    The slides' example: 5×5 input, 3×3 window, stride 1 -> 3×3.
    """
    x, k, s = _pool_inputs("maxpool2d", x, kernel_size, stride)
    windows = sliding_window_view(x, k, axis=(-2, -1))[..., :: s[0], :: s[1], :, :]
    return windows.max(axis=(-2, -1))


def maxpool2d_backward(dout: Any, x: Any, kernel_size: Any = 2, stride: Any = None) -> np.ndarray:
    """∂L/∂x: each dout[..., i, j] goes to the maximum of its window; with ties, to the first
    maximum in row-major order (as torch). Overlapping windows add up."""
    x, k, s = _pool_inputs("maxpool2d_backward", x, kernel_size, stride)
    windows = sliding_window_view(x, k, axis=(-2, -1))[..., :: s[0], :: s[1], :, :]
    oh, ow = windows.shape[-4], windows.shape[-3]
    (dout,) = as_floats("maxpool2d_backward", dout=dout)
    if dout.shape != x.shape[:-2] + (oh, ow):
        raise ValueError(
            f"maxpool2d_backward: dout has shape {dout.shape}, expected {x.shape[:-2] + (oh, ow)}"
        )
    # argmax returns the first maximum of the row-major flattened window, like torch.
    idx = windows.reshape(windows.shape[:-2] + (k[0] * k[1],)).argmax(axis=-1)
    rows = np.arange(oh)[:, None] * s[0] + idx // k[1]
    cols = np.arange(ow)[None, :] * s[1] + idx % k[1]
    lead = x.shape[:-2]
    flat_lead = np.arange(int(np.prod(lead, dtype=np.int64))).reshape(lead + (1, 1))
    h, wd = x.shape[-2:]
    target = (flat_lead * h + rows) * wd + cols
    dx = np.zeros(x.size, dtype=np.result_type(x, dout))
    np.add.at(dx, target.ravel(), dout.ravel())
    return dx.reshape(x.shape)
