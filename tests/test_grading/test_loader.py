"""Loading a submission file: what is accepted, what is refused and why (never executed)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from grader.grading.loader import (
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
    assert word in e.value.message.en and word in e.value.message.es
    assert "perceptron.py" in e.value.message.en
    assert e.value.message.es != e.value.message.en


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
    note = sub.notes[0].render("both")
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
    assert e.value.message.es and e.value.message.en


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


# --- notebooks made by grader.authoring.notebooks: only the module's cells are graded ----------------------
def test_generated_notebook_leaves_out_public_checks_and_demo_cells(tmp_path: Path):
    import nbformat

    from grader.authoring.notebooks import make_notebook
    from grader.authoring.release import statement_of
    from grader.course import Course

    info = Course.default().info("03_activations")
    made = make_notebook(info, statement_of(info), solution=True)
    roles = [c.metadata["dlgrade"]["role"] for c in made.cells if c.cell_type == "code"]
    n_skipped = sum(r in ("check", "extra") for r in roles)
    assert n_skipped >= 2  # the public checks and at least one plot cell
    # a cell the student added (no dlgrade metadata) is graded
    made.cells.append(nbformat.v4.new_code_cell("def my_helper():\n    return 42"))
    p = tmp_path / "activations.ipynb"
    nbformat.write(made, p)
    sub = load_submission(p)
    compile(sub.source, "activations.py", "exec")
    assert "_public_checks" not in sub.source and "plt." not in sub.source
    assert "def my_helper():" in sub.source and "def softmax(" in sub.source
    note = next(n.render("both") for n in sub.notes if "not graded" in n.en)
    assert f"{n_skipped} notebook cells were not graded" in note
    assert f"No se evaluaron {n_skipped} celdas" in note
    # each skipped cell is named by its position among the code cells, as the markers are
    skipped = [i + 1 for i, r in enumerate(roles) if r in ("check", "extra")]
    assert all(f"In[{k}]" in note for k in skipped)
    assert f"# In[{len(roles) + 1}]" in sub.source  # the student's own cell keeps its number


def test_cells_without_our_metadata_are_all_kept(tmp_path: Path):
    cells = json.loads(nb([("code", "a = 1"), ("code", "b = 2"), ("code", "c = 3")]))
    cells["cells"][1]["metadata"] = {"dlgrade": {"role": "check"}}
    cells["cells"][2]["metadata"] = {"dlgrade": "not a dict", "tags": ["extra"]}
    p = tmp_path / "m.ipynb"
    p.write_text(json.dumps(cells))
    sub = load_submission(p)
    assert "a = 1" in sub.source and "b = 2" not in sub.source and "c = 3" in sub.source
    assert len(sub.notes) == 1 and "1 notebook cells were not graded (In[2])" in sub.notes[0].en


def test_future_imports_of_later_cells_move_to_line_1(tmp_path: Path):
    p = tmp_path / "m.ipynb"
    p.write_text(nb([
        ("code", "import math"),
        ("code", "from __future__ import annotations\ndef f(x: Undefined) -> int:\n    return 1"),
        ("code", "%matplotlib inline\nfrom __future__ import (division,\n    generator_stop)\n"
                 "def g():\n    raise ValueError('line of g')"),
    ]))
    sub = load_submission(p)
    lines = sub.source.split("\n")
    # Jupyter compiles cells one by one; joined as they are, the file would not compile
    with pytest.raises(SyntaxError):
        compile("import math\nfrom __future__ import annotations\n", "m.py", "exec")
    code = compile(sub.source, "m.py", "exec")  # the test's own data, not a submission
    ns: dict = {}
    exec(code, ns)
    assert ns["f"].__annotations__ == {"x": "Undefined", "return": "int"}  # future in effect
    # every other line kept its number: the markers are on the lines the cells give them
    # (cell 1: line 1; cell 2: 1 + 1 line + blank + 1 = line 4; cell 3: 4 + 3 + 1 + 1 = 9)
    assert lines[0].startswith("from __future__ import annotations; ") and "# In[1]" in lines[0]
    assert lines[3] == "# In[2]" and lines[8] == "# In[3]"
    assert lines[9].startswith("pass  # omitido / dropped: %matplotlib")
    assert lines[10].startswith("#") and lines[11].startswith("#")
    try:
        ns["g"]()
    except ValueError as e:
        assert e.__traceback__.tb_next.tb_frame.f_lineno == lines.index(
            "    raise ValueError('line of g')") + 1
    notes = " ".join(n.render("both") for n in sub.notes)
    assert "In[2], In[3]" in notes and "line 1" in notes and "línea 1" in notes
    assert "Dropped 1 " in notes


def test_future_import_at_the_top_of_the_first_cell_needs_no_note(tmp_path: Path):
    p = tmp_path / "m.ipynb"
    p.write_text(nb([("code", "from __future__ import annotations\nx = 1")]))
    sub = load_submission(p)
    compile(sub.source, "m.py", "exec")
    assert sub.notes == []
