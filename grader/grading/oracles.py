"""Expected values: an assignment's reference module, and the same inputs through PyTorch.

- `reference_value(assignment, func, args, kwargs)`: the oracle module's function of the same
  name (assignment.toml's `oracle`).
- `torch_value(assignment, key, args, kwargs, device)`: the torch counterpart `key` (its
  `torch` module's COUNTERPARTS) on "cpu" or "cuda", TF32 off so CUDA float32 stays float32.
- `torch_targets(use_cuda)`: which torch oracles this run has: [("torch_cpu", "cpu"),
  ("torch_cuda", "cuda" | None)] with None meaning "unavailable: no CUDA device".
- `ReferenceSandbox`: the reference module behind the Sandbox's `call()` interface, in process.
  Only for trusted code: `verify` runs the hidden checks through it, so every hidden value case
  is evaluated by the reference and by torch.

torch is imported lazily: the NumPy-only parts never pay for it.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from functools import lru_cache
from types import ModuleType
from typing import TYPE_CHECKING, Any

import numpy as np

from grader.grading import plan
from grader.sandbox import recipes
from grader.sandbox.client import CallOutcome
from grader.sandbox.protocol import Recipe
from grader.text import Text

if TYPE_CHECKING:
    from grader.grading.spec import Assignment

NO_CUDA = "unavailable: no CUDA device"


def reference_value(assignment: Assignment, func: str, args: tuple = (),
                    kwargs: dict | None = None) -> Any:
    """getattr(oracle, func)(*args, **kwargs) on copies of the inputs (recipes built here);
    computed once per case plan (the same inputs give the same value for every student)."""
    f = getattr(assignment.oracle, func)
    args, kwargs = tuple(args), dict(kwargs or {})

    def compute() -> Any:
        return f(*_made(args), **_made(kwargs))

    p = plan.for_assignment(assignment)
    return p.value(("reference", func), args, kwargs, compute) if p else compute()


def _made(x: Any) -> Any:
    """A copy of `x` with its recipes (a function f(x), a torch module) built as objects."""
    return recipes.made_all(copy.deepcopy(x), Recipe)


# --- torch --------------------------------------------------------------------------------------
_torch: Any = None


def torch_mod() -> Any:
    """torch, imported once; TF32 off so CUDA float32 matmuls/convs are real float32."""
    global _torch
    if _torch is None:
        import torch

        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
        _torch = torch
    return _torch


# device nodes of the NVIDIA, ROCm and WSL drivers: without one, torch cannot see a GPU, and
# grading need not import torch (1 s) to learn it
GPU_DEVICE_NODES = ("/dev/nvidiactl", "/dev/nvidia0", "/dev/kfd", "/dev/dxg")


@lru_cache(maxsize=1)
def cuda_available() -> bool:
    if not any(os.path.exists(p) for p in GPU_DEVICE_NODES):
        return False
    try:
        return bool(torch_mod().cuda.is_available())
    except Exception:  # a broken CUDA install is "no CUDA device" for grading
        return False


def torch_targets(use_cuda: bool | None) -> list[tuple[str, str | None]]:
    """[("torch_cpu", "cpu"), ("torch_cuda", "cuda" or None when unavailable)]."""
    cuda = cuda_available() if use_cuda is None else (use_cuda and cuda_available())
    return [("torch_cpu", "cpu"), ("torch_cuda", "cuda" if cuda else None)]


def torch_keys(assignment: Assignment) -> frozenset[str]:
    """The keys of the assignment's torch counterparts (kept in the case plan, so that a warm
    grade never imports torch just to list them)."""
    if assignment.info.torch is None:
        return frozenset()
    known = getattr(assignment, "_torch_keys", None)
    if known is None:
        def compute() -> list[str]:
            return sorted(assignment.torch_counterparts)

        p = plan.for_assignment(assignment)
        known = frozenset(p.value(("torch_keys",), (), {}, compute) if p else compute())
        assignment._torch_keys = known  # type: ignore[attr-defined]
    return known


def torch_value(assignment: Assignment, key: str, args: tuple = (), kwargs: dict | None = None,
                device: str = "cpu") -> Any:
    """The torch counterpart `key` of `assignment` on copies of the inputs, as NumPy.

    KeyError when the assignment has no such counterpart."""
    args, kwargs = tuple(args), dict(kwargs or {})

    def compute() -> Any:
        f = assignment.torch_counterparts[key]
        torch_mod()  # the TF32 settings hold before any counterpart runs
        return f(copy.deepcopy(args), dict(kwargs), device)

    if key not in torch_keys(assignment):
        raise KeyError(key)
    p = plan.for_assignment(assignment)
    return p.value(("torch", key, device), args, kwargs, compute) if p else compute()


def finite_difference(f: Callable[[np.ndarray], np.ndarray], z: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Central differences (f(z + h) − f(z − h)) / 2h of an elementwise f, in float64."""
    z = np.asarray(z, dtype=np.float64)
    with np.errstate(all="ignore"):
        return (np.asarray(f(z + h), dtype=np.float64) - np.asarray(f(z - h), dtype=np.float64)) / (2 * h)


# --- the reference behind the Sandbox interface -------------------------------------------------
class ReferenceSandbox:
    """`Sandbox.call` over a trusted in-process module (the reference): for `verify` only."""

    def __init__(self, module: ModuleType):
        self.module = module

    def call(self, func: str, *args: Any, kwargs: dict | None = None, seed: int = 0,
             timeout: float | None = None, return_args: bool = False,
             post: dict | None = None) -> CallOutcome:
        f = getattr(self.module, func, None)
        if f is None or post is not None:
            return CallOutcome(False, error_kind="missing",
                                message=Text.same(f"{func} not in reference"))
        np.random.seed(seed)
        a = _made(tuple(args))
        try:
            value = f(*a, **_made(dict(kwargs or {})))
        except Exception as e:
            return CallOutcome(False, error_kind="exception",
                                message=Text.same(f"{type(e).__name__}: {e}"))
        return CallOutcome(True, value=copy.deepcopy(value), args_after=list(a) if return_args else None)

    def close(self) -> None:
        pass
