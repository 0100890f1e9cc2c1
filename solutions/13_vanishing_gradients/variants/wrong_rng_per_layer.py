# dlgrade: patch of the model answer
import numpy as np


def init_params(depth, width, d_in, init="uniform", seed=0):
    params, fan_in = [], d_in
    for _ in range(depth):
        rng = np.random.default_rng(seed)
        if init == "uniform":
            a = 1.0 / np.sqrt(fan_in)
            W = rng.uniform(-a, a, size=(width, fan_in))
        else:
            W = rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(width, fan_in))
        params.append((W, np.zeros(width)))
        fan_in = width
    return params
