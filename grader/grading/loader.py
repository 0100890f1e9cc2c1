"""A submission file -> `Submission` (source text, origin, notes).

The grader never imports, executes or parses the student's code in its own process: this
module only reads bytes and checks them (size, encoding, notebook JSON). Parsing happens in
the sandboxed worker.

- `.py`: at most `MAX_PY_BYTES`, UTF-8 (a BOM is tolerated), no NUL bytes.
- `.ipynb`: at most `MAX_NOTEBOOK_BYTES`, nbformat-4 JSON; the code cells are joined by
  `grader.student.nbjoin` (the same joiner as the student's check.py), and what it changed
  (magic and shell lines dropped, check/demo cells left out, `from __future__` moved) becomes
  a note for the student.
- A symlink (the file itself or any folder between `root` and it) is refused, so a submission
  cannot point the grader at its own files.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from grader.student.nbjoin import NotebookError, join_notebook
from grader.text import Text

MAX_PY_BYTES = 1 * 2**20
MAX_NOTEBOOK_BYTES = 20 * 2**20


class SubmissionError(Exception):
    """The file cannot be graded; `message` says why (student-facing)."""

    def __init__(self, es: str, en: str):
        super().__init__(en)
        self.message = Text(es, en)


@dataclass
class Submission:
    source: str
    origin: Path
    kind: Literal["py", "ipynb"]
    notes: list[Text] = field(default_factory=list)


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


def _shown(numbers: list[int], fmt: str = "{}") -> str:
    return ", ".join(fmt.format(n) for n in numbers[:20]) + (" ..." if len(numbers) > 20 else "")


def notebook_source(nb: object, name: str) -> tuple[str, list[Text]]:
    """Join the code cells of a parsed notebook (`grader.student.nbjoin`); (source, notes)."""
    try:
        joined = join_notebook(nb)
    except NotebookError as e:
        if e.kind == "nul":
            raise SubmissionError(f"{name}: una celda contiene bytes nulos",
                                  f"{name}: a cell contains NUL bytes") from None
        if e.kind == "cells":
            raise SubmissionError(f"{name}: demasiadas celdas ({e.detail})",
                                  f"{name}: too many cells ({e.detail})") from None
        raise SubmissionError(f"{name}: el cuaderno no tiene el formato de Jupyter (nbformat 4)",
                              f"{name}: the notebook is not in Jupyter's format (nbformat 4)") from None
    notes: list[Text] = []
    if joined.moved_future:
        cells = _shown(joined.moved_future, "In[{}]")
        notes.append(Text(
            f"Las importaciones `from __future__` de las celdas {cells} se movieron a la línea 1 "
            "del código unido (Python las exige al principio del archivo)",
            f"The `from __future__` imports of cells {cells} were moved to line 1 of the joined "
            "code (Python requires them at the top of the file)"))
    if joined.dropped_lines:
        n, lines = len(joined.dropped_lines), _shown(joined.dropped_lines)
        notes.append(Text(
            f"Se omitieron {n} líneas de comandos mágicos de IPython o de shell (líneas {lines} "
            "del código unido)",
            f"Dropped {n} IPython magic or shell lines (lines {lines} of the joined code)"))
    if joined.skipped_cells:
        n, cells = len(joined.skipped_cells), _shown(joined.skipped_cells, "In[{}]")
        notes.append(Text(
            f"No se evaluaron {n} celdas del cuaderno ({cells}): la de comprobaciones públicas, "
            "las de calificación de nbgrader y las de demostraciones/gráficas usan tus funciones "
            "al ejecutarse y no forman parte del módulo que se califica",
            f"{n} notebook cells were not graded ({cells}): the public-checks cell, nbgrader's "
            "graded cells and the demo/plot cells use your functions when run and are not part "
            "of the graded module"))
    return joined.source, notes


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
