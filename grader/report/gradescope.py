"""Gradescope's results.json (its autograder specification) from a `SubmissionResult`, and back.

The specification (gradescope-autograders.readthedocs.io/en/latest/specs/, "Output format")
lists every field; this module writes only those:

- top level: `score`, `execution_time`, `output` + `output_format` ("md"), `visibility`
  ("visible": the default of every test that sets none), `stdout_visibility` ("hidden": the
  grader's log is for the instructor), `tests`, `extra_data`;
- per test: `name`, `number`, `score`, `max_score`, `status`, `output` + `output_format` ("md"),
  `tags` (the function and dlgrade's status), `visibility`.

Not written: the top-level `max_score` (not in the specification: Gradescope takes the total
from the assignment's settings; it is the sum of the tests' `max_score`), `leaderboard`,
`test_output_format` (each test says its own), `name_format`/`test_name_format` (plain text).

Every dlgrade test is a hidden test: its output shows the input it failed on, so its visibility
is the instructor's choice (`hidden_visibility`, default "after_published": a student does not
see the inputs on each resubmission, and can then not fit the code to them). Gradescope hides the
total score while tests are hidden, so the top-level output (always shown) states the grade and,
when tests are not visible, which tests passed, without their inputs.

`extra_data` (stored by Gradescope, never shown) holds `{"dlgrade": {"result": ...}}`, the whole
`SubmissionResult`, so the batch rebuilds every report from the stored file alone; a run whose
grader failed holds `{"dlgrade": {"grader_failure": reason}}` instead (`grader_failure_results`).
"""

from __future__ import annotations

from typing import Any, Literal, get_args

from grader.report.feedback import _fence, reason_text, status_text, unavailable_oracles
from grader.results import SubmissionResult, TestResult, fmt_points
from grader.text import Text

Visibility = Literal["hidden", "after_due_date", "after_published", "visible"]
VISIBILITIES: tuple[str, ...] = get_args(Visibility)
DEFAULT_HIDDEN_VISIBILITY: Visibility = "after_published"


def _block(text: str) -> list[str]:
    """`text` verbatim in Markdown: arrays and tracebacks keep their lines and spaces."""
    fence = _fence(text)
    return [fence, text.rstrip(), fence, ""]


def _test_output(t: TestResult) -> str:
    parts: list[str] = []
    msg = t.message.render("both")
    if msg and not t.passed:
        parts += _block(msg)
    if t.oracles:
        parts += ["oráculos / oracles: " + ", ".join(f"{k}: {v}" for k, v in t.oracles.items()),
                  ""]
    if t.student_traceback and not t.passed:
        parts += ["Tu traceback / your traceback:", ""] + _block(t.student_traceback)
    if t.stdout and not t.passed:
        parts += ["Salida de tu código / your code's output:", ""] + _block(t.stdout)
    return "\n".join(parts).rstrip()


def _summary(r: SubmissionResult, tests_visible: bool) -> str:
    lines = [f"**Nota / Grade: {fmt_points(r.score)} / {fmt_points(r.max_score)}**", ""]
    if r.load_error:
        lines += _block(r.load_error.render("both"))
    for name, why in unavailable_oracles(r).items():
        lines += [f"oráculo {name} no disponible: {reason_text(why, 'es')} / "
                  f"oracle {name} unavailable: {why}", ""]
    lines += [f"- {n.render('both')}" for n in r.notes] + [""] * bool(r.notes)
    if not tests_visible and r.tests:
        lines += ["| prueba / test | puntos / points | estado / status |", "|---|---:|---|"]
        lines += [f"| `{t.test_id}` | {fmt_points(t.points)}/{fmt_points(t.max_points)} | "
                  f"{status_text(t.status, 'es')} / {status_text(t.status, 'en')} |"
                  for t in r.tests]
        lines += ["", "Los detalles de cada prueba (sus entradas) se verán cuando tu profesor lo "
                      "decida. / Each test's details (its inputs) are shown when your instructor "
                      "decides."]
    return "\n".join(lines).rstrip()


def gradescope_results(
    r: SubmissionResult, *, extra: dict[str, Any] | None = None,
    hidden_visibility: Visibility = DEFAULT_HIDDEN_VISIBILITY,
) -> dict[str, Any]:
    """Gradescope's results.json for `r`; `hidden_visibility` is every test's visibility.

    `extra` is merged into `extra_data["dlgrade"]` beside the full result."""
    if hidden_visibility not in VISIBILITIES:
        raise ValueError(f"visibility must be one of {VISIBILITIES}, got {hidden_visibility!r}")
    tests = [
        {
            "name": f"{t.test_id} ({t.function})",
            "number": str(i),
            "score": round(t.points, 6),
            "max_score": round(t.max_points, 6),
            "status": "passed" if t.passed else "failed",
            "output": _test_output(t),
            "output_format": "md",
            "tags": [t.function, t.status],
            "visibility": hidden_visibility,
        }
        for i, t in enumerate(r.tests, start=1)
    ]
    dl: dict[str, Any] = {"result": r.to_dict()}
    if extra:
        dl.update(extra)
    return {
        "score": r.score,
        "execution_time": round(r.duration_s, 3),
        "output": _summary(r, tests_visible=hidden_visibility == "visible"),
        "output_format": "md",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {"dlgrade": dl},
    }


GRADER_FAILED = Text(
    "**El corrector falló: no es culpa tuya.** Tu entrega no se ha corregido y este 0 no es tu "
    "nota: avisa a tu profesor para que vuelva a corregirla.",
    "**The grader failed: this is not your fault.** Your submission was not graded and this 0 is "
    "not your grade: tell your instructor, so that it is graded again.")


def grader_failure_results(reason: str, *, execution_time: float = 0.0) -> dict[str, Any]:
    """results.json for a run whose grader failed (not the student's submission).

    Gradescope shows only "The autograder failed to execute correctly" when results.json is
    missing or invalid (its troubleshooting page), so the student would not learn that the 0 is
    not theirs: this file says so. The reason is for the instructor (`extra_data`, and the
    run's stdout), never shown to the student: it may name hidden tests."""
    return {
        "score": 0.0,
        "execution_time": round(execution_time, 3),
        "output": GRADER_FAILED.render("both").replace("\n", "\n\n"),
        "output_format": "md",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "extra_data": {"dlgrade": {"grader_failure": reason}},
    }


def result_from_gradescope(d: dict[str, Any]) -> SubmissionResult:
    """The `SubmissionResult` stored by `gradescope_results` (KeyError if it is not there)."""
    return SubmissionResult.from_dict(d["extra_data"]["dlgrade"]["result"])
