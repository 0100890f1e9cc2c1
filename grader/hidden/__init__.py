"""The hidden tests, one module per assignment; each defines `ASSIGNMENT` (grader.spec)."""

from __future__ import annotations

import importlib

from grader.paths import ASSIGNMENT_IDS, MODULE_NAMES
from grader.spec import Assignment

_cache: dict[str, Assignment] = {}


def get_assignment(assignment_id: str) -> Assignment:
    """The spec of `assignment_id` ("03_activations"); KeyError for an unknown id."""
    if assignment_id not in MODULE_NAMES:
        raise KeyError(f"unknown assignment {assignment_id!r}; known: {', '.join(ASSIGNMENT_IDS)}")
    if assignment_id not in _cache:
        mod = importlib.import_module(f"grader.hidden.{MODULE_NAMES[assignment_id]}")
        _cache[assignment_id] = mod.ASSIGNMENT
    return _cache[assignment_id]


def all_assignments() -> list[Assignment]:
    return [get_assignment(a) for a in ASSIGNMENT_IDS]
