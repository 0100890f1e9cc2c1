"""From solutions/ to what students get: stubs, notebooks, assignments/ and the student release.

    solutions/NN_name/<module>.py   --make_stub-->      assignments/NN_name/<module>.py
    solutions/NN_name/*             --make_notebook-->  assignments/NN_name/<module>.ipynb
    solutions/NN_name/README.md, test_public.py  (copied as they are)

Everything here is a pure function of solutions/: the same input gives the same bytes, so a test
can prove that assignments/ was generated and never edited by hand (`check_in_sync`).
"""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

from grader.paths import MODULE_NAMES, course_root

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
_BEGIN_RE = re.compile(r"^([ \t]*)### BEGIN SOLUTION[ \t]*(\r?\n)?$")
_END_RE = re.compile(r"^[ \t]*### END SOLUTION[ \t]*(\r?\n)?$")

# Files an assignment folder holds besides <module>.py / <module>.ipynb.
COPIED = ("README.md", "test_public.py")
# Caches that running pytest or Jupyter leaves behind: neither generated nor a difference.
_IGNORED = {"__pycache__", ".pytest_cache", ".ipynb_checkpoints"}

RELEASE_MARKER = ".dlgrade-release"
STUDENT_REQUIREMENTS = """\
# Lo que necesitas para las comprobaciones / What you need for the checks:
#   python -m pip install -r requirements.txt
numpy>=1.24
pytest>=7.4
# Gráficos de los cuadernos / plots in the notebooks
matplotlib>=3.7
# Sólo para 02_xor (la parte de PyTorch) / only for 02_xor (the PyTorch part)
torch>=2.2
"""

STUDENT_README = """\
# Tareas / Assignments

## Español

Cada carpeta `NN_nombre/` es una tarea: `README.md` (enunciado), `<modulo>.py` (completa las
funciones marcadas con `NotImplementedError`), `<modulo>.ipynb` (la misma tarea como cuaderno) y
`test_public.py` (pruebas públicas).

    python -m pip install -r requirements.txt
    python check.py 06_conv2d                    # comprueba 06_conv2d/conv2d.py
    python check.py 06_conv2d --path otro.py     # comprueba otro archivo (.py o .ipynb)

`check.py` dice qué pruebas pasan y cuáles no (y por qué); sale con código 0 sólo si pasan todas.
La nota final la dan pruebas ocultas más completas: que pasen las públicas es necesario, no
suficiente.

## English

Each folder `NN_name/` is one assignment: `README.md` (the statement), `<module>.py` (fill in the
functions that raise `NotImplementedError`), `<module>.ipynb` (the same assignment as a notebook)
and `test_public.py` (public tests).

    python -m pip install -r requirements.txt
    python check.py 06_conv2d                    # checks 06_conv2d/conv2d.py
    python check.py 06_conv2d --path other.py    # checks another file (.py or .ipynb)

`check.py` tells you which tests pass and which do not (and why); it exits with 0 only when all
pass. The grade comes from more thorough hidden tests: passing the public ones is necessary, not
sufficient.
"""


# --------------------------------------------------------------------------- stubs


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


# --------------------------------------------------------------------------- assignments/


def module_name(folder: Path) -> str:
    """The module an assignment folder is about (`06_conv2d` -> `conv2d`)."""
    if folder.name in MODULE_NAMES:
        return MODULE_NAMES[folder.name]
    candidates = [
        p.stem
        for p in sorted(folder.glob("*.py"))
        if not p.name.startswith("test_") and p.name != "notebook.py"
    ]
    if len(candidates) != 1:
        raise ValueError(f"{folder}: cannot tell the assignment's module among {candidates}")
    return candidates[0]


def _solution_folders(root: Path) -> list[Path]:
    solutions = root / "solutions"
    if not solutions.is_dir():
        raise FileNotFoundError(f"no solutions/ folder in {root}")
    return sorted(
        p for p in solutions.iterdir() if p.is_dir() and re.fullmatch(r"\d\d_\w+", p.name)
    )


def generated_files(root: Path | None = None) -> dict[Path, bytes]:
    """assignments/<...> path (relative to root) -> the exact bytes the generator writes."""
    from grader.notebook import make_notebook, notebook_text

    root = Path(root) if root is not None else course_root()
    files: dict[Path, bytes] = {}
    for folder in _solution_folders(root):
        module = module_name(folder)
        target = Path("assignments") / folder.name
        source = (folder / f"{module}.py").read_text(encoding="utf-8")
        files[target / f"{module}.py"] = make_stub(source).encode("utf-8")
        notebook = make_notebook(folder, solution=False)
        files[target / f"{module}.ipynb"] = notebook_text(notebook).encode("utf-8")
        for name in COPIED:
            files[target / name] = (folder / name).read_bytes()
    return files


def _tree(folder: Path) -> list[Path]:
    """Files under folder, caches left out."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and not _IGNORED.intersection(p.relative_to(folder).parts)
    )


def release_assignments(root: Path | None = None) -> list[Path]:
    """Regenerate assignments/ from solutions/; returns the generated files (absolute paths).

    Files are rewritten only when their bytes change; stale files inside a generated
    assignment folder are removed (assignments/ holds generated files only).
    """
    root = Path(root) if root is not None else course_root()
    files = generated_files(root)
    written: list[Path] = []
    for rel, data in sorted(files.items()):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_bytes() != data:
            path.write_bytes(data)
        written.append(path)
    expected = {root / rel for rel in files}
    for folder in {p.parent for p in expected}:
        for path in _tree(folder):
            if path not in expected:
                path.unlink()
    return written


def check_in_sync(root: Path | None = None) -> list[str]:
    """Differences between assignments/ and what the generator makes (empty: in sync)."""
    root = Path(root) if root is not None else course_root()
    files = generated_files(root)
    problems: list[str] = []
    for rel, data in sorted(files.items()):
        path = root / rel
        if not path.is_file():
            problems.append(f"missing: {rel.as_posix()}")
        elif path.read_bytes() != data:
            problems.append(f"differs from the generator's output: {rel.as_posix()}")
    expected = {root / rel for rel in files}
    assignments = root / "assignments"
    if assignments.is_dir():
        for path in _tree(assignments):
            if path not in expected:
                problems.append(f"not generated: {path.relative_to(root).as_posix()}")
    return problems


def write_solution_notebooks(out: Path, root: Path | None = None) -> list[Path]:
    """Solution (nbgrader source) notebooks: out/NN_name/<module>.ipynb + test_public.py.

    Instructor-only: never written under assignments/. Used by the tests (nbclient, nbgrader)
    and by an instructor who wants an nbgrader `source/` folder.
    """
    from grader.notebook import make_notebook, notebook_text

    root = Path(root) if root is not None else course_root()
    written: list[Path] = []
    for folder in _solution_folders(root):
        target = Path(out) / folder.name
        target.mkdir(parents=True, exist_ok=True)
        path = target / f"{module_name(folder)}.ipynb"
        path.write_text(notebook_text(make_notebook(folder, solution=True)), encoding="utf-8")
        shutil.copyfile(folder / "test_public.py", target / "test_public.py")
        written.append(path)
    return written


# --------------------------------------------------------------------------- student release


def write_student_release(out: Path, root: Path | None = None) -> Path:
    """The folder a student downloads: out/{NN_name/..., check.py, requirements.txt, README.md}.

    Copies the generated assignments/ (refusing when it is out of sync with solutions/), the
    standalone checker (grader/check.py, verbatim) and nothing else: no solutions, reference,
    hidden tests or grader. `out` must be empty, missing, or a previous release.
    """
    root = Path(root) if root is not None else course_root()
    out = Path(out)
    if (root / "solutions").is_dir():
        problems = check_in_sync(root)
        if problems:
            raise RuntimeError(
                "assignments/ is out of sync with solutions/ (run `dlgrade release`): "
                + "; ".join(problems)
            )
    assignments = root / "assignments"
    folders = sorted(p for p in assignments.iterdir() if p.is_dir() and p.name not in _IGNORED)
    if not folders:
        raise FileNotFoundError(f"nothing to release in {assignments}")
    if out.exists() and any(out.iterdir()):
        if not (out / RELEASE_MARKER).is_file():
            raise FileExistsError(f"{out} is not empty and is not a previous release")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    for folder in folders:
        for path in _tree(folder):
            target = out / folder.name / path.relative_to(folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    shutil.copyfile(Path(__file__).with_name("check.py"), out / "check.py")
    (out / "requirements.txt").write_text(STUDENT_REQUIREMENTS, encoding="utf-8")
    (out / "README.md").write_text(STUDENT_README, encoding="utf-8")
    (out / RELEASE_MARKER).write_text("generated by `dlgrade release --out`\n", encoding="utf-8")
    leaks = [p for p in _tree(out) if BEGIN.encode() in p.read_bytes()]
    if leaks:
        raise RuntimeError(f"solution text in the release: {leaks}")
    return out
