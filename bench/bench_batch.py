"""Time the README's main job: `dlgrade batch examples/class --assignment all --out <tmp>`.

Prints the wall time of the whole batch and, per assignment, the seconds spent grading each
submission (read back from the per-student results: `duration_s` of the runner, so workers
running side by side do not inflate it). Missing submissions (instant zeros) are left out.

    python bench/bench_batch.py [-j N] [--class DIR] [--keep OUTDIR]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--class", dest="klass", default=str(ROOT / "examples" / "class"))
    ap.add_argument("--keep", metavar="OUTDIR", help="write the outputs here (default: a temp dir)")
    args = ap.parse_args()

    from grader.batch import load_results
    from grader.course import Course

    ASSIGNMENT_IDS = Course.default().ids()

    out = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="dlgrade-bench-"))
    cmd = [
        sys.executable,
        "-m",
        "grader",
        "batch",
        args.klass,
        "--assignment",
        "all",
        "--out",
        str(out),
        "-j",
        str(args.jobs),
        "--force",
    ]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        return proc.returncode

    results = [r for r in load_results(out, ASSIGNMENT_IDS) if r.submission]  # graded files only
    print(
        f"machine: {platform.machine()} {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    print(
        f"command: dlgrade batch {args.klass} --assignment all --out {out} -j {args.jobs} --force"
    )
    print(
        f"wall time: {wall:.1f} s for {len(results)} submissions "
        f"({len(load_results(out, ASSIGNMENT_IDS))} gradebook rows)"
    )
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
