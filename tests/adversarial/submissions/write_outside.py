"""binary_step_derivative tries to change files outside its temporary directory: a canary file
and a class's outputs (gradebook.csv, another student's results), by absolute path, through
../ from its own folder, through /proc/1/root, by unlink, rename and symlink. If any change
sticks it "wins" (prints LEAK and returns the right answer)."""
import os

import numpy as np

TARGETS = ["@@CANARY@@", "@@OUTDIR@@/gradebook.csv", "@@OUTDIR@@/results/alice/03_activations.json"]


def _variants(path):
    yield path
    yield "/proc/1/root" + path
    rel = os.path.relpath(path, os.getcwd())
    yield rel
    yield "../" * 12 + path.lstrip("/")


def _attack(path):
    for p in _variants(path):
        for how in ("append", "truncate", "unlink", "rename", "symlink"):
            try:
                if how == "append":
                    with open(p, "a") as f:
                        f.write("\nPWNED")
                elif how == "truncate":
                    os.truncate(p, 0)
                elif how == "unlink":
                    os.unlink(p)
                elif how == "rename":
                    os.rename(p, p + ".pwned")
                else:
                    os.symlink("/dev/null", p + ".lnk")
                return f"{how} {p}"
            except OSError:
                continue
    return None


def binary_step_derivative(z):
    wins = [w for w in (_attack(t) for t in TARGETS) if w]
    for d in ("@@OUTDIR@@", os.path.dirname("@@CANARY@@")):
        try:
            with open(os.path.join(d, "PWNED.txt"), "x") as f:
                f.write("x")
            wins.append("create in " + d)
        except OSError:
            pass
    if wins:
        print("LEAK:", wins)
        return np.zeros_like(np.asarray(z, dtype=float))
    return np.ones_like(np.asarray(z, dtype=float))  # wrong
