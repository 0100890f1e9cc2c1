"""Reports: terminal table, bilingual feedback markdown, Gradescope results.json, gradebook rows."""

from __future__ import annotations

import json

import pytest

from grader.report.feedback import feedback_markdown, terminal_table
from grader.report.gradebook import csv_text, gradebook_csv, gradebook_row
from grader.report.gradescope import gradescope_results, result_from_gradescope
from grader.results import SubmissionResult, fmt_points
from grader.results import TestResult as TR
from grader.text import Text


def sample() -> SubmissionResult:
    return SubmissionResult(
        assignment="03_activations",
        student="ana",
        submission="activations.py",
        tests=[
            TR(
                "sigmoid.values",
                "sigmoid",
                1.0,
                1.0,
                "passed",
                oracles={
                    "reference": "match",
                    "torch-cpu": "match",
                    "torch-cuda": "unavailable: no CUDA device",
                },
            ),
            TR(
                "sigmoid_derivative.values",
                "sigmoid_derivative",
                2.0,
                0.0,
                "failed",
                message=Text(
                    "sigmoid_derivative(z=[2.0]): se esperaba 0.105, se obtuvo -0.238. Pista: σ(z)(1−σ(z)).",
                    "sigmoid_derivative(z=[2.0]): expected 0.105, got -0.238. Hint: σ(z)(1−σ(z)).",
                ),
                oracles={
                    "reference": "mismatch",
                    "torch-cpu": "mismatch",
                    "torch-cuda": "unavailable: no CUDA device",
                },
                student_traceback="",
            ),
            TR(
                "softmax.values",
                "softmax",
                1.0,
                0.0,
                "error",
                message=Text("softmax lanzó ZeroDivisionError", "softmax raised ZeroDivisionError"),
                student_traceback='  File "activations.py", line 40, in softmax\n    return 1 / 0\nZeroDivisionError: division by zero',
            ),
            TR("elu.values", "elu", 0.5, 0.5, "passed"),
        ],
        notes=[Text("2 líneas mágicas de IPython omitidas", "2 IPython magic lines dropped")],
        duration_s=1.234,
    )


def test_fmt_points():
    assert [fmt_points(x) for x in (0, 2.0, 0.5, 1.25, 10)] == [
        "0",
        "2",
        "0.5",
        "1.25",
        "10",
    ]


def test_feedback_is_spanish_then_english_with_messages_oracles_traceback_and_gpu():
    md = feedback_markdown(sample())
    es, en = md.index("## Español"), md.index("## English")
    assert es < en
    spanish, english = md[es:en], md[en:]
    assert "se esperaba 0.105" in spanish and "se esperaba" not in english
    assert "expected 0.105" in english and "expected 0.105" not in spanish
    # 1 + 0 + 0 + 0.5 of 4.5
    assert "1.5 / 4.5" in md
    assert (
        "ZeroDivisionError: division by zero" in spanish
        and "ZeroDivisionError: division by zero" in english
    )
    assert "reference: no coincide" in spanish and "reference: mismatch" in english
    assert "Sin GPU" in spanish and "No GPU" in english and "torch-cuda" in english
    # the reason too: no English fragment inside the Spanish part
    assert "no hay GPU con CUDA" in spanish and "no CUDA device" not in spanish
    assert "no CUDA device" in english
    assert "2 líneas mágicas de IPython omitidas" in spanish and "IPython magic lines" not in spanish
    assert "2 IPython magic lines dropped" in english and "líneas mágicas" not in english
    assert "incorrecto" in spanish and "failed" in english


def test_feedback_fences_survive_backticks_in_student_text():
    r = sample()
    r.tests[2].student_traceback = "```\n# injected heading\n```"
    md = feedback_markdown(r)
    assert "````\n```\n# injected heading\n```\n````" in md


def test_feedback_for_a_load_error_names_the_problem_in_both_languages():
    r = SubmissionResult(
        "06_conv2d",
        "bob",
        "conv2d.py",
        tests=[TR("conv2d.values", "conv2d", 5.0, 0.0, "error")],
        load_error=Text("Error de sintaxis en la línea 3", "Syntax error on line 3"),
    )
    md = feedback_markdown(r)
    assert "Error de sintaxis en la línea 3" in md and "Syntax error on line 3" in md
    assert "0 / 5" in md


def test_gradescope_schema():
    r = sample()
    gs = gradescope_results(r, extra={"submission_sha256": "abc"})
    json.dumps(gs)  # plain JSON
    assert gs["score"] == pytest.approx(1.5) and "max_score" not in gs  # not in the spec
    assert gs["execution_time"] == pytest.approx(1.234)
    assert [t["status"] for t in gs["tests"]] == ["passed", "failed", "failed", "passed"]
    assert [t["score"] for t in gs["tests"]] == [1.0, 0.0, 0.0, 0.5]
    assert [t["max_score"] for t in gs["tests"]] == [1.0, 2.0, 1.0, 0.5]
    for t in gs["tests"]:
        assert set(t) >= {"name", "score", "max_score", "status", "output", "visibility"}
        assert t["visibility"] in ("hidden", "after_due_date", "after_published", "visible")
    out = gs["tests"][1]["output"]
    assert out.index("se esperaba") < out.index("expected")
    assert "no CUDA device" in gs["output"]
    assert result_from_gradescope(gs) == r
    assert gs["extra_data"]["dlgrade"]["submission_sha256"] == "abc"


def test_terminal_table_in_each_language():
    es = terminal_table(sample(), lang="es", width=120)
    en = terminal_table(sample(), lang="en", width=120)
    both = terminal_table(sample(), lang="both", width=120)
    assert "se esperaba" in es and "expected 0.105" not in es
    assert "expected 0.105" in en and "se esperaba" not in en
    assert "se esperaba" in both and "expected 0.105" in both
    for text in (es, en, both):
        assert "sigmoid_derivative.values" in text and "0/2" in text and "1.5/4.5" in text
        assert "torch-cuda" in text  # a missing GPU is reported
    assert "incorrecto" in es and "failed" in en
    assert "nota: 2 líneas mágicas" in es and "magic lines" not in es
    assert "note: 2 IPython magic lines" in en and "líneas mágicas" not in en
    with pytest.raises(ValueError):
        terminal_table(sample(), lang="fr")


def test_gradebook_row():
    row = gradebook_row(
        sample(),
        ["02_xor:relu.values", "03_activations:sigmoid.values",
         "03_activations:sigmoid_derivative.values", "03_activations:relu.values"],
    )
    assert row == {
        "student": "ana",
        "assignment": "03_activations",
        "02_xor:relu.values": "",  # another assignment's test, even with the same id
        "03_activations:sigmoid.values": "1",
        "03_activations:sigmoid_derivative.values": "0",
        "03_activations:relu.values": "",
        "total": "1.5",
        "max": "4.5",
    }


def test_gradebook_columns_never_mix_two_assignments_tests():
    xor = SubmissionResult("02_xor", "ana.garcia@uni.es", "xor.py", tests=[
        TR("relu.values", "relu", 2.0, 2.0, "passed"),
        TR("forward.values", "forward", 3.0, 0.0, "failed")])
    act = SubmissionResult("03_activations", "ana.garcia@uni.es", "activations.py", tests=[
        TR("relu.values", "relu", 1.0, 0.0, "failed"),
        TR("sigmoid.values", "sigmoid", 1.0, 1.0, "passed")])
    evil = SubmissionResult("02_xor", "=HYPERLINK(1)", "xor.py", tests=[
        TR("relu.values", "relu", 2.0, 0.0, "failed"),
        TR("forward.values", "forward", 3.0, 3.0, "passed")])
    assert gradebook_csv([xor, act, evil]) == (
        "student,assignment,02_xor:relu.values,02_xor:forward.values,"
        "03_activations:relu.values,03_activations:sigmoid.values,total,max\n"
        "ana.garcia@uni.es,02_xor,2,0,,,2,5\n"
        "ana.garcia@uni.es,03_activations,,,0,1,1,2\n"
        "'=HYPERLINK(1),02_xor,0,3,,,3,5\n"
    )


@pytest.mark.parametrize("cell, shown", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-rf", "'-rf"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("ana@uni.es", "ana@uni.es"), ("", ""), ("a=b", "a=b")])
def test_csv_text_quotes_what_a_spreadsheet_would_evaluate(cell, shown):
    assert csv_text(cell) == shown
