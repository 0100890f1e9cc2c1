"""Clean baseline for 06_conv2d: every function right (the hostile files are appended to it)."""

import numpy as np


def _pair(v):
    return (v, v) if np.isscalar(v) else tuple(v)


def correlate2d(image, kernel):
    image, kernel = np.asarray(image), np.asarray(kernel)
    kh, kw = kernel.shape
    win = np.lib.stride_tricks.sliding_window_view(image, (kh, kw))
    return np.einsum("ijkl,kl->ij", win, kernel)


def conv2d(x, w, b=None, stride=1, padding=0):
    x, w = np.asarray(x), np.asarray(w)
    if x.ndim == 3:  # one (C, H, W) image
        return conv2d(x[None], w, b, stride, padding)[0]
    sh, sw = _pair(stride)
    ph, pw = _pair(padding)
    x = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    kh, kw = w.shape[2:]
    win = np.lib.stride_tricks.sliding_window_view(x, (kh, kw), axis=(2, 3))[:, :, ::sh, ::sw]
    out = np.einsum("nchwij,fcij->nfhw", win, w)
    if b is not None:
        out = out + np.asarray(b)[None, :, None, None]
    return out.astype(np.result_type(x, w))


def maxpool2d(x, kernel_size=2, stride=None):
    x = np.asarray(x)
    kh, kw = _pair(kernel_size)
    sh, sw = _pair(stride if stride is not None else kernel_size)
    win = np.lib.stride_tricks.sliding_window_view(x, (kh, kw), axis=(-2, -1))
    return win[..., ::sh, ::sw, :, :].max(axis=(-2, -1))
