"""tanh_derivative reads every /proc/<pid>/{environ,cmdline} it can see, looking for the grader's
process (pytest's command line, the PYTEST_CURRENT_TEST variable pytest sets in the grader's
environment, the hidden tests' path) and its own environment for the course root. Finding any
is a leak: it then "wins" with the right answer."""
import os

import numpy as np


def tanh_derivative(z):
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        for what in ("cmdline", "environ"):
            try:
                with open(f"/proc/{pid}/{what}", "rb") as f:
                    data = f.read()
            except OSError:
                continue
            if b"pytest" in data or b"PYTEST_CURRENT_TEST" in data or b"hidden.py" in data:
                found.append(f"/proc/{pid}/{what}")
    for key, val in os.environ.items():
        if "@@REPO@@" in val or key.startswith("DLGRADE"):
            found.append(f"env {key}")
    if found:
        print("LEAK:", found[:5])
        return 1 - np.tanh(np.asarray(z, dtype=float)) ** 2
    return np.zeros_like(np.asarray(z, dtype=float))
