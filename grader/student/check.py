"""Comprueba una tarea con sus pruebas públicas / Check an assignment against its public tests.

    python check.py NN_name                     # checks NN_name/<module>.py
    python check.py NN_name --path mine.py      # checks another file (.py or .ipynb)
    python check.py                             # the assignment of the current folder, or all

The public tests run with pytest in a subprocess, on a temporary copy (the student's file as
<module>.py beside test_public.py), so a crash or an endless loop in a submission cannot take the
checker down. Exit code: 0 when every public test passes, 1 when some do not, 2 on bad arguments.

Standalone on purpose (stdlib only; pytest in the subprocess): `dlgrade release --out` ships this
very file to students as check.py, beside nbjoin.py (the notebook joiner the grader uses too, so
a notebook imports the same way for both), and `dlgrade check` calls `run_check`. The same file is
the pytest plugin that records each test's outcome (the `pytest_*` hooks at the end).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import traceback
from dataclasses import dataclass
from pathlib import Path

try:
    from .nbjoin import join_notebook  # inside the grader package
except ImportError:  # the student release, or the plugin's copy: nbjoin.py lies beside this file
    from nbjoin import join_notebook

PLUGIN = "dlgrade_check_plugin"
COURSE_ENV = "DLGRADE_COURSE"
REPORT_ENV = "DLGRADE_CHECK_REPORT"
DEFAULT_TIMEOUT = 60.0  # seconds per test; a SIGALRM in the subprocess stops an endless loop
TIMEOUT_ENV = "DLGRADE_CHECK_TIMEOUT"
SESSION_SLACK = 120.0  # the whole pytest run may take this much on top of its tests' limits
LANGS = ("es", "en", "both")


@dataclass
class Outcome:
    """One public test and what happened to it."""

    name: str
    status: str  # passed, failed, error, not_implemented, timeout or skipped
    kind: str = ""  # the exception's type name
    message: str = ""
    where: str = ""  # the student's line that raised, when the error comes from their file


def _say(lang: str, es: str, en: str) -> str:
    if lang == "es":
        return es
    if lang == "en":
        return en
    return f"{es} / {en}"


# --------------------------------------------------------------------------- finding things


def _bases(base: Path | None = None) -> list[Path]:
    """Folders that may hold the NN_name assignment folders, most specific first."""
    if base is not None:
        return [Path(base)]
    here = Path(__file__).resolve().parent
    cwd = Path.cwd()
    bases = []
    if os.environ.get(COURSE_ENV):
        bases.append(Path(os.environ[COURSE_ENV]) / "assignments")
    # the release (check.py beside the folders), the repository (grader/student/check.py),
    # the cwd
    bases += [here, here.parent.parent / "assignments", cwd, cwd / "assignments", cwd.parent]
    return bases


def find_assignments(base: Path | None = None) -> dict[str, Path]:
    """name -> folder, from the first base folder that holds any assignment (only `base` when
    given)."""
    for folder in _bases(base):
        if not folder.is_dir():
            continue
        found = {
            p.name: p
            for p in sorted(folder.iterdir())
            if re.fullmatch(r"\d\d_\w+", p.name) and (p / "test_public.py").is_file()
        }
        if found:
            return found
    return {}


def resolve_assignment(name: str, base: Path | None = None) -> Path | None:
    """`NN_name`, `NN`, `name` or a folder path -> the assignment folder (None: unknown)."""
    if (Path(name) / "test_public.py").is_file():
        return Path(name).resolve()
    found = find_assignments(base)
    if name in found:
        return found[name]
    matches = [p for n, p in found.items() if n.split("_", 1)[0] == name or n.endswith("_" + name)]
    return matches[0] if len(matches) == 1 else None


def module_of(folder: Path) -> str:
    """The module the assignment is about: its one .py file that is not a test."""
    names = [p.stem for p in sorted(folder.glob("*.py")) if not p.name.startswith("test_")]
    if len(names) != 1:
        raise ValueError(f"{folder}: expected one module beside test_public.py, found {names}")
    return names[0]


def notebook_source(path: Path) -> str:
    """A notebook's code cells as one module, joined as the grader joins them (nbjoin.py)."""
    return join_notebook(json.loads(path.read_text(encoding="utf-8"))).source + "\n"


# --------------------------------------------------------------------------- running


def _collect_error(text: str, module_file: str, shown: str) -> str:
    """The lines of a pytest collection error that matter to a student."""
    keep = []
    for line in text.splitlines():
        if line.startswith("E "):
            keep.append(line[1:].strip())
        elif re.search(rf"(^|/){re.escape(module_file)}:\d+", line):
            keep.append(re.sub(r"(\S*/)?" + re.escape(module_file), shown, line.strip()))
    keep = [line.replace(f"{PLUGIN}.", "") for line in keep]
    return "\n".join(keep[-12:]) or text.strip()[-2000:]


def run_public_tests(
    folder: Path, student: Path, *, timeout: float = DEFAULT_TIMEOUT
) -> tuple[list[Outcome], str]:
    """Run folder/test_public.py against `student`; returns (outcomes, load error or "")."""
    module = module_of(folder)
    if student.suffix == ".ipynb":
        try:
            source = notebook_source(student)
        except (ValueError, OSError) as error:
            return [], f"{type(error).__name__}: {error}"
    else:
        source = student.read_text(encoding="utf-8", errors="replace")
    try:
        compile(source, student.name, "exec")
    except SyntaxError as error:
        return [], f"SyntaxError: {error.msg} ({student.name}, línea/line {error.lineno})\n" + (
            (error.text or "").rstrip()
        )
    with tempfile.TemporaryDirectory(prefix="dlgrade-check-") as tmp:
        work = Path(tmp)
        (work / f"{module}.py").write_text(source, encoding="utf-8")
        shutil.copyfile(folder / "test_public.py", work / "test_public.py")
        shutil.copyfile(Path(__file__), work / f"{PLUGIN}.py")
        shutil.copyfile(Path(__file__).with_name("nbjoin.py"), work / "nbjoin.py")
        (work / "pytest.ini").write_text("[pytest]\naddopts =\n", encoding="utf-8")
        report = work / "report.json"
        env = dict(os.environ)
        env.update(
            {
                REPORT_ENV: str(report),
                "PYTHONPATH": str(work),
                "PYTHONDONTWRITEBYTECODE": "1",
                "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",  # no third-party plugin surprises
                "MPLBACKEND": "Agg",
            }
        )
        command = [
            sys.executable, "-m", "pytest", "-q", "-p", PLUGIN, "-p", "no:cacheprovider",
            "-c", str(work / "pytest.ini"), "--rootdir", str(work), "test_public.py",
        ]  # fmt: skip
        env[TIMEOUT_ENV] = str(timeout)
        # A test stuck inside C code ignores the alarm; the session as a whole has a limit too.
        limit = 10 * timeout + SESSION_SLACK
        try:
            done = subprocess.run(
                command, cwd=work, env=env, capture_output=True, text=True, timeout=limit
            )
            output = done.stdout + done.stderr
        except subprocess.TimeoutExpired:
            output = f"timeout: > {limit:g} s"
        if not report.is_file():
            return [], output.strip()[-3000:]
        data = json.loads(report.read_text(encoding="utf-8"))
        if data["collect_errors"]:
            return [], _collect_error(data["collect_errors"][0], f"{module}.py", student.name)
        outcomes = [Outcome(**o) for o in data["tests"]]
        if data["running"]:  # the session was killed while this test ran
            outcomes.append(Outcome(data["running"], "timeout", "timeout", f"> {limit:g} s"))
        for o in outcomes:
            o.where = o.where.replace(f"{module}.py", student.name, 1)
        return outcomes, ""


def format_report(
    assignment: str, shown: str, outcomes: list[Outcome], load_error: str, lang: str = "both"
) -> str:
    """The bilingual summary a student reads."""
    out = [f"== {assignment}: {shown} =="]
    if load_error:
        if load_error.startswith("timeout"):  # the session was killed before any report
            out.append(
                "[XX] "
                + _say(
                    lang,
                    "Las pruebas no terminaron a tiempo (¿un bucle infinito?)",
                    "The tests did not finish in time (an endless loop?)",
                )
            )
        else:
            out.append(
                "[XX] " + _say(lang, f"No se pudo cargar {shown}", f"Could not load {shown}")
            )
        out += ["     " + line for line in load_error.splitlines()]
        if "No module named" in load_error:
            out.append(
                "     "
                + _say(lang, "Instala lo que falta", "Install what is missing")
                + ": python -m pip install -r requirements.txt"
            )
        out.append(_say(lang, "Resultado: 0 pruebas superadas", "Result: 0 tests passed"))
        return "\n".join(out)
    labels = {
        "passed": ("[ok]", "superada", "passed"),
        "failed": ("[XX]", "falla", "failed"),
        "error": ("[XX]", "error", "error"),
        "not_implemented": ("[--]", "aún no implementada", "not implemented yet"),
        "timeout": ("[XX]", "tiempo agotado (¿un bucle infinito?)", "timed out (an endless loop?)"),
        "skipped": ("[..]", "omitida", "skipped"),
    }
    for o in outcomes:
        mark, es, en = labels.get(o.status, labels["error"])
        out.append(f"{mark} {o.name}: {_say(lang, es, en)}")
        if o.status == "not_implemented":
            out.append(f"     {o.message}")
        elif o.status in ("failed", "error", "timeout"):
            message = o.message if o.status != "error" else f"{o.kind}: {o.message}"
            out += ["     " + line for line in message.splitlines()[:12]]
            if o.where:
                out.append(f"     {o.where}")
    passed = sum(o.status == "passed" for o in outcomes)
    total = len(outcomes)
    out.append(
        _say(
            lang,
            f"Resultado: {passed}/{total} pruebas superadas",
            f"Result: {passed}/{total} tests passed",
        )
    )
    if total and passed == total:
        out.append(
            _say(
                lang,
                "Todas las pruebas públicas pasan; la nota sale de pruebas ocultas más completas.",
                "All public tests pass; the grade comes from more thorough hidden tests.",
            )
        )
    return "\n".join(out)


def run_check(
    assignment: str | None,
    path: Path | None = None,
    lang: str = "both",
    *,
    timeout: float = DEFAULT_TIMEOUT,
    base: Path | None = None,
) -> int:
    """Run the public tests of `assignment` (all when None, outside an assignment folder) on
    `path` (default: the assignment's own module) and print the summary. `base`: the folder
    holding the assignment folders (default: looked for beside this file, then around the cwd).

    Returns 0 when every public test passes, 1 when not, 2 on bad arguments.
    """

    def fail(es: str, en: str) -> int:
        print(_say(lang if lang in LANGS else "both", es, en), file=sys.stderr)
        return 2

    if lang not in LANGS:
        return fail(
            f"idioma desconocido {lang!r} (es, en, both)",
            f"unknown language {lang!r} (es, en, both)",
        )
    if importlib.util.find_spec("pytest") is None:
        return fail(
            "pytest no está instalado: python -m pip install pytest",
            "pytest is not installed: python -m pip install pytest",
        )
    if path is not None:
        path = Path(path)
        if not path.is_file() or path.suffix not in (".py", ".ipynb"):
            return fail(
                f"no existe el archivo .py/.ipynb {path}", f"no such .py/.ipynb file {path}"
            )
    if assignment is None:
        here = [
            p
            for p in (Path.cwd(), path.resolve().parent if path else None)
            if p is not None and (p / "test_public.py").is_file()
        ]
        folders = here[:1] or list(find_assignments(base).values())
        if not folders:
            return fail(
                "no encuentro ninguna tarea (carpetas NN_nombre con test_public.py)",
                "no assignment found (NN_name folders with test_public.py)",
            )
        if path is not None and len(folders) > 1:
            return fail("con --path, indica la tarea", "with --path, name the assignment")
    else:
        folder = resolve_assignment(assignment, base)
        if folder is None:
            known = ", ".join(find_assignments(base)) or "-"
            return fail(
                f"tarea desconocida {assignment!r} (hay: {known})",
                f"unknown assignment {assignment!r} (known: {known})",
            )
        folders = [folder]
    worst = 0
    for folder in folders:
        try:
            student = path or folder / f"{module_of(folder)}.py"
        except ValueError as error:
            return fail(str(error), str(error))
        outcomes, load_error = run_public_tests(folder, student, timeout=timeout)
        print(format_report(folder.name, student.name, outcomes, load_error, lang))
        ok = not load_error and outcomes and all(o.status == "passed" for o in outcomes)
        worst = max(worst, 0 if ok else 1)
    return worst


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="check.py",
        description="Pruebas públicas de una tarea / Run an assignment's public tests.",
    )
    parser.add_argument("assignment", nargs="?", help="NN_nombre/NN_name (o/or NN, nombre/name)")
    parser.add_argument(
        "--path", type=Path, help="archivo a comprobar / file to check (.py, .ipynb)"
    )
    parser.add_argument("--lang", choices=LANGS, default="both")
    parser.add_argument(
        "--timeout", type=float, default=DEFAULT_TIMEOUT, help="s por prueba / s per test"
    )
    args = parser.parse_args(argv)
    return run_check(args.assignment, args.path, args.lang, timeout=args.timeout)


# --------------------------------------------------------------------------- pytest plugin
# Loaded in the subprocess with `-p dlgrade_check_plugin` (a copy of this file); it records what
# each test did and writes it as JSON to $DLGRADE_CHECK_REPORT when the session ends.

_tests: dict[str, dict[str, str]] = {}
_errors: dict[str, dict[str, str]] = {}
_collect_errors: list[str] = []
_running: list[str] = []  # the test in progress, for a report written mid-run


class CheckTimeout(Exception):
    """Raised inside a test that ran past its time limit."""


def _hookimpl(**options):
    try:
        import pytest
    except ImportError:  # the checker's own process never registers the hooks
        return lambda function: function
    return pytest.hookimpl(**options)


def _write_report() -> None:
    # Rewritten after every test, so a session killed midway still says what it did.
    target = os.environ.get(REPORT_ENV)
    if target:
        data = {
            "tests": list(_tests.values()),
            "collect_errors": _collect_errors,
            "running": _running[-1] if _running else "",
        }
        Path(target).write_text(json.dumps(data), encoding="utf-8")


def _describe(error: BaseException) -> dict[str, str]:
    kind = type(error).__name__
    message = str(error)
    if isinstance(error, AssertionError) and "\nassert " in message:
        message = message.split("\nassert ", 1)[0]  # the test's own message, not pytest's diff
    where = ""
    frames = [
        f
        for f in traceback.extract_tb(error.__traceback__)
        if Path(f.filename).name not in ("test_public.py", f"{PLUGIN}.py")
        and Path(f.filename).resolve().parent == Path.cwd().resolve()
    ]
    if frames:
        f = frames[-1]
        where = f"{Path(f.filename).name}, línea/line {f.lineno}, en/in {f.name}: {f.line}"
    return {"kind": kind, "message": message.strip() or kind, "where": where}


def pytest_runtest_logstart(nodeid, location):
    _running.append(nodeid.split("::")[-1])
    _write_report()


@_hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    seconds = float(os.environ.get(TIMEOUT_ENV, "0"))
    if seconds <= 0 or not hasattr(signal, "setitimer"):  # no alarms on Windows
        yield
        return

    def expire(signum, frame):
        raise CheckTimeout(f"más de / more than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@_hookimpl(tryfirst=True)
def pytest_runtest_makereport(item, call):
    if call.excinfo is not None and item.nodeid not in _errors:
        _errors[item.nodeid] = _describe(call.excinfo.value)


def pytest_runtest_logreport(report):
    if report.when != "call" and report.passed:
        return  # setup/teardown that went fine say nothing about the test
    error = _errors.get(report.nodeid, {"kind": "", "message": "", "where": ""})
    status = report.outcome
    if report.failed:
        kinds = {
            "NotImplementedError": "not_implemented",
            "AssertionError": "failed",
            "CheckTimeout": "timeout",
        }
        status = kinds.get(error["kind"], "error")
    if report.nodeid not in _tests or report.failed:
        name = report.nodeid.split("::")[-1]
        _tests[report.nodeid] = {"name": name, "status": status, **error}


def pytest_runtest_logfinish(nodeid, location):
    _running.clear()
    _write_report()


def pytest_collectstart(collector):
    # Importing test_public.py imports the student's module: an endless loop at import time.
    seconds = float(os.environ.get(TIMEOUT_ENV, "0"))
    if seconds > 0 and hasattr(signal, "setitimer"):

        def expire(signum, frame):
            raise CheckTimeout(f"más de / more than {seconds:g} s")

        signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, seconds)


def pytest_collectreport(report):
    if hasattr(signal, "setitimer"):
        signal.setitimer(signal.ITIMER_REAL, 0)
    if report.failed:
        _collect_errors.append(report.longreprtext)
        _write_report()


def pytest_sessionfinish(session):
    _write_report()


if __name__ == "__main__":
    sys.exit(main())
