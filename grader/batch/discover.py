"""Which submissions a class holds: nbgrader's layout, one task per (student, assignment).

    <course folder>/submitted/<student>/<assignment>/<module>.py | <module>.ipynb

<assignment> is the assignment's id or a name the course gives it (`[assignments]` in its
dlgrade.toml: nbgrader's "ps3" for NN_name). What nbgrader copies beside the notebook
(test_public.py and the data files the release shipped, timestamp.txt, submission_secret.txt)
is not a submission; a single notebook under another name (<module>-Copy1.ipynb) is.

Nothing here runs or parses a submission: it finds files, names them safely and hashes them.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from grader.course import PUBLIC_TESTS, AssignmentInfo
from grader.text import EMPTY, Text


class BatchError(Exception):
    """A problem with the batch's arguments (not with a student's submission)."""


@dataclass(frozen=True)
class Task:
    student: str  # sanitized: the path component of its files under results/ and feedback/
    raw_student: str  # the directory's name, as found: the student's id in results and reports
    assignment: str
    file: str | None  # absolute path of the submission file, None when there is none
    sha256: str  # of the file's bytes ("" when there is none)
    problem: Text = EMPTY  # why there is no gradable file (shown to the student)


_SAFE = re.compile(r"[^\w.\-]", re.UNICODE)


def safe_name(raw: str) -> str:
    """A directory name -> a safe path component (for results/ and feedback/ only: the
    student's id in results and reports stays the name as found).

    Keeps letters (accents included), digits, '.', '_', '-'; anything else becomes '_'; no
    leading '.' or '-' (no '..', no hidden files, no spreadsheet formulas). When the name had to
    change, a short hash of the original keeps two different students apart.
    """
    name = unicodedata.normalize("NFC", raw)
    clean = _SAFE.sub("_", name).lstrip(".-")[:64] or "student"
    if clean != raw:
        clean = f"{clean}-{hashlib.sha256(raw.encode('utf-8', 'surrogateescape')).hexdigest()[:8]}"
    return clean


def submitted_dir(root: Path) -> Path:
    """`root` is the course folder (holding submitted/) or submitted/ itself."""
    root = Path(root)
    if not root.is_dir():
        raise BatchError(f"no such directory: {root}")
    if (root / "submitted").is_dir() and not (root / "submitted").is_symlink():
        return root / "submitted"
    return root


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def find_submission(folder: Path, module: str, released: Collection[str] = (PUBLIC_TESTS,)
                    ) -> tuple[Path | None, Text]:
    """The file to grade in `folder`: <module>.py, else <module>.ipynb, else the only .py/.ipynb.

    `released`: files the release put beside the student's (nbgrader's collect copies them
    back), never the submission. Symlinks are never followed (a link is ignored, with a
    message). Returns (file, why) with file None when there is nothing to grade.
    """
    if not folder.is_dir() or folder.is_symlink():
        return None, Text("No se encontró tu entrega.", "No submission found.")
    files, links = [], []
    for p in sorted(folder.iterdir()):
        if p.name.startswith(".") or p.name in released:
            continue  # .ipynb_checkpoints and friends; test_public.py
        if p.is_symlink():
            links.append(p.name)
        elif p.is_file() and p.suffix in (".py", ".ipynb"):
            files.append(p)
    by_name = {p.name: p for p in files}
    for name in (f"{module}.py", f"{module}.ipynb"):
        if name in by_name:
            return by_name[name], EMPTY
    if len(files) == 1:
        return files[0], EMPTY
    if files:
        names = ", ".join(p.name for p in files)
        return None, Text(
            f"Hay varios archivos ({names}) y ninguno se llama {module}.py: renombra el tuyo.",
            f"Several files ({names}) and none is named {module}.py: rename yours.")
    if links:
        names = ", ".join(links)
        return None, Text(
            f"Los enlaces simbólicos no se corrigen ({names}): entrega el archivo {module}.py.",
            f"Symbolic links are not graded ({names}): submit the file {module}.py itself.")
    return None, Text(f"No se encontró {module}.py ni {module}.ipynb en tu entrega.",
                      f"Neither {module}.py nor {module}.ipynb was found in your submission.")


def _assignment_folder(student: Path, info: AssignmentInfo, names: Mapping[str, str]) -> Path:
    """The student's folder of `info`: named by its id, else by a name the course gives it."""
    for name in (info.id, *sorted(n for n, a in names.items() if a == info.id)):
        if (student / name).is_dir():
            return student / name
    return student / info.id


def discover(root: Path, assignments: list[AssignmentInfo],
             names: Mapping[str, str] | None = None) -> list[Task]:
    """Every (student, assignment) pair: one task per student folder and requested assignment.

    names: the course's names for its assignments (`Course.assignment_names()`: "ps3" ->
    "NN_name"), the folder names nbgrader uses."""
    names = names or {}
    sub = submitted_dir(root)
    tasks = []
    seen: dict[str, str] = {}
    for sdir in sorted(sub.iterdir(), key=lambda p: p.name):
        if sdir.name.startswith(".") or sdir.is_symlink() or not sdir.is_dir():
            continue
        student = safe_name(sdir.name)
        if student in seen:  # only possible if a name is truncated to the same 64 chars
            student = f"{student}-{hashlib.sha256(sdir.name.encode()).hexdigest()[:8]}"
        seen[student] = sdir.name
        for a in assignments:
            f, why = find_submission(_assignment_folder(sdir, a, names), a.module,
                                     (PUBLIC_TESTS, *a.data))
            tasks.append(Task(student=student, raw_student=sdir.name, assignment=a.id,
                              file=str(f.resolve()) if f else None,
                              sha256=_sha256(f) if f else "", problem=why))
    return tasks
