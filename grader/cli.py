"""`dlgrade` (and `python -m grader`): a thin argparse layer over the library.

Domain errors (a missing file or directory, an unknown assignment) are one line on stderr and
exit code 2, like argparse's own usage errors. Heavy modules are imported inside each command,
so `dlgrade --help` works even where torch is slow to import.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from grader.paths import ASSIGNMENT_IDS


class UsageError(Exception):
    """Bad input from the person at the keyboard: one line, exit 2."""


def _assignment(value: str | None, *, allow_all: bool = False) -> str | None:
    if value is None:
        return None
    if allow_all and value == "all":
        return value
    if value not in ASSIGNMENT_IDS:
        known = ", ".join(ASSIGNMENT_IDS) + (", all" if allow_all else "")
        raise UsageError(f"unknown assignment {value!r} (known: {known})")
    return value


def _existing_file(value: str) -> Path:
    p = Path(value)
    if not p.exists():
        raise UsageError(f"no such file: {value}")
    if not p.is_file():
        raise UsageError(f"not a file: {value}")
    return p


# ---------------------------------------------------------------- commands


def cmd_check(args: argparse.Namespace) -> int:
    assignment = _assignment(args.assignment)
    path = _existing_file(args.path) if args.path else None
    from grader.check import run_check

    return int(run_check(assignment, path=path, lang=args.lang))


def cmd_grade(args: argparse.Namespace) -> int:
    path = _existing_file(args.file)
    assignment = _assignment(args.assignment)
    if args.json and not Path(args.json).resolve().parent.is_dir():
        raise UsageError(f"no such directory for --json: {Path(args.json).parent}")
    from grader import report
    from grader.runner import grade

    result = grade(path, assignment, student=args.student)
    sys.stdout.write(report.terminal_table(result, lang=args.lang))
    if args.json:
        Path(args.json).write_text(
            json.dumps(report.gradescope_results(result), indent=1, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    root = Path(args.dir)
    if not root.is_dir():
        raise UsageError(f"no such directory: {args.dir}")
    _assignment(args.assignment, allow_all=True)
    if args.jobs < 1:
        raise UsageError(f"-j must be at least 1, got {args.jobs}")
    from grader.batch import BatchError, grade_batch

    try:
        summary = grade_batch(
            root, args.assignment, Path(args.out), jobs=args.jobs, force=args.force
        )
    except BatchError as e:
        raise UsageError(str(e)) from e
    for a, s in summary.per_assignment.items():
        print(f"{a}: n={s['n']} mean={s['mean']:.2f} median={s['median']:g} / {s['max_score']:g}")
    print(f"gradebook: {Path(args.out) / 'gradebook.csv'}")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from grader.verify import verify

    ok, lines = verify()
    for line in lines:
        print(line)
    print("verify: OK" if ok else "verify: FAILED", file=sys.stderr)
    return 0 if ok else 1


def cmd_release(args: argparse.Namespace) -> int:
    from grader import release

    try:
        written = release.release_assignments()
        print("assignments/ regenerated from solutions/")
        if args.out:
            written = release.write_student_release(Path(args.out))
            print(f"student release written to {args.out}")
    except (RuntimeError, FileExistsError, FileNotFoundError, ValueError) as exc:
        raise UsageError(str(exc)) from None
    if isinstance(written, (list, tuple)):
        for p in written:
            print(f"  {p}")
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from grader.doctor import doctor_report

    rows = doctor_report()
    width = max((len(str(name)) for name, *_ in rows), default=0)
    for name, active, detail in rows:
        mark = "yes" if active else "NO "
        print(f"{str(name):<{width}}  {mark}  {detail}")
    return 0


# ---------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="dlgrade",
        description="Auto-graded deep-learning assignments: check, grade, batch, verify, release, doctor.",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    ids = ", ".join(ASSIGNMENT_IDS)

    c = sub.add_parser("check", help="run an assignment's public tests (students)")
    c.add_argument("assignment", nargs="?", metavar="NN_name", help=f"one of: {ids}")
    c.add_argument(
        "--path", metavar="FILE", help="your file (default: found in the assignment folder)"
    )
    c.add_argument("--lang", choices=["es", "en", "both"], default="both")
    c.set_defaults(func=cmd_check)

    g = sub.add_parser("grade", help="hidden tests on one submission; prints a table")
    g.add_argument("file", metavar="FILE", help="the submission (.py or .ipynb)")
    g.add_argument("--assignment", "-a", required=True, metavar="NN_name", help=f"one of: {ids}")
    g.add_argument("--lang", choices=["es", "en", "both"], default="both")
    g.add_argument("--json", metavar="OUT", help="also write Gradescope's results.json here")
    g.add_argument("--student", default=None, help="name shown in the report")
    g.set_defaults(func=cmd_grade)

    b = sub.add_parser(
        "batch", help="grade a class in nbgrader layout (submitted/<student>/<NN_name>/)"
    )
    b.add_argument(
        "dir", metavar="DIR", help="the course folder holding submitted/ (or submitted/ itself)"
    )
    b.add_argument("--assignment", "-a", required=True, metavar="NN_name|all")
    b.add_argument("--out", "-o", required=True, metavar="OUTDIR")
    b.add_argument(
        "-j", "--jobs", type=int, default=1, metavar="N", help="parallel workers (default 1)"
    )
    b.add_argument("--force", action="store_true", help="regrade submissions already graded")
    b.set_defaults(func=cmd_batch)

    v = sub.add_parser(
        "verify", help="CI self-check: solutions full marks, stubs zero, reference == torch"
    )
    v.set_defaults(func=cmd_verify)

    r = sub.add_parser(
        "release", help="regenerate assignments/ (or, with --out, the student release)"
    )
    r.add_argument("--out", metavar="DIR", help="write the student release here instead")
    r.set_defaults(func=cmd_release)

    d = sub.add_parser("doctor", help="which sandbox protections are active here")
    d.set_defaults(func=cmd_doctor)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UsageError as e:
        print(f"dlgrade: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("dlgrade: interrupted", file=sys.stderr)
        return 130
