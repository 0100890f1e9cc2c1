"""dlgrade vs nbgrader on the same class, same machine, one run.

Builds an nbgrader course equivalent to one of our assignments (default 03_activations): the
model answer as the solution cell, and the assignment's public tests as graded test cells (one
per test function); a class of the example class's submissions of that assignment, repeated
`--copies` times; `nbgrader autograde` grades it, then `dlgrade batch` with -j 1 and -j 2 (every
hidden test kept), with a cold case-plan cache (`~/.cache/dlgrade` replaced by an empty folder)
and then warm. Prints seconds per submission, the ratios, peak memory, and for every assignment
of the course, grading its model answer in one process: the time inside the student's
functions, the grader's overhead and the oracles' time.

    bash bench/vs_nbgrader.sh [--assignment 03_activations] [--copies 12] [--skip-nbgrader]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLASS = ROOT / "examples" / "class" / "submitted"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import run_measured  # noqa: E402


# --------------------------------------------------------------------------- the class
def submissions(assignment: str, module: str) -> list[tuple[str, Path]]:
    """(student, file) of every example student with a .py for `assignment`."""
    return sorted((d.name, d / assignment / f"{module}.py") for d in CLASS.iterdir()
                  if (d / assignment / f"{module}.py").is_file())


def make_dlgrade_class(work: Path, assignment: str, module: str, copies: int) -> list[str]:
    names = []
    for k in range(copies):
        for student, f in submissions(assignment, module):
            name = f"{student}_{k:02d}"
            dest = work / "dl" / "submitted" / name / assignment
            dest.mkdir(parents=True)
            shutil.copy(f, dest / f"{module}.py")
            names.append(name)
    return names


def make_nbgrader_course(work: Path, assignment: str, module: str, copies: int) -> Path:
    import nbformat

    course = work / "nb"
    (course / "source" / "ps").mkdir(parents=True)
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"c.CourseDirectory.root = {str(course)!r}\n"
        "c.CourseDirectory.course_id = 'bench'\n"
        "c.Exchange.root = " + repr(str(work / "exchange")) + "\n", encoding="utf-8")
    solution = (ROOT / "solutions" / assignment / f"{module}.py").read_text(encoding="utf-8")
    public = (ROOT / "solutions" / assignment / "test_public.py").read_text(encoding="utf-8")
    preamble = "\n".join(line for line in public.splitlines()
                         if not line.startswith(("sys.path.insert", f"import {module}")))
    tests = [line[4:].split("(")[0] for line in public.splitlines()
             if line.startswith("def test_")]

    def meta(**kw: object) -> dict:
        return {"nbgrader": {"schema_version": 3, "locked": False, "solution": False,
                             "grade": False, **kw}}

    cells = [nbformat.v4.new_code_cell(solution, metadata=meta(solution=True, grade_id="code")),
             nbformat.v4.new_code_cell(
                 f"import types\n{module} = types.ModuleType({module!r})\n"
                 f"{module}.__dict__.update({{k: v for k, v in globals().items() "
                 f"if not k.startswith('_')}})\n" + preamble,
                 metadata=meta(locked=True, grade_id="public_tests"))]
    for t in tests:
        cells.append(nbformat.v4.new_code_cell(
            f"{t}()", metadata=meta(grade=True, locked=True, points=1, grade_id=t)))
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, course / "source" / "ps" / f"{module}.ipynb")
    nbgrader(course, "generate_assignment", "ps", "--force")
    released = nbformat.read(course / "release" / "ps" / f"{module}.ipynb", as_version=4)
    for k in range(copies):
        for student, f in submissions(assignment, module):
            nb = nbformat.from_dict(json.loads(json.dumps(released)))
            nb.cells[0].source = f.read_text(encoding="utf-8")
            dest = course / "submitted" / f"{student}_{k:02d}" / "ps"
            dest.mkdir(parents=True)
            nbformat.write(nb, dest / f"{module}.ipynb")
    return course


def nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("nbgrader")
    p = subprocess.run([str(exe), *args], cwd=course, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"nbgrader {' '.join(args)} failed:\n{p.stdout[-2000:]}\n{p.stderr[-3000:]}")
    return p


# --------------------------------------------------------------------------- where time goes
def breakdown() -> list[tuple[str, float, float, float, float]]:
    """(assignment, total s, student s, oracle s, overhead s) grading each model answer in this
    process, the case plans warm (a first grade builds them)."""
    from grader.course import Course
    from grader.grading import oracles
    from grader.grading.runner import grade
    from grader.sandbox.client import Sandbox

    course = Course.default()
    acc = {"student": 0.0, "oracle": 0.0}
    call, ref, tv = Sandbox.call, oracles.reference_value, oracles.torch_value

    def timed_call(self, *a, **k):
        out = call(self, *a, **k)
        acc["student"] += out.student_s
        return out

    def timed(f):
        def g(*a, **k):
            t = time.perf_counter()
            try:
                return f(*a, **k)
            finally:
                acc["oracle"] += time.perf_counter() - t
        return g

    Sandbox.call = timed_call
    oracles.reference_value, oracles.torch_value = timed(ref), timed(tv)
    rows = []
    try:
        for info in course.infos():
            path = info.folder / f"{info.module}.py"
            grade(path, info.id, course=course)  # builds (or loads) the plan
            acc.update(student=0.0, oracle=0.0)
            t = time.perf_counter()
            r = grade(path, info.id, course=course)
            total = time.perf_counter() - t
            assert r.score == r.max_score, (info.id, r.score)
            rows.append((info.id, total, acc["student"], acc["oracle"],
                         total - acc["student"] - acc["oracle"]))
    finally:
        Sandbox.call, oracles.reference_value, oracles.torch_value = call, ref, tv
    return rows


# --------------------------------------------------------------------------- main
def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--assignment", default="03_activations")
    ap.add_argument("--copies", type=int, default=12)
    ap.add_argument("--skip-nbgrader", action="store_true")
    ap.add_argument("--skip-breakdown", action="store_true")
    args = ap.parse_args()
    from grader.course import Course

    module = Course.default().info(args.assignment).module
    work = Path(tempfile.mkdtemp(prefix="dlgrade-bench-"))
    cache = work / "cache"
    env = {**os.environ, "DLGRADE_CACHE": str(cache), "PYTHONPATH": str(ROOT)}
    dlgrade = [sys.executable, "-m", "grader", "-q", "batch", str(work / "dl"), "--assignment",
               args.assignment]
    print(f"machine: {platform.node()}, {os.cpu_count()} CPUs, Python "
          f"{platform.python_version()}; work folder {work}")
    names = make_dlgrade_class(work, args.assignment, module, args.copies)
    n = len(names)
    print(f"class: {n} submissions of {args.assignment} ({n // args.copies} example students "
          f"× {args.copies})")
    rows = []
    nb_per = None
    if not args.skip_nbgrader:
        course = make_nbgrader_course(work, args.assignment, module, args.copies)
        wall, one, tree, _ = run_measured(
            [str(Path(sys.executable).with_name("nbgrader")), "autograde", "ps", "--force"],
            env, course)
        graded = len(list((course / "autograded").glob("*/ps")))
        if graded != n:
            raise SystemExit(f"nbgrader autograded {graded} of {n}")
        nb_per = wall / n
        rows.append(("nbgrader autograde (serial)", wall, nb_per, one, tree))
    for label, extra, fresh in [("dlgrade batch -j 1, cold plan cache", ["-j", "1"], True),
                                ("dlgrade batch -j 1, warm", ["-j", "1"], False),
                                ("dlgrade batch -j 2, warm", ["-j", "2"], False)]:
        if fresh:
            shutil.rmtree(cache, ignore_errors=True)
        out = work / f"out{len(rows)}"
        wall, one, tree, _ = run_measured(dlgrade + ["--out", str(out), "--force"] + extra,
                                          env, ROOT)
        rows.append((label, wall, wall / n, one, tree))
    print(f"\n{'run':40s} {'wall s':>8s} {'s/submission':>13s} {'vs nbgrader':>12s} "
          f"{'peak RSS, largest process':>26s} {'peak RSS, all':>14s}")
    for label, wall, per, one, tree in rows:
        ratio = f"{nb_per / per:.1f}×" if nb_per else "-"
        print(f"{label:40s} {wall:8.1f} {per:13.3f} {ratio:>12s} {one / 1024:23.0f} MB "
              f"{tree / 1024:11.0f} MB")
    if not args.skip_breakdown:
        print("\nper assignment, grading the model answer in one process (plans warm):")
        print(f"{'assignment':28s} {'total s':>8s} {'student s':>10s} {'oracles s':>10s} "
              f"{'overhead s':>11s} {'overhead/student':>17s}")
        for a, total, stu, ora, over in breakdown():
            print(f"{a:28s} {total:8.3f} {stu:10.3f} {ora:10.3f} {over:11.3f} "
                  f"{over / stu if stu else float('inf'):16.1f}×")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
