"""Solution markers -> the student's stub (the model of nbgrader's ClearSolutions).

A block from `### BEGIN SOLUTION` to `### END SOLUTION` inside a function becomes
`raise NotImplementedError("Completa esta función / Complete this function: <name>")`;
everything else (imports, signatures, docstrings, helpers) stays byte for byte.
"""

from __future__ import annotations

import ast
import re

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
_BEGIN_RE = re.compile(r"^([ \t]*)### BEGIN SOLUTION[ \t]*(\r?\n)?$")
_END_RE = re.compile(r"^[ \t]*### END SOLUTION[ \t]*(\r?\n)?$")


def _functions(tree: ast.AST) -> list[tuple[int, int, str]]:
    """(first line, last line, qualified name) of every function, methods as `Class.method`."""
    found: list[tuple[int, int, str]] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = prefix + child.name
                found.append((child.lineno, child.end_lineno or child.lineno, name))
                visit(child, name + ".")
            elif isinstance(child, ast.ClassDef):
                visit(child, prefix + child.name + ".")
            else:
                visit(child, prefix)

    visit(tree, "")
    return found


def stub_message(name: str) -> str:
    """The bilingual hint a stub raises with."""
    return f"Completa esta función / Complete this function: {name}"


def make_stub(source: str) -> str:
    """The student's version of a solution module.

    Every block from `### BEGIN SOLUTION` to `### END SOLUTION` (markers included) becomes
    `raise NotImplementedError("Completa esta función / Complete this function: <name>")` at
    the marker's indentation; everything else (imports, signatures, docstrings, helpers) is kept
    byte for byte. Raises ValueError on unbalanced markers, a marker outside a function, or
    marker text anywhere else (it would leak into the stub).
    """
    tree = ast.parse(source)
    functions = _functions(tree)
    lines = source.splitlines(keepends=True)
    out: list[str] = []
    begin_line = 0  # 1-based line of the open BEGIN marker, 0 when none is open
    for number, line in enumerate(lines, start=1):
        begin = _BEGIN_RE.match(line)
        if begin:
            if begin_line:
                raise ValueError(f"line {number}: nested {BEGIN} (open since line {begin_line})")
            begin_line = number
            # The innermost function that holds the marker names the hint.
            holders = [f for f in functions if f[0] < number <= f[1]]
            if not holders:
                raise ValueError(f"line {number}: {BEGIN} outside a function body")
            name = max(holders, key=lambda f: f[0])[2]
            newline = begin.group(2) or ""
            out.append(
                f'{begin.group(1)}raise NotImplementedError("{stub_message(name)}"){newline}'
            )
        elif _END_RE.match(line):
            if not begin_line:
                raise ValueError(f"line {number}: {END} without {BEGIN}")
            begin_line = 0
        elif "BEGIN SOLUTION" in line or "END SOLUTION" in line:
            raise ValueError(f"line {number}: solution marker must be alone on its line")
        elif not begin_line:
            out.append(line)
    if begin_line:
        raise ValueError(f"line {begin_line}: {BEGIN} without {END}")
    stub = "".join(out)
    ast.parse(stub)  # a stub must import cleanly; fail here rather than in a student's hands
    return stub


def has_solution(source: str) -> bool:
    return any(_BEGIN_RE.match(line) for line in source.splitlines(keepends=True))
