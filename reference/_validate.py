"""Input checks shared by the reference modules (private).

The rules, everywhere in `reference`:
- floating input keeps its dtype (float32 in, float32 out); integers and booleans become float64;
- complex, object or string input is a TypeError;
- a wrong number of dimensions or mismatched shapes is a ValueError that names the function,
  the argument and the shapes involved.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def as_float(x: Any, name: str, func: str) -> np.ndarray:
    """`x` as a floating ndarray: float16/32/64 kept, ints and bools promoted to float64."""
    a = np.asarray(x)
    if a.dtype.kind == "f":
        return a
    if a.dtype.kind in "biu":
        return a.astype(np.float64)
    raise TypeError(f"{func}: {name} must be a real numeric array, got dtype {a.dtype}")


def as_floats(func: str, **arrays: Any) -> list[np.ndarray]:
    """Several inputs converted together to their common floating dtype.

    float32 with float32 stays float32; float32 with float64 (or with ints) gives float64,
    NumPy's promotion rule.
    """
    converted = [as_float(a, name, func) for name, a in arrays.items()]
    dtype = np.result_type(*converted)
    return [a.astype(dtype, copy=False) for a in converted]


def check_ndim(a: np.ndarray, ndims: int | tuple[int, ...], name: str, func: str) -> None:
    allowed = (ndims,) if isinstance(ndims, int) else ndims
    if a.ndim not in allowed:
        want = " or ".join(f"{d}-D" for d in allowed)
        raise ValueError(f"{func}: {name} must be {want}, got shape {a.shape}")


def check_same_shape(a: np.ndarray, b: np.ndarray, names: str, func: str) -> None:
    if a.shape != b.shape:
        raise ValueError(
            f"{func}: {names} must have the same shape, got {a.shape} and {b.shape} "
            "(no broadcasting: (n,) and (n, 1) are different)"
        )


def pair(v: int | tuple[int, int], name: str, func: str, minimum: int) -> tuple[int, int]:
    """An int or a pair of ints, as torch accepts for stride / padding / kernel_size."""
    if isinstance(v, (int, np.integer)) and not isinstance(v, bool):
        out = (int(v), int(v))
    elif (
        isinstance(v, (tuple, list))
        and len(v) == 2
        and all(isinstance(e, (int, np.integer)) and not isinstance(e, bool) for e in v)
    ):
        out = (int(v[0]), int(v[1]))
    else:
        raise ValueError(f"{func}: {name} must be an int or a pair of ints, got {v!r}")
    if min(out) < minimum:
        raise ValueError(f"{func}: {name} must be >= {minimum}, got {v!r}")
    return out
