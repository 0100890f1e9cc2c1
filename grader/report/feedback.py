"""What a student reads: the terminal table of `dlgrade grade` and the bilingual feedback file.

Everything here is a pure function of a `SubmissionResult` (no clock, no paths of the grader), so
a report rebuilt from a stored result is byte-for-byte the one written the first time.
"""

from __future__ import annotations

import shutil

from grader.kinds import Status
from grader.results import SubmissionResult, fmt_points
from grader.text import LANGS, Lang

STATUS_ES: dict[Status, str] = {
    "passed": "correcto",
    "failed": "incorrecto",
    "error": "error",
    "timeout": "tiempo agotado",
    "crash": "caída del proceso",
    "missing": "no definida",
    "forbidden": "biblioteca prohibida",
    "invalid": "valor inválido",
}
STATUS_EN: dict[Status, str] = {
    "passed": "passed",
    "failed": "failed",
    "error": "error",
    "timeout": "timed out",
    "crash": "crashed",
    "missing": "missing",
    "forbidden": "forbidden library",
    "invalid": "invalid value",
}


def status_text(status: Status, lang: Lang) -> str:
    table = STATUS_ES if lang == "es" else STATUS_EN
    return table.get(status, status)


# why an oracle could not be consulted, in Spanish (the verdicts are stored in English)
REASONS_ES = {
    "no CUDA device": "no hay GPU con CUDA",
    "no CUDA device in the sandbox": "no hay GPU con CUDA en el sandbox",
}


def reason_text(why: str, lang: Lang) -> str:
    return REASONS_ES.get(why, why) if lang == "es" else why


def oracle_text(verdict: str, lang: Lang) -> str:
    """'match' / 'mismatch' / 'unavailable: <why>' / 'not applicable' in `lang`."""
    if lang != "es":
        return verdict
    if verdict == "match":
        return "coincide"
    if verdict == "mismatch":
        return "no coincide"
    if verdict == "not applicable":
        return "no aplica"
    if verdict.startswith("unavailable"):
        why = verdict.partition(":")[2].strip()
        return "no disponible" + (f": {reason_text(why, lang)}" if why else "")
    return verdict


def unavailable_oracles(r: SubmissionResult) -> dict[str, str]:
    """Oracles some test could not consult (e.g. torch-cuda without a GPU): name -> reason."""
    out: dict[str, str] = {}
    for t in r.tests:
        for name, verdict in t.oracles.items():
            if verdict.startswith("unavailable") and name not in out:
                out[name] = verdict.partition(":")[2].strip() or "unavailable"
    return out


# ---------------------------------------------------------------- terminal


def _one_line(text: str, width: int) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: max(0, width - 1)] + "…"


def terminal_table(r: SubmissionResult, lang: Lang = "both", width: int | None = None) -> str:
    """A table of tests (id, points, status, first line of the message), then the full messages.

    lang: 'es', 'en' or 'both'. `width` defaults to the terminal's (80 when not a TTY).
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")
    width = width or shutil.get_terminal_size((100, 24)).columns
    langs = ["es", "en"] if lang == "both" else [lang]
    head_test = "prueba / test" if lang == "both" else ("prueba" if lang == "es" else "test")
    head_pts = "puntos / points" if lang == "both" else ("puntos" if lang == "es" else "points")
    head_st = "estado / status" if lang == "both" else ("estado" if lang == "es" else "status")

    rows = []
    for t in r.tests:
        st = " / ".join(dict.fromkeys(status_text(t.status, lg) for lg in langs))
        rows.append((t.test_id, f"{fmt_points(t.points)}/{fmt_points(t.max_points)}", st, t))
    w_id = max([len(head_test)] + [len(a) for a, *_ in rows])
    w_pts = max([len(head_pts)] + [len(b) for _, b, *_ in rows])
    w_st = max([len(head_st)] + [len(c) for _, _, c, _ in rows])
    w_msg = max(20, width - (w_id + w_pts + w_st + 6))

    who = f" — {r.student}" if r.student else ""
    lines = [f"{r.assignment}{who}: {r.submission}", ""]
    lines.append(
        f"{head_test:<{w_id}}  {head_pts:>{w_pts}}  {head_st:<{w_st}}  "
        + ("mensaje / message" if lang == "both" else ("mensaje" if lang == "es" else "message"))
    )
    lines.append("-" * min(width, w_id + w_pts + w_st + 6 + 20))
    for tid, pts, st, t in rows:
        first = "" if t.passed else _one_line(t.message.render(langs[0]), w_msg)
        lines.append(f"{tid:<{w_id}}  {pts:>{w_pts}}  {st:<{w_st}}  {first}".rstrip())
    lines.append("-" * min(width, w_id + w_pts + w_st + 6 + 20))
    lines.append(f"{'total':<{w_id}}  {fmt_points(r.score) + '/' + fmt_points(r.max_score):>{w_pts}}")

    err = r.load_error.render(lang)
    if err:
        lines += ["", err]
    for name, why in unavailable_oracles(r).items():
        if lang in ("es", "both"):
            lines.append(f"oráculo {name} no disponible: {reason_text(why, 'es')}")
        if lang in ("en", "both"):
            lines.append(f"oracle {name} unavailable: {why}")
    for note in r.notes:
        if lang in ("es", "both"):
            lines.append(f"nota: {note.es}")
        if lang in ("en", "both"):
            lines.append(f"note: {note.en}")

    failing = [t for t in r.tests if not t.passed and t.message]
    if failing:
        lines += [
            "",
            "Detalles / Details:"
            if lang == "both"
            else ("Detalles:" if lang == "es" else "Details:"),
        ]
        for t in failing:
            lines += ["", f"[{t.test_id}] {t.function}", t.message.render(lang)]
            if t.student_traceback:
                lines.append(t.student_traceback.rstrip())
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- feedback markdown

_MD = {
    "es": {
        "title": "Retroalimentación",
        "grade": "Nota",
        "test": "Prueba",
        "function": "Función",
        "points": "Puntos",
        "status": "Estado",
        "oracles": "Oráculos",
        "traceback": "Tu traceback (solo tu código)",
        "notes": "Notas",
        "load": "Tu archivo no se pudo cargar",
        "gpu": "Sin GPU en esta corrección: el oráculo {name} no se consultó ({why}). "
        "Tu nota no depende de él.",
        "all_passed": "Todas las pruebas pasaron. ¡Bien hecho!",
        "output": "Salida estándar de tu código",
    },
    "en": {
        "title": "Feedback",
        "grade": "Grade",
        "test": "Test",
        "function": "Function",
        "points": "Points",
        "status": "Status",
        "oracles": "Oracles",
        "traceback": "Your traceback (your code only)",
        "notes": "Notes",
        "load": "Your file could not be loaded",
        "gpu": "No GPU in this grading run: the {name} oracle was not consulted ({why}). "
        "Your grade does not depend on it.",
        "all_passed": "Every test passed. Well done!",
        "output": "Your code's standard output",
    },
}


def _md_escape_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _fence(text: str) -> str:
    """A code fence longer than any run of backticks inside `text` (student text cannot break out)."""
    longest, run = 0, 0
    for ch in text:
        run = run + 1 if ch == "`" else 0
        longest = max(longest, run)
    return "`" * max(3, longest + 1)


def _feedback_section(r: SubmissionResult, lang: Lang) -> list[str]:
    s = _MD[lang]
    out = [f"## {'Español' if lang == 'es' else 'English'}", ""]
    out.append(f"**{s['grade']}: {fmt_points(r.score)} / {fmt_points(r.max_score)}**")
    out.append("")
    err = r.load_error.render(lang)
    if err:
        fence = _fence(err)
        out += [f"**{s['load']}:**", "", fence, err.rstrip(), fence, ""]
    for name, why in unavailable_oracles(r).items():
        out += [f"> {s['gpu'].format(name=name, why=reason_text(why, lang))}", ""]
    if r.notes:
        out += [f"{s['notes']}:", ""] + [f"- {n.render(lang)}" for n in r.notes] + [""]
    out.append(f"| {s['test']} | {s['function']} | {s['points']} | {s['status']} |")
    out.append("|---|---|---:|---|")
    for t in r.tests:
        out.append(
            f"| `{_md_escape_cell(t.test_id)}` | `{_md_escape_cell(t.function)}` | "
            f"{fmt_points(t.points)}/{fmt_points(t.max_points)} | {status_text(t.status, lang)} |"
        )
    out.append("")
    if r.tests and all(t.passed for t in r.tests):
        out += [s["all_passed"], ""]
    for t in r.tests:
        if t.passed and not t.oracles:
            continue
        out.append(
            f"### `{t.test_id}` — {fmt_points(t.points)}/{fmt_points(t.max_points)} — "
            f"{status_text(t.status, lang)}"
        )
        out.append("")
        msg = t.message.render(lang)
        if msg and not t.passed:
            fence = _fence(msg)
            out += [fence, msg.rstrip(), fence, ""]
        if t.oracles:
            verdicts = ", ".join(f"{k}: {oracle_text(v, lang)}" for k, v in t.oracles.items())
            out += [f"{s['oracles']}: {verdicts}", ""]
        if t.student_traceback and not t.passed:
            fence = _fence(t.student_traceback)
            out += [f"{s['traceback']}:", "", fence, t.student_traceback.rstrip(), fence, ""]
        if t.stdout and not t.passed:
            fence = _fence(t.stdout)
            out += [f"{s['output']}:", "", fence, t.stdout.rstrip(), fence, ""]
    return out


def feedback_langs(lang: Lang) -> list[Lang]:
    """The sections a feedback file holds, in order: Spanish first."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")
    return ["es", "en"] if lang == "both" else [lang]


def feedback_markdown(r: SubmissionResult, lang: Lang = "both") -> str:
    """Feedback for one student and one assignment: Spanish, then English (`lang` "both"), or
    one of them.

    Per test: status, points, the message, the oracles matched and the student's own traceback.
    """
    langs = feedback_langs(lang)
    who = r.student or ""
    grade = " / ".join(_MD[lg]["grade"] for lg in langs)
    head = [
        f"# {r.assignment}" + (f" — {who}" if who else ""),
        "",
        f"{grade}: **{fmt_points(r.score)} / {fmt_points(r.max_score)}** — `{r.submission}`",
        "",
    ]
    body: list[str] = []
    for i, lg in enumerate(langs):
        body += (["---", ""] if i else []) + _feedback_section(r, lg)
    return "\n".join(head + body).rstrip() + "\n"
