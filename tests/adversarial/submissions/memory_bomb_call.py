"""relu allocates (and touches) up to 6 GB in 256 MB steps. If the whole bomb goes off (no memory
limit), it "wins" and returns the right answer, so the test catches a missing limit."""
import numpy as np

_hoard = []


def relu(z):
    for _ in range(24):
        _hoard.append(np.ones(2**25))  # 256 MB, every page touched
    _hoard.clear()
    print("BOMB: 6 GB allocated")
    return np.maximum(np.asarray(z, dtype=float), 0)
