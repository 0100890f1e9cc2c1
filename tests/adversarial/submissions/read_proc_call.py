"""tanh_derivative reads every /proc/<pid>/{environ,cmdline} it can see, looking for the grader
(its command line, its environment, the course root) and lists the root directory. Anything
that names the grader or the repository is a leak: it then "wins" with the right answer."""
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
            if b"pytest" in data or b"grader" in data or b"@@REPO@@" in data:
                found.append(f"/proc/{pid}/{what}")
    for key, val in os.environ.items():
        if "@@REPO@@" in val or key.startswith("DLGRADE"):
            found.append(f"env {key}")
    if found:
        print("LEAK:", found[:5])
        return 1 - np.tanh(np.asarray(z, dtype=float)) ** 2
    return np.zeros_like(np.asarray(z, dtype=float))
