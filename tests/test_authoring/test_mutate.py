"""`dlgrade mutate`: single-site mutants of a model answer, graded like students' files.

The mutants themselves on a small source (what changes, where, with stable ids); a whole run on a
one-function course; and a small sample of a real assignment, as CI's check that its hidden tests
kill what they should (the full runs are in the issue notes: `dlgrade mutate NN_name`).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from grader.authoring.mutate import mutants, sample
from grader.course import COURSE_ENV

SOURCE = textwrap.dedent('''\
    import numpy as np


    def given(x):
        return x + 1  # outside any solution block: never mutated


    def f(x, lr=0.5, axis=-1):
        """doc"""
        ### BEGIN SOLUTION
        y = np.sum(x * 2, axis=0) - lr
        if y.max() < 3:
            return y.T.copy()
        return -y
        ### END SOLUTION
    ''')


def test_mutants_change_one_site_inside_solution_blocks_and_defaults():
    found = mutants(SOURCE)
    ids = [m.id for m in found]
    assert len(ids) == len(set(ids))
    assert all(m.function == "f" for m in found)  # `given` has no solution block
    kinds = {m.id.split(":", 1)[1].rsplit("#", 1)[0] for m in found}
    assert {"BinOp:Mult->Div", "BinOp:Sub->Add", "Call:np.sum->np.mean", "Axis:0->1",
            "Compare:Lt->LtE", "Transpose:dropped", "Copy:dropped", "UnaryOp:USub->UAdd",
            "Constant:0.5->1.0", "Constant:2->3", "Constant:3->4"} <= kinds
    for m in found:
        compile(m.source, "m.py", "exec")
        assert m.source != SOURCE and "return x + 1" in m.source
    transposed = next(m for m in found if "Transpose" in m.id)
    assert "return y.copy()" in transposed.source and transposed.line == 13


def test_ids_survive_an_edit_elsewhere_and_sampling_is_deterministic():
    edited = SOURCE.replace("def given(x):\n", "def given(x):\n    x = x\n")
    assert [m.id for m in mutants(edited)] == [m.id for m in mutants(SOURCE)]
    found = mutants(SOURCE)
    assert sample(found, 3) == sample(found, 3) and len(sample(found, 3)) == 3
    assert sample(found, 1000) == found


def _dlgrade(*args: str, env: dict) -> subprocess.CompletedProcess:
    e = {k: v for k, v in os.environ.items() if k != COURSE_ENV} | env
    return subprocess.run([sys.executable, "-m", "grader", *args], capture_output=True, text=True,
                          timeout=600, env=e)


@pytest.mark.slow
def test_a_run_on_a_small_course_kills_or_records_every_mutant(tmp_path: Path):
    folder = tmp_path / "solutions" / "01_square"
    folder.mkdir(parents=True)
    files = {
        "assignment.toml": 'module = "sq"\ntitle = { es = "C", en = "S" }\nlibraries = ["numpy"]\n'
                           'oracle = "reference.py"\n',
        "sq.py": "import numpy as np\n\n\ndef square(x, k=2):\n    ### BEGIN SOLUTION\n"
                 "    return np.asarray(x, dtype=float) ** k\n    ### END SOLUTION\n",
        "reference.py": "import numpy as np\n\n\ndef square(x, k=2):\n"
                        "    return np.asarray(x, dtype=float) ** k\n",
        "hidden.py": textwrap.dedent('''\
            import numpy as np
            from grader.grading.checks import HiddenTest, Text, value_case

            def values(ctx):
                value_case(ctx, "square", (np.array([1.0, -2.0, 3.0]),))
                value_case(ctx, "square", (np.array([2.0]),), {"k": 3})

            TESTS = [HiddenTest("square.values", "square", 1.0, Text("v", "v"), values,
                                graded=frozenset({"values"}))]
            '''),
        "README.md": "# S\n\n<!-- dlgrade:graded es -->\n\n<!-- dlgrade:graded en -->\n",
        "test_public.py": "from sq import square\n\n\ndef test_square_of_three():\n"
                          "    assert square(3.0) == 9.0\n",
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    env = {COURSE_ENV: str(tmp_path)}
    listed = _dlgrade("mutate", "01_square", "--list", env=env)
    assert listed.returncode == 0, listed.stderr
    assert len(listed.stdout.splitlines()) == 2  # ** -> *, the default 2 -> 3, nothing else
    run = _dlgrade("mutate", "01_square", "-j", "1", env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 mutants: killed 2 / recorded equivalent 0 / survivors 0" in run.stdout

    # a mutant recorded as equivalent that the tests kill is an error: a correct variant would
    # lose points, or the record is stale
    (folder / "mutants.toml").write_text('[equivalent]\n"square:Constant:2->3#0" = "no"\n')
    run = _dlgrade("mutate", "01_square", "--match", "Constant", "-j", "1", env=env)
    assert run.returncode == 1 and "KILLED-BUT-RECORDED-EQUIVALENT" in run.stdout


@pytest.mark.slow
def test_a_sample_of_each_real_assignment_is_killed_or_recorded():
    from grader.course import Course

    for aid in Course.default().ids():
        run = _dlgrade("mutate", aid, "--sample", "3", "-j", "2", env={})
        assert run.returncode == 0, run.stdout + run.stderr
