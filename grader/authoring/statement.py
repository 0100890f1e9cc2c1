"""The statement students read: the assignment's README.md with its "what is graded" section
generated from the hidden tests.

The source README.md holds a marker line in each language's section,

    <!-- dlgrade:graded es -->          <!-- dlgrade:graded en -->

and the released README (and the notebook built from it) has, in its place, every graded
property with its points: per function (or group of functions) its total, then each hidden
test's description, what it grades (grading.kinds.Property) and its points. The statement
cannot promise points the grader does not give, nor leave out points it gives.
"""

from __future__ import annotations

import re

from grader.course import CourseError
from grader.grading.spec import PROPERTY_LABELS, Assignment, HiddenTest
from grader.kinds import PROPERTIES
from grader.results import fmt_points
from grader.text import Text

MARK = re.compile(r"^<!-- dlgrade:graded (es|en) -->[ \t]*$", re.MULTILINE)
HEAD = {"es": ("Qué se califica", "puntos", "función", "se comprueba"),
        "en": ("What is graded", "points", "function", "checked")}
DTYPE_POLICY = Text(
    "Política de dtype: si una función devuelve los valores correctos con otro dtype que el "
    "pedido (float32 conservado, salvo donde su prueba diga otro), pierde solo los puntos de su "
    "prueba de dtype, nunca más de un cuarto de los de la función.",
    "dtype policy: a function that returns the right values in another dtype than the one asked "
    "for (float32 kept, unless its test says otherwise) loses only the points of its dtype test, "
    "never more than a quarter of the function's.")


def points_rows(assignment: Assignment) -> list[tuple[list[str], list[str], float]]:
    """(functions reported together, helpers their tests also need, points), in test order.

    Functions join the row of the function `groups` (assignment.toml) names; a helper is a
    required function that is not graded on its own (`momentum_init` for `momentum_step`),
    shown with the first function whose tests need it."""
    return [(members, helpers, round(sum(t.points for t in tests), 6))
            for members, helpers, tests in _sections(assignment)]


def _sections(assignment: Assignment) -> list[tuple[list[str], list[str], list[HiddenTest]]]:
    groups = assignment.info.groups
    placed = set(assignment.points_by_function())  # graded functions have rows of their own
    rows: dict[str, tuple[list[str], list[str], list[HiddenTest]]] = {}
    for t in assignment.tests:
        head = groups.get(t.function, t.function)
        members, helpers, tests = rows.setdefault(head, ([head], [], []))
        if t.function not in members:
            members.append(t.function)
        for f in t.requires:
            if f not in placed:  # a helper goes with the first function that needs it
                placed.add(f)
                helpers.append(f)
        tests.append(t)
    return list(rows.values())


def graded_section(assignment: Assignment, lang: str) -> str:
    """The "what is graded" heading, table and policies, in `lang` ("es" or "en")."""
    title, points, function, checked = HEAD[lang]
    lines = [f"### {title} ({fmt_points(assignment.max_points)} {points})",
             f"| {function} | {checked} | {points} |", "|---|---|---:|"]
    for members, helpers, tests in _sections(assignment):
        label = " + ".join(f"`{f}`" for f in members)
        if helpers:
            label += " (+ " + ", ".join(f"`{h}`" for h in helpers) + ")"
        uses = sorted({u for f in members for u in assignment.info.uses.get(f, ())})
        if uses:
            label += (" (usa " if lang == "es" else " (uses ") + ", ".join(
                f"`{u}`" for u in uses) + ")"
        total = fmt_points(sum(t.points for t in tests))
        lines.append(f"| **{label}** | | **{total}** |")
        for t in tests:
            props = ", ".join(PROPERTY_LABELS[p].render(lang) for p in PROPERTIES if p in t.graded)
            what = t.description.render(lang).replace("|", "\\|")
            lines.append(f"| | {what} — *{props}* | {fmt_points(t.points)} |")
    if any("dtype" in t.graded for t in assignment.tests):
        lines += ["", DTYPE_POLICY.render(lang)]
    return "\n".join(lines)


def render_statement(readme: str, assignment: Assignment) -> str:
    """README.md with each marker replaced by the "what is graded" section; CourseError when a
    language's marker is missing (a statement must say what is graded)."""
    found = [m.group(1) for m in MARK.finditer(readme)]
    missing = [lang for lang in ("es", "en") if lang not in found]
    if missing:
        raise CourseError(f"{assignment.info.folder / 'README.md'}: no "
                          + ", ".join(f"<!-- dlgrade:graded {lang} -->" for lang in missing)
                          + " line (where the \"what is graded\" section goes)")
    return MARK.sub(lambda m: graded_section(assignment, m.group(1)), readme)
