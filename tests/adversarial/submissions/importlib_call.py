"""sigmoid uses scipy.special.expit through importlib.import_module: forbidden."""
import importlib

import numpy as np


def sigmoid(z):
    special = importlib.import_module("scipy." + "special")
    return special.expit(np.asarray(z, dtype=float))
