"""The variants of an assignment: other correct answers and plausible mistakes, for `verify`.

solutions/NN/variants/ok_*.py must score full marks, wrong_*.py must not. A variant is either a
whole module or, when it starts with PATCH_MARK, a patch of the model answer: only the
definitions it changes. A patch reads as a module of its own (so ruff checks it): it imports what
it keeps from the model answer (`from <module> import <name>`) and those imports are dropped when
the patch is applied. Applying it replaces each top-level def, class or assignment of the model
answer with the patch's one of the same name, adds the patch's new names at the end and the
imports the model answer lacks after its own, and keeps everything else of the model answer: one source for
the shared code, one file per mistake holding only the mistake.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from grader.course import VARIANTS_DIR, AssignmentInfo

PATCH_MARK = "# dlgrade: patch of the model answer"


class PatchError(ValueError):
    """A patch that cannot be applied: an authoring mistake in the course, not a grade."""


@dataclass(frozen=True)
class Variant:
    path: Path
    source: str  # the whole module the grader sees

    @property
    def correct(self) -> bool:
        return self.path.name.startswith("ok_")


def _name(node: ast.stmt) -> str | None:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return node.name
    if isinstance(node, (ast.Assign, ast.AnnAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if len(targets) == 1 and isinstance(targets[0], ast.Name):
            return targets[0].id
    return None


def _span(node: ast.stmt) -> tuple[int, int]:
    """0-based [first, last) lines of a statement, its decorators included."""
    first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    return first - 1, node.end_lineno or node.lineno


def _is_docstring(node: ast.stmt) -> bool:
    return (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str))


def apply_patch(model: str, patch: str, module: str) -> str:
    """The model answer `model` with the definitions of `patch` in place of its own."""
    model_tree, patch_tree = ast.parse(model), ast.parse(patch)
    lines, patch_lines = model.splitlines(), patch.splitlines()
    where = {n: _span(s) for s in model_tree.body if (n := _name(s))}
    imports_end = max((_span(s)[1] for s in model_tree.body
                       if isinstance(s, (ast.Import, ast.ImportFrom))), default=0)
    have = {ast.dump(s) for s in model_tree.body if isinstance(s, (ast.Import, ast.ImportFrom))}
    replace: dict[tuple[int, int], list[str]] = {}
    new_imports: list[str] = []
    appended: list[str] = []
    for i, stmt in enumerate(patch_tree.body):
        text = patch_lines[_span(stmt)[0]:_span(stmt)[1]]
        if i == 0 and _is_docstring(stmt):
            continue  # the patch's docstring says what the variant is; the module keeps its own
        if isinstance(stmt, ast.ImportFrom) and stmt.module == module and not stmt.level:
            missing = [a.name for a in stmt.names if a.name not in where]
            if missing:
                raise PatchError(f"imports {', '.join(missing)} that {module}.py does not define")
            continue
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            if ast.dump(stmt) in have:
                continue
            if isinstance(stmt, ast.ImportFrom) and stmt.module == "__future__":
                raise PatchError(f"line {stmt.lineno}: a __future__ import the model answer lacks")
            new_imports += text
            continue
        name = _name(stmt)
        if name is None:
            raise PatchError(f"line {stmt.lineno}: a patch holds only imports, defs, classes and "
                             "assignments to a name")
        if name in where:
            replace[where.pop(name)] = text
        else:
            appended += ["", ""] + text
    if not replace and not appended:
        raise PatchError("changes nothing of the model answer")
    replace[(imports_end, imports_end)] = new_imports
    out = list(lines)
    for (first, last), text in sorted(replace.items(), reverse=True):
        out[first:last] = text
    return "\n".join(out + appended) + "\n"


def variants(info: AssignmentInfo) -> list[Variant]:
    """The assignment's variants, correct ones first, each as the module the grader sees."""
    folder = info.folder / VARIANTS_DIR
    paths = sorted(folder.glob("ok_*.py")) + sorted(folder.glob("wrong_*.py"))
    model = (info.folder / f"{info.module}.py").read_text(encoding="utf-8")
    out = []
    for path in paths:
        source = path.read_text(encoding="utf-8")
        if source.startswith(PATCH_MARK):
            try:
                source = apply_patch(model, source, info.module)
            except (PatchError, SyntaxError) as e:
                raise PatchError(f"{path}: {e}") from e
        out.append(Variant(path, source))
    return out
