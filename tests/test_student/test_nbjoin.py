"""One notebook joiner: the student's check.py and the grader's loader read a notebook the same
way, so a notebook that imports for one imports for the other (and fails for both otherwise)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from grader.course import Course
from grader.grading.loader import load_submission
from grader.grading.runner import grade
from grader.student import check
from grader.student.nbjoin import NotebookError, join_notebook

COURSE = Course.default()
SOLUTION = (COURSE.solutions / "01_perceptron" / "perceptron.py").read_text(encoding="utf-8")


def notebook(tmp_path: Path, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    path = tmp_path / "perceptron.ipynb"
    nbformat.write(nb, path)
    return path


CASES = {
    # Jupyter runs each cell alone: a `from __future__` cell below another cell is fine there
    "future_below_a_cell": ("import numpy as np", "from __future__ import annotations\n" + SOLUTION),
    # a shell line that is the only line of a block: dropping it would leave an empty block
    "shell_line_alone_in_a_block": (SOLUTION, "if False:\n    !pip install numpy\n"),
    "cell_magic_and_line_magic": ("%%time\nx = 1", "%matplotlib inline\n" + SOLUTION),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CASES))
def test_check_py_and_the_grader_agree_on_a_correct_notebook(name, tmp_path: Path, capsys):
    path = notebook(tmp_path, *CASES[name])
    assert check.run_check("01_perceptron", path=path, base=COURSE.released) == 0, (
        capsys.readouterr().out)
    r = grade(path, "01_perceptron", course=COURSE)
    assert r.score == r.max_score == 10.0, [(t.test_id, t.message.en) for t in r.tests]


@pytest.mark.slow
def test_check_py_and_the_grader_agree_on_a_broken_notebook(tmp_path: Path, capsys):
    path = notebook(tmp_path, SOLUTION, "def oops(:\n    pass\n")
    assert check.run_check("01_perceptron", path=path, base=COURSE.released) == 1
    assert "SyntaxError" in capsys.readouterr().out
    r = grade(path, "01_perceptron", course=COURSE)
    assert r.score == 0 and "syntax" in r.load_error.en


def test_both_sides_use_the_same_joined_source(tmp_path: Path):
    path = notebook(tmp_path, *CASES["shell_line_alone_in_a_block"])
    assert check.notebook_source(path) == load_submission(path).source + "\n"


def test_joiner_rules():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# title"),
                nbformat.v4.new_code_cell("import math"),
                nbformat.v4.new_code_cell("_public_checks('m')"),
                nbformat.v4.new_code_cell("from __future__ import annotations\nx: Undefined = 1"),
                nbformat.v4.new_code_cell("%%bash\nls")]
    j = join_notebook(nb)
    lines = j.source.split("\n")
    assert lines[0] == "from __future__ import annotations  # In[1]"
    assert j.skipped_cells == [2] and j.moved_future == [3]
    assert j.dropped_lines == [lines.index("# In[4]") + 2, lines.index("# In[4]") + 3]
    compile(j.source, "m.py", "exec")
    for bad, kind in (({"cells": "x"}, "format"), ({"cells": [1]}, "format"),
                      ({"cells": [{"cell_type": "code", "source": "\x00"}]}, "nul")):
        with pytest.raises(NotebookError) as e:
            join_notebook(bad)
        assert e.value.kind == kind
