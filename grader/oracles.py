"""Expected values: the NumPy reference, and the same inputs through PyTorch (CPU, CUDA).

- `reference_value(module, func, args, kwargs)`: the reference library's function of the same
  name (docs/design.md maps each assignment module to a `reference` module).
- `torch_value(key, args, kwargs, device)`: an independent computation with PyTorch, on
  "cpu" or "cuda" (float64 where the input is float64; TF32 off on CUDA so float32 stays
  float32). `key` is a contract function name, or a sequence oracle ("adam_steps").
- `torch_targets(use_cuda)`: which torch oracles this run has: [("torch_cpu", "cpu"),
  ("torch_cuda", "cuda" | None)] with None meaning "unavailable: no CUDA device".
- `ReferenceWorker`: the reference module behind the Worker's `call()` interface, in process.
  Only for trusted code: `verify` runs the hidden checks through it so every hidden value case
  is evaluated by the reference and by torch (`reference_vs_torch`).

torch is imported lazily: the reference and the NumPy-only parts never pay for it.
"""

from __future__ import annotations

import copy
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import numpy as np

NO_CUDA = "unavailable: no CUDA device"


def reference_module(module: str) -> ModuleType:
    from reference import STUDENT_MODULES

    return importlib.import_module(STUDENT_MODULES[module])


def reference_value(module: str, func: str, args: tuple = (), kwargs: dict | None = None) -> Any:
    """getattr(reference_module, func)(*args, **kwargs) on copies of the inputs."""
    f = getattr(reference_module(module), func)
    return f(*copy.deepcopy(tuple(args)), **copy.deepcopy(dict(kwargs or {})))


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


def cuda_available() -> bool:
    try:
        return bool(torch_mod().cuda.is_available())
    except Exception:  # a broken CUDA install is "no CUDA device" for grading
        return False


def torch_targets(use_cuda: bool | None) -> list[tuple[str, str | None]]:
    """[("torch_cpu", "cpu"), ("torch_cuda", "cuda" or None when unavailable)]."""
    cuda = cuda_available() if use_cuda is None else (use_cuda and cuda_available())
    return [("torch_cpu", "cpu"), ("torch_cuda", "cuda" if cuda else None)]


def _t(x: Any, device: str) -> Any:
    torch = torch_mod()
    a = np.asarray(x)
    if a.dtype.kind in "iub":
        a = a.astype(np.float64)
    return torch.from_numpy(np.ascontiguousarray(a)).to(device)


def _np(t: Any) -> np.ndarray:
    return t.detach().cpu().numpy()


def _grad_of(f: Callable[[Any], Any]) -> Callable[[Any, str], np.ndarray]:
    """z -> ∂/∂z Σ f(z), elementwise derivative through autograd."""

    def g(z: Any, device: str) -> np.ndarray:
        zt = _t(z, device).requires_grad_(True)
        f(zt).sum().backward()
        return _np(zt.grad)

    return g


def _act(name: str, kw: dict) -> Callable[[Any], Any]:
    torch = torch_mod()
    F = torch.nn.functional
    alpha = kw.get("alpha")
    table: dict[str, Callable[[Any], Any]] = {
        "identity": lambda z: z,
        "sigmoid": torch.sigmoid,
        "tanh": torch.tanh,
        "arctan": torch.atan,
        "relu": torch.relu,
        "leaky_relu": lambda z: F.leaky_relu(z, 0.01 if alpha is None else alpha),
        "elu": lambda z: F.elu(z, 1.0 if alpha is None else alpha),
        "softplus": F.softplus,
        "binary_step": lambda z: torch.heaviside(z, torch.ones_like(z)),
    }
    return table[name]


def _activation_value(name: str) -> Callable[..., np.ndarray]:
    def f(args: tuple, kw: dict, device: str) -> np.ndarray:
        alpha = args[1] if len(args) > 1 else kw.get("alpha")
        return _np(_act(name, {"alpha": alpha})(_t(args[0], device)))

    return f


def _activation_derivative(name: str) -> Callable[..., np.ndarray]:
    def f(args: tuple, kw: dict, device: str) -> np.ndarray:
        alpha = args[1] if len(args) > 1 else kw.get("alpha")
        if name == "binary_step":  # autograd has no derivative of a step: 0 away from 0
            return np.zeros_like(np.asarray(args[0], dtype=np.float64))
        return _grad_of(_act(name, {"alpha": alpha}))(args[0], device)

    return f


def _softmax(args: tuple, kw: dict, device: str) -> np.ndarray:
    axis = args[1] if len(args) > 1 else kw.get("axis", -1)
    return _np(torch_mod().softmax(_t(args[0], device), dim=axis))


def _step(args: tuple, kw: dict, device: str) -> np.ndarray:
    z = _t(args[0], device)
    return _np(torch_mod().heaviside(z, torch_mod().ones_like(z)))


def _predict(args: tuple, kw: dict, device: str) -> np.ndarray:
    X, w, b = (_t(a, device) for a in args[:3])
    z = X @ w + b
    return _np(torch_mod().heaviside(z, torch_mod().ones_like(z)))


def _xor_forward(args: tuple, kw: dict, device: str) -> np.ndarray:
    F = torch_mod().nn.functional
    X, W1, b1, W2, b2 = (_t(a, device) for a in args[:5])
    return _np(F.linear(torch_mod().relu(F.linear(X, W1, b1)), W2, b2))


def _mlp(X: Any, params: list, activation: str, output_activation: str) -> Any:
    F = torch_mod().nn.functional
    A = X
    for l, (W, b) in enumerate(params):
        last = l == len(params) - 1
        name = output_activation if last else activation
        Z = F.linear(A, W, b)
        A = torch_mod().softmax(Z, dim=1) if name == "softmax" else _act(name, {})(Z)
    return A


def _mlp_args(args: tuple, kw: dict, n_pos: int) -> tuple[str, str]:
    names = ("activation", "output_activation")
    rest = list(args[n_pos:]) + [None, None]
    act = rest[0] if rest[0] is not None else kw.get(names[0], "sigmoid")
    out = rest[1] if rest[1] is not None else kw.get(names[1], "identity")
    return act, out


def _backprop_forward(args: tuple, kw: dict, device: str) -> np.ndarray:
    act, out = _mlp_args(args, kw, 2)
    params = [(_t(W, device), _t(b, device)) for W, b in args[1]]
    return _np(_mlp(_t(args[0], device), params, act, out))


def _backprop_backward(args: tuple, kw: dict, device: str) -> list[tuple[np.ndarray, np.ndarray]]:
    """Gradients of mse(forward(X, params), y) by autograd: args = (X, y, params, act, out)."""
    X, y, params = args[:3]
    act, out = _mlp_args(args, kw, 3)
    ps = [(_t(W, device).requires_grad_(True), _t(b, device).requires_grad_(True)) for W, b in params]
    y_hat = _mlp(_t(X, device), ps, act, out)
    torch_mod().nn.functional.mse_loss(y_hat, _t(y, device)).backward()
    return [(_np(W.grad), _np(b.grad)) for W, b in ps]


def _mse(args: tuple, kw: dict, device: str) -> np.ndarray:
    F = torch_mod().nn.functional
    return _np(F.mse_loss(_t(args[0], device), _t(args[1], device)))


def _count_parameters(args: tuple, kw: dict, device: str) -> int:
    nn = torch_mod().nn
    sizes = list(args[0])
    layers = [nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:])]
    return int(sum(p.numel() for layer in layers for p in layer.parameters()))


def _gd_step(args: tuple, kw: dict, device: str) -> list[tuple[np.ndarray, np.ndarray]]:
    params, grads, lr = args[:3]
    torch = torch_mod()
    ts = [_t(a, device).requires_grad_(True) for W, b in params for a in (W, b)]
    for t, g in zip(ts, [a for dW, db in grads for a in (dW, db)]):
        t.grad = _t(g, device)
    torch.optim.SGD(ts, lr=lr).step()
    out = [_np(t) for t in ts]
    return [(out[i], out[i + 1]) for i in range(0, len(out), 2)]


def _optim_steps(make: Callable[[Any, list], Any]) -> Callable[..., list[np.ndarray]]:
    """(w0, [g1, g2, ...], hyper) -> [w1, w2, ...] with a torch.optim optimizer."""

    def f(args: tuple, kw: dict, device: str) -> list[np.ndarray]:
        w0, grads = args[:2]
        w = _t(w0, device).clone().requires_grad_(True)
        opt = make(w, kw)
        out = []
        for g in grads:
            w.grad = _t(g, device).to(w.dtype)
            opt.step()
            out.append(_np(w).copy())
        return out

    return f


def _sgd_make(w: Any, kw: dict) -> Any:
    return torch_mod().optim.SGD([w], lr=kw["lr"])


def _rmsprop_make(w: Any, kw: dict) -> Any:
    return torch_mod().optim.RMSprop([w], lr=kw.get("lr", 0.01), alpha=kw.get("beta2", 0.99),
                                     eps=kw.get("eps", 1e-8))


def _adam_make(w: Any, kw: dict) -> Any:
    return torch_mod().optim.Adam([w], lr=kw.get("lr", 1e-3),
                                  betas=(kw.get("beta1", 0.9), kw.get("beta2", 0.999)),
                                  eps=kw.get("eps", 1e-8))


def _correlate2d(args: tuple, kw: dict, device: str) -> np.ndarray:
    F = torch_mod().nn.functional
    img, ker = _t(args[0], device), _t(args[1], device)
    return _np(F.conv2d(img[None, None], ker[None, None].to(img.dtype))[0, 0])


def _conv2d(args: tuple, kw: dict, device: str) -> np.ndarray:
    F = torch_mod().nn.functional
    names = ("x", "w", "b", "stride", "padding")
    a = dict(zip(names, args))
    a.update(kw)
    x, w = _t(a["x"], device), _t(a["w"], device)
    b = a.get("b")
    b = None if b is None else _t(b, device).to(x.dtype)
    return _np(F.conv2d(x, w.to(x.dtype), b, stride=a.get("stride", 1), padding=a.get("padding", 0)))


def _maxpool2d(args: tuple, kw: dict, device: str) -> np.ndarray:
    F = torch_mod().nn.functional
    names = ("x", "kernel_size", "stride")
    a = dict(zip(names, args))
    a.update(kw)
    return _np(F.max_pool2d(_t(a["x"], device), a.get("kernel_size", 2), a.get("stride")))


TORCH: dict[str, Callable[..., Any]] = {
    # activations (and xor.relu, perceptron.step)
    **{n: _activation_value(n) for n in (
        "sigmoid", "tanh", "arctan", "relu", "leaky_relu", "elu", "softplus", "binary_step")},
    **{f"{n}_derivative": _activation_derivative(n) for n in (
        "sigmoid", "tanh", "arctan", "relu", "leaky_relu", "elu", "softplus", "binary_step")},
    "softmax": _softmax,
    "step": _step,
    "predict": _predict,
    "xor.forward": _xor_forward,
    "backprop.forward": _backprop_forward,
    "backprop.backward": _backprop_backward,
    "mse_loss": _mse,
    "count_parameters": _count_parameters,
    "gd_step": _gd_step,
    "sgd_steps": _optim_steps(_sgd_make),
    "rmsprop_steps": _optim_steps(_rmsprop_make),
    "adam_steps": _optim_steps(_adam_make),
    "correlate2d": _correlate2d,
    "conv2d": _conv2d,
    "maxpool2d": _maxpool2d,
}  # fmt: skip


def torch_value(key: str, args: tuple = (), kwargs: dict | None = None, device: str = "cpu") -> Any:
    """The torch oracle `key` on copies of the inputs, as NumPy (on the given device)."""
    return TORCH[key](copy.deepcopy(tuple(args)), dict(kwargs or {}), device)


def finite_difference(f: Callable[[np.ndarray], np.ndarray], z: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Central differences (f(z + h) − f(z − h)) / 2h of an elementwise f, in float64."""
    z = np.asarray(z, dtype=np.float64)
    with np.errstate(all="ignore"):
        return (np.asarray(f(z + h), dtype=np.float64) - np.asarray(f(z - h), dtype=np.float64)) / (2 * h)


# --- the reference behind the Worker interface --------------------------------------------------
@dataclass
class LocalOutcome:
    ok: bool
    value: Any = None
    args_after: Any = None
    error_kind: str = ""
    message: str = ""
    traceback: str = ""
    stdout: str = ""


class ReferenceWorker:
    """`Worker.call` over a trusted in-process module (the reference): for `verify` only."""

    def __init__(self, module: ModuleType):
        self.module = module

    def call(self, func: str, *args: Any, kwargs: dict | None = None, seed: int = 0,
             timeout: float | None = None, return_args: bool = False,
             post: dict | None = None) -> LocalOutcome:
        f = getattr(self.module, func, None)
        if f is None or post is not None:
            return LocalOutcome(False, error_kind="missing", message=f"{func} not in reference")
        np.random.seed(seed)
        a = copy.deepcopy(tuple(args))
        try:
            value = f(*a, **copy.deepcopy(dict(kwargs or {})))
        except Exception as e:
            return LocalOutcome(False, error_kind="exception", message=f"{type(e).__name__}: {e}")
        return LocalOutcome(True, value=copy.deepcopy(value), args_after=list(a) if return_args else None)

    def close(self) -> None:
        pass


def reference_vs_torch(assignment: Any, *, use_cuda: bool | None = None) -> list[tuple[str, str, dict]]:
    """Every hidden check of `assignment` run on the reference itself: since the "student" is
    the reference, each torch oracle's verdict is reference-vs-torch on every case the check
    evaluates. Returns (test_id, outcome, oracles) with outcome "passed", "skipped: ..." or
    the failure text."""
    from grader.spec import CheckFailure, Ctx, StudentError

    worker = ReferenceWorker(reference_module(assignment.module))
    have = set(dir(worker.module))
    rows = []
    for test in assignment.tests:
        missing = [f for f in test.requires if f not in have]
        if missing or test.torch_module:
            rows.append((test.id, f"skipped: {', '.join(missing) or 'torch module'} not in reference", {}))
            continue
        ctx = Ctx(worker, assignment, test, use_cuda=use_cuda)
        try:
            test.check(ctx)
            outcome = "passed"
        except (CheckFailure, StudentError) as e:
            outcome = e.message_en
        rows.append((test.id, outcome, dict(ctx.oracles)))
    return rows
