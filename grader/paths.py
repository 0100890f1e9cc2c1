"""Where the course content lives (solutions/, assignments/, examples/)."""

from __future__ import annotations

import os
from pathlib import Path

ASSIGNMENT_IDS: tuple[str, ...] = (
    "01_perceptron",
    "02_xor",
    "03_activations",
    "04_backprop",
    "05_optimizers",
    "06_conv2d",
)

MODULE_NAMES: dict[str, str] = {
    "01_perceptron": "perceptron",
    "02_xor": "xor",
    "03_activations": "activations",
    "04_backprop": "backprop",
    "05_optimizers": "optimizers",
    "06_conv2d": "conv2d",
}


def course_root() -> Path:
    """The folder that holds solutions/ and assignments/.

    `DLGRADE_ROOT` wins; else the checkout that holds this package (editable installs, CI);
    else the current directory.
    """
    env = os.environ.get("DLGRADE_ROOT")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve().parent.parent
    if (here / "solutions").is_dir():
        return here
    return Path.cwd().resolve()


def solutions_dir() -> Path:
    return course_root() / "solutions"


def assignments_dir() -> Path:
    return course_root() / "assignments"
