"""Correct, another vectorised formulation: im2col (every window unrolled as a column, by
fancy indexing) and one matrix product, as in many course notes; pooling takes the max of the
unrolled windows. Computes in float64 when the inputs are float64 and in float32 when they are
float32 (`astype(x.dtype)` where an index array or the bias could promote)."""

import numpy as np


def _floats(a):
    a = np.asarray(a)
    return a if a.dtype.kind == "f" else a.astype(np.float64)


def _pair(v):
    return (int(v), int(v)) if np.ndim(v) == 0 else (int(v[0]), int(v[1]))


def _indices(h, w, kh, kw, sh, sw):
    """Row and column index of every (window, offset): (OH*OW, KH*KW) each."""
    oh, ow = (h - kh) // sh + 1, (w - kw) // sw + 1
    i0 = np.repeat(np.arange(oh) * sh, ow)[:, None]
    j0 = np.tile(np.arange(ow) * sw, oh)[:, None]
    di = np.repeat(np.arange(kh), kw)[None, :]
    dj = np.tile(np.arange(kw), kh)[None, :]
    return i0 + di, j0 + dj, oh, ow


def correlate2d(image, kernel):
    image, kernel = _floats(image), _floats(kernel)
    rows, cols, oh, ow = _indices(*image.shape, *kernel.shape, 1, 1)
    cols_mat = image[rows, cols]  # (OH*OW, KH*KW)
    return (cols_mat @ kernel.reshape(-1)).reshape(oh, ow)


def conv2d(x, w, b=None, stride=1, padding=0):
    x, w = _floats(x), _floats(w)
    single = x.ndim == 3
    if single:
        x = x[None]
    (sh, sw), (ph, pw) = _pair(stride), _pair(padding)
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    n, c = xp.shape[:2]
    f, _, kh, kw = w.shape
    rows, cols, oh, ow = _indices(xp.shape[2], xp.shape[3], kh, kw, sh, sw)
    patches = xp[:, :, rows, cols]  # (N, C, OH*OW, KH*KW)
    patches = patches.transpose(0, 2, 1, 3).reshape(n, oh * ow, c * kh * kw)
    out = patches @ w.reshape(f, -1).T  # (N, OH*OW, F)
    if b is not None:
        out = out + _floats(b).astype(out.dtype)
    out = out.transpose(0, 2, 1).reshape(n, f, oh, ow)
    return out[0] if single else out


def maxpool2d(x, kernel_size=2, stride=None):
    x = _floats(x)
    kh, kw = _pair(kernel_size)
    sh, sw = _pair(kernel_size if stride is None else stride)
    rows, cols, oh, ow = _indices(x.shape[-2], x.shape[-1], kh, kw, sh, sw)
    return x[..., rows, cols].max(axis=-1).reshape(x.shape[:-2] + (oh, ow))
