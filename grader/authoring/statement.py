"""The statement students read: the assignment's README.md with its points table generated.

The source README.md holds a marker line in each language's section,

    <!-- dlgrade:points es -->          <!-- dlgrade:points en -->

and the released README (and the notebook built from it) has, in its place, the table of what
each function is worth, computed from the hidden tests' points: the statement cannot promise
points the grader does not give, nor leave out points it gives.
"""

from __future__ import annotations

import re

from grader.course import CourseError
from grader.grading.spec import Assignment
from grader.results import fmt_points

MARK = re.compile(r"^<!-- dlgrade:points (es|en) -->[ \t]*$", re.MULTILINE)
LABELS = {"es": ("Puntos", "función", "puntos"), "en": ("Points", "function", "points")}


def points_rows(assignment: Assignment) -> list[tuple[list[str], list[str], float]]:
    """(functions reported together, helpers their tests also need, points), in test order.

    Functions join the row of the function `groups` (assignment.toml) names; a helper is a
    required function that is not graded on its own (`momentum_init` for `momentum_step`),
    shown with the first function whose tests need it."""
    groups = assignment.info.groups
    placed = set(assignment.points_by_function())  # graded functions have rows of their own
    rows: dict[str, tuple[list[str], list[str], float]] = {}
    for t in assignment.tests:
        head = groups.get(t.function, t.function)
        members, helpers, pts = rows.get(head, ([head], [], 0.0))
        if t.function not in members:
            members.append(t.function)
        for f in t.requires:
            if f not in placed:  # a helper goes with the first function that needs it
                placed.add(f)
                helpers.append(f)
        rows[head] = (members, helpers, round(pts + t.points, 6))
    return list(rows.values())


def points_table(assignment: Assignment, lang: str) -> str:
    """The "### Points (10)" heading and its table, in `lang` ("es" or "en")."""
    title, function, points = LABELS[lang]
    lines = [f"### {title} ({fmt_points(assignment.max_points)})",
             f"| {function} | {points} |", "|---|---|"]
    for members, helpers, pts in points_rows(assignment):
        label = " + ".join(f"`{f}`" for f in members)
        if helpers:
            label += " (+ " + ", ".join(f"`{h}`" for h in helpers) + ")"
        lines.append(f"| {label} | {fmt_points(pts)} |")
    return "\n".join(lines)


def render_statement(readme: str, assignment: Assignment) -> str:
    """README.md with each points marker replaced by its table; CourseError when a language's
    marker is missing (a statement must state the points)."""
    found = [m.group(1) for m in MARK.finditer(readme)]
    missing = [lang for lang in ("es", "en") if lang not in found]
    if missing:
        raise CourseError(f"{assignment.info.folder / 'README.md'}: no "
                          + ", ".join(f"<!-- dlgrade:points {lang} -->" for lang in missing)
                          + " line (where the points table goes)")
    return MARK.sub(lambda m: points_table(assignment, m.group(1)), readme)
