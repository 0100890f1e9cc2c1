"""`dlgrade gradescope`: Gradescope's autograder zip for ONE assignment.

Gradescope unpacks the zip into /autograder/source, runs `setup.sh` once (as root) when it
builds the image, then `run_autograder` per submission (gradescope-autograders.readthedocs.io,
"Autograder Specifications"). The zip holds:

    setup.sh                     apt: bubblewrap, python3-venv; a venv in /opt/dlgrade-venv with
                                 torch (CPU wheel) when the grader imports it, requirements.txt,
                                 and dlgrade from dist/ without its dependencies
    run_autograder               python -m grader.gradescope.run (see run.py); honours
                                 $AUTOGRADER_ROOT and $DLGRADE_PYTHON
    requirements.txt             the engine's dependencies (its wheel's Requires-Dist) but torch
    dist/dlgrade-*.whl           the engine, built from this checkout (or --engine-dist)
    course/solutions/NN_name/    the assignment's folder: model answer, hidden tests, data
    course/<package>/            the course's Python packages its grading imports (the oracle
                                 package, e.g. reference/), found by importing them

and nothing of the course's other assignments: no other solutions/ folder is ever read.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from email.parser import Parser
from pathlib import Path

from packaging.requirements import Requirement  # matplotlib's dependency, so here

import grader
from grader.course import ENGINE_CHECKOUT, AssignmentInfo, Course
from grader.report.gradescope import (
    DEFAULT_HIDDEN_VISIBILITY,
    VISIBILITIES,
    Visibility,
    grader_failure_results,
)

VENV = "/opt/dlgrade-venv"  # not under /root (0700): the fallback sandbox must reach it
TORCH_CPU_INDEX = "https://download.pytorch.org/whl/cpu"
COURSE_DIR = "course"  # under /autograder/source
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")


class GradescopeError(Exception):
    """The autograder zip cannot be built (the instructor's to fix)."""


# ---------------------------------------------------------------- what the zip holds


_TRACE = r"""
import json, sys
from pathlib import Path
from grader.course import Course
from grader.grading.spec import load_assignment
course = Course.at(sys.argv[1])
a = load_assignment(course.info(sys.argv[2]))
a.oracle
try:
    a.torch_counterparts
except ImportError:
    pass  # no torch here: the package holding them is shipped all the same
print(json.dumps(sorted({m.__file__ for m in list(sys.modules.values())
                         if isinstance(getattr(m, "__file__", None), str)})))
"""


def course_packages(course: Course, info: AssignmentInfo) -> list[Path]:
    """The course's own top-level packages and modules that grading `info` imports (its
    oracle package, the torch counterparts, what hidden.py imports), found by importing them in
    a fresh interpreter: a whole package, so what a check imports later comes along too."""
    engine = Path(grader.__file__).resolve().parent
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(course.root), *(p for p in sys.path if p)]))
    proc = subprocess.run([sys.executable, "-c", _TRACE, str(course.root), info.id],
                          capture_output=True, text=True, env=env, timeout=300)
    if proc.returncode != 0:
        raise GradescopeError(f"loading {info.id}'s hidden tests and oracles failed:\n"
                              f"{proc.stderr.strip()}")
    tops: set[Path] = set()
    # installed packages are the environment's, not the course's, even when the virtual
    # environment lives inside the course's checkout (CI keeps .venv there)
    installed = {Path(p).resolve() for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
    for f in json.loads(proc.stdout):
        if not Path(f).is_absolute():  # torch's _classes/_ops report a bare file name
            continue
        p = Path(f).resolve()
        if course.root not in p.parents or p.is_relative_to(engine):
            continue
        if any(p.is_relative_to(env) for env in installed) or {
                "site-packages", "dist-packages"} & set(p.parts):
            continue
        top = course.root / p.relative_to(course.root).parts[0]
        if top != course.solutions:
            tops.add(top)
    return sorted(tops)


def needs_torch(info: AssignmentInfo) -> bool:
    """torch where the grader runs: the statement allows it (students' `import torch`), or the
    assignment names torch counterparts, which the grader imports to record the torch oracles
    (without torch, each such test is a grader failure)."""
    return info.torch is not None or any(lib.split(".")[0] == "torch" for lib in info.libraries)


def build_engine_wheel(dest: Path) -> Path:
    """dlgrade's wheel, built by pip from this checkout's grader/ alone (no course content:
    setuptools finds only the packages copied next to pyproject.toml)."""
    if not (ENGINE_CHECKOUT / "pyproject.toml").is_file():
        raise GradescopeError(f"no pyproject.toml in {ENGINE_CHECKOUT}: dlgrade is not a source "
                              "checkout here; pass --engine-dist with a dlgrade wheel or sdist")
    with tempfile.TemporaryDirectory() as tmp:
        stage = Path(tmp) / "dlgrade"
        shutil.copytree(Path(grader.__file__).resolve().parent, stage / "grader", ignore=SKIP)
        for name in ("pyproject.toml", "README.md"):
            if (ENGINE_CHECKOUT / name).is_file():
                shutil.copy2(ENGINE_CHECKOUT / name, stage / name)
        proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                               "--no-build-isolation", "--wheel-dir", str(dest), str(stage)],
                              capture_output=True, text=True, timeout=300)
        if proc.returncode != 0:
            raise GradescopeError(f"building dlgrade's wheel failed:\n{proc.stderr.strip()}")
    wheels = sorted(dest.glob("dlgrade-*.whl"))
    if not wheels:
        raise GradescopeError(f"pip wrote no dlgrade wheel in {dest}")
    return wheels[-1]


def requirements(dist: Path) -> list[str]:
    """The engine's dependencies (Requires-Dist of its wheel or sdist), torch excepted: setup.sh
    installs torch's CPU wheel itself, only when the assignment needs it."""
    if dist.suffix == ".whl":
        with zipfile.ZipFile(dist) as z:
            name = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
            meta = z.read(name).decode("utf-8")
    else:
        with tarfile.open(dist) as t:
            member = next(m for m in t.getmembers() if m.name.count("/") == 1
                          and m.name.endswith("/PKG-INFO"))
            meta = t.extractfile(member).read().decode("utf-8")  # type: ignore[union-attr]
    kept = []
    for line in Parser().parsestr(meta).get_all("Requires-Dist") or []:
        req = Requirement(line)
        if req.name.lower() != "torch" and not (req.marker and "extra" in str(req.marker)):
            kept.append(str(req))
    return kept


# ---------------------------------------------------------------- the two scripts


PLAN_CACHE = "/opt/dlgrade-cache"  # setup.sh builds the case plan there (grading/plan.py)


def setup_sh(info: AssignmentInfo, dist_name: str) -> str:
    torch = (f'"$VENV/bin/python" -m pip install --index-url {TORCH_CPU_INDEX} torch\n'
             if needs_torch(info) else
             f"# no torch: {info.id} neither allows it nor names torch counterparts\n")
    return f"""#!/usr/bin/env bash
# dlgrade's Gradescope setup for {info.id} (written by `dlgrade gradescope`). Gradescope runs it
# once, as root, when it builds the autograder image; the zip is in /autograder/source.
set -euo pipefail
cd "$(dirname "$0")"

# bubblewrap is dlgrade's sandbox. Gradescope's containers usually cannot create namespaces, so
# bwrap will not start there: `--sandbox auto` (the default) then falls back to dlgrade's
# fallback sandbox, logs why, and records it in every result (extra_data.dlgrade.result.sandbox).
apt-get update
apt-get install -y --no-install-recommends bubblewrap python3-venv python3-pip

# a virtual environment outside /root (a 0700 folder the fallback sandbox cannot reach)
VENV={VENV}
python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --upgrade pip
# torch's CPU wheel (Gradescope has no GPU; the default wheel carries CUDA's libraries)
{torch}"$VENV/bin/python" -m pip install -r requirements.txt
"$VENV/bin/python" -m pip install --no-deps "dist/{dist_name}"
"$VENV/bin/python" -m grader --course "$(pwd)/{COURSE_DIR}" doctor || true  # for the build log
# the case plan (hypothesis examples, oracle values), built once here by grading the model
# answer, so that each submission's run starts warm; run_autograder reads the same folder
# (owner only: it holds expected values)
export DLGRADE_CACHE={PLAN_CACHE}
PYTHONPATH="$(pwd)/{COURSE_DIR}" "$VENV/bin/python" -m grader --course "$(pwd)/{COURSE_DIR}" -q \\
    grade "{COURSE_DIR}/solutions/{info.id}/{info.module}.py" --assignment '{info.id}' \\
    > /dev/null || true
"""


def run_autograder_sh(info: AssignmentInfo, hidden_visibility: Visibility) -> str:
    failed = json.dumps(grader_failure_results(
        "run_autograder: the grader did not start (see the autograder's output)"),
        indent=1, ensure_ascii=False)
    return f"""#!/usr/bin/env bash
# dlgrade's Gradescope autograder for {info.id} (written by `dlgrade gradescope`): grades the
# student's file in $AUTOGRADER_ROOT/submission (default /autograder) into
# results/results.json. $DLGRADE_PYTHON: the interpreter (default: setup.sh's venv).
set -u
ROOT="${{AUTOGRADER_ROOT:-/autograder}}"
PYTHON="${{DLGRADE_PYTHON:-{VENV}/bin/python}}"
export DLGRADE_COURSE="$ROOT/source/{COURSE_DIR}"
export DLGRADE_CACHE="${{DLGRADE_CACHE:-{PLAN_CACHE}}}"  # setup.sh's case plan
export PYTHONPATH="$DLGRADE_COURSE${{PYTHONPATH:+:$PYTHONPATH}}"  # the course's oracle packages
mkdir -p "$ROOT/results"
rm -f "$ROOT/results/results.json"
cd "$ROOT"
"$PYTHON" -m grader.gradescope.run --root "$ROOT" --assignment '{info.id}' \\
    --hidden-visibility '{hidden_visibility}'
status=$?
if [ "$status" -ne 0 ] && [ ! -s "$ROOT/results/results.json" ]; then
  # the grader could not even say that it failed (no interpreter, a broken install): say it
  # here, so that the student never reads a bare 0 as their grade
  cat > "$ROOT/results/results.json" <<'DLGRADE_RESULTS'
{failed}
DLGRADE_RESULTS
fi
exit "$status"
"""


# ---------------------------------------------------------------- the zip


def _add(z: zipfile.ZipFile, name: str, data: bytes, executable: bool = False) -> None:
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))  # same input, same zip
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = (0o100755 if executable else 0o100644) << 16
    z.writestr(info, data)


def _tree(top: Path) -> list[Path]:
    if top.is_file():
        return [top]
    return sorted(p for p in top.rglob("*") if p.is_file() and not p.is_symlink()
                  and not any(part == "__pycache__" or part.startswith(".")
                              for part in p.relative_to(top).parts)
                  and p.suffix != ".pyc")


def build_autograder_zip(course: Course, assignment_id: str, out: Path, *,
                         hidden_visibility: Visibility = DEFAULT_HIDDEN_VISIBILITY,
                         engine_dist: Path | None = None) -> list[str]:
    """Write Gradescope's autograder zip for `assignment_id` to `out`; the names it holds.

    engine_dist: a dlgrade wheel or sdist to bundle (default: one built from this checkout)."""
    if hidden_visibility not in VISIBILITIES:
        raise GradescopeError(f"visibility must be one of {VISIBILITIES}")
    try:
        info = course.info(assignment_id)
    except KeyError as e:
        raise GradescopeError(str(e.args[0])) from None
    files: dict[str, bytes] = {}
    for p in _tree(info.folder):
        files[f"{COURSE_DIR}/solutions/{info.id}/{p.relative_to(info.folder).as_posix()}"] = \
            p.read_bytes()
    for top in course_packages(course, info):
        for p in _tree(top):
            files[f"{COURSE_DIR}/{p.relative_to(course.root).as_posix()}"] = p.read_bytes()
    with tempfile.TemporaryDirectory() as tmp:
        dist = engine_dist or build_engine_wheel(Path(tmp))
        if not dist.is_file():
            raise GradescopeError(f"no such file: {dist}")
        files[f"dist/{dist.name}"] = dist.read_bytes()
        files["requirements.txt"] = ("\n".join(requirements(dist)) + "\n").encode()
    scripts = {"setup.sh": setup_sh(info, dist.name),
               "run_autograder": run_autograder_sh(info, hidden_visibility)}
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp_out = out.with_name(f".{out.name}.tmp")
    with zipfile.ZipFile(tmp_out, "w") as z:
        for name, text in scripts.items():  # at the root of the archive, as Gradescope requires
            _add(z, name, text.encode("utf-8"), executable=True)
        for name in sorted(files):
            _add(z, name, files[name])
    os.replace(tmp_out, out)
    return [*scripts, *sorted(files)]


__all__ = ["GradescopeError", "build_autograder_zip", "course_packages",
           "needs_torch", "requirements"]
