"""A memory bomb at import (up to 6 GB touched): the module never loads; every function zero."""
import numpy as np

_hoard = [np.ones(2**25) for _ in range(24)]
