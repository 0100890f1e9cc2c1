"""From solutions/ to what students get: assignments/ and the student release.

    solutions/NN_name/<module>.py   --make_stub-->         assignments/NN_name/<module>.py
    solutions/NN_name/README.md     --render_statement-->  assignments/NN_name/README.md
    solutions/NN_name/*             --make_notebook-->     assignments/NN_name/<module>.ipynb
    solutions/NN_name/test_public.py  (copied as it is)

Everything here is a pure function of solutions/: the same input gives the same bytes, so a test
can prove that assignments/ was generated and never edited by hand (`check_in_sync`). Hidden
tests, oracles and metadata never leave solutions/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from grader.authoring.notebooks import make_notebook, notebook_text
from grader.authoring.statement import render_statement
from grader.authoring.stubs import BEGIN, make_stub
from grader.course import ID_PATTERN, PUBLIC_TESTS, AssignmentInfo, Course
from grader.grading.spec import load_assignment

COPIED = (PUBLIC_TESTS,)
# Caches that running pytest or Jupyter leaves behind: neither generated nor a difference.
_IGNORED = {"__pycache__", ".pytest_cache", ".ipynb_checkpoints"}
STUDENT_DIR = Path(__file__).resolve().parent.parent / "student"
STUDENT_FILES = ("check.py", "nbjoin.py")  # the checker and the notebook joiner it imports

RELEASE_MARKER = ".dlgrade-release"

STUDENT_README = """\
# Tareas / Assignments

## Español

Cada carpeta `NN_nombre/` es una tarea: `README.md` (enunciado), `<modulo>.py` (completa las
funciones marcadas con `NotImplementedError`), `<modulo>.ipynb` (la misma tarea como cuaderno) y
`test_public.py` (pruebas públicas).

    python -m pip install -r requirements.txt
    python check.py {id}                    # comprueba {id}/{module}.py
    python check.py {id} --path otro.py     # comprueba otro archivo (.py o .ipynb)

`check.py` dice qué pruebas pasan y cuáles no (y por qué); sale con código 0 sólo si pasan todas.
La nota final la dan pruebas ocultas más completas: que pasen las públicas es necesario, no
suficiente.

## English

Each folder `NN_name/` is one assignment: `README.md` (the statement), `<module>.py` (fill in the
functions that raise `NotImplementedError`), `<module>.ipynb` (the same assignment as a notebook)
and `test_public.py` (public tests).

    python -m pip install -r requirements.txt
    python check.py {id}                    # checks {id}/{module}.py
    python check.py {id} --path other.py    # checks another file (.py or .ipynb)

`check.py` tells you which tests pass and which do not (and why); it exits with 0 only when all
pass. The grade comes from more thorough hidden tests: passing the public ones is necessary, not
sufficient.
"""


STUDENT_REQUIREMENTS = """\
# Lo que necesitas para las comprobaciones y los cuadernos / What the checks and notebooks need:
#   python -m pip install -r requirements.txt
# Una tarea que usa PyTorch dice en su enunciado cómo instalarlo (la versión para CPU).
# An assignment that uses PyTorch says in its statement how to install it (the CPU build).
numpy>=1.24
pytest>=7.4
matplotlib>=3.7
jupyter
"""


# --------------------------------------------------------------------------- assignments/


def statement_of(info: AssignmentInfo) -> str:
    """The assignment's README.md as students read it (points table rendered)."""
    return render_statement((info.folder / "README.md").read_text(encoding="utf-8"),
                            load_assignment(info))


def assignment_files(info: AssignmentInfo) -> dict[str, bytes]:
    """File name -> the exact bytes the generator writes for one assignment."""
    statement = statement_of(info)
    source = (info.folder / f"{info.module}.py").read_text(encoding="utf-8")
    files = {
        f"{info.module}.py": make_stub(source).encode("utf-8"),
        f"{info.module}.ipynb": notebook_text(
            make_notebook(info, statement, solution=False)).encode("utf-8"),
        "README.md": statement.encode("utf-8"),
    }
    for name in (*COPIED, *info.data):
        files[name] = (info.folder / name).read_bytes()
    return files


def generated_files(course: Course) -> dict[Path, bytes]:
    """assignments/<...> path (relative to the course root) -> the bytes the generator writes."""
    return {Path("assignments") / info.id / name: data for info in course.infos()
            for name, data in assignment_files(info).items()}


def _tree(folder: Path) -> list[Path]:
    """Files under folder, caches left out."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and not _IGNORED.intersection(p.relative_to(folder).parts)
    )


def _stale_folders(course: Course) -> list[Path]:
    """Assignment folders under assignments/ whose solutions/ folder is gone."""
    if not course.released.is_dir():
        return []
    ids = set(course.ids())
    return sorted(p for p in course.released.iterdir()
                  if p.is_dir() and ID_PATTERN.fullmatch(p.name) and p.name not in ids)


def release_assignments(course: Course) -> list[Path]:
    """Regenerate assignments/ from solutions/; returns the generated files (absolute paths).

    Files are rewritten only when their bytes change; stale files inside a generated
    assignment folder, and the folders of assignments removed from solutions/, are removed
    (assignments/ holds generated files only).
    """
    files = generated_files(course)
    written: list[Path] = []
    for rel, data in sorted(files.items()):
        path = course.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_bytes() != data:
            path.write_bytes(data)
        written.append(path)
    expected = {course.root / rel for rel in files}
    for folder in {p.parent for p in expected}:
        for path in _tree(folder):
            if path not in expected:
                path.unlink()
    for folder in _stale_folders(course):
        shutil.rmtree(folder)
    return written


def check_in_sync(course: Course) -> list[str]:
    """Differences between assignments/ and what the generator makes (empty: in sync)."""
    files = generated_files(course)
    problems: list[str] = []
    for rel, data in sorted(files.items()):
        path = course.root / rel
        if not path.is_file():
            problems.append(f"missing: {rel.as_posix()}")
        elif path.read_bytes() != data:
            problems.append(f"differs from the generator's output: {rel.as_posix()}")
    expected = {course.root / rel for rel in files}
    if course.released.is_dir():
        for path in _tree(course.released):
            if path not in expected:
                problems.append(f"not generated: {path.relative_to(course.root).as_posix()}")
    return problems


def write_solution_notebooks(out: Path, course: Course) -> list[Path]:
    """nbgrader source notebooks: out/<name>/<module>.ipynb + test_public.py + data files.

    <name> is each name the course gives the assignment (`[assignments]` in its dlgrade.toml:
    nbgrader's assignment name), else its id. The notebooks hold the model answers between
    nbgrader's markers and one graded cell per function worth its points (the hidden tests'),
    ready for `nbgrader generate_assignment`. Instructor-only: never written under assignments/
    (`dlgrade release --nbgrader-source DIR`; also used by the tests).
    """
    written: list[Path] = []
    for info in course.infos():
        points = load_assignment(info).points_by_function()
        text = notebook_text(make_notebook(info, statement_of(info), solution=True,
                                           points=points))
        for folder in course.names_of(info.id):
            target = Path(out) / folder
            target.mkdir(parents=True, exist_ok=True)
            path = target / f"{info.module}.ipynb"
            path.write_text(text, encoding="utf-8")
            for name in (*COPIED, *info.data):
                shutil.copyfile(info.folder / name, target / name)
            written.append(path)
    return written


# --------------------------------------------------------------------------- student release


def write_student_release(out: Path, course: Course) -> Path:
    """The folder a student downloads: out/{NN_name/..., check.py, nbjoin.py, requirements.txt,
    README.md}.

    Copies the generated assignments/ (refusing when it is out of sync with solutions/), the
    standalone checker with its notebook joiner (grader/student/, verbatim) and nothing else:
    no solutions, reference, hidden tests or grader. `out` must be empty, missing, or a
    previous release.
    """
    out = Path(out)
    problems = check_in_sync(course)
    if problems:
        raise RuntimeError("assignments/ is out of sync with solutions/ (run `dlgrade release`): "
                           + "; ".join(problems))
    infos = course.infos()
    if not infos:
        raise FileNotFoundError(f"nothing to release in {course.solutions}")
    if out.exists() and any(out.iterdir()):
        if not (out / RELEASE_MARKER).is_file():
            raise FileExistsError(f"{out} is not empty and is not a previous release")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    for info in infos:
        folder = course.released / info.id
        for path in _tree(folder):
            target = out / info.id / path.relative_to(folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    for name in STUDENT_FILES:
        shutil.copyfile(STUDENT_DIR / name, out / name)
    (out / "requirements.txt").write_text(STUDENT_REQUIREMENTS, encoding="utf-8")
    (out / "README.md").write_text(
        STUDENT_README.format(id=infos[-1].id, module=infos[-1].module), encoding="utf-8")
    (out / RELEASE_MARKER).write_text("generated by `dlgrade release --out`\n", encoding="utf-8")
    leaks = [p for p in _tree(out) if BEGIN.encode() in p.read_bytes()]
    if leaks:
        raise RuntimeError(f"solution text in the release: {leaks}")
    return out
