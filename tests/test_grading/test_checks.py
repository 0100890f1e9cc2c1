"""The hidden tests of the course and the machinery they use (grader.grading.checks): every
assignment worth 10, the slides' numbers, hypothesis shrinking to the smallest input, fail-fast on
time-outs, and the messages a student reads."""

from __future__ import annotations

import re

import numpy as np
import pytest

from grader.course import HIDDEN_FILE, Course
from grader.grading.checks import arrays, shapes, value_case
from grader.grading.spec import CheckFailure, Ctx, HiddenTest, StudentError, load_assignment
from grader.results import GraderFailure
from grader.sandbox.client import CallOutcome as Outcome
from grader.text import EMPTY, Text

COURSE = Course.default()
IDS = COURSE.ids()


def get_assignment(aid: str):
    return load_assignment(COURSE.info(aid))


def hidden(aid: str):
    """An assignment's hidden.py as a module (its hint tables, its slides' data)."""
    return COURSE.info(aid).import_module(HIDDEN_FILE)


HINTS = hidden("03_activations").HINTS
KINKS = hidden("03_activations").KINKS
IMAGE, KERNEL = hidden("06_conv2d").IMAGE, hidden("06_conv2d").KERNEL


@pytest.mark.parametrize("aid", IDS)
def test_every_assignment_is_worth_ten_with_distinct_described_tests(aid):
    a = get_assignment(aid)
    assert a.max_points == 10.0
    ids = [t.id for t in a.tests]
    assert len(ids) == len(set(ids))
    assert all(t.points > 0 and t.description.es and t.description.en for t in a.tests)
    assert all(t.id.split(".")[0] == t.function for t in a.tests)


def test_an_unknown_assignment_is_a_key_error_naming_the_known_ones():
    with pytest.raises(KeyError, match="01_perceptron"):
        COURSE.info("07_transformers")


def test_slides_numbers_by_hand():
    # seed 000: the first output of the 6×6 image with the 3×3 kernel is 429
    assert float(np.sum(IMAGE[:3, :3] * KERNEL)) == 429.0
    # seed 003: N = Σ H_l (H_{l−1} + 1) for 2-100-100-100-1
    assert 100 * 3 + 100 * 101 + 100 * 101 + 1 * 101 == 20601


# --- the check machinery, with an in-process fake sandbox ---------------------------------------


class FakeSandbox:
    """Calls plain Python functions; `hang_when(args)` simulates a time-out."""

    def __init__(self, funcs: dict, hang_when=None):
        self.funcs, self.hang_when, self.calls = funcs, hang_when, []

    def call(self, func, *args, kwargs=None, seed=0, timeout=None, return_args=False, post=None):
        self.calls.append(args)
        if self.hang_when is not None and self.hang_when(args):
            return Outcome(False, error_kind="timeout", message=Text.same("time limit"))
        if func not in self.funcs:
            return Outcome(False, error_kind="missing")
        try:
            return Outcome(True, value=self.funcs[func](*args, **(kwargs or {})), args_after=list(args))
        except Exception as e:
            return Outcome(False, error_kind="exception", message=Text.same(f"{type(e).__name__}: {e}"),
                           traceback=f"Traceback ...\n{type(e).__name__}: {e}\n")


def _ctx(sandbox, aid="03_activations", func="sigmoid"):
    test = HiddenTest(f"{func}.x", func, 1.0, Text.same("d"), lambda c: None)
    return Ctx(sandbox, get_assignment(aid), test, use_cuda=False)


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _run_values(ctx, func, lo=-40, hi=40):
    ctx.forall(arrays(shapes(), lo, hi), lambda z: value_case(ctx, func, (z,)), max_examples=30)


def test_forall_reports_the_shrunk_input():
    # wrong only for z > 7: hypothesis must shrink to a single element just above 7
    def buggy(z):
        return _sigmoid(np.minimum(z, 7.0))

    ctx = _ctx(FakeSandbox({"sigmoid": buggy}))
    with pytest.raises(CheckFailure) as e:
        _run_values(ctx, "sigmoid")
    f = e.value
    m = re.search(r"sigmoid\(array\(\[([-\d.e]+)\]\)\)", f.input)
    assert m, f.input  # one element
    assert 7 < float(m.group(1)) <= 8
    assert ctx.oracles["reference"] == "mismatch" and ctx.oracles["torch_cpu"] == "mismatch"
    assert ctx.oracles["torch_cuda"].startswith("unavailable")


def test_forall_same_cases_every_time():
    seen = []
    for _ in range(2):
        w = FakeSandbox({"sigmoid": _sigmoid})
        _run_values(_ctx(w), "sigmoid")
        seen.append([a[0].tolist() for a in w.calls])
    assert seen[0] == seen[1] and len(seen[0]) == 30


def test_forall_stops_at_first_timeout():
    w = FakeSandbox({"sigmoid": _sigmoid}, hang_when=lambda args: np.asarray(args[0]).size >= 3)
    ctx = _ctx(w)
    with pytest.raises(StudentError) as e:
        _run_values(ctx, "sigmoid")
    assert e.value.status == "timeout"
    assert np.asarray(w.calls[-1][0]).size >= 3  # the reported input is the one that hung
    assert sum(np.asarray(a[0]).size >= 3 for a in w.calls) == 1  # never called again
    assert "did not finish" in e.value.message.en and "no terminó" in e.value.message.es


def test_student_exception_message_names_function_and_input():
    def boom(z):
        raise ValueError("shapes (2,) and (3,) not aligned")

    ctx = _ctx(FakeSandbox({"sigmoid": boom}))
    with pytest.raises(StudentError) as e:
        value_case(ctx, "sigmoid", (np.array([1.0, 2.0]),))
    assert e.value.status == "error"
    assert e.value.message.es.startswith("sigmoid:") and "array([1.0, 2.0])" in e.value.message.es
    assert "ValueError" in e.value.message.en and "Traceback" in e.value.traceback


def test_invalid_values():
    ctx = _ctx(FakeSandbox({"sigmoid": lambda z: [0.5] * len(z)}))
    with pytest.raises(CheckFailure) as e:
        value_case(ctx, "sigmoid", (np.array([0.0]),))
    assert e.value.status == "invalid" and "list" in e.value.message.en
    def naive_softmax(z):
        with np.errstate(all="ignore"):
            return np.exp(z) / np.exp(z).sum()

    ctx = _ctx(FakeSandbox({"softmax": naive_softmax}), func="softmax")
    with pytest.raises(CheckFailure) as e:
        value_case(ctx, "softmax", (np.array([1000.0, 1001.0]),), hints=HINTS["softmax"])
    assert e.value.status == "invalid"
    assert "resta el máximo" in e.value.hint.es and "subtract" in e.value.hint.en


def test_sigmoid_derivative_hint():
    def wrong(z):
        return _sigmoid(z) * (1 - z)

    ctx = _ctx(FakeSandbox({"sigmoid_derivative": wrong}), func="sigmoid_derivative")
    test = next(t for t in get_assignment("03_activations").tests if t.id == "sigmoid_derivative.slides")
    with pytest.raises(CheckFailure) as e:
        test.check(ctx)
    msg_es, msg_en = e.value.message.es, e.value.message.en
    assert "σ(z)(1 − z)" in msg_es and "σ(z)(1 − σ(z))" in msg_en
    assert "esperado 0.25, obtenido 0.5" in msg_es and "expected 0.25, got 0.5" in msg_en


def test_kinks_accept_any_subgradient():
    relu_d_slides = lambda z: (z >= 0).astype(float)  # noqa: E731  relu'(0) = 1 (the slides)
    ctx = _ctx(FakeSandbox({"relu_derivative": relu_d_slides}), func="relu_derivative")
    value_case(ctx, "relu_derivative", (np.array([-1.0, 0.0, 2.0]),),
               kinks=KINKS["relu_derivative"])
    assert ctx.oracles["reference"] == "match"


# --- student values of any kind: validated before they are indexed, iterated or sent back ---------
class WireSandbox(FakeSandbox):
    """FakeSandbox whose values cross the wire as with the real Sandbox: the request is encoded
    strictly (a value that is not plain data cannot be sent: a bug of the check), the reply
    loosely (objects arrive as `protocol.Unsupported`)."""

    def call(self, func, *args, kwargs=None, seed=0, timeout=None, return_args=False, post=None):
        from grader.sandbox import protocol

        protocol.encode({"op": "call"}, {"args": args, "kwargs": dict(kwargs or {})}, strict=True)
        out = super().call(func, *args, kwargs=kwargs, seed=seed, timeout=timeout,
                           return_args=return_args, post=post)
        frame = protocol.decode(protocol.encode({}, {"value": out.value, "after": out.args_after}))
        out.value, out.args_after = frame.values["value"], frame.values["after"]
        return out


class Thing:
    """What a student may return instead of data."""


def _grade_one(aid: str, test_id: str, funcs: dict):
    from grader.grading.runner import run_test

    a = get_assignment(aid)
    test = next(t for t in a.tests if t.id == test_id)
    return run_test(WireSandbox(funcs), a, test, set(funcs), use_cuda=False)


def _invalid(r, *words):
    """Status invalid, a bilingual message naming the function, never an internal error."""
    assert r.status == "invalid", (r.test_id, r.status, r.message.en)
    assert r.points == 0
    assert r.message.en.startswith(f"{r.function}:") or r.message.en.split(":")[0] in (
        "forward", "init_params", "adam_init", "momentum_init", "rmsprop_init")
    assert "internal" not in r.message.en and "interno" not in r.message.es
    assert r.message.es != r.message.en
    for w in words:
        assert w in r.message.en, (w, r.message.en)


def _mlp():
    """The reference as a student's backprop module (correct), to break one piece at a time."""
    from reference import mlp

    return {n: getattr(mlp, n) for n in ("init_params", "count_parameters", "forward", "mse_loss",
                                         "backward", "gd_step")}


def test_backprop_objects_lists_of_objects_and_dicts_are_invalid():
    funcs = _mlp()
    # the reference itself passes (the cases below fail because of what they change)
    assert _grade_one("04_backprop", "backward.values", funcs).status == "passed"
    cases = [
        ("forward.values", "forward", lambda X, params, **k: Thing(), ["(y_hat, cache)", "Thing"]),
        ("forward.values", "forward", lambda X, params, **k: {"y_hat": 1, "cache": 2},
         ["(y_hat, cache)", "dict"]),
        ("forward.shapes", "forward", lambda X, params, **k: (_mlp()["forward"](X, params, **k) + (1,)),
         ["(y_hat, cache)", "tuple of 3"]),
        ("init_params.shapes", "init_params", lambda sizes, seed=0: [Thing(), Thing()], ["layer 1"]),
        ("init_params.shapes", "init_params", lambda sizes, seed=0: Thing(), ["Thing"]),
        ("backward.values", "backward", lambda y, cache, params, **k: Thing(), ["Thing"]),
        ("backward.values", "backward",
         lambda y, cache, params, **k: _mlp()["backward"](y, cache, params, **k)[:-1], ["list of"]),
        ("backward.shapes", "backward",
         lambda y, cache, params, **k: [tuple(p) + (0,) for p in _mlp()["backward"](y, cache, params, **k)],
         ["not a pair"]),
        ("gd_step.values", "gd_step", lambda params, grads, lr: {"params": params}, ["dict"]),
    ]
    for test_id, func, bad, words in cases:
        _invalid(_grade_one("04_backprop", test_id, {**funcs, func: bad}), *words)


def test_backprop_cache_with_an_object_fails_backward_not_forward():
    ref_forward = _mlp()["forward"]

    def forward(X, params, **k):
        y_hat, cache = ref_forward(X, params, **k)
        return y_hat, {"real": cache, "extra": Thing()}

    def backward(y, cache, params, **k):
        return _mlp()["backward"](y, cache["real"], params, **k)

    funcs = {**_mlp(), "forward": forward, "backward": backward}
    assert _grade_one("04_backprop", "forward.values", funcs).status == "passed"  # ŷ is right
    for tid in ("backward.values", "backward.shapes"):
        r = _grade_one("04_backprop", tid, funcs)
        _invalid(r, "cache", "Thing", "['extra']")
        assert "no son datos simples" in r.message.es


def _optim():
    from reference import optimizers

    return {n: getattr(optimizers, n) for n in dir(optimizers)
            if n.endswith(("_init", "_step")) or n == "lr_decay"}


def test_optimizer_state_that_is_not_a_dict_is_invalid():
    funcs = _optim()
    assert _grade_one("05_optimizers", "adam_step.values", funcs).status == "passed"
    ref_step = funcs["adam_step"]

    def list_init(w):
        return [np.zeros_like(w), np.zeros_like(w), 0]

    def list_step(w, g, state, **k):  # consistent with its own list state: still not the contract
        s = ref_step(w, g, {"m": state[0], "v": state[1], "t": state[2]}, **k)[1]
        return ref_step(w, g, {"m": state[0], "v": state[1], "t": state[2]}, **k)[0], [s["m"], s["v"], s["t"]]

    cases = [
        ("adam_step.values", {"adam_init": list_init, "adam_step": list_step}, ["not a dict", "list"]),
        ("adam_step.no_mutation", {"adam_init": list_init, "adam_step": list_step}, ["not a dict"]),
        ("momentum_step.values", {"momentum_init": lambda w: Thing()}, ["not a dict", "Thing"]),
        ("rmsprop_step.values", {"rmsprop_init": lambda w: {"v": Thing()}}, ["not plain data", "['v']"]),
        ("adam_step.first_step", {"adam_step": lambda w, g, state, **k: (w - 0.1, Thing())},
         ["not a dict", "Thing"]),
        ("adam_step.values", {"adam_step": lambda w, g, state, **k: {"w": w, "state": state}},
         ["(new_w, new_state)", "dict"]),
        ("rmsprop_step.no_mutation", {"rmsprop_step": lambda w, g, state, **k: (w,)},
         ["(new_w, new_state)", "tuple of 1"]),
    ]
    for test_id, patch, words in cases:
        r = _grade_one("05_optimizers", test_id, {**funcs, **patch})
        _invalid(r, *words)


def test_perceptron_and_xor_structures_are_invalid():
    from reference import perceptron, xor

    r = _grade_one("01_perceptron", "train.rule", {"train": lambda X, y, **k: {"w": 1, "b": 2},
                                                   "step": perceptron.step, "predict": perceptron.predict})
    _invalid(r, "(w, b)", "dict")
    r = _grade_one("02_xor", "xor_weights.truth_table", {"xor_weights": lambda: [Thing()] * 4})
    _invalid(r, "Thing")
    r = _grade_one("02_xor", "xor_weights.truth_table", {"xor_weights": lambda: xor.xor_weights()[:3]})
    _invalid(r, "(W1, b1, W2, b2)", "tuple of 3")


def test_helpers_never_raise_on_unsupported_values():
    from grader.grading.checks import expect_unchanged, matches, record_fd
    from grader.sandbox.protocol import Unsupported
    from reference import activations

    assert matches([Unsupported("Thing")], [np.zeros(2)]) is False
    assert matches(Unsupported("Thing"), np.zeros(2)) is False
    assert matches({"a": 1}, np.zeros(2)) is False
    ctx = _ctx(FakeSandbox({}), func="sigmoid_derivative")
    with pytest.raises(CheckFailure) as e:
        record_fd(ctx, activations.sigmoid, np.array([0.5]), Unsupported("Thing"))
    assert e.value.status == "invalid" and "Thing" in e.value.message.en
    assert ctx.oracles["finite_diff"] == "mismatch"

    class Forged(FakeSandbox):  # args_after that is not a list of the arguments
        def call(self, func, *args, **kw):
            out = super().call(func, *args, **kw)
            out.args_after = self.after
            return out

    shifted = {"sigmoid": lambda z, b: _sigmoid(z + b)}
    for after in (Unsupported("Thing"), [np.zeros(1)], None):
        w = Forged(shifted)
        w.after = after
        with pytest.raises(CheckFailure) as e:
            expect_unchanged(_ctx(w), "sigmoid", (np.zeros(2), 0.5))
        assert e.value.status == "invalid"
    w = Forged(shifted)
    w.after = [np.zeros(2), np.array([0.5, 0.5])]  # an array where a float was: changed
    with pytest.raises(CheckFailure) as e:
        expect_unchanged(_ctx(w), "sigmoid", (np.zeros(2), 0.5), names=("z", "b"))
    assert e.value.status == "failed" and "modified its input b" in e.value.message.en


def test_a_broken_torch_oracle_is_reported_never_graded(monkeypatch):
    # torch missing or a CUDA error must not cost a correct answer its points
    from grader.grading import oracles

    def broken(*a, **k):
        raise RuntimeError("CUDA error: device-side assert")

    monkeypatch.setattr(oracles, "torch_value", broken)
    ctx = _ctx(FakeSandbox({"sigmoid": _sigmoid}))
    got = value_case(ctx, "sigmoid", (np.array([0.0, 2.0]),))
    assert np.allclose(got, [0.5, _sigmoid(2.0)])
    assert ctx.oracles["reference"] == "match"
    assert ctx.oracles["torch_cpu"] == "unavailable: RuntimeError"


# --- what a check may call, what it grades, which defaults it leaves out ---------------------------
def test_a_check_may_only_call_what_its_test_requires():
    ctx = _ctx(FakeSandbox({"sigmoid": _sigmoid, "tanh": np.tanh}))
    with pytest.raises(RuntimeError, match="not in its requires"):
        ctx.call("tanh", np.zeros(1))
    from grader.grading.runner import run_test

    a = get_assignment("03_activations")
    sneaky = HiddenTest("sigmoid.sneaky", "sigmoid", 1.0, Text.same("d"),
                        lambda c: c.call("tanh", np.zeros(1)), graded=frozenset({"values"}))
    with pytest.raises(GraderFailure, match="sigmoid.sneaky"):  # ours, never the student's
        run_test(FakeSandbox({"sigmoid": _sigmoid, "tanh": np.tanh}), a, sneaky,
                 {"sigmoid", "tanh"}, use_cuda=False)


def test_the_context_notes_what_is_graded_and_the_defaults_left_out():
    ctx = _ctx(FakeSandbox({"leaky_relu": lambda z, alpha=0.01: np.where(z > 0, z, alpha * z)}),
               func="leaky_relu")
    value_case(ctx, "leaky_relu", (np.array([-1.0, 2.0]),))
    assert ctx.graded == {"values"} and ctx.defaults_left == {"leaky_relu": {"alpha"}}
    ctx = _ctx(FakeSandbox({"leaky_relu": lambda z, alpha=0.01: np.where(z > 0, z, alpha * z)}),
               func="leaky_relu")
    value_case(ctx, "leaky_relu", (np.array([-1.0]),), {"alpha": 0.2}, prop="stability")
    assert ctx.graded == {"stability"} and ctx.defaults_left == {"leaky_relu": set()}


def test_warnings_fail_expect_no_warnings_with_the_warning_named():
    from grader.grading.checks import expect_no_warnings

    class Warned(FakeSandbox):
        def call(self, func, *args, **kw):
            out = super().call(func, *args, **kw)
            out.warnings = ["RuntimeWarning: overflow encountered in exp"]
            return out

    ctx = _ctx(Warned({"sigmoid": _sigmoid}))
    with np.errstate(over="ignore"):  # the sandbox, faked here, reports the warning instead
        ctx.call("sigmoid", np.array([-1e4]))
    with pytest.raises(CheckFailure) as e:
        expect_no_warnings(ctx, "sigmoid", "sigmoid(array([-10000.0]))")
    assert "overflow encountered in exp" in e.value.message.en
    assert "NumPy avisó" in e.value.message.es and ctx.graded == {"no_warnings"}


def test_a_message_ends_with_one_full_stop():
    f = CheckFailure("f", "f(1)", "1", "2", what=Text("valor incorrecto.", "wrong value."),
                     detail=Text("devolvió algo.", "it returned something."))
    assert ".." not in f.message.es and ".." not in f.message.en
    assert f.message.en.startswith("f: wrong value.\n")


# --- hints from known wrong variants -----------------------------------------------------------
def test_a_wrong_variant_names_the_mistake_and_never_breaks_a_check():
    from grader.grading.checks import close_to, variant_hint, variant_hints

    naive = Text("σ ingenua", "naive σ")
    variants = [(lambda z: 1.0 / (1.0 + np.exp(-z)), naive),
                (lambda z: z[10], Text.same("never fits"))]  # raises IndexError on short input
    z = np.array([-1e4, 0.0, 3.0])
    got = 1.0 / (1.0 + np.exp(np.minimum(-z, 700)))  # what the naive one returns, without inf
    assert variant_hint(variants, (z,), {}, got) == naive  # its overflow warning stays quiet
    assert variant_hint(variants[1:], (z,), {}, got) == EMPTY
    (hint, _) = variant_hints(variants)
    assert hint.detect((z,), {}, got, None) and not hint.detect((z,), {}, got + 1, None)
    assert close_to((np.ones(2), 1.0), (np.ones(2), 1.0 + 1e-12))
    assert not close_to([np.ones(2)], (np.ones(2), 1.0)) and not close_to("x", 1.0)
