"""The batch's feedback files: .md and .html per (student, assignment), in the language asked
for, the page with the figure of a wrong array, the same bytes on every run."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from grader.batch import grade_batch
from grader.course import Course
from grader.grading.figures import arrays_figure
from grader.results import SubmissionResult
from grader.results import TestResult as TR
from grader.text import Text


def spec_tests(assignment: str, *, course: Course | None = None) -> list[TR]:
    return [TR(test_id="f.values", function="f", max_points=1.0)]


def grade_with_figure(path, assignment_id, *, course=None, student=None, slot=0,
                      use_cuda=None) -> SubmissionResult:
    """A stand-in grader: "ok" passes, anything else is a wrong 3×3 map."""
    (t,) = spec_tests(assignment_id)
    if "ok" in Path(path).read_text():
        t.status, t.points = "passed", 1.0
    else:
        t.status = "failed"
        t.message = Text("f: valor incorrecto", "f: wrong value")
        t.figure = arrays_figure(np.arange(9.0).reshape(3, 3), np.eye(3), (0, 0))
    return SubmissionResult(assignment=assignment_id, student=student,
                            submission=Path(path).name, tests=[t])


GRADER = f"{grade_with_figure.__module__}:grade_with_figure"


def make_class(root: Path) -> Path:
    for student, text in (("ana", "ok"), ("bob", "wrong")):
        d = root / "submitted" / student / "01_perceptron"
        d.mkdir(parents=True)
        (d / "perceptron.py").write_text(text)
    return root


def test_feedback_pages_in_the_language_asked_for_identical_on_a_rerun(tmp_path):
    root, out = make_class(tmp_path / "class"), tmp_path / "out"
    grade_batch(root, "01_perceptron", out, progress=False, grader=GRADER, lang="es")
    fb = out / "feedback" / "bob"
    md, page = (fb / "01_perceptron.md").read_text(), (fb / "01_perceptron.html").read_text()
    assert "## Español" in md and "## English" not in md
    assert '<section lang="es">' in page and '<section lang="en">' not in page
    assert page.count('src="data:image/png;base64,') == 1 and "f: valor incorrecto" in page
    assert "<img" not in (out / "feedback" / "ana" / "01_perceptron.html").read_text()

    first = (fb / "01_perceptron.html").read_bytes()
    grade_batch(root, "01_perceptron", out, progress=False, grader=GRADER, lang="es",
                force=True)  # graded again, in another process: the same bytes
    assert (fb / "01_perceptron.html").read_bytes() == first

    grade_batch(root, "01_perceptron", out, progress=False, grader=GRADER, lang="both")
    page = (fb / "01_perceptron.html").read_text()  # rebuilt from results/, nothing regraded
    assert page.index('<section lang="es">') < page.index('<section lang="en">')
    assert "f: wrong value" in page and page.count("data:image/png") == 2
