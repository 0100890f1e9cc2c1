"""Time the README's main job: `dlgrade batch examples/class --assignment all --out <tmp>`.

Prints the wall time of the whole batch and, per assignment, the seconds spent grading each
submission (read back from the per-student results: `duration_s` of the runner, so workers
running side by side do not inflate it). Missing submissions (instant zeros) are left out.

    python bench/bench_batch.py [-j N] [--class DIR] [--keep OUTDIR] [--repeat N]

--repeat N grades the class's submissions N times over (students renamed), e.g. --repeat 31 for
about 10,000 submission-assignments, and extrapolates to 300 students × 13 assignments. Peak
memory: the largest process and the whole process tree.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import run_measured  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--class", dest="klass", default=str(ROOT / "examples" / "class"))
    ap.add_argument("--keep", metavar="OUTDIR", help="write the outputs here (default: a temp dir)")
    ap.add_argument("--repeat", type=int, default=1, help="the class this many times over")
    args = ap.parse_args()

    from grader.batch import load_results
    from grader.course import Course

    ASSIGNMENT_IDS = Course.default().ids()

    out = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="dlgrade-bench-"))
    klass = Path(args.klass)
    if args.repeat > 1:  # the class N times over, in a temp folder (copies, students renamed)
        klass = Path(tempfile.mkdtemp(prefix="dlgrade-class-"))
        for k in range(args.repeat):
            for student in sorted((Path(args.klass) / "submitted").iterdir()):
                shutil.copytree(student, klass / "submitted" / f"{student.name}_{k:03d}")
    cmd = [sys.executable, "-m", "grader", "-q", "batch", str(klass), "--assignment", "all",
           "--out", str(out), "-j", str(args.jobs), "--force"]
    wall, peak_one, peak_all, tail = run_measured(cmd, dict(os.environ), ROOT)
    results = [r for r in load_results(out, ASSIGNMENT_IDS) if r.submission]  # graded files only
    print(
        f"machine: {platform.machine()} {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    rows = len(load_results(out, ASSIGNMENT_IDS))
    print(f"command: dlgrade batch {klass} --assignment all --out {out} -j {args.jobs} --force"
          + (f"  (the example class × {args.repeat})" if args.repeat > 1 else ""))
    print(f"wall time: {wall:.1f} s for {len(results)} submissions ({rows} gradebook rows, "
          f"{wall / rows:.3f} s per submission-assignment)")
    print(f"peak memory: {peak_one / 1024:.0f} MB in the largest process, "
          f"{peak_all / 1024:.0f} MB for the whole batch")
    print(f"extrapolated to 300 students × 13 assignments (3,900 rows) at this machine's rate: "
          f"{wall / rows * 3900 / 60:.1f} min")
    print()
    print(f"{'assignment':<16}{'n':>4}{'mean s/sub':>12}{'median':>9}{'max':>8}")
    for a in ASSIGNMENT_IDS:
        secs = [r.duration_s for r in results if r.assignment == a]
        if secs:
            print(
                f"{a:<16}{len(secs):>4}{statistics.fmean(secs):>12.2f}"
                f"{statistics.median(secs):>9.2f}{max(secs):>8.2f}"
            )
    allsecs = [r.duration_s for r in results]
    if allsecs:
        print(
            f"{'all':<16}{len(allsecs):>4}{statistics.fmean(allsecs):>12.2f}"
            f"{statistics.median(allsecs):>9.2f}{max(allsecs):>8.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
