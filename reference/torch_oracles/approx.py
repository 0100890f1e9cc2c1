"""11_universal_approximation with PyTorch: the bump and the sum of bumps through torch.sigmoid,
the hinge sum through torch.relu (the same formulas, another library's σ and max).

step_params, midpoints, relu_approximation and hidden_units have no torch operation to compare
with; tests/test_reference checks them against np.interp and hand-made values.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch

from reference.torch_oracles import np_, t


def _sigmoid_bump(args: tuple, kw: dict, device: str) -> np.ndarray:
    x, s1, s2, h = args[:4]
    w = args[4] if len(args) > 4 else kw.get("w", 1000.0)
    xt = t(x, device)
    return np_(h * (torch.sigmoid(w * (xt - s1)) - torch.sigmoid(w * (xt - s2))))


def _sigmoid_sum(args: tuple, kw: dict, device: str) -> np.ndarray:
    heights, x = args[:2]
    w = args[2] if len(args) > 2 else kw.get("w", 1000.0)
    ht, xt = t(heights, device), t(x, device)
    ht = ht.to(torch.promote_types(ht.dtype, xt.dtype))
    xt = xt.to(ht.dtype)
    n = ht.shape[0]
    edges = (torch.arange(n + 1, dtype=torch.float64, device=device) / n).to(xt.dtype)
    steps = torch.sigmoid(w * (xt[..., None] - edges))
    return np_(((steps[..., :-1] - steps[..., 1:]) * ht).sum(-1))


def _relu_eval(args: tuple, kw: dict, device: str) -> np.ndarray:
    x, knots, b0, slopes = args[:4]
    xt, kt, st = t(x, device), t(knots, device), t(slopes, device)
    dt = torch.promote_types(torch.promote_types(xt.dtype, kt.dtype), st.dtype)
    k = st.shape[0]
    hinges = torch.relu(xt.to(dt)[..., None] - kt.to(dt)[:k])
    return np_(b0 + (hinges * st.to(dt)).sum(-1))


COUNTERPARTS: dict[str, Any] = {
    "sigmoid_bump": _sigmoid_bump,
    "sigmoid_sum": _sigmoid_sum,
    "relu_eval": _relu_eval,
}
