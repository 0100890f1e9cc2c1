"""`dlgrade mutate NN_name`: how strong the hidden tests are, measured on the model answer.

Each mutant is the model answer with ONE change inside a solution block or in a default argument
of a function that has one: an arithmetic or comparison operator swapped, a constant moved, a
NumPy function swapped for its usual confusion, a transpose or a copy dropped, an axis changed.
Every mutant is graded like a student's file (in the sandbox); one that keeps full marks
"survives". A survivor is either a hole in the hidden tests (add a test that kills it) or
equivalent to the answer (it computes the same thing): then it is recorded, with the reason, in
the assignment's `mutants.toml`:

    [equivalent]
    "sigmoid:Compare:Lt->LtE#0" = "at z = 0 both branches give 0.5"

Mutant ids name the function (a method as `Class.method`), the kind of change and its position
among the function's changes of that kind, so they survive edits elsewhere in the file.
"""

from __future__ import annotations

import ast
import copy
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from grader.authoring.stubs import BEGIN, END
from grader.course import AssignmentInfo, Course, CourseError

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

MUTANTS_FILE = "mutants.toml"

BINOPS: dict[type, type] = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div,
                            ast.Div: ast.Mult, ast.Pow: ast.Mult, ast.FloorDiv: ast.Div,
                            ast.MatMult: ast.Mult}
COMPARES: dict[type, type] = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
                              ast.Eq: ast.NotEq, ast.NotEq: ast.Eq}
# the NumPy functions students confuse, both ways
SWAPS = {"max": "min", "min": "max", "sum": "mean", "mean": "sum", "maximum": "minimum",
         "minimum": "maximum", "argmax": "argmin", "argmin": "argmax", "zeros": "ones",
         "ones": "zeros", "zeros_like": "ones_like", "ones_like": "zeros_like", "exp": "expm1",
         "expm1": "exp", "log": "log1p", "log1p": "log", "sqrt": "abs", "tanh": "arctan",
         "dot": "multiply", "matmul": "multiply", "outer": "multiply", "where": "choose"}
NUMPY_NAMES = {"np", "numpy"}


@dataclass(frozen=True)
class Mutant:
    id: str  # "function:Kind:from->to#k"
    function: str
    line: int  # in the model answer
    change: str  # "line 42: `a + b` -> `a - b`"
    source: str  # the whole mutated module


def _solution_lines(source: str) -> set[int]:
    """Line numbers (1-based) strictly inside BEGIN/END SOLUTION blocks."""
    inside, lines = False, set()
    for n, line in enumerate(source.splitlines(), start=1):
        if line.strip().startswith(BEGIN):
            inside = True
        elif line.strip().startswith(END):
            inside = False
        elif inside:
            lines.add(n)
    return lines


def _changes(node: ast.AST) -> Iterator[tuple[str, Callable[[ast.AST], None]]]:
    """(kind, apply) for each single-site change of this node."""
    if isinstance(node, ast.BinOp) and type(node.op) in BINOPS:
        new = BINOPS[type(node.op)]
        yield (f"BinOp:{type(node.op).__name__}->{new.__name__}",
               lambda n, new=new: setattr(n, "op", new()))
    elif isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in COMPARES:
        new = COMPARES[type(node.ops[0])]
        yield (f"Compare:{type(node.ops[0]).__name__}->{new.__name__}",
               lambda n, new=new: setattr(n, "ops", [new()]))
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        yield "UnaryOp:USub->UAdd", lambda n: setattr(n, "op", ast.UAdd())
    elif isinstance(node, ast.Constant) and type(node.value) in (int, float):
        v = node.value
        new_v = v + 1 if type(v) is int else (1.0 if v == 0 else v * 2 if abs(v) < 1 else v + 1)
        yield f"Constant:{v!r}->{new_v!r}", lambda n, new_v=new_v: setattr(n, "value", new_v)
    elif (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
          and node.value.id in NUMPY_NAMES and node.attr in SWAPS):
        new_a = SWAPS[node.attr]
        yield f"Call:np.{node.attr}->np.{new_a}", lambda n, new_a=new_a: setattr(n, "attr", new_a)
    elif isinstance(node, ast.keyword) and node.arg == "axis" and isinstance(node.value, ast.Constant):
        v = node.value.value
        new_v = 0 if v in (1, -1) else 1
        yield f"Axis:{v!r}->{new_v!r}", lambda n, new_v=new_v: setattr(n.value, "value", new_v)
    elif isinstance(node, ast.keyword) and node.arg == "keepdims" and isinstance(node.value, ast.Constant):
        yield "KeepDims:dropped", lambda n: setattr(n.value, "value", not n.value.value)


def _dropped(node: ast.AST) -> Iterator[tuple[str, ast.AST]]:
    """(kind, replacement) for a node replaced by one of its parts: `x.T` -> `x`,
    `x.copy()` / `np.copy(x)` -> `x`."""
    if isinstance(node, ast.Attribute) and node.attr == "T":
        yield "Transpose:dropped", node.value
    if isinstance(node, ast.Call) and not node.args and isinstance(node.func, ast.Attribute) \
            and node.func.attr == "copy":
        yield "Copy:dropped", node.func.value
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name) and node.func.value.id in NUMPY_NAMES
            and node.func.attr == "copy" and node.args):
        yield "Copy:dropped", node.args[0]


class _Replace(ast.NodeTransformer):
    def __init__(self, target: ast.AST, by: ast.AST):
        self.target, self.by = target, by

    def visit(self, node: ast.AST) -> ast.AST:
        if node is self.target:
            return self.by
        return super().visit(node)


def _functions(tree: ast.AST, prefix: str = "") -> Iterator[tuple[str, ast.FunctionDef]]:
    """(qualified name, node) of every function, methods as `Class.method`."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef):
            yield prefix + node.name, node
            yield from _functions(node, prefix + node.name + ".")
        elif isinstance(node, ast.ClassDef):
            yield from _functions(node, prefix + node.name + ".")
        else:
            yield from _functions(node, prefix)


def _sites(tree: ast.Module, inside: set[int]) -> Iterator[tuple[str, ast.AST]]:
    """(function, node) for every node a mutant may change: inside a solution block, or a
    default value of a function that has one."""
    for name, fn in _functions(tree):
        body_lines = range(fn.body[0].lineno, (fn.end_lineno or fn.lineno) + 1)
        if not inside.intersection(body_lines):
            continue
        for d in [*fn.args.defaults, *[d for d in fn.args.kw_defaults if d is not None]]:
            for node in ast.walk(d):
                if hasattr(node, "lineno"):
                    yield name, node
        for stmt in fn.body:
            for node in ast.walk(stmt):
                if getattr(node, "lineno", None) in inside:
                    yield name, node


def mutants(source: str) -> list[Mutant]:
    """Every single-site mutant of a model answer, in source order."""
    tree = ast.parse(source)
    inside = _solution_lines(source)
    lines = source.splitlines()
    out: list[Mutant] = []
    seen: dict[str, int] = {}
    for fn, node in _sites(tree, inside):
        line = node.lineno  # type: ignore[attr-defined]
        for kind, make in [*((k, ("change", a)) for k, a in _changes(node)),
                           *((k, ("replace", r)) for k, r in _dropped(node))]:
            key = f"{fn}:{kind}"
            k = seen.get(key, 0)
            seen[key] = k + 1
            mutated = copy.deepcopy(tree)
            twin = _twin(tree, mutated, node)
            how, what = make
            if how == "change":
                what(twin)
            else:
                part = _twin(tree, mutated, what)
                mutated = _Replace(twin, part).visit(mutated)
            ast.fix_missing_locations(mutated)
            text = lines[line - 1].strip() if 0 < line <= len(lines) else ""
            out.append(Mutant(f"{key}#{k}", fn, line, f"line {line}: {kind} in `{text[:70]}`",
                              ast.unparse(mutated) + "\n"))
    return out


def _twin(tree: ast.AST, copy_: ast.AST, node: ast.AST) -> ast.AST:
    """The node of `copy_` (a deepcopy of `tree`) at the position of `node` in `tree`."""
    for a, b in zip(ast.walk(tree), ast.walk(copy_)):
        if a is node:
            return b
    raise ValueError("node not in tree")


def equivalents(info: AssignmentInfo) -> dict[str, str]:
    """Mutant id -> why it computes the same as the model answer (mutants.toml)."""
    path = info.folder / MUTANTS_FILE
    if not path.is_file():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    eq = data.get("equivalent", {})
    if not isinstance(eq, dict) or not all(isinstance(v, str) and v for v in eq.values()):
        raise CourseError(f"{path}: [equivalent] maps mutant ids to their reasons")
    return dict(eq)


@dataclass(frozen=True)
class Outcome:
    mutant: Mutant
    score: float
    max_score: float
    failing: tuple[str, ...]  # the tests that killed it

    @property
    def killed(self) -> bool:
        return self.score < self.max_score


def _grade_one(args: tuple[str, str, str, str, str]) -> tuple[float, float, tuple[str, ...]]:
    course_root, assignment_id, module, source, mutant_id = args
    from grader.grading.runner import grade

    with tempfile.TemporaryDirectory(prefix="dlgrade-mutant-") as tmp:
        path = Path(tmp) / f"{module}.py"
        path.write_text(source, encoding="utf-8")
        r = grade(path, assignment_id, course=Course(Path(course_root)), use_cuda=False,
                  slot=os.getpid() % 1000 + 100)
    return r.score, r.max_score, tuple(t.test_id for t in r.tests if not t.passed)


def run_mutants(course: Course, assignment_id: str, selected: list[Mutant], jobs: int = 2,
                progress: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """Grade each mutant in the sandbox, `jobs` at a time; outcomes in the order given."""
    info = course.info(assignment_id)
    work = [(str(course.root), assignment_id, info.module, m.source, m.id) for m in selected]
    out: list[Outcome] = []
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for m, (score, max_score, failing) in zip(selected, pool.map(_grade_one, work)):
            o = Outcome(m, score, max_score, failing)
            out.append(o)
            if progress:
                progress(o)
    return out


def sample(all_mutants: list[Mutant], n: int) -> list[Mutant]:
    """n mutants spread evenly over the file (deterministic)."""
    if n >= len(all_mutants):
        return list(all_mutants)
    step = len(all_mutants) / n
    return [all_mutants[int(i * step)] for i in range(n)]


def matching(all_mutants: list[Mutant], pattern: str | None) -> list[Mutant]:
    return [m for m in all_mutants if not pattern or re.search(pattern, m.id)]
