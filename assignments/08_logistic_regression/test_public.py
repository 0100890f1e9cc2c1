"""Public tests for assignment 08 (logistic regression). Run: pytest test_public.py

Fixed inputs and fixed expected values: the statement's worked example (the slides' five
customers), exact numbers (σ(0) = 1/2, J = ln 2 at p = 1/2), the slides' feature-count table.
Every case builds its own inputs.
"""

import math
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import logreg  # noqa: E402
import numpy as np  # noqa: E402

TOL = {"rtol": 1e-6, "atol": 1e-9}


def customers():
    """The slides' five customers: income (k€), age (years); a fresh array per call."""
    return np.array([[97.17, 26.6], [44.67, 32.3], [46.64, 26.7], [33.84, 23.7], [79.35, 27.0]])


def test_predict_proba_customers():
    got = logreg.predict_proba(customers(), np.array([0.2, 0.0]), -12.0)
    np.testing.assert_allclose(
        got, [0.999409529361, 0.04453171241, 0.064645929591, 0.005314434836, 0.979567812686], **TOL,
        err_msg="predict_proba(clientes / customers, w=[0.2, 0], b=-12)")


def test_predict_proba_extreme_z_without_warnings():
    X = np.array([[-1e4], [0.0], [1e4]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a NumPy RuntimeWarning fails the test
        got = logreg.predict_proba(X, np.array([1.0]), 0.0)
    np.testing.assert_allclose(got, [0.0, 0.5, 1.0], rtol=0, atol=1e-12,
                               err_msg="predict_proba con z = -1e4, 0, 1e4 / with z = -1e4, 0, 1e4")


def test_predict_customers_and_threshold():
    got = logreg.predict(customers(), np.array([0.2, 0.0]), -12.0)
    assert np.array_equal(got, [1, 0, 0, 0, 1]), f"predict(clientes / customers) = {got}"
    assert got.dtype.kind in "iu", f"predict debe devolver enteros / must return integers: {got.dtype}"
    # z = 0 -> p = 0.5 -> class 1 (p >= threshold); sigma(1) = 0.731 is class 0 at 0.8
    got = logreg.predict(np.array([[0.0], [1.0]]), np.array([1.0]), 0.0)
    assert np.array_equal(got, [1, 1]), f"predict en z = 0 / at z = 0: {got} (p >= 0.5 -> 1)"
    got = logreg.predict(np.array([[0.0], [1.0], [2.0]]), np.array([1.0]), 0.0, threshold=0.8)
    assert np.array_equal(got, [0, 0, 1]), f"predict(..., threshold=0.8) = {got}"


def test_bce_loss_values():
    got = logreg.bce_loss(np.array([0.5, 0.5, 0.5, 0.5]), np.array([1.0, 0.0, 0.0, 1.0]))
    assert math.isclose(got, 0.6931471805599453, rel_tol=1e-9), f"bce_loss(p = 0.5) = {got}, ln 2 esperado / expected"
    got = logreg.bce_loss(np.array([0.9, 0.2, 0.3, 0.6]), np.array([1.0, 0.0, 1.0, 0.0]))
    assert math.isclose(got, 0.6121919007930318, rel_tol=1e-9), f"bce_loss = {got}"


def test_bce_loss_clips_p():
    p = np.array([0.0, 1.0, 0.0, 1.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = logreg.bce_loss(p, np.array([0.0, 1.0, 1.0, 0.0]))
    assert math.isclose(got, 13.815516088455976, rel_tol=1e-6), (
        f"bce_loss con p = 0 y 1 / with p = 0 and 1: {got} (p recortada / clipped to [1e-12, 1 - 1e-12])")
    assert np.array_equal(p, [0.0, 1.0, 0.0, 1.0]), "bce_loss modificó p / bce_loss modified p"


def test_gradients_at_zero():
    X = customers()
    dw, db = logreg.gradients(X, np.array([1.0, 0.0, 0.0, 0.0, 1.0]), np.zeros(2), 0.0)
    np.testing.assert_allclose(dw, [-5.137, 2.91], **TOL, err_msg="gradients: dw en w = 0 / at w = 0")
    assert math.isclose(db, 0.1, rel_tol=1e-9), f"gradients: db = {db}, esperado / expected 0.1"
    assert np.array_equal(X, customers()), "gradients modificó X / gradients modified X"


def test_fit_zero_start_and_one_step():
    y = np.array([1.0, 0.0, 0.0, 0.0, 1.0])
    w, b = logreg.fit(customers(), y, epochs=0)
    np.testing.assert_allclose(w, [0.0, 0.0], err_msg="fit(..., epochs=0): w = 0")
    assert b == 0.0, f"fit(..., epochs=0): b = {b}, esperado / expected 0"
    w, b = logreg.fit(customers(), y, epochs=1)
    np.testing.assert_allclose(w, [0.5137, -0.291], **TOL, err_msg="fit(..., epochs=1): w")
    assert math.isclose(b, -0.01, rel_tol=1e-9), f"fit(..., epochs=1): b = {b}, esperado / expected -0.01"


def test_fit_defaults_on_scaled_customers():
    # income and age in hundreds; lr = 0.1, epochs = 1000 by default
    X = np.array([[0.9717, 0.266], [0.4467, 0.323], [0.4664, 0.267], [0.3384, 0.237], [0.7935, 0.27]])
    w, b = logreg.fit(X, np.array([1.0, 0.0, 0.0, 0.0, 1.0]))
    np.testing.assert_allclose(w, [5.298674514365, -1.051880182534], **TOL, err_msg="fit (valores por defecto / defaults): w")
    assert math.isclose(b, -3.287968262, rel_tol=1e-6), f"fit (valores por defecto / defaults): b = {b}"


def test_n_poly_features_slides_table():
    got = [logreg.n_poly_features(100, k, distinct=False) for k in (1, 2, 3, 4, 5)]
    assert got == [101, 10101, 1010101, 101010101, 10101010101], f"tabla / table (distinct=False): {got}"
    got = [logreg.n_poly_features(100, k) for k in (1, 2, 3)]
    assert got == [101, 5151, 176851], f"monomios distintos / distinct monomials (d = 100): {got}"
    got = [logreg.n_poly_features(2, k) for k in (1, 2, 4)]
    assert got == [3, 6, 15], f"RegLog, RegLog2, RegLog4 (d = 2): {got}"
    assert logreg.n_poly_features(5, 0) == 1, "grado 0: solo el sesgo / degree 0: the bias only"
    big = logreg.n_poly_features(1000, 6, distinct=False)
    assert isinstance(big, int) and big == 1001001001001001001, f"entero exacto / exact integer: {big!r}"
