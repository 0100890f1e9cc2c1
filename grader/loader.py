"""A submission file -> `Submission` (source text, origin, notes).

The grader never imports, executes or parses the student's code in its own process: this
module only reads bytes and checks them (size, encoding, notebook JSON). Parsing happens in
the sandboxed worker.

- `.py`: at most `MAX_PY_BYTES`, UTF-8 (a BOM is tolerated), no NUL bytes.
- `.ipynb`: at most `MAX_NOTEBOOK_BYTES`, nbformat-4 JSON; code cells are joined; IPython
  magics (`%line`, `%%cell`) and shell lines (`!cmd`) are dropped, with a note naming the lines;
  the public-checks and demo cells of our generated notebooks (`metadata.dlgrade.role` "check"
  or "extra") are left out, with a note; `from __future__` imports move to line 1.
- A symlink (the file itself or any folder between `root` and it) is refused, so a submission
  cannot point the grader at its own files.
"""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

MAX_PY_BYTES = 1 * 2**20
MAX_NOTEBOOK_BYTES = 20 * 2**20
MAX_CELLS = 2000


class SubmissionError(Exception):
    """The file cannot be graded; `message_es` / `message_en` say why (student-facing)."""

    def __init__(self, message_es: str, message_en: str):
        super().__init__(message_en)
        self.message_es = message_es
        self.message_en = message_en


@dataclass
class Submission:
    source: str
    origin: Path
    kind: str  # "py" | "ipynb"
    notes: list[str] = field(default_factory=list)  # bilingual, "es / en"


def _read_regular(path: Path, cap: int, root: Path | None) -> bytes:
    """Bytes of a regular file, refusing symlinks (also in folders under `root`) and > cap."""
    path = Path(os.path.abspath(path))  # no resolve(): resolving would follow the links
    if root is None:
        # without a root, the nbgrader layout's own folders (<student>/<assignment>/) are
        # checked: a linked assignment folder could point at solutions/
        root = path.parents[min(2, len(path.parents) - 1)]
    if root is not None:
        root = Path(os.path.abspath(root))
        try:
            rel = path.relative_to(root)
        except ValueError:
            raise SubmissionError(
                f"{path.name}: la ruta está fuera de la carpeta de entregas",
                f"{path.name}: the path is outside the submissions folder") from None
        cur = root
        for part in rel.parts[:-1]:
            cur = cur / part
            if cur.is_symlink():
                raise SubmissionError(
                    f"{path.name}: la carpeta {part} es un enlace simbólico; no se sigue",
                    f"{path.name}: folder {part} is a symbolic link; not followed")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        raise SubmissionError(f"{path.name}: el archivo no existe",
                              f"{path.name}: the file does not exist") from None
    except OSError as e:  # ELOOP: a symlink
        if path.is_symlink():
            raise SubmissionError(
                f"{path.name}: es un enlace simbólico; entrega el archivo en sí",
                f"{path.name}: is a symbolic link; submit the file itself") from None
        raise SubmissionError(f"{path.name}: no se puede leer ({e.strerror})",
                              f"{path.name}: cannot be read ({e.strerror})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise SubmissionError(f"{path.name}: no es un archivo normal",
                                  f"{path.name}: is not a regular file")
        if st.st_size > cap:
            raise SubmissionError(
                f"{path.name}: el archivo es demasiado grande ({st.st_size} bytes; "
                f"máximo {cap})",
                f"{path.name}: the file is too large ({st.st_size} bytes; at most {cap})")
        with os.fdopen(fd, "rb") as f:
            fd = -1
            data = f.read(cap + 1)
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > cap:
        raise SubmissionError(f"{path.name}: el archivo es demasiado grande",
                              f"{path.name}: the file is too large")
    return data


def _decode_text(data: bytes, name: str) -> str:
    if b"\x00" in data:
        raise SubmissionError(
            f"{name}: no es un archivo de texto Python (contiene bytes nulos, NUL: es binario)",
            f"{name}: is not a Python text file (contains NUL bytes / binary data)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise SubmissionError(
            f"{name}: no está en UTF-8 (byte inválido en la posición {e.start}); "
            f"guárdalo como UTF-8",
            f"{name}: is not UTF-8 (invalid byte at position {e.start}); save it as UTF-8",
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _is_magic(line: str) -> bool:
    s = line.lstrip()
    return s.startswith(("%", "!"))


# Cells of our generated notebooks (grader/notebook.py) that are not part of the module: the
# public-checks cell and the demo/plot cells call the student's functions when run, so one
# unfinished function would fail the whole import (and every test) if they were graded.
SKIPPED_ROLES = ("check", "extra")
_FUTURE = re.compile(r"from\s+__future__\s+import\b")


def _role(cell: dict) -> str | None:
    meta = cell.get("metadata")
    dl = meta.get("dlgrade") if isinstance(meta, dict) else None
    role = dl.get("role") if isinstance(dl, dict) else None
    return role if isinstance(role, str) else None


def _hoist_future(lines: list[str]) -> list[str]:
    """Take the top-level `from __future__ import ...` statements out of a cell's lines.

    Jupyter compiles each cell on its own, so such a line may start any cell; once the cells
    are joined it must be at the top of the file. Each statement (parenthesised or continued
    with `\\` over several lines too) is returned as one line; in `lines` its lines become
    comments, so every other line keeps its number.
    """
    found: list[str] = []
    i = 0
    while i < len(lines):
        if not _FUTURE.match(lines[i]):  # column 0 only: top-level code
            i += 1
            continue
        j, parts = i, []
        while True:
            part = lines[j].split("#", 1)[0].rstrip()
            parts.append(part[:-1] if part.endswith("\\") else part)
            text = " ".join(parts)
            if (not part.endswith("\\") and text.count("(") <= text.count(")")) or \
                    j + 1 >= len(lines):
                break
            j += 1
        found.append(" ".join(" ".join(parts).split()))
        for k in range(i, j + 1):
            lines[k] = "# (movido a la línea 1 / moved to line 1) " + lines[k].strip()[:60]
        i = j + 1
    return found


def notebook_source(nb: object, name: str) -> tuple[str, list[str]]:
    """Join the code cells of a parsed nbformat-4 notebook; drop magics and shell lines.

    Returns (source, notes). Each kept cell is preceded by a `# In[k]` marker comment (k: the
    cell's position among the notebook's code cells), so line numbers in tracebacks can be
    matched to cells. Cells of our own notebooks marked as public checks or demos
    (`metadata.dlgrade.role` in SKIPPED_ROLES) are left out; `from __future__` imports move
    to line 1 (the first marker's line, so no other line moves).
    """
    bad = SubmissionError(f"{name}: el cuaderno no tiene el formato de Jupyter (nbformat 4)",
                          f"{name}: the notebook is not in Jupyter's format (nbformat 4)")
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise bad
    if len(nb["cells"]) > MAX_CELLS:
        raise SubmissionError(f"{name}: demasiadas celdas ({len(nb['cells'])})",
                              f"{name}: too many cells ({len(nb['cells'])})")
    out: list[str] = []
    dropped: list[int] = []
    skipped: list[int] = []
    future: list[tuple[int, str]] = []  # (cell k, statement)
    kept: list[int] = []
    k = 0
    for cell in nb["cells"]:
        if not isinstance(cell, dict):
            raise bad
        if cell.get("cell_type") != "code":
            continue
        src = cell.get("source", "")
        if isinstance(src, list):
            if not all(isinstance(s, str) for s in src):
                raise bad
            src = "".join(src)
        if not isinstance(src, str):
            raise bad
        if "\x00" in src:
            raise SubmissionError(f"{name}: una celda contiene bytes nulos",
                                  f"{name}: a cell contains NUL bytes")
        k += 1
        if _role(cell) in SKIPPED_ROLES:
            skipped.append(k)
            continue
        lines = src.replace("\r\n", "\n").split("\n")
        base = len(out) + 2  # line number (1-based) of this cell's first line once joined
        if lines and lines[0].lstrip().startswith("%%"):
            # a cell magic (%%time, %%writefile, %%bash...) makes the whole cell non-Python
            dropped.extend(range(base, base + len(lines)))
            lines = ["pass  # celda mágica omitida / cell magic dropped"]
        else:
            for i, line in enumerate(lines):
                if _is_magic(line):
                    dropped.append(base + i)
                    indent = line[: len(line) - len(line.lstrip())]
                    lines[i] = f"{indent}pass  # omitido / dropped: {line.strip()[:60]}"
            future += [(k, f) for f in _hoist_future(lines)]
        kept.append(k)
        out.append(f"# In[{k}]")
        out.extend(lines)
        out.append("")
    notes: list[str] = []
    later: list[int] = []
    if future:
        # line 1 is the first cell's marker comment: the statements take its place
        out[0] = "; ".join(f for _, f in future) + "  " + out[0]
        later = sorted({c for c, _ in future if c != kept[0]})  # the first cell's: no news
    if later:
        cells = ", ".join(f"In[{c}]" for c in later)
        notes.append(
            f"Las importaciones `from __future__` de las celdas {cells} se movieron a la línea 1 "
            f"del código unido (Python las exige al principio del archivo) / The `from "
            f"__future__` imports of cells {cells} were moved to line 1 of the joined code "
            f"(Python requires them at the top of the file)")
    if dropped:
        shown = ", ".join(str(n) for n in dropped[:20]) + (" ..." if len(dropped) > 20 else "")
        notes.append(
            f"Se omitieron {len(dropped)} líneas de comandos mágicos de IPython o de shell "
            f"(líneas {shown} del código unido) / Dropped {len(dropped)} IPython magic or "
            f"shell lines (lines {shown} of the joined code)")
    if skipped:
        cells = ", ".join(f"In[{c}]" for c in skipped[:20]) + (" ..." if len(skipped) > 20 else "")
        notes.append(
            f"No se evaluaron {len(skipped)} celdas del cuaderno ({cells}): la de comprobaciones "
            f"públicas y las de demostraciones/gráficas llaman a tus funciones al ejecutarse y no "
            f"forman parte del módulo que se califica / {len(skipped)} notebook cells were not "
            f"graded ({cells}): the public-checks cell and the demo/plot cells call your "
            f"functions when run and are not part of the graded module")
    return "\n".join(out), notes


def load_submission(path: Path | str, *, root: Path | str | None = None) -> Submission:
    """Read a `.py` or `.ipynb` submission without running any of it.

    `root`: the folder the submission must stay inside (no symlinked folder on the way);
    default: the file's grandparent (`<student>/<assignment>/<file>` in nbgrader's layout).
    Raises `SubmissionError` with a bilingual message.
    """
    path = Path(path)
    name = path.name
    suffix = path.suffix.lower()
    rootp = Path(root) if root is not None else None
    if suffix == ".py":
        text = _decode_text(_read_regular(path, MAX_PY_BYTES, rootp), name)
        return Submission(source=text, origin=path, kind="py")
    if suffix == ".ipynb":
        data = _read_regular(path, MAX_NOTEBOOK_BYTES, rootp)
        try:
            nb = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise SubmissionError(
                f"{name}: el cuaderno está dañado (no es JSON válido); vuelve a guardarlo "
                f"desde Jupyter",
                f"{name}: the notebook is corrupted (not valid JSON); save it again from "
                f"Jupyter") from None
        source, notes = notebook_source(nb, name)
        if len(source.encode("utf-8")) > MAX_PY_BYTES:
            raise SubmissionError(f"{name}: el código del cuaderno es demasiado grande",
                                  f"{name}: the notebook's code is too large")
        return Submission(source=source, origin=path, kind="ipynb", notes=notes)
    raise SubmissionError(
        f"{name}: tipo de archivo no admitido (se espera .py o .ipynb)",
        f"{name}: unsupported file type (expected .py or .ipynb)")
