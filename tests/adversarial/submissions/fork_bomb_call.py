"""maxpool2d forks up to 2000 sleeping children named dlgadv-fork (bounded, so that even an
unconfined machine survives it). If every fork succeeds (no process limit) it "wins" with the
right answer. No child may outlive the grading."""
import ctypes
import os
import time

import numpy as np


def _child():
    try:
        ctypes.CDLL(None).prctl(15, b"dlgadv-fork", 0, 0, 0)  # PR_SET_NAME
        time.sleep(20)
    finally:
        os._exit(0)


def maxpool2d(x, kernel_size=2, stride=None):
    n = 0
    try:
        for n in range(1, 2001):
            if os.fork() == 0:
                _child()
    except OSError:
        raise RuntimeError(f"fork bomb stopped after {n} forks") from None
    print("BOMB: 2000 forks")
    s = stride or kernel_size
    win = np.lib.stride_tricks.sliding_window_view(np.asarray(x), (kernel_size,) * 2, axis=(2, 3))
    return win[:, :, ::s, ::s].max(axis=(-2, -1))
