"""maxpool2d returns a real 160 MB array (more than the protocol's cap per array)."""
import numpy as np


def maxpool2d(x, kernel_size=2, stride=None):
    return np.ones(20_000_000)
