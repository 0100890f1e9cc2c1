"""Public tests for assignment 07 (linear regression). Run: pytest test_public.py

Fixed inputs and fixed expected values: the statement's worked example (x = 1, 2, 3, 4 and
y = 1 + 2x, worked out by hand from the slides' rules) and the split of ten indices with seed 0
(np.random.default_rng(0).permutation(10) = [4, 6, 2, 7, 3, 5, 9, 0, 8, 1]). Each case builds its
own inputs.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import linreg  # noqa: E402
import numpy as np  # noqa: E402

TOL = {"rtol": 1e-9, "atol": 1e-12}


def test_predict():
    # ŷ = 0.5 + 2x
    got = linreg.predict(np.array([1.0, 2.0, -1.0]), 0.5, 2.0)
    np.testing.assert_allclose(got, [2.5, 4.5, -1.5], **TOL, err_msg="predict([1, 2, -1], 0.5, 2)")


def test_cost_worked_example():
    # θ = (0, 0): ŷ = 0, Σ(ŷ − y)² = 9 + 25 + 49 + 81 = 164, J = 164 / (2·4) = 20.5
    got = linreg.cost(np.array([1.0, 2.0, 3.0, 4.0]), np.array([3.0, 5.0, 7.0, 9.0]), 0.0, 0.0)
    assert isinstance(got, float), f"cost debe devolver un float / must return a float: {type(got)}"
    assert abs(got - 20.5) < 1e-12, f"cost(ejemplo/example, 0, 0) = {got}, esperado/expected 20.5 (no 41: J lleva ½ / J has ½)"


def test_cost_after_one_step():
    # θ = (0.6, 1.75): residuals −0.65, −0.9, −1.15, −1.4; Σ r² = 4.515; J = 4.515 / 8
    got = linreg.cost(np.array([1.0, 2.0, 3.0, 4.0]), np.array([3.0, 5.0, 7.0, 9.0]), 0.6, 1.75)
    assert abs(got - 0.564375) < 1e-12, f"cost(ejemplo/example, 0.6, 1.75) = {got}, esperado/expected 0.564375"


def test_gradients_worked_example():
    # d0 = (−3 − 5 − 7 − 9) / 4 = −6;  d1 = (−3 − 10 − 21 − 36) / 4 = −17.5
    d0, d1 = linreg.gradients(np.array([1.0, 2.0, 3.0, 4.0]), np.array([3.0, 5.0, 7.0, 9.0]), 0.0, 0.0)
    np.testing.assert_allclose([d0, d1], [-6.0, -17.5], **TOL, err_msg="gradients(ejemplo/example, 0, 0)")


def test_gd_step_is_simultaneous():
    # θ0 = 0 − 0.1·(−6) = 0.6;  θ1 = 0 − 0.1·(−17.5) = 1.75 (both from the old θ).
    # The sequential update would give θ1 = 1.6 (d1 at θ0 = 0.6 is −16).
    t0, t1 = linreg.gd_step(np.array([1.0, 2.0, 3.0, 4.0]), np.array([3.0, 5.0, 7.0, 9.0]), 0.0, 0.0, 0.1)
    np.testing.assert_allclose([t0, t1], [0.6, 1.75], **TOL,
                               err_msg="gd_step(ejemplo/example, 0, 0, 0.1): 1.6 = actualización secuencial / sequential update")


def test_fit_three_steps_and_history():
    # The statement's table: θ after 1, 2, 3 steps = (0.6, 1.75), (0.7025, 2.0375), (0.722875, 2.08375)
    t0, t1, history = linreg.fit(np.array([1.0, 2.0, 3.0, 4.0]), np.array([3.0, 5.0, 7.0, 9.0]),
                                 alpha=0.1, epochs=3)
    np.testing.assert_allclose([t0, t1], [0.722875, 2.08375], **TOL, err_msg="fit(alpha=0.1, epochs=3)")
    assert isinstance(history, np.ndarray) and history.shape == (4,), (
        f"history: forma/shape {np.shape(history)}, esperado/expected (4,) = epochs + 1")
    np.testing.assert_allclose(history, [20.5, 0.564375, 0.0216359375, 0.0066788203125], **TOL,
                               err_msg="history = [J inicial/initial, J tras/after 1, 2, 3]")


def test_fit_defaults_history_length():
    _, _, history = linreg.fit(np.array([1.0, 2.0, 3.0, 4.0]), np.array([3.0, 5.0, 7.0, 9.0]))
    assert np.shape(history) == (1001,), f"fit con valores por defecto / with defaults: forma/shape {np.shape(history)}, esperado/expected (1001,)"
    assert abs(history[0] - 20.5) < 1e-12, f"history[0] = {history[0]}, esperado/expected 20.5 (J inicial / initial J)"


def test_functions_do_not_modify_inputs():
    x = np.array([1.0, 2.0, 3.0, 4.0])
    y = np.array([3.0, 5.0, 7.0, 9.0])
    linreg.predict(x, 0.5, 2.0)
    linreg.cost(x, y, 0.5, 2.0)
    linreg.gradients(x, y, 0.5, 2.0)
    linreg.gd_step(x, y, 0.5, 2.0, 0.1)
    linreg.fit(x, y, alpha=0.1, epochs=2)
    assert np.array_equal(x, [1.0, 2.0, 3.0, 4.0]) and np.array_equal(y, [3.0, 5.0, 7.0, 9.0]), (
        "una función modificó x o y / a function modified x or y")


def test_split_indices_defaults():
    # default_rng(0).permutation(10) = [4, 6, 2, 7, 3, 5, 9, 0, 8, 1]: test 2, val 2, train 6
    train, val, test = linreg.split_indices(10)
    assert list(test) == [4, 6], f"test = {test}, esperado/expected [4, 6]"
    assert list(val) == [2, 7], f"val = {val}, esperado/expected [2, 7] (después de test / after test)"
    assert list(train) == [3, 5, 9, 0, 8, 1], f"train = {train}, esperado/expected [3, 5, 9, 0, 8, 1]"


def test_split_indices_truncates_sizes():
    # 8 · 0.2 = 1.6 -> int(1.6) = 1 test and 1 validation index; default_rng(0).permutation(8) = [2, 4, 3, 6, 5, 0, 1, 7]
    train, val, test = linreg.split_indices(8)
    assert list(test) == [2] and list(val) == [4], f"test = {test}, val = {val}; esperado/expected [2], [4]"
    assert sorted(list(train) + list(val) + list(test)) == [0, 1, 2, 3, 4, 5, 6, 7], "no cubren/do not cover 0..7"


def test_split_indices_same_seed_same_split():
    a = linreg.split_indices(20, val=0.25, test=0.25, seed=3)
    b = linreg.split_indices(20, val=0.25, test=0.25, seed=3)
    assert all(np.array_equal(u, v) for u, v in zip(a, b)), "misma semilla, distinta partición / same seed, different split"
    assert [len(p) for p in a] == [10, 5, 5], f"tamaños/sizes {[len(p) for p in a]}, esperado/expected [10, 5, 5]"
