"""Shared helpers for tests/test_reference: devices, torch conversions, hypothesis strategies."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

# Every torch comparison runs on CPU, and on CUDA when there is a device. On the GPU the
# comparisons are float64 (TF32 only affects float32) and TF32 is switched off anyway.
CUDA = torch.cuda.is_available()
DEVICES = [
    "cpu",
    pytest.param(
        "cuda",
        marks=[
            pytest.mark.cuda,
            pytest.mark.skipif(
                not CUDA,
                reason="no CUDA device: torch.cuda.is_available() is False, only the CPU cases ran",
            ),
        ],
    ),
]
if CUDA:
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False

# Fixed, fast, reproducible property tests.
FAST = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FEW = settings(FAST, max_examples=15)

# Values the reference must survive: zeros, exact kinks, the overflow zone, ±1e4.
SPECIAL = [0.0, -0.0, 1.0, -1.0, 20.0, 21.0, -20.0, 88.8, -88.8, 710.0, -710.0, 1e4, -1e4]


def reals(lo: float = -1e4, hi: float = 1e4) -> st.SearchStrategy[float]:
    special = [v for v in SPECIAL if lo <= v <= hi]
    plain = st.floats(lo, hi, allow_nan=False, allow_infinity=False, allow_subnormal=False)
    return st.one_of(st.sampled_from(special), plain) if special else plain


def arrays(
    min_dims: int = 0, max_dims: int = 3, max_side: int = 5, elements=None, min_side: int = 1
) -> st.SearchStrategy[np.ndarray]:
    return hnp.arrays(
        np.float64,
        hnp.array_shapes(
            min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side
        ),
        elements=reals() if elements is None else elements,
    )


def away_from(points: list[float], lo: float, hi: float, gap: float = 1e-3):
    """Floats in [lo, hi] at least `gap` from every kink (finite differences are wrong there)."""
    return reals(lo, hi).filter(lambda v: all(abs(v - p) >= gap for p in points))


def tt(a, device: str = "cpu", dtype=None, grad: bool = False) -> torch.Tensor:
    """A fresh torch tensor holding a copy of `a` (keeps the NumPy dtype unless told)."""
    t = torch.tensor(np.array(a, copy=True), device=device)
    if dtype is not None:
        t = t.to(dtype)
    return t.requires_grad_(grad)


def nn(t: torch.Tensor) -> np.ndarray:
    return t.detach().cpu().numpy()


def close(ours, theirs, rtol: float = 1e-7, atol: float = 1e-9) -> None:
    """Values equal within tolerance; `theirs` may be a tensor. NaN never passes."""
    expected = nn(theirs) if isinstance(theirs, torch.Tensor) else np.asarray(theirs)
    got = np.asarray(ours)
    assert got.shape == expected.shape, f"shape {got.shape} != expected {expected.shape}"
    assert not np.isnan(got).any(), "NaN in the reference output"
    np.testing.assert_allclose(got, expected, rtol=rtol, atol=atol)


# --- tolerances from rounding-error bounds -------------------------------------------------------
# Where ours and torch evaluate the same formula in a different operation order (BLAS blocking,
# thread count, FMA, vectorized kernels), they differ by rounding only, and how much depends on the
# magnitudes involved, not on the result: a sum of n products with a cancelled result is still
# off by up to γ(n)·Σ|terms|. Such comparisons use `within` with a bound computed from the data.
U64 = float(np.finfo(np.float64).eps) / 2  # unit roundoff of float64, 2^-53 ≈ 1.1e-16
U32 = float(np.finfo(np.float32).eps) / 2  # unit roundoff of float32, 2^-24 ≈ 6.0e-8


def gamma(n: int, u: float = U64) -> float:
    """γ(n) = n·u/(1 − n·u): |fl(Σ_{i<=n} x_i y_i) − Σ x_i y_i| <= γ(n)·Σ|x_i y_i| in ANY order
    of summation, blocked or pairwise, with or without FMA (Higham, Accuracy and Stability of
    Numerical Algorithms, §3.1). Two implementations of the same sum differ by at most twice it."""
    assert n * u < 1
    return n * u / (1 - n * u)


def within(ours, theirs, bound, what: str = "values") -> None:
    """|ours − theirs| <= bound elementwise; `bound` (an array or scalar) comes from an error
    analysis of the computation. NaN never passes."""
    expected = nn(theirs) if isinstance(theirs, torch.Tensor) else np.asarray(theirs)
    got = np.asarray(ours)
    assert got.shape == expected.shape, f"{what}: shape {got.shape} != expected {expected.shape}"
    assert not np.isnan(got).any(), f"{what}: NaN in the reference output"
    bound = np.broadcast_to(np.asarray(bound, dtype=np.float64), got.shape)
    err = np.abs(got.astype(np.float64) - expected.astype(np.float64))
    bad = ~(err <= bound)
    if bad.any():
        i = np.unravel_index(np.argmax(np.where(bad, err - bound, -np.inf)), got.shape)
        raise AssertionError(
            f"{what}: {int(bad.sum())} of {got.size} entries differ by more than the rounding "
            f"bound; worst at index {tuple(int(k) for k in i)}: ours {got[i]!r}, expected "
            f"{expected[i]!r}, |difference| {err[i]:.3g} > bound {bound[i]:.3g}"
        )


def tol(dtype) -> dict[str, float]:
    """Tolerances for a comparison made in `dtype` (torch.testing's defaults, a bit wider)."""
    return (
        {"rtol": 1e-5, "atol": 1e-5}
        if np.dtype(dtype) == np.float32
        else {"rtol": 1e-7, "atol": 1e-9}
    )


def central_difference(f, z: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Elementwise (f(z + h) − f(z − h)) / 2h for an elementwise f."""
    return (f(z + h) - f(z - h)) / (2 * h)
