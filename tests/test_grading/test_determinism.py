"""The same submission gets the same examples, and so the same shrunk failure, in any grading
process: whatever else that process has loaded (the CLI, a Dask worker, other hidden tests)."""

from __future__ import annotations

import importlib
import sys

from hypothesis import strategies as st

from grader.grading.spec import _draw

BASE = 987_654_321  # a constant hypothesis would only draw if it read it from a loaded module


def test_examples_do_not_depend_on_the_modules_the_process_has_loaded(tmp_path, monkeypatch):
    strategy = st.lists(st.integers(0, 2 * BASE), min_size=5, max_size=5)
    before = _draw(strategy, 100)
    (tmp_path / "course_helpers_xyz.py").write_text(
        "LIMITS = [" + ", ".join(str(BASE + i) for i in range(40)) + "]\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "course_helpers_xyz", raising=False)
    importlib.import_module("course_helpers_xyz")
    after = _draw(strategy, 100)
    assert after == before
    assert not any(BASE <= v < BASE + 40 for ex in after for v in ex)
