"""compare.py: validation of returned values, closeness, the first failing element, formatting."""

from __future__ import annotations

import numpy as np
import pytest

from grader.grading.compare import (
    Invalid,
    ShapeError,
    as_array,
    first_mismatch,
    fmt,
    fmt_call,
    fmt_number,
    tolerance,
)
from grader.sandbox.protocol import Unsupported


def test_tolerance_per_dtype():
    assert tolerance(np.int64) == (0.0, 0.0)
    assert tolerance(np.bool_) == (0.0, 0.0)
    r64, a64 = tolerance(np.float64)
    r32, a32 = tolerance(np.float32)
    assert r32 > r64 and a32 > a64
    # a relative error of 1e-5 passes for float32 values, not for float64 ones
    e = np.array([1 / 3])
    g = e * (1 + 1e-5)
    assert first_mismatch(g.astype(np.float32), e.astype(np.float32)) is None
    assert first_mismatch(g, e) is not None


def test_first_mismatch_locates_first_failing_element_of_429_map():
    expected = np.zeros((4, 4))
    expected[0, 2] = 429.0
    got = np.zeros((4, 4))
    mm = first_mismatch(got, expected)
    assert mm is not None
    assert mm.index == (0, 2) and mm.expected == 429.0 and mm.got == 0.0
    assert mm.count == 1 and mm.total == 16
    assert "en el índice (0, 2): esperado 429.0, obtenido 0.0" in mm.text.es
    assert "at index (0, 2): expected 429.0, got 0.0" in mm.text.en


def test_first_mismatch_row_major_order_and_count():
    e = np.arange(6.0).reshape(2, 3)
    g = e.copy()
    g[1, 0] += 1
    g[0, 2] += 1
    mm = first_mismatch(g, e)
    assert mm.index == (0, 2) and mm.count == 2


def test_integers_are_exact():
    assert first_mismatch(np.array([20600]), np.array([20601])) is not None
    assert first_mismatch(np.array([20601]), np.array([20601])) is None


def test_close_within_relative_tolerance():
    e = np.array([1e6, 1e-3])
    assert first_mismatch(e * (1 + 1e-9), e) is None
    assert first_mismatch(e * (1 + 1e-3), e) is not None


def test_kink_interval_accepts_any_subgradient():
    z = np.array([-1.0, 0.0, 2.0])
    expected = np.array([0.0, 0.0, 1.0])  # relu'(0) = 0 as torch
    lo = np.where(z == 0, 0.0, np.nan)
    hi = np.where(z == 0, 1.0, np.nan)
    for at_zero in (0.0, 0.5, 1.0):
        got = np.array([0.0, at_zero, 1.0])
        assert first_mismatch(got, expected, lo=lo, hi=hi) is None
    assert first_mismatch(np.array([0.0, 1.5, 1.0]), expected, lo=lo, hi=hi).index == (1,)
    # the interval applies only at the kink
    assert first_mismatch(np.array([0.5, 0.0, 1.0]), expected, lo=lo, hi=hi).index == (0,)
    # NaN never passes, not even inside an interval
    assert first_mismatch(np.array([0.0, np.nan, 1.0]), expected, lo=lo, hi=hi) is not None


def test_infinities_equal_pass():
    assert first_mismatch(np.array([np.inf, -np.inf]), np.array([np.inf, -np.inf])) is None
    assert first_mismatch(np.array([np.inf]), np.array([1e308])) is not None


def test_scalar_mismatch_has_empty_index():
    mm = first_mismatch(np.asarray(2.0), np.asarray(1.0))
    assert mm.index == () and mm.text.en == "expected 1.0, got 2.0"


@pytest.mark.parametrize("value, word", [
    ([1.0, 2.0], "list"),
    (Unsupported("MyTensor"), "MyTensor"),
    ({"__unsupported__": "Evil"}, "Evil"),
    (np.array([1 + 2j]), "complex"),
    (np.array([True, False]).view(np.ndarray).astype("U1"), "dtype"),
    ("0.5", "str"),
])
def test_as_array_rejects_non_numeric(value, word):
    with pytest.raises(Invalid) as e:
        as_array(value, func="relu", shape=None)
    assert word.lower() in e.value.message.en.lower()
    assert e.value.message.es.startswith("relu:") and e.value.message.en.startswith("relu:")


def test_as_array_rejects_subclass():
    class Sub(np.ndarray):
        pass

    with pytest.raises(Invalid):
        as_array(np.zeros(2).view(Sub), func="relu")


def test_as_array_nan_where_none_expected():
    with pytest.raises(Invalid) as e:
        as_array(np.array([0.0, np.nan]), func="softmax")
    assert "(1,)" in e.value.message.en and "nan" in e.value.message.en
    out = as_array(np.array([np.nan]), func="f", allow_nan=True)
    assert np.isnan(out[0])


def test_as_array_shape_error_is_not_invalid():
    with pytest.raises(ShapeError) as e:
        as_array(np.zeros((3, 2)), func="backward", shape=(2, 3), what="dW[1]")
    assert "(2, 3)" in e.value.message.en and "(3, 2)" in e.value.message.en
    assert "dW[1]" in e.value.message.es


def test_as_array_scalars():
    assert as_array(3, func="count_parameters", scalar=True).shape == ()
    assert as_array(np.float64(0.5), func="mse_loss", scalar=True) == 0.5
    assert as_array(np.array([[0.5]]), func="mse_loss", scalar=True, shape=()).shape == ()
    with pytest.raises(Invalid):
        as_array(0.5, func="relu")  # arrays are required where the contract says ndarray


def test_as_array_accepts_bool_and_int_arrays():
    assert as_array(np.array([True, False]), func="step", shape=(2,)).dtype == bool
    assert as_array(np.array([1, 0]), func="step", shape=(2,)).dtype.kind == "i"


def test_formatting_is_compact():
    assert fmt_number(429.0) == "429.0"
    assert fmt_number(0.2350037122) == "0.235004"
    assert fmt_number(7) == "7"
    assert fmt(np.array([[1.0, 2.5], [3.0, 4.0]])) == "array([[1.0, 2.5], [3.0, 4.0]])"
    assert "dtype=float32" in fmt(np.array([1.0], dtype=np.float32))
    big = fmt(np.zeros((100, 100)))
    assert "shape=(100, 100)" in big and len(big) < 120
    assert fmt_call("conv2d", (np.ones((1, 1)),), {"stride": 2}) == "conv2d(array([[1.0]]), stride=2)"
    assert len(fmt("x" * 10_000)) <= 400


def test_a_mismatch_within_six_digits_shows_every_digit():
    mm = first_mismatch(np.array([-1.9500001]), np.array([-1.95]), rtol=1e-9, atol=0.0)
    assert mm is not None and mm.text.en.endswith("expected -1.95, got -1.9500001")
