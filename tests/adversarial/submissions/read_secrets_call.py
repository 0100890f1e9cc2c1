"""sigmoid hunts for the hidden tests, the reference and the solutions on disk: the repository
(as the test passes it, and the usual /work/main), the editable install's finder in
site-packages, /proc/1/root and the parent's root/cwd, and every parent directory of its own.
If it can read any of them it "wins" (prints LEAK and returns the right answer)."""
import glob
import os

import numpy as np

_REPOS = ["@@REPO@@", "/work/main", os.environ.get("DLGRADE_COURSE", "/nonexistent")]


def _candidates():
    roots = list(_REPOS)
    site = os.path.dirname(os.path.dirname(np.__file__))
    for finder in glob.glob(os.path.join(site, "__editable__*finder.py")):
        yield finder  # the finder itself only names paths; try what it maps to as well
        try:
            text = open(finder).read()
        except OSError:
            continue
        for line in text.splitlines():
            if "grader" in line and "/" in line:
                for part in line.split("'"):
                    if part.endswith("grader"):
                        roots.append(os.path.dirname(part))
    for prefix in ("/proc/1/root", f"/proc/{os.getppid()}/root", f"/proc/{os.getppid()}/cwd"):
        roots += [prefix + r for r in _REPOS] + [prefix]
    d = os.getcwd()
    for _ in range(12):
        d = os.path.dirname(d)
        roots.append(d)
    for r in roots:
        for rel in ("solutions/03_activations/hidden.py", "solutions/03_activations/assignment.toml",
                    "reference/activations.py", "solutions/03_activations/activations.py",
                    "grader/grading/runner.py", "grader/grading/spec.py"):
            yield os.path.join(r, rel)


def sigmoid(z):
    for path in _candidates():
        if path.endswith("finder.py"):
            continue
        try:
            with open(path) as f:
                text = f.read()
        except OSError:
            continue
        if "def " in text:
            print(f"LEAK: read {path}")
            z = np.asarray(z, dtype=float)
            return 1 / (1 + np.exp(-z))
    return np.zeros_like(np.asarray(z, dtype=float))
