# -*- coding: utf-7 -*-
"""Hides `import torch` from a UTF-8 reader behind a UTF-7 coding cookie (+AAo- is a newline
in UTF-7). Read as UTF-8 it is a comment; softmax then fails either way, nothing else changes."""
import numpy as np
# +AAo-import torch as _t


def softmax(z, axis=-1):
    return _t.softmax(_t.as_tensor(np.asarray(z, dtype=float)), dim=axis).numpy()
