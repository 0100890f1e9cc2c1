"""A notebook's code cells joined into one module: the one joiner of dlgrade.

Used by the grader's loader (what gets graded) and by the student's `check.py` (what the public
tests import), so both see the same module: a notebook that imports under one imports under the
other. Shipped in the student release beside check.py; standard library only, and language-free
(the callers phrase what it reports).

Rules, in order, per code cell:
- cells of our generated notebooks that are not part of the module are left out: the public
  checks, the demos/plots and nbgrader's graded cells (`metadata.dlgrade.role` "check",
  "extra" or "graded", or a cell that calls `_public_checks(`); run at import time they would
  call unfinished functions;
- a cell magic (`%%time`, `%%bash`...) makes the whole cell non-Python: it becomes `pass`;
- a line magic or shell line (`%matplotlib`, `!pip install`) becomes `pass` at its indentation,
  so a block whose only line it was stays valid Python;
- `from __future__ import ...` may start any cell in Jupyter; joined, it must be first: each
  such statement moves to line 1 and its own lines become comments (no other line moves).
Each kept cell is preceded by a `# In[k]` comment (k: its position among the code cells), so a
traceback's line number can be matched to a cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SKIPPED_ROLES = ("check", "extra", "graded")
CHECK_CALL = "_public_checks("
MAX_CELLS = 2000
_FUTURE = re.compile(r"from\s+__future__\s+import\b")


class NotebookError(ValueError):
    """Not a notebook we can join. kind: "format" (not nbformat-4 JSON cells), "nul" (a cell
    holds NUL bytes) or "cells" (more than MAX_CELLS cells)."""

    def __init__(self, kind: str, detail: str = ""):
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind
        self.detail = detail


@dataclass
class Joined:
    source: str
    dropped_lines: list[int] = field(default_factory=list)  # magic/shell lines now `pass`
    skipped_cells: list[int] = field(default_factory=list)  # check/demo cells left out
    moved_future: list[int] = field(default_factory=list)  # cells (not the first) whose
    # `from __future__` imports moved to line 1


def _role(cell: dict) -> str | None:
    meta = cell.get("metadata")
    dl = meta.get("dlgrade") if isinstance(meta, dict) else None
    role = dl.get("role") if isinstance(dl, dict) else None
    return role if isinstance(role, str) else None


def _is_magic(line: str) -> bool:
    return line.lstrip().startswith(("%", "!"))


def hoist_future(lines: list[str]) -> list[str]:
    """Take the top-level `from __future__ import ...` statements out of a cell's lines.

    Each statement (parenthesised or continued with `\\` over several lines too) is returned as
    one line; in `lines` its lines become comments, so every other line keeps its number.
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


def _cell_source(cell: dict) -> str:
    src = cell.get("source", "")
    if isinstance(src, list):
        if not all(isinstance(s, str) for s in src):
            raise NotebookError("format", "a cell's source is not text")
        src = "".join(src)
    if not isinstance(src, str):
        raise NotebookError("format", "a cell's source is not text")
    if "\x00" in src:
        raise NotebookError("nul")
    return src


def join_notebook(nb: object) -> Joined:
    """The code cells of a parsed nbformat-4 notebook as one module (see the module's rules)."""
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise NotebookError("format", "no list of cells")
    if len(nb["cells"]) > MAX_CELLS:
        raise NotebookError("cells", str(len(nb["cells"])))
    out: list[str] = []
    joined = Joined("")
    future: list[tuple[int, str]] = []  # (cell k, statement)
    kept: list[int] = []
    k = 0
    for cell in nb["cells"]:
        if not isinstance(cell, dict):
            raise NotebookError("format", "a cell is not an object")
        if cell.get("cell_type") != "code":
            continue
        src = _cell_source(cell)
        k += 1
        if _role(cell) in SKIPPED_ROLES or CHECK_CALL in src:
            joined.skipped_cells.append(k)
            continue
        lines = src.replace("\r\n", "\n").split("\n")
        base = len(out) + 2  # line number (1-based) of this cell's first line once joined
        if lines and lines[0].lstrip().startswith("%%"):
            joined.dropped_lines.extend(range(base, base + len(lines)))
            lines = ["pass  # celda mágica omitida / cell magic dropped"]
        else:
            for i, line in enumerate(lines):
                if _is_magic(line):
                    joined.dropped_lines.append(base + i)
                    indent = line[: len(line) - len(line.lstrip())]
                    lines[i] = f"{indent}pass  # omitido / dropped: {line.strip()[:60]}"
            future += [(k, f) for f in hoist_future(lines)]
        kept.append(k)
        out.append(f"# In[{k}]")
        out.extend(lines)
        out.append("")
    if future:
        # line 1 is the first cell's marker comment: the statements take its place
        out[0] = "; ".join(f for _, f in future) + "  " + out[0]
        joined.moved_future = sorted({c for c, _ in future if c != kept[0]})
    joined.source = "\n".join(out)
    return joined
