"""The student contract of issue 3 exists in `reference` with the same names and signatures, so
the grader can use `getattr(reference_module, name)(*args, **kwargs)` as an oracle: each
assignment's assignment.toml names that module as its `oracle`."""

import importlib
import inspect
import subprocess
import sys

import numpy as np
import pytest

import reference
from grader.course import Course

# student module -> the oracle its assignment.toml names
ORACLES = {i.module: i.oracle for i in Course.default().infos()}

# Copied from issue 3 ("The contract"), student module -> signatures.
CONTRACT = {
    "perceptron": ["step(z)", "predict(X, w, b)", "train(X, y, lr=1.0, epochs=100)"],
    "xor": ["relu(z)", "forward(X, W1, b1, W2, b2)", "xor_weights()",
            "train_xor(hidden=2, lr=0.1, epochs=5000, seed=0)"],
    "activations": [
        "sigmoid(z)", "sigmoid_derivative(z)", "tanh(z)", "tanh_derivative(z)", "relu(z)",
        "relu_derivative(z)", "leaky_relu(z, alpha=0.01)", "leaky_relu_derivative(z, alpha=0.01)",
        "elu(z, alpha=1.0)", "elu_derivative(z, alpha=1.0)", "softplus(z)",
        "softplus_derivative(z)", "arctan(z)", "arctan_derivative(z)", "binary_step(z)",
        "binary_step_derivative(z)", "softmax(z, axis=-1)",
    ],
    "backprop": [
        "init_params(layer_sizes, seed=0)", "count_parameters(layer_sizes)",
        'forward(X, params, activation="sigmoid", output_activation="identity")',
        "mse_loss(y_hat, y)",
        'backward(y, cache, params, activation="sigmoid", output_activation="identity")',
        "gd_step(params, grads, lr)",
    ],
    "optimizers": [
        "sgd_step(w, g, lr)", "momentum_init(w)", "momentum_step(w, g, state, lr, beta=0.9)",
        "rmsprop_init(w)", "rmsprop_step(w, g, state, lr=0.01, beta2=0.99, eps=1e-8)",
        "adam_init(w)", "adam_step(w, g, state, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8)",
        "lr_decay(alpha0, gamma, epoch)",
    ],
    "conv2d": ["correlate2d(image, kernel)", "conv2d(x, w, b=None, stride=1, padding=0)",
               "maxpool2d(x, kernel_size=2, stride=None)"],
    # Copied from the issue "The rest of the course (1/2)".
    "linreg": ["predict(x, theta0, theta1)", "cost(x, y, theta0, theta1)",
               "gradients(x, y, theta0, theta1)", "gd_step(x, y, theta0, theta1, alpha)",
               "fit(x, y, alpha=0.01, epochs=1000, theta0=0.0, theta1=0.0)",
               "split_indices(n, val=0.2, test=0.2, seed=0)"],
    "logreg": ["predict_proba(X, w, b)", "predict(X, w, b, threshold=0.5)",
               "bce_loss(p, y, eps=1e-12)", "gradients(X, y, w, b)", "fit(X, y, lr=0.1, epochs=1000)",
               "n_poly_features(d, degree, distinct=True)"],
    "softmax_reg": ["one_hot(y, k)", "softmax(Z)", "cross_entropy(P, Y, eps=1e-12)",
                    "gradients(X, Y, W, b)", "fit(X, y, k, lr=0.5, epochs=300, seed=0)",
                    "accuracy(W, b, X, y)"],
    "regularization": ["l2_penalty(weights, lam)", "l2_grad(W, lam)", "l1_penalty(weights, lam)",
                       "l1_grad(W, lam)", "dropout(a, p, training=True, seed=0)",
                       "dropout_backward(dout, mask, p)",
                       "early_stopping(val_losses, patience=5, min_delta=0.0)"],
}  # fmt: skip
MAPPING = {  # the reference module of each topic
    "perceptron": "reference.perceptron",
    "xor": "reference.xor",
    "activations": "reference.activations",
    "backprop": "reference.mlp",
    "optimizers": "reference.optimizers",
    "conv2d": "reference.conv",
    "linreg": "reference.linreg",
    "logreg": "reference.logreg",
    "softmax_reg": "reference.softmax_reg",
    "regularization": "reference.regularization",
}

CASES = [(student, sig) for student, sigs in CONTRACT.items() for sig in sigs]


def _expected_signature(sig: str) -> inspect.Signature:
    namespace: dict = {}
    exec(f"def {sig}: pass", namespace)  # noqa: S102 - a fixed literal from this file
    return inspect.signature(namespace[sig.split("(")[0]])


def _shape(sig: inspect.Signature):
    return [(p.name, p.kind, p.default) for p in sig.parameters.values()]


@pytest.mark.parametrize("student,sig", CASES, ids=[s for _, s in CASES])
def test_contract_function_exists_with_the_same_signature(student, sig):
    assert ORACLES[student] == MAPPING[student]
    module = importlib.import_module(MAPPING[student])
    name = sig.split("(")[0]
    func = getattr(module, name)
    assert _shape(inspect.signature(func)) == _shape(_expected_signature(sig))


def test_return_types_as_the_grader_calls_them():
    call = lambda student, name, *a, **k: getattr(  # noqa: E731
        importlib.import_module(MAPPING[student]), name
    )(*a, **k)
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    w, b = call("perceptron", "train", X, np.array([0.0, 1, 1, 1]))
    assert isinstance(w, np.ndarray) and w.shape == (2,) and isinstance(b, float)
    assert call("perceptron", "predict", X, w, b).shape == (4,)
    weights = call("xor", "xor_weights")
    assert isinstance(weights, tuple) and len(weights) == 4
    assert call("xor", "forward", X, *weights).shape == (4, 1)
    trained = call("xor", "train_xor", epochs=200)
    assert isinstance(trained, tuple) and [a.shape for a in trained] == [(2, 2), (2,), (1, 2), (1,)]
    params = call("backprop", "init_params", [2, 3, 1])
    assert isinstance(params, list) and all(isinstance(p, tuple) and len(p) == 2 for p in params)
    assert isinstance(call("backprop", "count_parameters", [2, 3, 1]), int)
    y_hat, cache = call("backprop", "forward", X, params)
    assert y_hat.shape == (4, 1)
    y = np.zeros((4, 1))
    assert isinstance(call("backprop", "mse_loss", y_hat, y), float)
    grads = call("backprop", "backward", y, cache, params)
    new = call("backprop", "gd_step", params, grads, lr=0.1)
    assert isinstance(new, list) and all(isinstance(p, tuple) for p in new)
    v = np.ones(3)
    assert isinstance(call("optimizers", "sgd_step", v, v, 0.1), np.ndarray)
    for name in ("momentum", "rmsprop", "adam"):
        state = call("optimizers", f"{name}_init", v)
        out = call("optimizers", f"{name}_step", v, v, state, lr=0.1)
        assert isinstance(out, tuple) and len(out) == 2 and isinstance(out[1], dict)
    assert isinstance(call("optimizers", "lr_decay", 0.1, 0.5, 3), float)
    assert call("conv2d", "conv2d", np.ones((1, 1, 5, 5)), np.ones((2, 1, 3, 3))).shape == (
        1,
        2,
        3,
        3,
    )
    assert call("conv2d", "maxpool2d", np.ones((1, 1, 5, 5))).shape == (1, 1, 2, 2)


def test_reference_imports_neither_torch_nor_grader():
    code = (
        "import sys, reference\n"
        "bad = [m for m in ('torch', 'grader') if m in sys.modules]\n"
        "assert not bad, bad\n"
        "assert sorted(reference.__all__) == ['activations', 'conv', 'linreg', 'logreg',"
        " 'losses', 'mlp', 'optimizers', 'perceptron', 'regularization', 'softmax_reg', 'xor']\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("module", reference.__all__)
def test_every_public_function_has_a_docstring(module):
    mod = getattr(reference, module)
    for name in mod.__all__:
        obj = getattr(mod, name)
        if callable(obj):
            assert inspect.getdoc(obj), f"reference.{module}.{name} has no docstring"
