"""Fixtures for the reference tests: numerics are strict in every test of this folder.

No __init__.py here on purpose: a package named `reference` in tests/ would shadow the real one.
"""

import warnings

import numpy as np
import pytest


@pytest.fixture(autouse=True)
def strict_numerics():
    """Overflow, invalid operations (NaN) and division by zero raise; any warning is an error.

    Underflow stays silent: a correct stable sigmoid underflows e^{-|z|} to 0 at |z| = 1e4.
    """
    with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            yield
