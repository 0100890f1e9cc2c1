"""The statement's points table is generated from the hidden tests' points: it states exactly
what the grader gives, per function, and a statement without the place for it is refused."""

from __future__ import annotations

import pytest

from grader.authoring.statement import points_rows, points_table, render_statement
from grader.course import Course, CourseError
from grader.grading.spec import load_assignment

COURSE = Course.default()


@pytest.mark.parametrize("aid", COURSE.ids())
def test_each_row_is_the_sum_of_its_functions_tests_and_the_table_totals_the_maximum(aid):
    a = load_assignment(COURSE.info(aid))
    rows = points_rows(a)
    by_function = a.points_by_function()
    assert sorted(f for members, _, _ in rows for f in members) == sorted(by_function)
    for members, _, pts in rows:
        assert pts == pytest.approx(sum(by_function[f] for f in members))
    assert sum(p for _, _, p in rows) == pytest.approx(a.max_points)


def test_groups_and_helpers_as_the_statements_show_them():
    a03 = load_assignment(COURSE.info("03_activations"))
    table = points_table(a03, "en")
    assert table.splitlines()[:3] == ["### Points (10)", "| function | points |", "|---|---|"]
    assert "| `tanh` + `tanh_derivative` | 1 |" in table
    assert "| `sigmoid_derivative` | 2 |" in table  # graded alone: no group
    es = points_table(load_assignment(COURSE.info("05_optimizers")), "es")
    assert "### Puntos (10)" in es and "| función | puntos |" in es
    assert "| `momentum_step` (+ `momentum_init`) | 2 |" in es


def test_render_replaces_both_markers_and_refuses_a_statement_without_them():
    a = load_assignment(COURSE.info("06_conv2d"))
    out = render_statement("## Español\n<!-- dlgrade:points es -->\n## English\n"
                           "<!-- dlgrade:points en -->\n", a)
    assert "dlgrade:points" not in out
    assert out.index("### Puntos (10)") < out.index("### Points (10)")
    with pytest.raises(CourseError, match="dlgrade:points en"):
        render_statement("## Español\n<!-- dlgrade:points es -->\n", a)
