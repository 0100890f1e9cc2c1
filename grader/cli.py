"""`dlgrade` (and `python -m grader`): a thin argparse layer over the library.

Every command works on one course: `--course DIR`, else `$DLGRADE_COURSE`, else this checkout
(grader.course). Domain errors (a missing file or directory, an unknown assignment, a broken
course folder) are one line on stderr and exit code 2, like argparse's own usage errors; a
grader failure (the sandbox, a hidden test, an oracle) is exit code 3 with no grade written. Heavy
modules are imported inside each command, so `dlgrade --help` works even where torch is slow
to import. Diagnostics go through `logging` (-v, -vv, -q; grader.logs); a command's result is
printed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from grader import logs
from grader.course import COURSE_ENV, Course, CourseError
from grader.report.gradescope import DEFAULT_HIDDEN_VISIBILITY, VISIBILITIES
from grader.results import GraderFailure
from grader.sandbox.command import SANDBOX_CHOICES, SANDBOX_ENV


class UsageError(Exception):
    """Bad input from the person at the keyboard: one line, exit 2."""


GRADER_FAILURE = 3  # exit status when the grader itself failed (no grade written)


class _VersionAction(argparse.Action):
    """--version, looked up only when asked for (importlib.metadata costs every command 10 ms)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        print(f"{parser.prog} {version()}")
        parser.exit()


def version() -> str:
    """The installed distribution's version; in a checkout that is not installed, pyproject's."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("dlgrade")
    except PackageNotFoundError:
        pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
        try:
            import tomllib
        except ModuleNotFoundError:  # Python 3.10
            import tomli as tomllib
        try:
            return str(tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"])
        except (OSError, KeyError, ValueError):
            return "unknown"


def _course(args: argparse.Namespace) -> Course:
    try:
        return Course.at(args.course) if args.course else Course.default()
    except CourseError as e:
        raise UsageError(str(e)) from None


def _assignment(course: Course, value: str | None, *, allow_all: bool = False) -> str | None:
    if value is None or (allow_all and value == "all"):
        return value
    known = course.ids()
    if value not in known:
        listed = ", ".join(known) + (", all" if allow_all else "")
        raise UsageError(f"unknown assignment {value!r} (known: {listed or 'none'})")
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
    course = _course(args)
    assignment = _assignment(course, args.assignment)
    path = _existing_file(args.path) if args.path else None
    from grader.student.check import run_check

    return int(run_check(assignment, path=path, lang=args.lang, base=course.released))


def cmd_grade(args: argparse.Namespace) -> int:
    path = _existing_file(args.file)
    course = _course(args)
    assignment = _assignment(course, args.assignment)
    for flag, value in (("--json", args.json), ("--html", args.html)):
        if value and not Path(value).resolve().parent.is_dir():
            raise UsageError(f"no such directory for {flag}: {Path(value).parent}")
    from grader.grading.runner import grade
    from grader.report.feedback import terminal_table
    from grader.report.gradescope import gradescope_results

    result = grade(path, assignment, course=course, student=args.student)  # GraderFailure: 3
    sys.stdout.write(terminal_table(result, lang=args.lang))
    if args.json:
        data = gradescope_results(result, hidden_visibility=args.hidden_visibility)
        Path(args.json).write_text(
            json.dumps(data, indent=1, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
    if args.html:
        from grader.report.html import feedback_html

        Path(args.html).write_text(feedback_html(result, lang=args.lang), encoding="utf-8")
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    root = Path(args.dir)
    if not root.is_dir():
        raise UsageError(f"no such directory: {args.dir}")
    course = _course(args)
    _assignment(course, args.assignment, allow_all=True)
    if args.jobs < 1:
        raise UsageError(f"-j must be at least 1, got {args.jobs}")
    from grader.batch import BatchError, grade_batch

    try:
        summary = grade_batch(root, args.assignment, Path(args.out), jobs=args.jobs,
                              force=args.force, course=course, lang=args.lang,
                              progress=not args.quiet, scheduler=args.scheduler)
    except BatchError as e:
        raise UsageError(str(e)) from e
    for a, s in summary.per_assignment.items():
        print(f"{a}: n={s['n']} mean={s['mean']:.2f} median={s['median']:g} / {s['max_score']:g}")
    print(f"gradebook: {Path(args.out) / 'gradebook.csv'}")
    return GRADER_FAILURE if summary.failures else 0


def cmd_verify(args: argparse.Namespace) -> int:
    course = _course(args)
    for a in args.assignments:
        _assignment(course, a)
    from grader.authoring.verify import verify

    ok, lines = verify(course, args.assignments or None)
    for line in lines:
        print(line)
    print("verify: OK" if ok else "verify: FAILED", file=sys.stderr)
    return 0 if ok else 1


def cmd_release(args: argparse.Namespace) -> int:
    course = _course(args)
    from grader.authoring import release

    try:
        written = release.release_assignments(course)
        print(f"{course.released} regenerated from {course.solutions}")
        if args.nbgrader_source:
            source = release.write_solution_notebooks(Path(args.nbgrader_source), course)
            print(f"nbgrader source notebooks written to {args.nbgrader_source} "
                  f"({len(source)}; next: nbgrader generate_assignment NAME)")
        if args.out:
            release.write_student_release(Path(args.out), course)
            print(f"student release written to {args.out}")
            return 0
    except (RuntimeError, FileExistsError, FileNotFoundError, ValueError, CourseError) as exc:
        raise UsageError(str(exc)) from None
    for p in written:
        print(f"  {p}")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    course = _course(args)
    from grader.authoring.scaffold import new_assignment

    try:
        written = new_assignment(course, args.id, args.module)
    except CourseError as e:
        raise UsageError(str(e)) from None
    print(f"new assignment {args.id} in {written[0].parent}:")
    for p in written:
        print(f"  {p.name}")
    print("Replace each TODO(dlgrade), then: dlgrade release && dlgrade verify " + args.id)
    return 0


def cmd_mutate(args: argparse.Namespace) -> int:
    course = _course(args)
    _assignment(course, args.assignment)
    if args.jobs < 1:
        raise UsageError(f"-j must be at least 1, got {args.jobs}")
    from grader.authoring import mutate

    info = course.info(args.assignment)
    found = mutate.matching(mutate.mutants((info.folder / f"{info.module}.py").read_text(
        encoding="utf-8")), args.match)
    chosen = mutate.sample(found, args.sample) if args.sample else found
    if args.list:
        for m in chosen:
            print(f"{m.id}  {m.change}")
        return 0
    recorded = mutate.equivalents(info)

    def show(o: mutate.Outcome) -> None:
        if o.killed and o.mutant.id in recorded:
            verdict = "KILLED-BUT-RECORDED-EQUIVALENT"
        elif o.killed:
            verdict = f"killed by {', '.join(o.failing[:3])}"
        elif o.mutant.id in recorded:
            verdict = f"equivalent: {recorded[o.mutant.id]}"
        else:
            verdict = "SURVIVED"
        print(f"{o.mutant.id}  {o.score:g}/{o.max_score:g}  {verdict}  ({o.mutant.change})",
              flush=True)

    outcomes = mutate.run_mutants(course, args.assignment, chosen, jobs=args.jobs, progress=show)
    killed = sum(o.killed and o.mutant.id not in recorded for o in outcomes)
    equivalent = sum(not o.killed and o.mutant.id in recorded for o in outcomes)
    survivors = [o for o in outcomes if not o.killed and o.mutant.id not in recorded]
    stale = [o for o in outcomes if o.killed and o.mutant.id in recorded]
    print(f"{args.assignment}: {len(outcomes)} mutants: killed {killed} / recorded equivalent "
          f"{equivalent} / survivors {len(survivors)}"
          + (f" / recorded equivalent but killed {len(stale)}" if stale else ""))
    return 1 if survivors or stale else 0


def cmd_gradescope(args: argparse.Namespace) -> int:
    course = _course(args)
    assignment = _assignment(course, args.assignment)
    dist = _existing_file(args.engine_dist) if args.engine_dist else None
    from grader.gradescope.generate import GradescopeError, build_autograder_zip

    try:
        names = build_autograder_zip(course, assignment, Path(args.out), engine_dist=dist,
                                     hidden_visibility=args.hidden_visibility)
    except GradescopeError as e:
        raise UsageError(str(e)) from None
    print(f"{args.out}: Gradescope autograder for {assignment} ({len(names)} files)")
    for name in names:
        print(f"  {name}")
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from grader.sandbox.doctor import doctor_report

    rows = doctor_report(course=_course(args).root)
    if args.json:
        print(json.dumps([{"check": name, "ok": active, "detail": detail}
                          for name, active, detail in rows], indent=1, ensure_ascii=False))
    else:
        width = max((len(str(name)) for name, *_ in rows), default=0)
        for name, active, detail in rows:
            mark = "yes" if active else "NO "
            print(f"{str(name):<{width}}  {mark}  {detail}")
    return 0 if all(active for _, active, _ in rows) else 1


def cmd_export(args: argparse.Namespace) -> int:
    grades = Path(args.grades_dir)
    if not grades.is_dir():
        raise UsageError(f"no such directory: {args.grades_dir}")
    if args.format == "nbgrader":
        if not args.db:
            raise UsageError("--format nbgrader needs --db PATH (nbgrader's gradebook.db)")
        course = _course(args)
        try:  # only this format needs nbgrader
            from grader.export.nbgrader import export_nbgrader
        except ImportError as e:
            raise UsageError(f"--format nbgrader is not available here ({e}); it needs "
                             f"nbgrader: pip install 'dlgrade[nbgrader]'") from e

        root = Path(args.nbgrader_root) if args.nbgrader_root else Path(args.db).resolve().parent
        for line in export_nbgrader(Path(args.grades_dir), db=args.db, course=course,
                                    nbgrader_root=root, mapping=None):
            print(line)
        return 0
    if not args.out:
        raise UsageError(f"--format {args.format} needs --out FILE")
    if (args.id_column or args.student_column) and not args.roster:
        raise UsageError("--id-column and --student-column describe a roster: add --roster FILE")
    from grader.export import ExportError, export_lms, read_roster

    try:
        roster = read_roster(_existing_file(args.roster), args.id_column or "email",
                             args.student_column) if args.roster else None
        text, warnings = export_lms(args.format, grades, roster)
    except ExportError as e:
        raise UsageError(str(e)) from e
    for w in warnings:
        print(f"dlgrade: warning: {w}", file=sys.stderr)
    Path(args.out).write_text(text, encoding="utf-8")
    print(f"{args.format}: {args.out}")
    return 0


# ---------------------------------------------------------------- parser

# each command's --help ends with an example
EXAMPLES = {  # the engine names no assignment of the course: 14_recurrent is made up
    "dlgrade": "examples:\n  dlgrade batch examples/class --assignment all --out grades/\n"
               "  dlgrade -q batch examples/class --assignment all --out grades/ --lang es\n"
               "  dlgrade grade rnn.py --assignment 14_recurrent --html feedback.html",
    "check": "example:\n  dlgrade check 14_recurrent --path rnn.py --lang es",
    "grade": "example:\n  dlgrade grade submitted/ana/14_recurrent/rnn.py "
             "--assignment 14_recurrent --json results.json --html feedback.html",
    "batch": "example:\n  dlgrade batch examples/class --assignment all --out grades/ -j 2 "
             "--lang es",
    "verify": "example:\n  dlgrade verify 14_recurrent",
    "release": "example:\n  dlgrade release --out release/",
    "new": "example:\n  dlgrade new 14_recurrent --module rnn",
    "mutate": "example:\n  dlgrade mutate 14_recurrent --sample 20 -j 2",
    "doctor": "example:\n  dlgrade doctor --json",
    "gradescope": "example:\n  dlgrade gradescope --assignment 14_recurrent --out autograder.zip "
                  "--hidden-visibility after_due_date",
}


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="dlgrade",
        description="Auto-graded deep-learning assignments: check, grade, batch, verify, "
                    "release, new, mutate, doctor, gradescope, export.",
        epilog=EXAMPLES["dlgrade"],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action=_VersionAction, nargs=0,
                   help="show the program's version number and exit")
    noise = p.add_mutually_exclusive_group()
    noise.add_argument("-v", "--verbose", action="count", default=0,
                       help="more diagnostics: -v info, -vv debug")
    noise.add_argument("-q", "--quiet", action="count", default=0,
                       help="errors only, and no progress bar")
    p.add_argument("--course", metavar="DIR",
                   help=f"the course folder holding solutions/ (default: ${COURSE_ENV}, else "
                        "this checkout)")
    p.add_argument("--sandbox", choices=SANDBOX_CHOICES, default=None,
                   help=f"auto: bubblewrap when it starts here, else the fallback (the reason "
                        f"goes into each result); bwrap: stop when bubblewrap cannot start; "
                        f"fallback: never bubblewrap (default: ${SANDBOX_ENV}, else auto)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    c = sub.add_parser("check", help="run an assignment's public tests (students)")
    c.add_argument("assignment", nargs="?", metavar="NN_name")
    c.add_argument(
        "--path", metavar="FILE", help="your file (default: found in the assignment folder)"
    )
    c.add_argument("--lang", choices=["es", "en", "both"], default="both")
    c.set_defaults(func=cmd_check)

    g = sub.add_parser("grade", help="hidden tests on one submission; prints a table")
    g.add_argument("file", metavar="FILE", help="the submission (.py or .ipynb)")
    g.add_argument("--assignment", "-a", required=True, metavar="NN_name")
    g.add_argument("--lang", choices=["es", "en", "both"], default="both")
    g.add_argument("--json", metavar="OUT", help="also write Gradescope's results.json here")
    g.add_argument("--html", metavar="OUT",
                   help="also write the feedback page (with figures) here, in --lang")
    g.add_argument("--student", default=None, help="name shown in the report")
    g.add_argument("--hidden-visibility", choices=VISIBILITIES, default=DEFAULT_HIDDEN_VISIBILITY,
                   help="in --json: when Gradescope shows each test (they show the inputs) to "
                        f"the student (default {DEFAULT_HIDDEN_VISIBILITY})")
    g.set_defaults(func=cmd_grade)

    b = sub.add_parser(
        "batch", help="grade a class in nbgrader layout (submitted/<student>/<NN_name>/)"
    )
    b.add_argument(
        "dir", metavar="DIR", help="the class folder holding submitted/ (or submitted/ itself)"
    )
    b.add_argument("--assignment", "-a", required=True, metavar="NN_name|all")
    b.add_argument("--out", "-o", required=True, metavar="OUTDIR")
    b.add_argument(
        "-j", "--jobs", type=int, default=1, metavar="N", help="parallel workers (default 1)"
    )
    b.add_argument("--force", action="store_true", help="regrade submissions already graded")
    b.add_argument("--scheduler", metavar="ADDRESS|local", default=None,
                   help="grade on a Dask cluster: a scheduler's address (tcp://HOST:8786) or "
                        "'local' (a LocalCluster of -j worker processes); needs "
                        "pip install -e \".[distributed]\" (docs/scaling.md)")
    b.add_argument("--lang", choices=["es", "en", "both"], default="both",
                   help="language of the feedback files (default: both, Spanish first)")
    b.set_defaults(func=cmd_batch)

    v = sub.add_parser(
        "verify", help="CI self-check: solutions full marks, stubs zero, reference == torch"
    )
    v.add_argument("assignments", nargs="*", metavar="NN_name", help="default: all")
    v.set_defaults(func=cmd_verify)

    r = sub.add_parser(
        "release", help="regenerate assignments/ (and, with --out, write the student release)"
    )
    r.add_argument("--out", metavar="DIR", help="also write the student release here")
    r.add_argument("--nbgrader-source", metavar="DIR",
                   help="also write nbgrader source notebooks here (DIR/<name>/<module>.ipynb, "
                        "one graded cell per function worth its points), e.g. the nbgrader "
                        "course's source/")
    r.set_defaults(func=cmd_release)

    n = sub.add_parser("new", help="scaffold a new assignment folder in solutions/")
    n.add_argument("id", metavar="NN_name", help="the assignment's id, e.g. 14_recurrent")
    n.add_argument("--module", required=True, metavar="NAME", help="the student's module name")
    n.set_defaults(func=cmd_new)

    m = sub.add_parser("mutate", help="grade single-site mutants of a model answer; list the "
                                      "survivors (how strong the hidden tests are)")
    m.add_argument("assignment", metavar="NN_name")
    m.add_argument("--sample", type=int, metavar="N", help="only N mutants, spread over the file")
    m.add_argument("--match", metavar="REGEX", help="only the mutants whose id matches")
    m.add_argument("--list", action="store_true", help="list the mutants, grade none")
    m.add_argument("-j", "--jobs", type=int, default=2, metavar="N")
    m.set_defaults(func=cmd_mutate)

    gs = sub.add_parser(
        "gradescope", help="Gradescope's autograder zip for one assignment",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Gradescope's autograder zip (setup.sh, run_autograder, the engine, the "
                    "assignment's folder and its oracle packages; no other assignment). Upload "
                    "it in the assignment's Configure Autograder page (Ubuntu base image).")
    gs.add_argument("--assignment", "-a", required=True, metavar="NN_name")
    gs.add_argument("--out", "-o", required=True, metavar="ZIP")
    gs.add_argument("--hidden-visibility", choices=VISIBILITIES,
                    default=DEFAULT_HIDDEN_VISIBILITY,
                    help="when Gradescope shows each test's details (their inputs) to the "
                         f"student; the grade is always shown (default "
                         f"{DEFAULT_HIDDEN_VISIBILITY})")
    gs.add_argument("--engine-dist", metavar="FILE",
                    help="a dlgrade wheel or sdist to bundle (default: built from this "
                         "checkout)")
    gs.set_defaults(func=cmd_gradescope)

    d = sub.add_parser("doctor", help="which sandbox protections are active here (exit 1 when "
                                      "one is not)")
    d.add_argument("--json", action="store_true", help="the checks as JSON")
    d.set_defaults(func=cmd_doctor)

    e = sub.add_parser(
        "export", help="grades of a batch for an LMS (wide, canvas, moodle) or nbgrader",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="example:\n  dlgrade export --format canvas grades/ --roster roster.csv "
               "--id-column email --student-column student --out canvas.csv")
    e.add_argument("grades_dir", metavar="GRADES_DIR", help="the --out folder of dlgrade batch")
    e.add_argument("--format", required=True, choices=["wide", "canvas", "moodle", "nbgrader"])
    e.add_argument("--out", "-o", metavar="FILE", help="the CSV to write (wide, canvas, moodle)")
    e.add_argument("--roster", metavar="CSV", help="the class list: its students without a "
                   "result get 0, graded students not on it are warned about (and left out "
                   "of canvas and moodle)")
    e.add_argument("--id-column", metavar="COL", help="the roster column the LMS matches "
                   "students on (default: email)")
    e.add_argument("--student-column", metavar="COL", help="the roster column holding the "
                   "submission folders' names (default: the id column)")
    e.add_argument("--db", metavar="PATH", help="nbgrader's gradebook.db (--format nbgrader)")
    e.add_argument("--nbgrader-root", metavar="DIR",
                   help="the nbgrader course folder (default: the folder of --db)")
    e.set_defaults(func=cmd_export)

    for name, sp in sub.choices.items():
        sp.formatter_class = argparse.RawDescriptionHelpFormatter
        if sp.epilog is None:  # every command's --help ends with an example
            sp.epilog = EXAMPLES.get(name)
        # -v/-q after the command too (`dlgrade batch ... -q`); SUPPRESS keeps the global value
        # when they are not repeated there
        quiet = sp.add_mutually_exclusive_group()
        quiet.add_argument("-v", "--verbose", action="count", default=argparse.SUPPRESS,
                           help=argparse.SUPPRESS)
        quiet.add_argument("-q", "--quiet", action="count", default=argparse.SUPPRESS,
                           help=argparse.SUPPRESS)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logs.configure(logs.level_for(args.verbose, args.quiet))
    if args.sandbox:  # an environment variable, so that the batch's pool workers inherit it
        os.environ[SANDBOX_ENV] = args.sandbox
    try:
        return args.func(args)
    except (UsageError, CourseError) as e:
        print(f"dlgrade: error: {e}", file=sys.stderr)
        return 2
    except GraderFailure as e:
        print(f"dlgrade: grader failure (not the student's fault), no grade written: {e}",
              file=sys.stderr)
        return GRADER_FAILURE
    except KeyboardInterrupt:
        print("dlgrade: interrupted", file=sys.stderr)
        return 130
