"""The notebooks: structure, nbgrader validity (nbgrader's own code), execution with nbclient."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from grader.authoring.notebooks import (
    make_notebook,
    notebook_text,
    split_module,
    split_percent,
    split_statement,
)
from grader.authoring.release import statement_of, write_solution_notebooks
from grader.authoring.stubs import make_stub
from grader.course import Course
from grader.grading.spec import load_assignment

COURSE = Course.default()
ROOT = COURSE.root
SOLUTIONS = COURSE.solutions
ASSIGNMENT_IDS = COURSE.ids()
MODULE_NAMES = {i.id: i.module for i in COURSE.infos()}


def notebook_of(aid: str, solution: bool = False) -> nbformat.NotebookNode:
    info = COURSE.info(aid)
    return make_notebook(info, statement_of(info), solution=solution)


# --------------------------------------------------------------------------- splitting


def test_split_percent_code_and_markdown_cells():
    text = (
        "# helper cells for the notebook\n\n"
        "# %% [markdown]\n# ## Title\n#\n# Some $x^2$.\n\n"
        "# %%\nimport numpy as np\nx = np.ones(3)\n\n\n"
        "# %% plot\nprint(x)  # comment kept\n"
    )
    assert split_percent(text) == [
        ("markdown", "## Title\n\nSome $x^2$."),
        ("code", "import numpy as np\nx = np.ones(3)"),
        ("code", "print(x)  # comment kept"),
    ]


def test_split_statement_at_headings_not_inside_code():
    readme = "# T\n\n## Español\n\ntexto\n\n```python\n## no\n```\n\n## English\n\ntext\n### sub\n"
    assert split_statement(readme) == [
        "# T",
        "## Español\n\ntexto\n\n```python\n## no\n```",
        "## English\n\ntext\n### sub",
    ]


def test_split_module_cells():
    source = (
        '"""Doc."""\n\nfrom __future__ import annotations\n\nimport numpy as np\n\nK = 2\n\n\n'
        "# helper\ndef f(x):\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION\n\n\n"
        "@staticmethod\ndef g():\n    pass\n\n\n"
        'if __name__ == "__main__":\n    f(1)\n'
    )
    assert split_module(source) == [
        ("", "from __future__ import annotations\n\nimport numpy as np\n\nK = 2"),
        ("f", "# helper\ndef f(x):\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION"),
        ("g", "@staticmethod\ndef g():\n    pass"),
    ]


# --------------------------------------------------------------------------- structure


def _module_code(nb) -> str:
    """The notebook cells that make up the module (setup, given, solution), joined."""
    roles = ("setup", "given", "solution")
    cells = [c.source for c in nb.cells if c.metadata["dlgrade"]["role"] in roles]
    return "\n\n\n".join(cells) + "\n"


def _without_docstring_and_main(source: str) -> str:
    tree = ast.parse(source)
    body = tree.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    body = [n for n in body if not (isinstance(n, ast.If) and "__name__" in ast.unparse(n.test))]
    return ast.dump(ast.Module(body=body, type_ignores=[]))


@pytest.mark.parametrize("aid", ASSIGNMENT_IDS)
def test_notebook_structure_and_nbgrader_metadata(aid):
    from nbgrader.nbgraderformat import MetadataValidator

    folder = SOLUTIONS / aid
    source = (folder / f"{MODULE_NAMES[aid]}.py").read_text(encoding="utf-8")
    solution = notebook_of(aid, solution=True)
    student = notebook_of(aid, solution=False)
    for nb in (solution, student):
        nbformat.validate(nb)
        MetadataValidator().validate_nb(nb)  # nbgrader's schema and rules
        roles = [c.metadata["dlgrade"]["role"] for c in nb.cells]
        text = "".join(roles).replace("statement", "S").replace("setup", "M")
        text = text.replace("solution", "M").replace("given", "M")
        text = text.replace("check", "C").replace("extra", "E")
        assert re.fullmatch(r"S+M+CE*", text), roles
        statement = "\n".join(
            c.source for c in nb.cells if c.metadata["dlgrade"]["role"] == "statement"
        )
        assert "## Español" in statement and "## English" in statement
        assert statement.index("## Español") < statement.index("## English")
        for cell in nb.cells:
            assert cell.get("outputs", []) == [] and cell.get("execution_count") is None
    # One code cell per top-level function/class, named by it; the module's code is all there.
    tree = ast.parse(source)
    defs = [n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef)]
    named = [c.id for c in solution.cells if c.metadata["dlgrade"]["role"] in ("solution",)]
    named += [c.id.removeprefix("given-") for c in solution.cells if c.id.startswith("given-")]
    assert sorted(named) == sorted(defs)
    assert _without_docstring_and_main(_module_code(solution)) == _without_docstring_and_main(
        source
    )
    assert _without_docstring_and_main(_module_code(student)) == _without_docstring_and_main(
        make_stub(source)
    )
    solution_cells = [c for c in solution.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert solution_cells and all("### BEGIN SOLUTION" in c.source for c in solution_cells)
    assert "BEGIN SOLUTION" not in notebook_text(student)


def test_notebook_text_is_stable():
    first = notebook_text(notebook_of("06_conv2d"))
    assert first == notebook_text(notebook_of("06_conv2d"))
    data = json.loads(first)
    assert [c["id"] for c in data["cells"]][:1] == ["statement-0"]
    assert data["metadata"]["kernelspec"]["name"] == "python3"


# --------------------------------------------------------------------------- execution


@pytest.fixture(scope="module")
def solution_notebooks(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("solution-notebooks")
    return {p.parent.name: p for p in write_solution_notebooks(out, COURSE)}


PROBE = "import matplotlib.pyplot as plt\nprint('figures:', len(plt.get_fignums()))"


@pytest.mark.slow
def test_nbgrader_validate_fails_a_failing_notebook_and_passes_a_solved_one(tmp_path, monkeypatch):
    """The check cell raises when a public check fails: nbgrader's Validate button (which only
    looks at graded cells, hence a 0-point tests cell) then says so instead of "Success!"."""
    monkeypatch.setenv("MPLBACKEND", "Agg")
    aid = "01_perceptron"
    student = tmp_path / "student"
    shutil.copytree(COURSE.released / aid, student)
    solved = tmp_path / "solved"
    write_solution_notebooks(solved, COURSE)
    for folder, verdict in ((student, "VALIDATION FAILED"),
                            (solved / aid, "Success! Your notebook passes all the tests.")):
        notebook = next(folder.glob("*.ipynb"))
        done = subprocess.run([sys.executable, "-m", "nbgrader", "validate", notebook.name],
                              cwd=folder, capture_output=True, text=True, timeout=600)
        assert verdict in done.stdout + done.stderr, done.stdout[-2000:] + done.stderr[-2000:]


@pytest.mark.parametrize("aid", ASSIGNMENT_IDS)
def test_solution_notebook_executes_top_to_bottom(aid, solution_notebooks, monkeypatch):
    from nbclient import NotebookClient

    monkeypatch.setenv("MPLBACKEND", "Agg")  # the kernel inherits it
    path = solution_notebooks[aid]
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()  # raises CellExecutionError on the first failing cell

    def stdout(cell) -> str:
        return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")

    check = next(c for c in nb.cells if c.metadata.get("dlgrade", {}).get("role") == "check")
    printed = stdout(check)
    passed = re.search(r"Superadas / Passed: (\d+)/(\d+)", printed)
    assert passed and passed.group(1) == passed.group(2) and int(passed.group(2)) >= 3, printed
    assert "[XX]" not in printed and "[--]" not in printed
    extra = (SOLUTIONS / aid / "notebook.py").read_text(encoding="utf-8")
    if "matplotlib" in extra:  # the assignment's plot was drawn
        figures = int(stdout(nb.cells[-1]).split("figures:")[1])
        assert figures >= 1


# --------------------------------------------------------------------------- nbgrader

NBGRADER_SCRIPT = """
import json, sys
from traitlets.config import Config
from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory

root, ids = sys.argv[1], sys.argv[2:]
config = Config()
config.CourseDirectory.root = root
config.ClearSolutions.code_stub = {"python": "raise NotImplementedError(STUB)"}
api = NbGraderAPI(CourseDirectory(config=config), config=config)
print(json.dumps({aid: api.generate_assignment(aid) for aid in ids}))
"""


def test_nbgrader_generate_assignment_accepts_the_solution_notebooks(tmp_path: Path):
    """nbgrader's own generate_assignment (validation, ClearSolutions, LockCells, database)."""
    write_solution_notebooks(tmp_path / "source", COURSE)
    env = dict(os.environ)
    # nbgrader runs `alembic` from PATH to create its database
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    done = subprocess.run(
        [sys.executable, "-c", NBGRADER_SCRIPT, str(tmp_path), *ASSIGNMENT_IDS],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(done.stdout.strip().splitlines()[-1])
    for aid in ASSIGNMENT_IDS:
        assert results[aid]["success"], results[aid].get("log", "")[-3000:]
        module = MODULE_NAMES[aid]
        released = nbformat.read(tmp_path / "release" / aid / f"{module}.ipynb", as_version=4)
        ours = notebook_of(aid, solution=False)
        # nbgrader's student version is ours, up to the text of the stub line, plus one graded
        # cell per graded function (nbgrader keeps our metadata: the joiner leaves them out).
        normal = re.compile(r'NotImplementedError\("Completa esta función / Complete this '
                            r'function: [\w.]+"\)')  # fmt: skip
        graded = [c for c in released.cells if c.metadata["dlgrade"]["role"] == "graded"]
        assert [(c.cell_type, c.source) for c in released.cells if c not in graded] == [
            (c.cell_type, normal.sub("NotImplementedError(STUB)", c.source)) for c in ours.cells
        ]
        assert "BEGIN SOLUTION" not in nbformat.writes(released)
        points = load_assignment(COURSE.info(aid)).points_by_function()
        assert {c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"]["points"]
                for c in graded} == {f"dlgrade_{f}": p for f, p in points.items()}
        assert all(c.metadata["nbgrader"]["grade"] and c.metadata["nbgrader"]["locked"]
                   and not c.metadata["nbgrader"]["solution"] for c in graded)
        # each graded cell follows the cell that defines its function
        ids = [c.id for c in released.cells]
        assert all(ids[ids.index(c.id) - 1] == c.id.removeprefix("dlgrade_") for c in graded)
    # nbgrader's gradebook: each assignment worth what its statement says
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{tmp_path / 'gradebook.db'}") as gb:
        for aid in ASSIGNMENT_IDS:
            statement = (COURSE.released / aid / "README.md").read_text(encoding="utf-8")
            total = re.search(r"### What is graded \(([\d.]+) points\)", statement).group(1)
            assert gb.find_assignment(aid).max_score == float(total)
