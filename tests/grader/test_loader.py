"""Loading a submission file: what is accepted, what is refused and why (never executed)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from grader.loader import (
    MAX_NOTEBOOK_BYTES,
    MAX_PY_BYTES,
    SubmissionError,
    load_submission,
)


def nb(cells: list[tuple[str, str]]) -> str:
    return json.dumps({
        "nbformat": 4, "nbformat_minor": 5, "metadata": {},
        "cells": [{"cell_type": t, "metadata": {}, "source": s,
                   **({"outputs": [], "execution_count": None} if t == "code" else {})}
                  for t, s in cells],
    })


def test_py_file_is_read_as_text_without_running_it(tmp_path: Path):
    marker = tmp_path / "ran"
    src = f"open({str(marker)!r}, 'w').write('x')\ndef f(x):\n    return x\n"
    p = tmp_path / "activations.py"
    p.write_text(src, encoding="utf-8")
    sub = load_submission(p)
    assert sub.source == src
    assert sub.kind == "py" and sub.origin == p and sub.notes == []
    assert not marker.exists()


def test_bom_and_windows_newlines_are_normalised(tmp_path: Path):
    p = tmp_path / "m.py"
    p.write_bytes(b"\xef\xbb\xbfx = 1\r\ny = 2\r\n")
    assert load_submission(p).source == "x = 1\ny = 2\n"


@pytest.mark.parametrize("data, word", [
    (b"\x7fELF\x02\x01\x01\x00\x00\x00", "NUL"),
    (b"x = '\xff\xfe caf\xe9'\n", "UTF-8"),
])
def test_binary_junk_named_py_is_refused_with_a_bilingual_message(tmp_path, data, word):
    p = tmp_path / "perceptron.py"
    p.write_bytes(data)
    with pytest.raises(SubmissionError) as e:
        load_submission(p)
    assert word in e.value.message_en and word in e.value.message_es
    assert "perceptron.py" in e.value.message_en
    assert e.value.message_es != e.value.message_en


def test_size_caps(tmp_path: Path):
    p = tmp_path / "big.py"
    p.write_bytes(b"#" * (MAX_PY_BYTES + 1))
    with pytest.raises(SubmissionError, match="too large"):
        load_submission(p)
    q = tmp_path / "big.ipynb"
    with open(q, "wb") as f:
        f.truncate(MAX_NOTEBOOK_BYTES + 1)
    with pytest.raises(SubmissionError, match="too large"):
        load_submission(q)


def test_notebook_code_cells_joined_magics_and_shell_lines_dropped(tmp_path: Path):
    p = tmp_path / "sub.ipynb"
    p.write_text(nb([
        ("markdown", "# Título"),
        ("code", ["%matplotlib inline\n", "import numpy as np\n", "!pip install torch"]),
        ("code", "%%time\nx = 1\ny = 2"),
        ("code", "def f(z):\n    %timeit z\n    return z + 1"),
    ]))
    sub = load_submission(p)
    assert sub.kind == "ipynb"
    lines = sub.source.split("\n")
    # the kept Python is intact and the whole thing still compiles
    compile(sub.source, "sub.py", "exec")
    assert "import numpy as np" in lines
    assert "def f(z):" in lines and "    return z + 1" in lines
    assert not any(line.lstrip().startswith(("%", "!")) for line in lines)
    assert "x = 1" not in lines  # a %%cell magic drops its whole cell
    # the note names the dropped lines by their number in the joined source
    dropped = [i + 1 for i, line in enumerate(lines) if "dropped" in line]
    assert len(sub.notes) == 1
    note = sub.notes[0]
    assert "Dropped 6" in note and "Se omitieron 6" in note
    for n in (dropped[0], dropped[1]):  # the line magic and the shell line of cell 1
        assert str(n) in note
    assert lines[dropped[0] - 1].startswith("pass")
    assert lines[dropped[-1] - 1] == "    pass  # omitido / dropped: %timeit z"


def test_notebook_without_magics_has_no_note(tmp_path: Path):
    p = tmp_path / "ok.ipynb"
    p.write_text(nb([("code", "a = 1"), ("raw", "%not code"), ("code", "b = a + 1")]))
    sub = load_submission(p)
    assert sub.notes == []
    ns: dict = {}
    exec(compile(sub.source, "ok.py", "exec"), ns)  # the test's own data, not a submission
    assert ns["b"] == 2


@pytest.mark.parametrize("content", [
    b"{not json",
    b"\xff\xfe\x00garbage",
    b"[1, 2, 3]",
    json.dumps({"cells": "nope"}).encode(),
    json.dumps({"cells": [{"cell_type": "code", "source": [1, 2]}]}).encode(),
    json.dumps({"cells": [{"cell_type": "code", "source": "a\x00b"}]}).encode(),
    json.dumps({"cells": [7]}).encode(),
    b"[" * 100000 + b"]" * 100000,
])
def test_malformed_notebooks_are_refused_cleanly(tmp_path: Path, content: bytes):
    p = tmp_path / "bad.ipynb"
    p.write_bytes(content)
    with pytest.raises(SubmissionError) as e:
        load_submission(p)
    assert e.value.message_es and e.value.message_en


def test_symlinked_file_is_refused_even_when_its_target_is_harmless(tmp_path: Path):
    target = tmp_path / "grader_secret.py"
    target.write_text("SECRET = 1\n")
    link = tmp_path / "student" / "conv2d.py"
    link.parent.mkdir()
    link.symlink_to(target)
    with pytest.raises(SubmissionError, match="symbolic link"):
        load_submission(link)


def test_symlinked_folder_inside_the_submissions_root_is_refused(tmp_path: Path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "conv2d.py").write_text("x = 1\n")
    root = tmp_path / "submitted"
    (root / "alice").mkdir(parents=True)
    (root / "alice" / "06_conv2d").symlink_to(outside)
    with pytest.raises(SubmissionError, match="symbolic link"):
        load_submission(root / "alice" / "06_conv2d" / "conv2d.py", root=root)
    with pytest.raises(SubmissionError, match="symbolic link"):  # default root: 2 levels up
        load_submission(root / "alice" / "06_conv2d" / "conv2d.py")
    with pytest.raises(SubmissionError, match="outside"):
        load_submission(outside / "conv2d.py", root=root)
    with pytest.raises(SubmissionError, match="outside"):
        load_submission(root / "alice" / ".." / ".." / "outside" / "conv2d.py", root=root)


def test_odd_file_names_and_kinds(tmp_path: Path):
    weird = tmp_path / "-rf ..;$(echo hi).py"
    weird.write_text("x = 1\n")
    assert load_submission(weird).source == "x = 1\n"
    with pytest.raises(SubmissionError, match="unsupported"):
        load_submission(tmp_path / "notes.txt")
    with pytest.raises(SubmissionError, match="does not exist"):
        load_submission(tmp_path / "missing.py")
    d = tmp_path / "dir.py"
    d.mkdir()
    with pytest.raises(SubmissionError, match="not a regular file"):
        load_submission(d)
    fifo = tmp_path / "pipe.py"
    os.mkfifo(fifo)
    with pytest.raises(SubmissionError, match="not a regular file"):
        load_submission(fifo)  # must not block waiting for a writer
