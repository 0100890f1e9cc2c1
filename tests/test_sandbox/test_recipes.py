"""Recipes: a function f(x) or a torch module handed to a student's function, built inside the
sandbox from plain data (grader/sandbox/recipes.py)."""

from __future__ import annotations

import numpy as np
import pytest

from grader.grading.checks import function_of_x, made, torch_module
from grader.sandbox import ImportPolicy, Sandbox
from grader.sandbox import recipes as R
from grader.sandbox.protocol import Recipe, decode, encode

STUDENT = '''
import numpy as np

def apply(f, x):
    return f(np.asarray(x))

def apply_scalar(f, x):
    return f(x)

def peek(f):
    return type(f).__name__, f.__name__

def count(model):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)

def evaluate(model, x):
    import torch
    model.eval()
    with torch.no_grad():
        return model(torch.as_tensor(x, dtype=torch.float32))

def evaluate_in_train_mode(model, x):
    import torch
    with torch.no_grad():
        return model(torch.as_tensor(x, dtype=torch.float32))

def evaluate_with_gradients(model, x):
    import torch
    model.eval()
    return model(torch.as_tensor(x, dtype=torch.float32)).detach()
'''

SIN = ["sin", ["mul", 2 * np.pi, "x"]]


@pytest.fixture(scope="module")
def torch_box():
    pytest.importorskip("torch")
    sb = Sandbox(STUDENT, module_name="student", policy=ImportPolicy.allowing(["numpy", "torch"]))
    yield sb
    sb.close()


def test_a_recipe_round_trips_through_the_protocol_as_plain_data():
    r = function_of_x(SIN, "f(x) = sin(2πx)")
    back = decode(encode({}, {"args": (r, 3)}, strict=True)).values["args"]
    assert back == (r, 3) and type(back[0]) is Recipe and back[0].show == "f(x) = sin(2πx)"


@pytest.mark.parametrize(("expr", "x", "want"), [
    ("x", [0.5, -2.0], [0.5, -2.0]),
    (3.0, [0.5, -2.0], [3.0, 3.0]),
    (SIN, [0.0, 0.25, 0.75], [0.0, 1.0, -1.0]),
    (["add", ["square", "x"], 1], [2.0, -3.0], [5.0, 10.0]),
    (["step", ["sub", "x", 0.5]], [0.2, 0.5, 0.9], [0.0, 1.0, 1.0]),
    (["interp", "x", [0.0, 1.0, 2.0], [0.0, 10.0, 0.0]], [0.5, 1.5, 3.0], [5.0, 5.0, 0.0]),
])
def test_function_values(expr, x, want):
    f = made(function_of_x(expr, "f"))
    np.testing.assert_allclose(f(np.array(x)), want, atol=1e-12)
    assert isinstance(f(x[0]), float) and f(x[0]) == pytest.approx(want[0], abs=1e-12)


@pytest.mark.parametrize("expr", [
    "y", ["__import__", "os"], ["eval", "x"], ["sin"], ["add", "x"], [], ["interp", "x", [1.0, 0.0],
    [0.0, 1.0]], ["sin", [["sin"] * 2] * 40], True, None, {"op": "sin"},
])
def test_only_the_listed_operations_make_a_function(expr):
    with pytest.raises(R.RecipeError):
        function_of_x(expr, "f")


def test_a_torch_module_counts_and_freezes_as_described():
    torch = pytest.importorskip("torch")
    m = made(torch_module([["Linear", 4, 3], ["ReLU"], ["Linear", 3, 2]], "m", frozen=[0]))
    assert isinstance(m, torch.nn.Sequential) and m.training
    assert sum(p.numel() for p in m.parameters()) == 4 * 3 + 3 + 3 * 2 + 2
    assert [p.requires_grad for p in m.parameters()] == [False, False, True, True]
    again = made(torch_module([["Linear", 4, 3], ["ReLU"], ["Linear", 3, 2]], "m"))
    assert torch.equal(m[0].weight, again[0].weight)  # same seed, same weights
    w = np.arange(6, dtype=np.float32).reshape(2, 3)
    fixed = made(torch_module([["Linear", 3, 2, False]], "m", weights={"0.weight": w}))
    assert np.array_equal(fixed[0].weight.detach().numpy(), w)
    with pytest.raises(R.RecipeError):
        made(torch_module([["Linear", 3, 2]], "m", weights={"0.weight": w.T}))
    with pytest.raises(R.RecipeError):
        made(Recipe("torch_module", {"layers": [["Module"]]}, "m"))
    with pytest.raises(R.RecipeError):
        made(Recipe("torch_module", {"layers": [["Linear", "os", 2]]}, "m"))


def test_the_student_gets_a_working_function_built_inside_the_sandbox(torch_box):
    r = function_of_x(SIN, "f(x) = sin(2πx)")
    out = torch_box.call("apply", r, [0.0, 0.25])
    assert out.ok and np.allclose(out.value, [0.0, 1.0])
    assert torch_box.call("apply_scalar", r, 0.25).value == pytest.approx(1.0)
    assert torch_box.call("peek", r).value == ("function", "f")


def test_the_student_gets_a_torch_module_built_inside_the_sandbox(torch_box):
    m = torch_module([["Linear", 4, 3], ["ReLU"], ["Linear", 3, 2]], "m", frozen=[0])
    assert torch_box.call("count", m).value == 3 * 2 + 2
    x = np.ones((2, 4))
    want = made(m).eval()(__import__("torch").ones(2, 4)).detach().numpy()
    got = torch_box.call("evaluate", m, x)
    assert got.ok and np.allclose(got.value, want, atol=1e-6)


def test_guard_layers_stop_a_call_in_training_mode_or_with_gradients(torch_box):
    m = torch_module([["Linear", 4, 2], ["RequireEval"], ["RequireNoGrad"]], "m")
    assert torch_box.call("evaluate", m, np.ones((1, 4))).ok
    train = torch_box.call("evaluate_in_train_mode", m, np.ones((1, 4)))
    assert not train.ok and "model.eval()" in train.message.en and "model.eval()" in train.message.es
    grads = torch_box.call("evaluate_with_gradients", m, np.ones((1, 4)))
    assert not grads.ok and "torch.no_grad()" in grads.message.en


def test_a_recipe_that_cannot_be_built_is_reported_not_run(torch_box):
    out = torch_box.call("count", Recipe("torch_module", {"layers": [["Evil", 1]]}, "m"))
    assert not out.ok and out.error_kind == "invalid" and "Evil" in out.message.en
    assert torch_box.call("count", torch_module([["Linear", 1, 1]], "m")).value == 2  # still alive


def test_a_torch_recipe_where_torch_is_forbidden_is_refused():
    sb = Sandbox(STUDENT, module_name="student", policy=ImportPolicy.allowing(["numpy"]))
    try:
        out = sb.call("count", torch_module([["Linear", 1, 1]], "m"))
    finally:
        sb.close()
    assert not out.ok and out.error_kind == "invalid" and "torch" in out.message.en
