"""06_conv2d's functions with torch.nn.functional: conv2d (cross-correlation) and max pooling."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch.nn.functional as F

from reference.torch_oracles import np_, t


def correlate2d(args: tuple, kw: dict, device: str) -> np.ndarray:
    img, ker = t(args[0], device), t(args[1], device)
    return np_(F.conv2d(img[None, None], ker[None, None].to(img.dtype))[0, 0])


def conv2d(args: tuple, kw: dict, device: str) -> np.ndarray:
    a = dict(zip(("x", "w", "b", "stride", "padding"), args))
    a.update(kw)
    x, w = t(a["x"], device), t(a["w"], device)
    b = a.get("b")
    b = None if b is None else t(b, device).to(x.dtype)
    return np_(F.conv2d(x, w.to(x.dtype), b, stride=a.get("stride", 1), padding=a.get("padding", 0)))


def maxpool2d(args: tuple, kw: dict, device: str) -> np.ndarray:
    a = dict(zip(("x", "kernel_size", "stride"), args))
    a.update(kw)
    return np_(F.max_pool2d(t(a["x"], device), a.get("kernel_size", 2), a.get("stride")))


COUNTERPARTS: dict[str, Callable[..., object]] = {
    "correlate2d": correlate2d, "conv2d": conv2d, "maxpool2d": maxpool2d,
}
