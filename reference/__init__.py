"""dlgrade's NumPy reference: one module per topic, pure vectorized functions checked against
PyTorch in tests/test_reference/.

Every function of the student contract (issue 3) exists here with the same name and signature:
activations.* -> reference.activations, perceptron.* -> reference.perceptron,
xor.{relu, forward, xor_weights, train_xor} -> reference.xor, backprop.* -> reference.mlp,
optimizers.* -> reference.optimizers, conv2d.* -> reference.conv. Extras (derivatives, losses,
backward passes, regression) live beside them. No torch and no grader at import time.
"""

from reference import activations, conv, losses, mlp, optimizers, perceptron, regression, xor

__all__ = [
    "activations", "conv", "losses", "mlp", "optimizers", "perceptron", "regression", "xor",
]  # fmt: skip

# Which reference module holds the functions of each student module (assignment -> oracle).
STUDENT_MODULES = {
    "perceptron": "reference.perceptron",
    "xor": "reference.xor",
    "activations": "reference.activations",
    "backprop": "reference.mlp",
    "optimizers": "reference.optimizers",
    "conv2d": "reference.conv",
}
