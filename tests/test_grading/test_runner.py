"""grade() end to end through the real sandbox: model answers, stubs, typical mistakes with
their partial scores and hints, broken files, determinism.

Expected partial scores come from the statements' points tables and from which hidden cases a
mistake can pass (reasoned in each test), not from running the grader.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from grader.course import Course
from grader.grading import runner

COURSE = Course.default()
ASSIGNMENT_IDS = COURSE.ids()
MODULE_NAMES = {i.id: i.module for i in COURSE.infos()}

pytestmark = pytest.mark.slow

_slots = iter(range(100 + (os.getpid() % 500) * 40, 100_000))  # per process (pytest-xdist)


def grade(path, aid):
    """runner.grade on a sandbox slot (uid) of its own: concurrent runs never share one."""
    return runner.grade(path, aid, slot=next(_slots))


def _solution(aid: str) -> Path:
    return COURSE.solutions / aid / f"{MODULE_NAMES[aid]}.py"


def _write(tmp_path: Path, aid: str, source: str) -> Path:
    p = tmp_path / f"{MODULE_NAMES[aid]}.py"
    p.write_text(source, encoding="utf-8")
    return p


def _mutate(aid: str, old: str, new: str) -> str:
    """The model answer with one typical mistake; fails loudly if the solution changed."""
    src = _solution(aid).read_text(encoding="utf-8")
    assert src.count(old) == 1, f"{aid}: cannot find {old!r} in the solution"
    return src.replace(old, new)


def _by_id(result) -> dict:
    return {t.test_id: t for t in result.tests}


@pytest.mark.parametrize("aid", ASSIGNMENT_IDS)
def test_solution_full_marks(aid):
    r = grade(_solution(aid), aid)
    failed = {t.test_id: (t.status, t.message.en) for t in r.tests if not t.passed}
    assert failed == {}
    assert r.score == r.max_score == 10.0
    assert r.sandbox and not r.load_error.en


@pytest.mark.parametrize("aid", ASSIGNMENT_IDS)
def test_stub_zero(aid, tmp_path):
    stub = COURSE.released / aid / f"{MODULE_NAMES[aid]}.py"
    if not stub.is_file():  # before `dlgrade release` ran: the generator's own output
        from grader.authoring.stubs import make_stub

        stub = _write(tmp_path, aid, make_stub(_solution(aid).read_text(encoding="utf-8")))
    r = grade(stub, aid)
    assert r.score == 0 and r.max_score == 10.0
    assert not r.load_error.en  # a stub imports fine
    for t in r.tests:
        assert t.status == "error", (t.test_id, t.status, t.message.en)
        assert "NotImplementedError" in t.message.en
        assert "internal grader error" not in t.message.en


def test_sigmoid_derivative_sigma_times_one_minus_z(tmp_path):
    src = _mutate("03_activations", "    return s * (1.0 - s)", "    return s * (1.0 - z)")
    r = grade(_write(tmp_path, "03_activations", src), "03_activations")
    tests = _by_id(r)
    # sigmoid_derivative is worth 2 (the statement); σ(0)(1−0) = 0.5 ≠ 0.25 so its value tests
    # fail (slides 0.5, values 1, stability 0.25); float32 kept and z not modified (0.125 each)
    # are separate properties, and this code has both (the dtype policy)
    assert r.score == 10.0 - 1.75
    failed = sorted(t for t, v in tests.items() if not v.passed)
    assert failed == ["sigmoid_derivative.slides", "sigmoid_derivative.stability",
                      "sigmoid_derivative.values"]
    slides = tests["sigmoid_derivative.slides"]
    assert "σ(z)(1 − z)" in slides.message.es and "σ(z)(1 − σ(z))" in slides.message.es
    assert "σ(z)(1 − z)" in slides.message.en and "it looks like" in slides.message.en
    assert "esperado 0.25, obtenido 0.5" in slides.message.es
    assert slides.oracles["torch_cpu"] == "mismatch"


CONV_FLIPPED = '''
import numpy as np


def correlate2d(image, kernel):
    image, kernel = np.asarray(image), np.asarray(kernel)
    k = kernel[::-1, ::-1]  # the mistake: a true convolution flips the kernel
    kh, kw = k.shape
    out = np.zeros((image.shape[0] - kh + 1, image.shape[1] - kw + 1), dtype=image.dtype)
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = np.sum(image[i:i + kh, j:j + kw] * k)
    return out


def conv2d(x, w, b=None, stride=1, padding=0):
    x, w = np.asarray(x), np.asarray(w)
    w = w[:, :, ::-1, ::-1]  # the same mistake
    x = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    n, c, h, wd = x.shape
    f, _, kh, kw = w.shape
    oh, ow = (h - kh) // stride + 1, (wd - kw) // stride + 1
    out = np.zeros((n, f, oh, ow), dtype=x.dtype)
    for i in range(oh):
        for j in range(ow):
            patch = x[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw]
            out[:, :, i, j] = np.einsum("nchw,fchw->nf", patch, w)
    if b is not None:
        out = out + np.asarray(b, dtype=x.dtype)[None, :, None, None]
    return out


def maxpool2d(x, kernel_size=2, stride=None):
    x = np.asarray(x)
    s = kernel_size if stride is None else stride
    h, w = x.shape[-2:]
    oh, ow = (h - kernel_size) // s + 1, (w - kernel_size) // s + 1
    out = np.empty(x.shape[:-2] + (oh, ow), dtype=x.dtype)
    for i in range(oh):
        for j in range(ow):
            out[..., i, j] = x[..., i * s:i * s + kernel_size, j * s:j * s + kernel_size].max(axis=(-2, -1))
    return out
'''


def test_conv2d_flipped_kernel(tmp_path):
    r = grade(_write(tmp_path, "06_conv2d", CONV_FLIPPED), "06_conv2d")
    tests = _by_id(r)
    # The slides' kernel is symmetric, so the 429 map survives a flip (correlate2d.slides, 1
    # point); every asymmetric kernel fails the value tests of correlate2d and conv2d. Their
    # float32 and no-mutation tests (0.25 each, 1 in all) pass: this code has both. maxpool2d is
    # right but for (rows, columns) pairs, which its loops do not take (2 − 0.25).
    assert r.score == 1.0 + 1.0 + 1.75
    assert tests["correlate2d.slides"].passed and tests["maxpool2d.values"].passed
    for tid in ("correlate2d.values", "conv2d.values", "conv2d.stride_padding"):
        t = tests[tid]
        assert t.status == "failed"
        assert "volteas el núcleo" in t.message.es and "flip the kernel" in t.message.en
        assert "cross-correlation" in t.message.en


def test_adam_without_bias_correction(tmp_path):
    src = _mutate("05_optimizers", "    m_hat = m / (1.0 - beta1**t)\n    v_hat = v / (1.0 - beta2**t)\n",
                  "    m_hat = m\n    v_hat = v\n")
    r = grade(_write(tmp_path, "05_optimizers", src), "05_optimizers")
    tests = _by_id(r)
    # adam_step is worth 4; only its no-mutation part (0.5) does not depend on the values
    assert r.score == 10.0 - 3.5
    assert tests["adam_step.no_mutation"].passed and tests["rmsprop_step.values"].passed
    first = tests["adam_step.first_step"]
    assert first.status == "failed"
    assert "corrección de sesgo" in first.message.es and "bias correction" in first.message.en
    assert "3.16·lr" in first.message.en
    assert first.oracles["torch_cpu"] == "mismatch"


def test_backprop_transposed_weight_gradient(tmp_path):
    src = _mutate("04_backprop", "grads.append((dZ.T @ A_list[l], dZ.sum(axis=0)))",
                  "grads.append((A_list[l].T @ dZ, dZ.sum(axis=0)))")
    r = grade(_write(tmp_path, "04_backprop", src), "04_backprop")
    tests = _by_id(r)
    # backward is worth 4 and every backward test compares dW: all lost; the rest is intact
    assert r.score == 10.0 - 4.0
    for tid in ("backward.values", "backward.activations", "backward.shapes"):
        t = tests[tid]
        assert t.status == "failed", tid
        assert "(salida, entrada)" in t.message.es and "(out, in)" in t.message.en
    assert "backward" in tests["backward.values"].message.en


def test_determinism(tmp_path):
    src = _mutate("03_activations", "    return s * (1.0 - s)", "    return s * (1.0 - z)")
    p = _write(tmp_path, "03_activations", src)
    slot = next(_slots)  # the same sandbox uid both times (it is named in `sandbox`)
    a, b = (runner.grade(p, "03_activations", slot=slot).to_dict() for _ in range(2))
    a.pop("duration_s"), b.pop("duration_s")
    assert a == b


def test_notebook_submission(tmp_path):
    import nbformat

    src = _solution("01_perceptron").read_text(encoding="utf-8")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src), nbformat.v4.new_code_cell("%matplotlib inline"),
                nbformat.v4.new_code_cell("!pip install nothing\nprint(step(np.zeros(2)))")]
    p = tmp_path / "perceptron.ipynb"
    nbformat.write(nb, p)
    r = grade(p, "01_perceptron")
    assert r.score == 10.0 and r.notes  # magics and shell lines dropped, with a note


def test_generated_notebook_with_one_unfinished_function_loses_only_its_points(tmp_path):
    """The student notebook of 03_activations, every function done but softmax.

    Its public-checks and plot cells call softmax when run: graded, they would fail the
    import and zero everything; they are left out, so only softmax's 1 point (the statement) is
    lost.
    """
    import nbformat

    from grader.authoring.notebooks import make_notebook
    from grader.authoring.release import statement_of

    info = COURSE.info("03_activations")
    student = make_notebook(info, statement_of(info), solution=False)
    answers = {c.id: c.source for c in make_notebook(info, statement_of(info),
                                                     solution=True).cells}
    for c in student.cells:
        if c.metadata["dlgrade"]["role"] == "solution" and c.id != "softmax":
            c.source = answers[c.id]
    assert any("softmax(" in c.source for c in student.cells
               if c.metadata["dlgrade"]["role"] in ("check", "extra"))
    p = tmp_path / "activations.ipynb"
    nbformat.write(student, p)
    r = grade(p, "03_activations")
    assert not r.load_error.en, r.load_error.en
    assert r.score == 9.0 and r.max_score == 10.0
    assert {t.function for t in r.tests if not t.passed} == {"softmax"}
    assert any("not graded" in n.en and "no se evaluaron" in n.es.lower() for n in r.notes)


def test_submission_is_the_file_name_not_the_instructors_path(tmp_path):
    deep = tmp_path / "instructor_secret_layout" / "alice" / "03_activations"
    deep.mkdir(parents=True)
    p = deep / "activations.py"
    p.write_text("def sigmoid(z):\n    return z\n", encoding="utf-8")
    r = grade(p, "03_activations")
    assert r.submission == "activations.py"
    assert "instructor_secret_layout" not in str(r.to_dict())
    r = grade(tmp_path / "instructor_secret_layout" / "gone.py", "03_activations")  # unreadable
    assert r.submission == "gone.py" and "instructor_secret_layout" not in str(r.to_dict())


def _invalid_only(r, functions: set[str]) -> None:
    """The tests of `functions` are "invalid" with a bilingual message (no internal error);
    every other test passed."""
    for t in r.tests:
        if t.function in functions:
            assert t.status == "invalid", (t.test_id, t.status, t.message.en)
            assert t.message.es and t.message.en and t.message.es != t.message.en
            assert "internal" not in t.message.en and "interno" not in t.message.es
        else:
            assert t.passed, (t.test_id, t.status, t.message.en)


def test_backprop_non_plain_results_are_invalid_not_internal_errors(tmp_path):
    # forward's cache holds an object: ŷ is right (forward keeps its 2 points) but the cache
    # cannot go back to backward (4 points, the statement)
    src = _mutate("04_backprop", '    cache = {"A": [A], "Z": []}',
                  '    cache = {"A": [A], "Z": [], "log": object()}')
    r = grade(_write(tmp_path, "04_backprop", src), "04_backprop")
    _invalid_only(r, {"backward"})
    assert r.score == 10.0 - 4.0
    assert "cache" in _by_id(r)["backward.values"].message.en
    # a dict where the tuple (y_hat, cache) is expected: forward and backward score nothing
    src = _mutate("04_backprop", "    return A, cache\n", '    return {"y_hat": A, "cache": cache}\n')
    r = grade(_write(tmp_path, "04_backprop", src), "04_backprop")
    _invalid_only(r, {"forward", "backward"})
    assert r.score == 10.0 - 2.0 - 4.0
    assert "(y_hat, cache)" in _by_id(r)["forward.values"].message.en


def test_optimizer_state_not_a_dict_is_invalid(tmp_path):
    # adam's new state is a list and momentum's initial state an object: Adam (4 points) and
    # momentum (2 points) score nothing, with a message saying the state must be a dict
    src = _mutate("05_optimizers", '    return new_w, {"m": m, "v": v, "t": t}',
                  "    return new_w, [m, v, t]")
    src = src.replace('    return {"m": np.zeros_like(np.asarray(w, dtype=float))}',
                      "    import types\n"
                      "    return types.SimpleNamespace(m=np.zeros_like(np.asarray(w, dtype=float)))")
    assert "SimpleNamespace" in src
    r = grade(_write(tmp_path, "05_optimizers", src), "05_optimizers")
    _invalid_only(r, {"adam_step", "momentum_step"})
    assert r.score == 10.0 - 4.0 - 2.0
    m = _by_id(r)["adam_step.values"]
    assert "the state is not a dict" in m.message.en and "el estado no es un dict" in m.message.es
    assert "SimpleNamespace" in _by_id(r)["momentum_step.values"].message.en


# --- broken submissions --------------------------------------------------------------------------
def test_syntax_error(tmp_path):
    r = grade(_write(tmp_path, "01_perceptron", "def step(z)\n    return z\n"), "01_perceptron")
    assert r.score == 0 and "SyntaxError" in r.load_error.en and "sintaxis" in r.load_error.es
    assert {t.status for t in r.tests} == {"error"}


def test_import_exception(tmp_path):
    r = grade(_write(tmp_path, "01_perceptron", "import numpy as np\nX = np.zeros(2) @ np.zeros(3)\n"),
              "01_perceptron")
    assert r.score == 0 and "ValueError" in r.load_error.en
    assert "perceptron.py" in r.tests[0].student_traceback


def test_missing_function_fails_only_its_tests(tmp_path):
    src = _solution("01_perceptron").read_text(encoding="utf-8").replace("def train(", "def train_v2(")
    r = grade(_write(tmp_path, "01_perceptron", src), "01_perceptron")
    tests = _by_id(r)
    assert r.score == 5.0  # step 2 + predict 3
    assert tests["train.rule"].status == "missing" and "train" in tests["train.rule"].message.es


def test_unreadable_file(tmp_path):
    p = tmp_path / "perceptron.txt"
    p.write_text("x", encoding="utf-8")
    r = grade(p, "01_perceptron")
    assert r.score == 0 and r.load_error.es and r.load_error.en


def test_forbidden_torch_in_numpy_only(tmp_path):
    src = _solution("01_perceptron").read_text(encoding="utf-8").replace(
        "    z = np.asarray(z)\n    return np.where(z >= 0, 1.0, 0.0)",
        "    import torch\n    return torch.heaviside(torch.as_tensor(z), torch.tensor(1.0)).numpy()")
    assert "torch.heaviside" in src
    r = grade(_write(tmp_path, "01_perceptron", src), "01_perceptron")
    tests = _by_id(r)
    assert tests["step.values"].status == "forbidden"
    assert "torch" in tests["step.values"].message.en and "no permitida" in tests["step.values"].message.es
    # predict and train call step: they cannot score either
    assert r.score == 0


def test_invalid_return_and_timeout(tmp_path, monkeypatch):
    from grader.sandbox import Limits

    monkeypatch.setattr(Limits, "for_policy", classmethod(lambda cls, policy, **kw: cls(timeout=1.0)))
    src = _solution("01_perceptron").read_text(encoding="utf-8")
    src = src.replace("    z = np.asarray(z)\n    return np.where(z >= 0, 1.0, 0.0)",
                      "    return [1.0 if v >= 0 else 0.0 for v in np.ravel(z)]")
    src = src.replace("    X = np.asarray(X, dtype=float)\n    y = np.asarray(y, dtype=float).reshape(-1)",
                      "    while True:\n        pass")
    r = grade(_write(tmp_path, "01_perceptron", src), "01_perceptron")
    tests = _by_id(r)
    assert tests["step.values"].status == "invalid" and "list" in tests["step.values"].message.en
    assert tests["train.rule"].status == "timeout" and "no terminó" in tests["train.rule"].message.es
    assert r.duration_s < 30
