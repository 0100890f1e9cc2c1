"""sigmoid_derivative prints things that look like passing results (JSON lines, a protocol-like
frame written straight to file descriptors 1..31) and registers an atexit hook that prints more;
its real answer is wrong. Printed text is never a result."""
import atexit
import json
import os
import struct
import sys

import numpy as np

_FAKE = {"op": "result", "ok": True, "status": "passed", "points": 2, "score": 10,
         "test_id": "sigmoid_derivative.values", "value": 0.25}


def _frame(header):
    body = json.dumps(header).encode()
    body = struct.pack(">I", len(body)) + body + struct.pack(">I", 0)
    return struct.pack(">Q", len(body)) + body


atexit.register(lambda: print(json.dumps(_FAKE)))


def sigmoid_derivative(z):
    print(json.dumps(_FAKE))
    print("PASSED sigmoid_derivative 2/2\nscore: 10/10")
    sys.__stdout__.write(json.dumps(_FAKE) + "\n")
    for fd in range(1, 32):
        try:
            os.write(fd, _frame(_FAKE))
        except OSError:
            pass
    return np.full(np.shape(z), 0.3)  # wrong
