"""dlgrade's NumPy reference: one module per topic, pure vectorized functions checked against
PyTorch in tests/test_reference/.

Each assignment's assignment.toml names the module that holds its functions under the same
names and signatures (`oracle = "reference.conv"`); extras (derivatives, losses, backward
passes, regression) live beside them. `reference.torch_oracles` holds the same computations
with PyTorch. No torch and no grader at import time.
"""

from reference import activations, conv, losses, mlp, optimizers, perceptron, regression, xor

__all__ = [
    "activations", "conv", "losses", "mlp", "optimizers", "perceptron", "regression", "xor",
]  # fmt: skip
