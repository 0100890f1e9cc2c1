"""Wrong: maxpool2d starts each maximum at 0, so windows of negative numbers give 0."""

import numpy as np


def corr2d(X, K):
    """d2l.ai's 2-D cross-correlation, written with NumPy."""
    h, w = K.shape
    Y = np.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1), dtype=np.result_type(X, K))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i:i + h, j:j + w] * K).sum()
    return Y


def conv_forward_naive(x, w, b, conv_param):
    """CS231n-style naive forward pass; returns (out, cache)."""
    sh, sw = conv_param["stride"]
    ph, pw = conv_param["pad"]
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    H_out = 1 + (H + 2 * ph - HH) // sh
    W_out = 1 + (W + 2 * pw - WW) // sw
    x_pad = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)), mode="constant")
    out = np.zeros((N, F, H_out, W_out), dtype=x.dtype)
    for n in range(N):
        for f in range(F):
            for i in range(H_out):
                for j in range(W_out):
                    window = x_pad[n, :, i * sh:i * sh + HH, j * sw:j * sw + WW]
                    out[n, f, i, j] = np.sum(window * w[f]) + b[f]
    return out, (x, w, b, conv_param)


def max_pool_forward_naive(x, pool_param):
    """CS231n-style naive max pooling over (N, C, H, W); returns (out, cache)."""
    N, C, H, W = x.shape
    ph, pw = pool_param["pool_height"], pool_param["pool_width"]
    sh, sw = pool_param["stride"]
    H_out = 1 + (H - ph) // sh
    W_out = 1 + (W - pw) // sw
    out = np.zeros((N, C, H_out, W_out), dtype=x.dtype)
    for n in range(N):
        for c in range(C):
            for i in range(H_out):
                for j in range(W_out):
                    best = 0.0  # the mistake: a maximum started at 0
                    for u in range(ph):
                        for v in range(pw):
                            best = max(best, x[n, c, i * sh + u, j * sw + v])
                    out[n, c, i, j] = best
    return out, (x, pool_param)


def _floats(a):
    a = np.asarray(a)
    return a if a.dtype.kind == "f" else a.astype(np.float64)


def _pair(v):
    return (int(v), int(v)) if np.ndim(v) == 0 else (int(v[0]), int(v[1]))


def correlate2d(image, kernel):
    return corr2d(_floats(image), _floats(kernel))


def conv2d(x, w, b=None, stride=1, padding=0):
    x, w = _floats(x), _floats(w)
    single = x.ndim == 3
    if single:
        x = x[None]
    bias = np.zeros(w.shape[0], dtype=x.dtype) if b is None else _floats(b).astype(x.dtype)
    out, _ = conv_forward_naive(x, w, bias, {"stride": _pair(stride), "pad": _pair(padding)})
    return out[0] if single else out


def maxpool2d(x, kernel_size=2, stride=None):
    x = _floats(x)
    kh, kw = _pair(kernel_size)
    s = _pair(kernel_size if stride is None else stride)
    lead = x.shape[:-2]
    x4 = x.reshape((-1, 1) + x.shape[-2:])
    out, _ = max_pool_forward_naive(x4, {"pool_height": kh, "pool_width": kw, "stride": s})
    return out.reshape(lead + out.shape[-2:])
