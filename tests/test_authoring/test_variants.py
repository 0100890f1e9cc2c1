"""variants.py: a patch variant is the model answer with only its own definitions swapped in, and
verify's variants check fails on each way a variant can stop proving something."""

from __future__ import annotations

import ast
import shutil
import textwrap
from pathlib import Path

import pytest

from grader.authoring import verify
from grader.authoring.variants import PATCH_MARK, PatchError, apply_patch, variants
from grader.course import Course
from grader.grading.spec import load_assignment

MODEL = textwrap.dedent('''\
    """The model answer."""

    from __future__ import annotations

    import numpy as np

    SCALE = 2.0


    def double(x):
        return SCALE * np.asarray(x)


    def quad(x):
        # a comment the patch keeps
        return double(double(x))
    ''')


def patch(body: str) -> str:
    return PATCH_MARK + "\n" + textwrap.dedent(body)


def defs(source: str) -> dict[str, str]:
    return {s.name: ast.unparse(s) for s in ast.parse(source).body
            if isinstance(s, ast.FunctionDef)}


def test_a_patch_replaces_its_definitions_and_keeps_the_rest():
    out = apply_patch(MODEL, patch('''\
        """WRONG: double adds instead."""

        from __future__ import annotations

        import math

        import numpy as np
        from answer import SCALE


        def double(x):
            return SCALE + np.asarray(x)


        def helper():
            return math.pi
        '''), "answer")
    tree = ast.parse(out)  # a __future__ import repeated after the model's would not parse
    assert ast.get_docstring(tree) == "The model answer."
    assert defs(out)["double"] == "def double(x):\n    return SCALE + np.asarray(x)"
    assert defs(out)["quad"] == defs(MODEL)["quad"]
    assert "# a comment the patch keeps" in out
    assert list(defs(out)) == ["double", "quad", "helper"]  # replaced in place, new ones last
    assert "from answer import" not in out
    assert out.count("import numpy as np") == 1 and "import math" in out
    ns: dict = {}
    exec(compile(out, "answer.py", "exec"), ns)  # noqa: S102 - our own test module
    assert ns["quad"](1.0) == 5.0  # 2 + (2 + 1) with the patched double


def test_a_patch_may_replace_a_constant():
    out = apply_patch(MODEL, patch("SCALE = 3.0\n"), "answer")
    ns: dict = {}
    exec(compile(out, "answer.py", "exec"), ns)  # noqa: S102
    assert ns["quad"](1.0) == 9.0


@pytest.mark.parametrize("body, why", [
    ("from answer import triple\n", "does not define"),
    ("print('side effect')\n", "only imports, defs"),
    ('"""Nothing but a docstring."""\n', "changes nothing"),
    ("from __future__ import division\n\ndef double(x):\n    return x\n", "__future__"),
])
def test_a_patch_that_cannot_be_applied_is_refused(body, why):
    with pytest.raises(PatchError, match=why):
        apply_patch(MODEL, patch(body), "answer")


# --------------------------------------------------------------------------- through verify


@pytest.fixture
def perceptron(tmp_path: Path):
    """A course holding only a copy of 01_perceptron, without its variants."""
    src = Course.default().info("01_perceptron").folder
    folder = tmp_path / "solutions" / src.name
    shutil.copytree(src, folder, ignore=shutil.ignore_patterns("__pycache__", "variants"))
    (folder / "variants").mkdir()
    return Course(tmp_path), folder / "variants"


def check(course: Course) -> tuple[bool, list[str]]:
    return verify.check_variants(load_assignment(course.info("01_perceptron")), course)


STEP_STRICT = '''\
    """WRONG: step(0) = 0."""

    import numpy as np


    def step(z):
        return np.where(np.asarray(z) > 0, 1.0, 0.0)
    '''


@pytest.mark.slow
def test_verify_grades_patched_variants_under_the_module_name(perceptron):
    course, folder = perceptron
    (folder / "wrong_step_strict.py").write_text(patch(STEP_STRICT))
    (folder / "ok_step_where.py").write_text(patch('''\
        import numpy as np


        def step(z):
            return (np.asarray(z) >= 0).astype(float)
        '''))
    [ok_, wrong] = variants(course.info("01_perceptron"))
    assert ok_.correct and not wrong.correct
    assert "np.asarray(z) > 0" in defs(wrong.source)["step"]
    assert "def train(" in wrong.source  # the rest comes from the model answer
    assert check(course) == (True, ["ok   01_perceptron: 2 variants (correct ones full marks, "
                                    "wrong ones not)"])


@pytest.mark.slow
def test_verify_fails_each_variant_that_proves_nothing(perceptron):
    course, folder = perceptron
    # a correct answer that loses points, a "mistake" that gets full marks, one that never loads
    (folder / "ok_but_strict.py").write_text(patch(STEP_STRICT))
    (folder / "wrong_but_right.py").write_text(patch('''\
        import numpy as np


        def step(z):
            return (np.asarray(z) >= 0) * 1.0
        '''))
    (folder / "wrong_does_not_load.py").write_text("import numpy as np\nimport no_such_module\n")
    ok, lines = check(course)
    assert not ok
    assert lines[0] == "FAIL 01_perceptron: variants"
    by_file = {line.split(":")[0].strip(): line for line in lines[1:]}
    assert set(by_file) == {"ok_but_strict.py", "wrong_but_right.py", "wrong_does_not_load.py"}
    assert "step." in by_file["ok_but_strict.py"]  # names the tests it lost
    assert "a wrong answer with full marks" in by_file["wrong_but_right.py"]
    assert "does not load" in by_file["wrong_does_not_load.py"]


def test_a_broken_patch_fails_verify_naming_the_file(perceptron):
    course, folder = perceptron
    (folder / "wrong_typo.py").write_text(patch("from perceptron import stepp\n"))
    ok, lines = check(course)
    assert not ok and "wrong_typo.py" in lines[0] and "stepp" in lines[0]
