"""The statement's "what is graded" section is generated from the hidden tests: it states exactly
what the grader gives, per function and per property, and a statement without the place for it
is refused."""

from __future__ import annotations

import pytest

from grader.authoring.statement import graded_section, points_rows, render_statement
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


def test_groups_helpers_and_every_test_as_the_statements_show_them():
    a03 = load_assignment(COURSE.info("03_activations"))
    table = graded_section(a03, "en")
    assert table.splitlines()[:3] == ["### What is graded (10 points)",
                                      "| function | checked | points |", "|---|---|---:|"]
    assert "| **`tanh` + `tanh_derivative`** | | **1** |" in table
    assert "| **`sigmoid_derivative`** | | **2** |" in table  # graded alone: no group
    for t in a03.tests:  # each test is a row ("|" escaped in a markdown table)
        assert f"{t.description.en.replace('|', chr(92) + '|')} — *" in table
    es = graded_section(load_assignment(COURSE.info("05_optimizers")), "es")
    assert "### Qué se califica (10 puntos)" in es and "| función | se comprueba | puntos |" in es
    assert "| **`momentum_step` (+ `momentum_init`)** | | **2** |" in es


def test_render_replaces_both_markers_and_refuses_a_statement_without_them():
    a = load_assignment(COURSE.info("06_conv2d"))
    out = render_statement("## Español\n<!-- dlgrade:graded es -->\n## English\n"
                           "<!-- dlgrade:graded en -->\n", a)
    assert "dlgrade:graded" not in out
    assert out.index("### Qué se califica (10 puntos)") < out.index("### What is graded (10 points)")
    with pytest.raises(CourseError, match="dlgrade:graded en"):
        render_statement("## Español\n<!-- dlgrade:graded es -->\n", a)
