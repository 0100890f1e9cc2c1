"""`dlgrade new NN_name --module NAME`: a new assignment folder with every file in place.

The scaffold is a complete, working assignment about one example function, `double(x) = 2x`:
it releases, grades and verifies as it is, so an instructor replaces it piece by piece and can
run `dlgrade check`/`grade` at every step. Each file holds the mark TODO(dlgrade) where the
instructor's content goes; `dlgrade verify` reports the assignment as incomplete until none is
left.
"""

from __future__ import annotations

import keyword
from pathlib import Path

from grader.course import ID_PATTERN, TODO_MARK, Course, CourseError

TEMPLATES: dict[str, str] = {
    "assignment.toml": '''\
# The assignment's metadata; its id is this folder's name. Schema: grader/course.py (META_SCHEMA).
# {todo}: a title, and the libraries the statement allows; then delete this line.
module = "{module}"  # the student's file: {module}.py or {module}.ipynb
title = {{ es = "{id}", en = "{id}" }}
libraries = ["numpy", "math"]  # add "torch" to allow PyTorch
oracle = "reference.py"  # expected values: a .py file of this folder, or a module such as "reference.conv"
# torch = "torch_oracle.py"  # optional: COUNTERPARTS = {{"double": f(args, kwargs, device)}}
''',
    "{module}.py": '''\
"""{id}: {todo} what this module is about.

The model answer: what lies between the solution markers is replaced by
`raise NotImplementedError(...)` in the students' stub and notebook.
"""

import numpy as np


def double(x):
    """{todo} replace this example with the assignment's functions.

    double(x) = 2·x, elementwise; `x` is not modified.
    """
    ### BEGIN SOLUTION
    return 2 * np.asarray(x, dtype=float)
    ### END SOLUTION
''',
    "reference.py": '''\
"""{id}'s oracle: the same functions as {module}.py, vectorized, trusted.

{todo} replace the example; or name a module of reference/ in assignment.toml and delete this
file.
"""

import numpy as np


def double(x):
    """2·x, elementwise."""
    return 2 * np.asarray(x, dtype=float)
''',
    "hidden.py": '''\
"""Hidden tests of {id} (never released): `TESTS`, one HiddenTest per graded property.

{todo} replace the example. The API: grader/grading/checks.py.
"""

import numpy as np

from grader.grading.checks import Ctx, HiddenTest, Text, arrays, expect_unchanged, value_case


def double_values(ctx: Ctx) -> None:
    value_case(ctx, "double", (np.array([1.0, -2.0, 0.0]),))
    ctx.forall(arrays((3,)), lambda x: value_case(ctx, "double", (x,)), max_examples=10)


def double_no_mutation(ctx: Ctx) -> None:
    expect_unchanged(ctx, "double", (np.array([1.0, 2.0]),), names=("x",))


TESTS = [
    HiddenTest("double.values", "double", 8.0,
               Text("valores de double en entradas aleatorias", "double's values on random inputs"),
               double_values, graded=frozenset({{"values"}})),
    HiddenTest("double.no_mutation", "double", 2.0,
               Text("no modifica su entrada", "does not modify its input"), double_no_mutation,
               graded=frozenset({{"no_mutation"}})),
]
''',
    "README.md": '''\
# {id}

## Español

### Enunciado
{todo} el enunciado, con las fórmulas de las diapositivas.

Implementa, en `{module}.py` o en el cuaderno `{module}.ipynb`:

1. `double(x)`: $2x$, elemento a elemento, sin modificar `x`.

<!-- dlgrade:graded es -->

### Cómo comprobar
Desde la carpeta de la tarea: `pytest test_public.py`, o `python check.py {id}`.

## English

### Statement
{todo} the statement, with the slides' formulas.

Implement, in `{module}.py` or in the notebook `{module}.ipynb`:

1. `double(x)`: $2x$, elementwise, without modifying `x`.

<!-- dlgrade:graded en -->

### How to check
From the assignment folder: `pytest test_public.py`, or `python check.py {id}`.
''',
    "test_public.py": '''\
"""Public tests of {id}: fixed inputs, fixed expected values. {todo} replace the example."""

import numpy as np

from {module} import double


def test_double_fixed_values():
    assert np.allclose(double(np.array([1.0, -2.0, 0.5])), [2.0, -4.0, 1.0])
''',
    "notebook.py": '''\
# %% [markdown]
# {todo} extra notebook cells (plots, demos) in "percent" format; delete this file if none.

# %%
import numpy as np

print(double(np.arange(3.0)))
''',
}


def new_assignment(course: Course, assignment_id: str, module: str) -> list[Path]:
    """Write solutions/<assignment_id>/ from the templates; the files written.

    CourseError for a malformed id or module name, or a folder that exists already."""
    if not ID_PATTERN.fullmatch(assignment_id):
        raise CourseError(f"{assignment_id!r} is not an assignment id: two digits, '_', a name "
                          "(e.g. 14_recurrent)")
    if not module.isidentifier() or keyword.iskeyword(module):
        raise CourseError(f"{module!r} is not a Python module name")
    folder = course.solutions / assignment_id
    if folder.exists():
        raise CourseError(f"{folder} exists already")
    folder.mkdir(parents=True)
    written = []
    for name, text in TEMPLATES.items():
        path = folder / name.format(module=module)
        path.write_text(text.format(id=assignment_id, module=module, todo=TODO_MARK),
                        encoding="utf-8")
        written.append(path)
    return written
