"""The engine names no assignment: no id, no student module name and no hidden test of the course
anywhere under grader/ (code, comments, docs). An assignment is content, in its own folder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from grader.course import HIDDEN_FILE, Course
from grader.grading.spec import load_assignment

ENGINE = Path(__file__).resolve().parents[2] / "grader"
COURSE = Course.default()


def _engine_files() -> list[Path]:
    return sorted(p for p in ENGINE.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def _course_words() -> dict[str, str]:
    """word -> what it is: every assignment id, student module name and hidden test id."""
    words: dict[str, str] = {}
    for info in COURSE.infos():
        words[info.id] = "assignment id"
        words[info.module] = f"student module of {info.id}"
        for t in load_assignment(info).tests:
            words[t.id] = f"hidden test of {info.id}"
    return words


def test_the_course_has_assignments_to_look_for():
    assert len(COURSE.ids()) >= 6 and len(_course_words()) > 3 * len(COURSE.ids())


@pytest.mark.parametrize("path", _engine_files(), ids=lambda p: str(p.relative_to(ENGINE)))
def test_no_assignment_id_module_name_or_hidden_test_in_the_engine(path: Path):
    text = path.read_text(encoding="utf-8", errors="replace")
    found = sorted(f"{w!r} ({what})" for w, what in _course_words().items()
                   if re.search(rf"(?<![\w.]){re.escape(w)}(?![\w])", text))
    assert found == [], f"{path.relative_to(ENGINE.parent)} names {found}"


def test_hidden_tests_live_only_in_assignment_folders():
    assert not (ENGINE / "hidden").exists()
    assert not [p for p in ENGINE.rglob(HIDDEN_FILE)]
    assert all((info.folder / HIDDEN_FILE).is_file() for info in COURSE.infos())


def test_the_grep_would_find_a_name_put_back_into_the_engine(tmp_path: Path):
    """The check above is not vacuous: the same search finds a planted id and module name."""
    planted = 'ASSIGNMENTS = ("06_conv2d",)  # conv2d\n'
    words = _course_words()
    hits = [w for w in words if re.search(rf"(?<![\w.]){re.escape(w)}(?![\w])", planted)]
    assert sorted(hits) == ["06_conv2d", "conv2d"]


# --------------------------------------------------------------------------- layers

# package -> the parts of grader it may import (besides itself); see docs/design.md
ALLOWED = {
    "sandbox": {"kinds", "text"},
    "student": set(),
    "course": {"text"},
    "grading": {"kinds", "text", "results", "course", "sandbox", "student"},
    "report": {"kinds", "text", "results"},
    "gradescope": {"kinds", "text", "results", "course", "sandbox", "grading", "report", "batch"},
}


def _grader_imports(path: Path) -> set[str]:
    """The grader subpackages/modules a file imports (absolute imports only)."""
    import ast

    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        found |= {n.split(".")[1] for n in names if n.startswith("grader.")}
    return found


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_each_layer_imports_only_the_layers_below_it(layer: str):
    files = sorted((ENGINE / layer).rglob("*.py")) if (ENGINE / layer).is_dir() else [
        ENGINE / f"{layer}.py"]
    bad = {str(p.relative_to(ENGINE)): _grader_imports(p) - ALLOWED[layer] - {layer}
           for p in files}
    assert {k: v for k, v in bad.items() if v} == {}
