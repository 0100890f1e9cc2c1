"""dlgrade's NumPy reference: one module per topic, pure vectorized functions checked against
PyTorch in tests/test_reference/.

Each assignment's assignment.toml names the module that holds its functions under the same
names and signatures (`oracle = "reference.conv"`); extras (derivatives, losses, backward
passes) live beside them. `reference.torch_oracles` holds the same computations
with PyTorch. No torch and no grader at import time.
"""

from reference import (
    activations,
    conv,
    linreg,
    logreg,
    losses,
    mlp,
    optimizers,
    perceptron,
    regularization,
    softmax_reg,
    xor,
)

__all__ = [
    "activations", "conv", "linreg", "logreg", "losses", "mlp", "optimizers", "perceptron",
    "regularization", "softmax_reg", "xor",
]  # fmt: skip
