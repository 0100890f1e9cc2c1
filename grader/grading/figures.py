"""The picture a failed check leaves in its result: small, bounded, plain data.

A failure that knows the arrays it compared attaches `TestResult.figure` (a dict that survives
JSON), and the HTML feedback (grader.report.html) draws it:

    {"kind": "arrays", "expected": [[...]], "got": [[...]], "shape": [...], "where": "...",
     "origin": [row, column]}
        expected and got as heatmaps (their difference too): a 2-D array, or the last two axes
        of a higher-dimensional one at the leading index of the first mismatch; at most
        MAX_SIDE x MAX_SIDE, a window around the first mismatch when the array is bigger
        (`origin`: the window's first row and column; `where`: the slice shown).
    {"kind": "curve", "expected": [...], "got": [...], "label": "...", "step": k}
        two histories (a loss per step of training), every k-th point, at most MAX_POINTS.

Numbers are kept to 7 significant digits, and NaN or ±inf become None (strict JSON).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

MAX_SIDE = 64  # a heatmap's rows and columns
MAX_POINTS = 500  # a curve's points


def _number(v: float) -> float | None:
    return float(f"{v:.7g}") if math.isfinite(v) else None


def _plain(a: np.ndarray) -> list:
    return [_plain(row) for row in a] if a.ndim > 1 else [_number(float(v)) for v in a]


def _window(n: int, at: int) -> slice:
    """At most MAX_SIDE consecutive indices of range(n) around `at`."""
    if n <= MAX_SIDE:
        return slice(0, n)
    start = min(max(at - MAX_SIDE // 2, 0), n - MAX_SIDE)
    return slice(start, start + MAX_SIDE)


def arrays_figure(expected: Any, got: Any, at: Sequence[int] = ()) -> dict[str, Any] | None:
    """Heatmap data of `expected` and `got` (same shape, at least 2-D; else None), around the
    index `at` (the first mismatch)."""
    try:
        e = np.asarray(expected, dtype=np.float64)
        g = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    if e.shape != g.shape or e.ndim < 2 or e.shape[-2] * e.shape[-1] < 2:
        return None  # a single number is in the message already
    at = tuple(at) if len(at) == e.ndim else (0,) * e.ndim
    lead = at[:-2]
    rows, cols = _window(e.shape[-2], at[-2]), _window(e.shape[-1], at[-1])
    where = [str(i) for i in lead] + [
        f"{s.start}:{s.stop}" if (s.stop - s.start) < n else ":"
        for s, n in ((rows, e.shape[-2]), (cols, e.shape[-1]))]
    return {
        "kind": "arrays",
        "shape": list(e.shape),
        "where": f"[{', '.join(where)}]",
        "origin": [rows.start, cols.start],
        "expected": _plain(e[lead][rows, cols]),
        "got": _plain(g[lead][rows, cols]),
    }


def curve_figure(expected: Any, got: Any, label: str = "loss") -> dict[str, Any] | None:
    """Two 1-D histories (e.g. the loss per step of the reference's training and of the
    student's) as curves; None when either is not a 1-D sequence of numbers."""
    try:
        e = np.asarray(expected, dtype=np.float64).reshape(-1)
        g = np.asarray(got, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError):
        return None
    if e.size == 0 and g.size == 0:
        return None
    step = max(1, math.ceil(max(e.size, g.size) / MAX_POINTS))
    return {"kind": "curve", "label": label, "step": step,
            "expected": _plain(e[::step]), "got": _plain(g[::step])}
