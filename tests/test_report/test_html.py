"""The HTML feedback: a wrong array leaves heatmaps of expected, got and their difference, a
training exercise its loss curves; student text is escaped; the bytes are the same every time;
results stored before figures existed still load."""

from __future__ import annotations

import base64
import html
import io
import re

import numpy as np
import pytest
from matplotlib.figure import Figure

from grader.course import HIDDEN_FILE, Course
from grader.grading.figures import MAX_POINTS, MAX_SIDE, arrays_figure, curve_figure
from grader.grading.runner import run_test
from grader.grading.spec import load_assignment
from grader.report import html as H
from grader.report.feedback import feedback_markdown
from grader.results import SubmissionResult, TestResult
from grader.sandbox.client import CallOutcome as Outcome
from grader.text import Text

COURSE = Course.default()
PNG = b"\x89PNG\r\n\x1a\n"




class InProcess:
    """Calls plain Python functions in place of the sandbox."""

    def __init__(self, funcs: dict):
        self.funcs = funcs

    def call(self, func, *args, kwargs=None, seed=0, timeout=None, return_args=False, post=None):
        return Outcome(True, value=self.funcs[func](*args, **(kwargs or {})), args_after=list(args))


def grade_one(aid: str, test_id: str, funcs: dict) -> TestResult:
    a = load_assignment(COURSE.info(aid))
    test = next(t for t in a.tests if t.id == test_id)
    return run_test(InProcess(funcs), a, test, set(funcs), use_cuda=False)


def correlate_by_hand(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    kh, kw = kernel.shape
    return np.array([[float(np.sum(image[i:i + kh, j:j + kw] * kernel))
                      for j in range(image.shape[1] - kw + 1)]
                     for i in range(image.shape[0] - kh + 1)])


def flipped_kernel(image, kernel):
    """A typical mistake: convolution (kernel flipped) where the slides correlate."""
    return correlate_by_hand(np.asarray(image, float), np.asarray(kernel, float)[::-1, ::-1])


def images(page: str) -> list[bytes]:
    return [base64.b64decode(d) for d in re.findall(r'src="data:image/png;base64,([^"]+)"', page)]


def result_with(*tests: TestResult, student: str = "carla") -> SubmissionResult:
    return SubmissionResult("06_conv2d", student, "conv2d.py", tests=list(tests))


# ---------------------------------------------------------------- a wrong 2-D array


def test_a_wrong_2d_array_gives_a_page_with_the_three_heatmaps_and_the_bilingual_message():
    tr = grade_one("06_conv2d", "correlate2d.values", {"correlate2d": flipped_kernel})
    assert tr.status == "failed" and tr.figure and tr.figure["kind"] == "arrays"
    # its first case: the slides' image, 4×5 of it, with an asymmetric kernel
    image = COURSE.info("06_conv2d").import_module(HIDDEN_FILE).IMAGE[:4, :5]
    asym = np.array([[1.0, 2.0], [0.0, -1.0]])
    expected, got = correlate_by_hand(image, asym), flipped_kernel(image, asym)
    assert expected.shape == (3, 4) and not np.array_equal(expected, got)
    assert np.array_equal(np.array(tr.figure["expected"]), expected)
    assert np.array_equal(np.array(tr.figure["got"]), got)

    page = H.feedback_html(result_with(tr))
    pngs = images(page)
    assert len(pngs) == 2 and all(p.startswith(PNG) for p in pngs)  # one per language
    assert page.index('<section lang="es">') < page.index('<section lang="en">')
    for words in ("correlate2d: valor incorrecto.", "Esperado:", "Obtenido:",
                  "correlate2d: wrong value.", "Expected:", "Got:"):
        assert html.escape(words) in page

    # the picture: expected, got and got - expected, as three heatmaps side by side
    fig = Figure()
    H._draw_arrays(fig, tr.figure, H._FIG["en"])
    maps = [ax for ax in fig.axes if ax.images]
    assert [ax.get_title() for ax in maps] == ["expected", "got", "difference (got − expected)"]
    for ax, want in zip(maps, (expected, got, got - expected)):
        assert np.array_equal(np.asarray(ax.images[0].get_array()), want)


def test_the_figure_round_trips_through_the_stored_result_and_renders_the_same_bytes():
    tr = grade_one("06_conv2d", "correlate2d.values", {"correlate2d": flipped_kernel})
    r = result_with(tr)
    back = SubmissionResult.from_dict(r.to_dict())
    assert back == r and back.tests[0].figure == tr.figure
    first, second = H.feedback_html(r), H.feedback_html(back)
    assert first == second
    assert H.figure_png(tr.figure, "es") == H.figure_png(tr.figure, "es")


def test_big_arrays_are_a_bounded_window_around_the_first_mismatch():
    e = np.zeros((3, 200, 300))
    g = e.copy()
    g[2, 150, 280] = 1.0
    f = arrays_figure(e, g, (2, 150, 280))
    exp = np.array(f["expected"])
    assert exp.shape == (MAX_SIDE, MAX_SIDE)
    r0, c0 = f["origin"]
    assert r0 <= 150 < r0 + MAX_SIDE and c0 <= 280 < c0 + MAX_SIDE
    assert np.array(f["got"])[150 - r0, 280 - c0] == 1.0
    assert f["where"] == f"[2, {r0}:{r0 + MAX_SIDE}, {c0}:{c0 + MAX_SIDE}]"
    assert arrays_figure(np.zeros(5), np.ones(5)) is None  # 1-D: no heatmap
    assert arrays_figure(np.zeros((2, 1, 1)), np.ones((2, 1, 1))) is None  # maps of one number
    nan = arrays_figure(np.zeros((2, 2)), np.array([[np.nan, 1.0], [np.inf, 0.0]]))
    assert nan["got"] == [[None, 1.0], [None, 0.0]]  # strict JSON
    c = curve_figure(np.arange(5000.0), np.arange(5000.0) + 1)
    assert len(c["expected"]) <= MAX_POINTS and c["step"] * len(c["expected"]) >= 5000


# ---------------------------------------------------------------- a training exercise


def test_a_training_exercise_that_does_not_learn_shows_the_two_loss_curves():
    def ascent(params, grads, lr):  # the sign of the update flipped
        return [(W + lr * dW, b + lr * db) for (W, b), (dW, db) in zip(params, grads)]

    tr = grade_one("04_backprop", "gd_step.training", {"gd_step": ascent})
    assert tr.status == "failed" and tr.figure and tr.figure["kind"] == "curve"
    want, got = tr.figure["expected"], tr.figure["got"]
    assert len(want) == len(got) == 51  # the loss before and after each of 50 steps
    assert want[-1] < want[0] and got[-1] > got[0]  # the reference learns, the ascent does not
    page = H.feedback_html(result_with(tr))
    assert len(images(page)) == 2 and "curvas esperada y obtenida" in page


# ---------------------------------------------------------------- safety and compatibility


def test_every_student_string_is_escaped():
    evil = "<script>alert(1)</script>"
    tr = TestResult("f.values", "f", 1.0, status="failed",
                    message=Text(f"f: valor incorrecto {evil}", f"f: wrong value {evil}"),
                    student_traceback=f"Traceback\n  {evil}", stdout=evil,
                    figure=arrays_figure(np.zeros((2, 2)), np.eye(2)))
    r = SubmissionResult("06_conv2d", evil, f"{evil}.py", tests=[tr],
                         load_error=Text(evil, evil), notes=[Text(evil, evil)])
    page = H.feedback_html(r)
    assert "<script" not in page
    assert page.count(html.escape(evil)) >= 10


def test_a_result_stored_before_figures_still_loads_and_renders():
    old = TestResult("f.values", "f", 1.0, status="failed",
                     message=Text("f: mal", "f: wrong")).to_dict()
    del old["figure"]
    tr = TestResult.from_dict(old)
    assert tr.figure is None
    page = H.feedback_html(result_with(tr))
    assert "f: mal" in page and "f: wrong" in page and "<img" not in page
    with pytest.raises(ValueError):
        TestResult.from_dict({**old, "figure": [1, 2]})


def test_a_figure_that_cannot_be_drawn_leaves_the_page_without_it(caplog):
    tr = TestResult("f.values", "f", 1.0, status="failed", message=Text("mal", "wrong"),
                    figure={"kind": "arrays", "expected": [[1.0]], "got": [[1.0, 2.0]]})
    page = H.feedback_html(result_with(tr))
    assert "<img" not in page and "mal" in page
    assert "not drawn" in caplog.text


@pytest.mark.parametrize("lang, present, absent", [
    ("es", ["Retroalimentación", "Nota", "incorrecto"], ["Feedback", "Grade", '<section lang="en">']),
    ("en", ["Feedback", "Grade", "failed"], ["Retroalimentación", "Nota", '<section lang="es">']),
])
def test_one_language_only(lang, present, absent):
    tr = TestResult("f.values", "f", 1.0, status="failed", message=Text("f: mal", "f: wrong"))
    page = H.feedback_html(result_with(tr), lang=lang)
    md = feedback_markdown(result_with(tr), lang=lang)
    for w in present:
        assert w in page
    for w in absent:
        assert w not in page
    assert ("## Español" in md) == (lang == "es") and ("## English" in md) == (lang == "en")


def test_the_png_is_a_png_of_the_right_size():
    from matplotlib.image import imread

    f = arrays_figure(np.zeros((3, 3)), np.eye(3))
    img = imread(io.BytesIO(H.figure_png(f, "en")), format="png")
    height, width = img.shape[:2]
    assert width > 2.5 * height  # three maps side by side
