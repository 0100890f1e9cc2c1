"""Recipes: objects that cannot cross the sandbox boundary, made on the other side.

A hidden test may need to hand a student's function something that is not plain data: a
function f(x) (`sigmoid_approximation(f, n, x)`) or a torch module (`count_parameters(model)`).
Neither can travel (the boundary carries plain data only, never a pickle), so the test sends a
`Recipe`: a plain-data description that this file's own code builds, inside the sandbox just
before the call, and in the grader for the oracle. Nothing a student wrote is ever run to build
one, and a recipe names only what this file allows (NumPy's elementwise functions, a few
`torch.nn` layers).

Kinds:
    "function"      spec = an expression of x (below); built as f(x) -> float or ndarray
    "torch_module"  spec = {"layers": [[name, *args], ...], "seed": int, "frozen": [i, ...],
                    "train": bool, "weights": {"1.weight": array, ...}}; built as
                    torch.nn.Sequential (torch imported only here)

An expression is "x", a number, or a list [op, *operands]: a unary op of `UNARY` (["sin",
e]), a binary op of `BINARY` (["mul", 6.28, "x"]), ["interp", e, xp, fp] (np.interp) or
["step", e] (1 where e >= 0, else 0).

Loaded from its own file by `server.py` (like `protocol.py`): the standard library and NumPy only.
"""

from __future__ import annotations

from typing import Any

import numpy as np

# Student code runs in the server's process and may patch builtins: bind the ones used here now.
globals().update({_n: getattr(__import__("builtins"), _n) for _n in (
    "isinstance", "type", "len", "str", "int", "float", "bool", "list", "tuple", "dict",
    "getattr", "range", "enumerate", "zip", "sorted", "set")})

UNARY = {"sin": np.sin, "cos": np.cos, "exp": np.exp, "tanh": np.tanh, "abs": np.abs,
         "sqrt": np.sqrt, "log1p": np.log1p, "square": np.square, "neg": np.negative}
BINARY = {"add": np.add, "sub": np.subtract, "mul": np.multiply, "div": np.true_divide,
          "max": np.maximum, "min": np.minimum, "pow": np.power}
MAX_DEPTH = 32
# torch.nn layers a "torch_module" recipe may use, with the number of positional arguments
LAYERS = {"Linear": (2, 3), "Conv2d": (3, 3), "ReLU": (0, 0), "Tanh": (0, 0),
          "Sigmoid": (0, 0), "Flatten": (0, 0), "MaxPool2d": (1, 1), "BatchNorm1d": (1, 1),
          "BatchNorm2d": (1, 1), "Dropout": (1, 1), "RequireEval": (0, 0),
          "RequireNoGrad": (0, 0)}


class RecipeError(ValueError):
    """A recipe that names something this file does not allow, or is malformed."""


def check_expression(e: Any, depth: int = 0) -> None:
    """Raise RecipeError unless `e` is a valid expression of x (see the module docstring)."""
    if depth > MAX_DEPTH:
        raise RecipeError("expression too deep")
    if (e == "x") if type(e) is str else type(e) in (int, float):
        return
    if type(e) is not list or not e or type(e[0]) is not str:
        raise RecipeError(f"not an expression: {str(e)[:60]}")
    op, args = e[0], e[1:]
    if op in UNARY or op == "step":
        want = 1
    elif op in BINARY:
        want = 2
    elif op == "interp":
        if len(args) != 3:
            raise RecipeError("interp takes (e, xp, fp)")
        xp, fp = np.asarray(args[1], dtype=float), np.asarray(args[2], dtype=float)
        if xp.ndim != 1 or xp.shape != fp.shape or len(xp) < 2 or np.any(np.diff(xp) <= 0):
            raise RecipeError("interp needs increasing xp and fp of the same length")
        check_expression(args[0], depth + 1)
        return
    else:
        raise RecipeError(f"unknown operation {op[:30]!r}")
    if len(args) != want:
        raise RecipeError(f"{op} takes {want} operand(s)")
    for a in args:
        check_expression(a, depth + 1)


def evaluate_expression(e: Any, x: np.ndarray) -> np.ndarray:
    """The value of expression `e` at x (elementwise, float64)."""
    if type(e) is str:
        return x
    if type(e) in (int, float):
        return np.full_like(x, float(e))
    op, args = e[0], e[1:]
    if op in UNARY:
        return UNARY[op](evaluate_expression(args[0], x))
    if op in BINARY:
        return BINARY[op](evaluate_expression(args[0], x), evaluate_expression(args[1], x))
    if op == "step":
        return np.where(evaluate_expression(args[0], x) >= 0, 1.0, 0.0)
    return np.interp(evaluate_expression(args[0], x), np.asarray(args[1], dtype=float),
                     np.asarray(args[2], dtype=float))


def build_function(expr: Any, name: str = "f") -> Any:
    """f(x) for an expression: a float for a scalar x, a float64 array for an array x."""
    check_expression(expr)

    def f(x: Any) -> Any:
        a = np.asarray(x, dtype=np.float64)
        with np.errstate(all="ignore"):
            y = evaluate_expression(expr, a)
        return float(y) if y.ndim == 0 else y

    f.__name__ = f.__qualname__ = name
    return f


def build_torch_module(spec: dict) -> Any:
    """torch.nn.Sequential of spec["layers"], initialised after torch.manual_seed(spec["seed"]),
    then spec["weights"] copied in; the layers listed in spec["frozen"] have requires_grad
    False; train mode unless spec["train"] is False."""
    import torch
    from torch import nn

    class RequireEval(nn.Module):
        """Stops a call in training mode: evaluation must call model.eval() first."""

        def forward(self, x: Any) -> Any:
            if self.training:
                raise RuntimeError("el modelo se llamó en modo de entrenamiento: llama a "
                                   "model.eval() antes de evaluar / the model was called in "
                                   "training mode: call model.eval() before evaluating")
            return x

    class RequireNoGrad(nn.Module):
        """Stops a call that records gradients: evaluation runs inside torch.no_grad()."""

        def forward(self, x: Any) -> Any:
            if torch.is_grad_enabled():
                raise RuntimeError("el modelo se llamó guardando gradientes: evalúa dentro de "
                                   "torch.no_grad() / the model was called with gradients "
                                   "enabled: evaluate inside torch.no_grad()")
            return x

    if type(spec) is not dict or type(spec.get("layers")) is not list:
        raise RecipeError("a torch_module recipe needs a list of layers")
    made = {"RequireEval": RequireEval, "RequireNoGrad": RequireNoGrad}
    torch.manual_seed(int(spec.get("seed", 0)))
    layers = []
    for layer in spec["layers"]:
        if type(layer) is not list or not layer or layer[0] not in LAYERS:
            raise RecipeError(f"unknown layer {str(layer)[:40]}")
        lo, hi = LAYERS[layer[0]]
        args = layer[1:]
        if not lo <= len(args) <= hi or not all(type(a) in (int, float, bool) for a in args):
            raise RecipeError(f"{layer[0]} takes {lo}..{hi} numbers")
        layers.append(made[layer[0]]() if layer[0] in made else getattr(nn, layer[0])(*args))
    model = nn.Sequential(*layers)
    params = dict(model.named_parameters())
    for name, value in (spec.get("weights") or {}).items():
        value = np.asarray(value, dtype=np.float32)
        if name not in params or tuple(params[name].shape) != value.shape:
            raise RecipeError(f"no parameter {str(name)[:30]} of shape {value.shape}")
        with torch.no_grad():
            params[name].copy_(torch.as_tensor(value))
    for i in spec.get("frozen", []):
        model[int(i)].requires_grad_(False)
    return model.train(spec.get("train", True) is not False)


def build(kind: str, spec: Any, name: str = "f") -> Any:
    """The object a recipe describes."""
    if kind == "function":
        return build_function(spec, name)
    if kind == "torch_module":
        return build_torch_module(spec)
    raise RecipeError(f"unknown recipe kind {str(kind)[:30]!r}")


def made_all(x: Any, recipe_type: type) -> Any:
    """`x` with every recipe (an instance of `recipe_type`, protocol.Recipe, passed in because
    this file is loaded apart from protocol.py in the sandbox) replaced by what it describes."""
    if type(x) is recipe_type:
        return build(x.kind, x.spec, "f")
    if type(x) is tuple:
        return tuple(made_all(v, recipe_type) for v in x)
    if type(x) is list:
        return [made_all(v, recipe_type) for v in x]
    if type(x) is dict:
        return {k: made_all(v, recipe_type) for k, v in x.items()}
    return x
