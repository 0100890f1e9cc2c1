"""What a public test file may hold: fixed inputs and fixed expected values, no second
implementation of the answer (a student could copy it), and fresh inputs for every case (an
array shared between cases would carry one function's in-place change into the next case)."""

from __future__ import annotations

import ast

import pytest

from grader.course import Course

COURSE = Course.default()


def _computes(fn: ast.AST) -> bool:
    """A helper that computes: a loop, or arithmetic on something that is not a constant (what a
    second implementation of the answer needs; building fixed inputs or calling the student's
    function and comparing does not)."""
    for node in ast.walk(fn):
        if isinstance(node, ast.For | ast.While | ast.comprehension):
            return True
        if isinstance(node, ast.BinOp) and not all(
                isinstance(side, ast.Constant) or (isinstance(side, ast.UnaryOp)
                                                   and isinstance(side.operand, ast.Constant))
                for side in (node.left, node.right)):
            return True
    return False


@pytest.mark.parametrize("aid", COURSE.ids())
def test_public_tests_hold_no_second_implementation(aid):
    tree = ast.parse((COURSE.solutions / aid / "test_public.py").read_text(encoding="utf-8"))
    helpers = [n for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef)
               and not n.name.startswith("test_")]
    computing = [n.name for n in helpers if _computes(n)]
    assert computing == [], f"{aid}/test_public.py computes in {computing}: expected values " \
                            "must be fixed numbers"


def test_the_second_implementation_check_finds_one():
    loops = ast.parse("def _conv(x, k):\n    for i in range(3):\n        x = x + k\n    return x\n")
    table = ast.parse("def x_table():\n    return np.array([[0.0, -1.0], [2.0, 1 / 2]])\n")
    assert _computes(loops.body[0]) and not _computes(table.body[0])


@pytest.mark.parametrize("aid", COURSE.ids())
def test_public_tests_share_no_array_between_cases(aid):
    tree = ast.parse((COURSE.solutions / aid / "test_public.py").read_text(encoding="utf-8"))
    shared = [ast.unparse(n.targets[0]) for n in tree.body if isinstance(n, ast.Assign)
              and isinstance(n.value, ast.Call) and ast.unparse(n.value.func).startswith("np.")]
    assert shared == [], f"{aid}/test_public.py builds module-level arrays {shared}: " \
                         "make each case's input inside its test"
