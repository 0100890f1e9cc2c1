"""An assignment as a Jupyter notebook (nbformat v4), generated from its solutions/ folder.

Cells, in order:
  1. the statement (README.md, points table rendered), split at its   markdown, locked
     `#`/`##` headings
  2. the module, split with `ast`: consecutive imports/constants in one   code, locked
     cell, then one cell per top-level function or class; a cell with
     solution markers is an nbgrader solution cell, the others locked
  3. the public checks: test_public.py run against this notebook;        code, locked,
     it raises when one fails (an nbgrader tests cell worth 0 points,      graded (0 points)
     so that nbgrader's Validate fails too)
  4. the extra cells of notebook.py (plots, demos)                       free cells

The solution notebook is a valid nbgrader source notebook (cell metadata schema 3); the student
notebook is the same with each solution block replaced as in the `.py` stub. Output is
deterministic: fixed cell ids, no outputs or execution counts, sorted JSON.

Given `points` (graded function -> its points, from the hidden tests), the notebook also has,
after each function's cell, one nbgrader autograder-tests cell `dlgrade_<function>` worth those
points, so that nbgrader's gradebook has a place for dlgrade's score of each function
(grader/export/nbgrader.py writes it there). Its code only asserts that the function is
defined: dlgrade's hidden tests grade it, not nbgrader's autograde.

Every cell also carries `metadata.dlgrade.role` (statement, setup, solution, given, check, extra,
graded)
so a grader that reads a submitted notebook can keep only the module's cells.
"""

from __future__ import annotations

import ast
import re

import nbformat
from nbformat.notebooknode import NotebookNode

from grader.authoring.stubs import has_solution, make_stub
from grader.course import AssignmentInfo
from grader.results import fmt_points

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}

# Runs test_public.py against the names defined in the notebook, without pytest: the module the
# tests import is a fresh module filled with this notebook's globals.
CHECK_CELL = """\
# Comprobaciones públicas / Public checks: ejecuta test_public.py con las funciones de este
# cuaderno / runs test_public.py against the functions defined in this notebook.
def _public_checks(module_name, test_file="test_public.py"):
    import sys
    import traceback
    import types
    from pathlib import Path

    path = Path(test_file).resolve()
    if not path.is_file():
        raise FileNotFoundError(f"No encuentro / Cannot find {test_file}: abre el cuaderno en la "
                                "carpeta de la tarea / open the notebook from the assignment's "
                                "folder")
    module = types.ModuleType(module_name)
    module.__dict__.update({k: v for k, v in globals().items() if not k.startswith("__")})
    saved = sys.modules.get(module_name)
    sys.modules[module_name] = module
    try:
        tests = {"__name__": "test_public", "__file__": str(path)}
        exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), tests)
    finally:
        if saved is None:
            sys.modules.pop(module_name, None)
        else:
            sys.modules[module_name] = saved

    def cases(test):
        # Expands @pytest.mark.parametrize (stacked marks too) into (label, kwargs).
        found = [("", {})]
        for mark in getattr(test, "pytestmark", []):
            if mark.name != "parametrize":
                continue
            names, values = mark.args[0], mark.args[1]
            if isinstance(names, str):
                names = [n.strip() for n in names.split(",")]
            expanded = []
            for label, kwargs in found:
                for i, value in enumerate(values):
                    value = value.values if hasattr(value, "marks") else value
                    value = value if len(names) > 1 else (value,)
                    expanded.append((f"{label}[{i}]", {**kwargs, **dict(zip(names, value))}))
            found = expanded
        return found

    total = passed = skipped = 0
    for name, test in list(tests.items()):
        if not (name.startswith("test") and callable(test)):
            continue
        for label, kwargs in cases(test):
            total += 1
            try:
                test(**kwargs)
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException as error:  # pytest.fail/skip raise BaseException subclasses
                kind = type(error).__name__
                where = [f for f in traceback.extract_tb(error.__traceback__)
                         if f.filename == str(path)]
                line = f"  ({path.name}:{where[-1].lineno}: {where[-1].line})" if where else ""
                if kind == "Skipped":  # pytest.skip: not a failure
                    total -= 1
                    skipped += 1
                    print(f"[..] {name}{label}: omitida / skipped ({error})")
                elif isinstance(error, NotImplementedError):
                    print(f"[--] {name}{label}: aún no implementada / not implemented yet ({error})")
                elif isinstance(error, AssertionError):
                    message = str(error) or "assert"
                    print(f"[XX] {name}{label}: falla / failed: {message}{line}")
                else:
                    print(f"[XX] {name}{label}: error {kind}: {error}{line}")
            else:
                passed += 1
                print(f"[ok] {name}{label}")
    note = f" ({skipped} omitidas / skipped)" if skipped else ""
    print(f"Superadas / Passed: {passed}/{total}{note}")
    if passed < total:  # a failing check fails the cell (and nbgrader's Validate button)
        raise AssertionError(f"{total - passed} de {total} comprobaciones públicas fallan / "
                             f"{total - passed} of {total} public checks fail")


_public_checks(MODULE)
"""


def split_statement(readme: str) -> list[str]:
    """README.md -> markdown cells, one per `#` or `##` heading (fenced code left whole)."""
    cells: list[list[str]] = [[]]
    fenced = False
    for line in readme.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if not fenced and re.match(r"#{1,2} ", line) and any(s.strip() for s in cells[-1]):
            cells.append([])
        cells[-1].append(line)
    return [text for text in ("\n".join(c).strip("\n") for c in cells) if text.strip()]


def _is_main_guard(node: ast.stmt) -> bool:
    """`if __name__ == "__main__":` would run in the notebook, where __name__ is __main__."""
    return (
        isinstance(node, ast.If)
        and isinstance(node.test, ast.Compare)
        and isinstance(node.test.left, ast.Name)
        and node.test.left.id == "__name__"
    )


def split_module(source: str) -> list[tuple[str, str]]:
    """Module source -> [(name, cell source)]: top-level defs alone, other statements grouped.

    The module docstring and a `__main__` guard are left out; top-level comments travel with
    the statement below them, indented ones with the statement above. A group of plain statements is named "" (setup).
    """
    tree = ast.parse(source)
    lines = source.splitlines()
    body = list(tree.body)
    start = 0  # 0-based first line not yet given to a cell
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        start = body[0].end_lineno or 0
        body = body[1:]
    spans: list[list] = []  # [name, first line, end line] (0-based, end excluded)
    for node in body:
        end = node.end_lineno or node.lineno
        # Indented comments after the last statement (an `### END SOLUTION`) belong to it.
        while end < len(lines) and (not lines[end].strip() or lines[end][:1] in " \t"):
            end += 1
        first, start = start, end
        if _is_main_guard(node):
            continue
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            spans.append([node.name, first, end])
        elif spans and spans[-1][0] == "" and spans[-1][2] == first:
            spans[-1][2] = end  # consecutive plain statements share one cell
        else:
            spans.append(["", first, end])
    if spans and spans[-1][2] == start:
        spans[-1][2] = len(lines)  # trailing top-level comments
    return [(name, "\n".join(lines[a:b]).strip("\n")) for name, a, b in spans]


def split_percent(text: str) -> list[tuple[str, str]]:
    """notebook.py in percent format -> [("code" | "markdown", source)].

    `# %%` opens a code cell, `# %% [markdown]` a markdown cell whose lines lose their `# `.
    Text before the first marker is ignored when it holds only comments.
    """
    cells: list[tuple[str, list[str]]] = [("preamble", [])]
    for line in text.splitlines():
        marker = re.match(r"#\s*%%(.*)$", line)
        if marker:
            kind = "markdown" if "[markdown]" in marker.group(1) else "code"
            cells.append((kind, []))
        else:
            cells[-1][1].append(line)
    out: list[tuple[str, str]] = []
    for kind, body in cells:
        if kind == "markdown":
            body = [re.sub(r"^# ?", "", line) for line in body]
        source = "\n".join(body).strip("\n")
        if kind == "preamble":
            code = [s for s in body if s.strip() and not s.lstrip().startswith("#")]
            if not code:
                continue
            kind = "code"
        if source.strip():
            out.append((kind, source))
    return out


GRADED_PREFIX = "dlgrade_"  # grade_id of the graded cell of a function: dlgrade_<function>


def graded_cell_source(function: str, points: float) -> str:
    """The code of the graded cell of `function`: honest about who grades it, and harmless."""
    n = fmt_points(points)
    es, en = ("punto", "point") if points == 1 else ("puntos", "points")
    return (f"# Calificada por las pruebas ocultas de dlgrade: `{function}` vale {n} {es}; "
            f"nbgrader recibe esa nota.\n"
            f"# Graded by dlgrade's hidden tests: `{function}` is worth {n} {en}; nbgrader "
            f"receives that score.\n"
            f"# Esta celda solo comprueba que la función está definida / This cell only checks "
            f"that the function is defined.\n"
            f"assert callable(globals().get({function!r})), "
            f"\"{function} no está definida / is not defined\"")


def _nbgrader(grade_id: str, *, solution: bool, tests: bool = False, points: float = 0) -> dict:
    """nbgrader's cell metadata. `tests`: an autograder-tests cell worth `points`: the public
    checks are worth 0, so that nbgrader's Validate fails when they raise (it only looks at
    graded cells); a function's graded cell is worth the function's points. The grade itself
    comes from dlgrade's hidden tests."""
    meta = {
        "grade": tests,
        "grade_id": grade_id,
        "locked": not solution,
        "schema_version": 3,
        "solution": solution,
    }
    if tests:
        meta["points"] = points
    return meta


def _cell(
    kind: str, source: str, cell_id: str, role: str, *, nbgrader: dict | None, student: bool
) -> NotebookNode:
    make = nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell
    cell = make(source)
    cell.id = cell_id
    cell.metadata["dlgrade"] = {"role": role}
    if nbgrader is not None:
        cell.metadata["nbgrader"] = nbgrader
        # What nbgrader's LockCells does on release: read-only cells cannot be edited or
        # deleted, solution cells cannot be deleted.
        if student:
            cell.metadata["deletable"] = False
            if nbgrader["locked"]:
                cell.metadata["editable"] = False
    return cell


def make_notebook(info: AssignmentInfo, statement: str, *, solution: bool = False,
                  points: dict[str, float] | None = None) -> NotebookNode:
    """The notebook of the assignment `info`, with `statement` (its rendered README.md).

    solution=True: the nbgrader source notebook (model answers between the markers);
    solution=False: the student notebook (each marked block replaced as by `make_stub`).
    points: graded function -> points (`Assignment.points_by_function()`): adds the graded
    cell of each function after the function's cell.
    """
    folder, module = info.folder, info.module
    cells: list[NotebookNode] = []
    pending = dict(points or {})  # graded cells not placed yet

    def add(kind: str, text: str, cell_id: str, role: str, grading: str | None,
            worth: float = 0) -> None:
        """grading: "solution", "locked", "tests", or None for a free cell without nbgrader
        metadata."""
        meta = None if grading is None else _nbgrader(cell_id, solution=grading == "solution",
                                                      tests=grading == "tests", points=worth)
        text = text.rstrip("\n")
        cells.append(_cell(kind, text, cell_id, role, nbgrader=meta, student=not solution))

    def add_graded(functions: list[str]) -> None:
        for f in functions:  # role "graded": not part of the module (the joiner leaves it out)
            add("code", graded_cell_source(f, pending[f]), f"{GRADED_PREFIX}{f}", "graded",
                "tests", pending.pop(f))

    for i, text in enumerate(split_statement(statement)):
        add("markdown", text, f"statement-{i}", "statement", "locked")

    source = (folder / f"{module}.py").read_text(encoding="utf-8")
    setups = 0
    for name, text in split_module(source):
        if not name:
            setups += 1
            add("code", text, "setup" if setups == 1 else f"setup-{setups}", "setup", "locked")
        elif has_solution(text):
            add("code", text if solution else make_stub(text), name, "solution", "solution")
        else:
            add("code", text, f"given-{name}", "given", "locked")
        if name in pending:
            add_graded([name])
    add_graded(list(pending))  # graded functions that are not top-level definitions

    check = CHECK_CELL.replace("_public_checks(MODULE)", f"_public_checks({module!r})")
    add("code", check.rstrip("\n"), "public-checks", "check", "tests")

    extra = folder / "notebook.py"
    if extra.is_file():
        for i, (kind, text) in enumerate(split_percent(extra.read_text(encoding="utf-8"))):
            add(kind, text, f"extra-{i}", "extra", None)

    ids = [c.id for c in cells]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{folder}: duplicate cell ids {ids}")
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}}
    nbformat.validate(nb)
    return nb


def notebook_text(nb: NotebookNode) -> str:
    """Stable JSON (sorted keys, one-space indent, trailing newline), as nbformat writes it."""
    text = nbformat.writes(nb, version=4)
    return text if text.endswith("\n") else text + "\n"
