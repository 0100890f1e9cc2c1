"""Correct: plain loops that compute everything in float64 (np.asarray(..., dtype=float),
np.zeros(shape), a maximum started at -inf) and convert the result back to the input's dtype
at the end, which is all the float32 rule asks. Pairs handled by hand, one image or a batch."""

import math

import numpy as np


def _pair(v):
    if isinstance(v, (tuple, list)):
        return int(v[0]), int(v[1])
    return int(v), int(v)


def _out_dtype(*arrays):
    kinds = [np.asarray(a).dtype for a in arrays if a is not None]
    dtype = np.result_type(*kinds)
    return dtype if dtype.kind == "f" else np.dtype(np.float64)


def correlate2d(image, kernel):
    dtype = _out_dtype(image, kernel)
    img = np.asarray(image, dtype=float)
    ker = np.asarray(kernel, dtype=float)
    H, W = img.shape
    KH, KW = ker.shape
    out = np.zeros((H - KH + 1, W - KW + 1))
    for i in range(H - KH + 1):
        for j in range(W - KW + 1):
            total = 0.0
            for u in range(KH):
                for v in range(KW):
                    total += img[i + u, j + v] * ker[u, v]
            out[i, j] = total
    return out.astype(dtype)


def conv2d(x, w, b=None, stride=1, padding=0):
    dtype = _out_dtype(x, w, b)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    single = x.ndim == 3
    if single:
        x = x.reshape((1,) + x.shape)
    sh, sw = _pair(stride)
    ph, pw = _pair(padding)
    N, C, H, W = x.shape
    F, _, KH, KW = w.shape
    xp = np.zeros((N, C, H + 2 * ph, W + 2 * pw))
    xp[:, :, ph:ph + H, pw:pw + W] = x
    OH = (H + 2 * ph - KH) // sh + 1
    OW = (W + 2 * pw - KW) // sw + 1
    out = np.zeros((N, F, OH, OW))
    for n in range(N):
        for f in range(F):
            for i in range(OH):
                for j in range(OW):
                    patch = xp[n, :, i * sh:i * sh + KH, j * sw:j * sw + KW]
                    out[n, f, i, j] = np.sum(patch * w[f])
            if b is not None:
                out[n, f] += float(np.asarray(b, dtype=float)[f])
    out = out.astype(dtype)
    return out[0] if single else out


def maxpool2d(x, kernel_size=2, stride=None):
    dtype = _out_dtype(x)
    x = np.asarray(x, dtype=float)
    KH, KW = _pair(kernel_size)
    sh, sw = _pair(kernel_size if stride is None else stride)
    H, W = x.shape[-2:]
    OH, OW = (H - KH) // sh + 1, (W - KW) // sw + 1
    flat = x.reshape((-1, H, W))
    out = np.zeros((flat.shape[0], OH, OW))
    for m in range(flat.shape[0]):
        for i in range(OH):
            for j in range(OW):
                best = -math.inf
                for u in range(KH):
                    for v in range(KW):
                        best = max(best, flat[m, i * sh + u, j * sw + v])
                out[m, i, j] = best
    return out.reshape(x.shape[:-2] + (OH, OW)).astype(dtype)
