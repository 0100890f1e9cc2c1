"""Public tests of 13_vanishing_gradients: fixed inputs, fixed expected values."""

import numpy as np
from vanishing import gradient_norms, init_params


def test_init_params_shapes_and_first_draws():
    params = init_params(2, 3, 2)
    assert [(W.shape, b.shape) for W, b in params] == [((3, 2), (3,)), ((3, 3), (3,))]
    assert np.allclose(params[0][0], [[0.19369308, -0.32557075], [-0.64916147, -0.68373317],
                                      [0.44303102, 0.58372454]], rtol=0, atol=1e-8)
    assert not params[0][1].any() and not params[1][1].any()


def test_init_params_he():
    W, b = init_params(1, 2, 2, "he", seed=1)[0]
    assert np.allclose(W, [[0.34558419, 0.82161814], [0.33043708, -1.30315723]], rtol=0, atol=1e-8)


def test_gradient_norms_worked_example():
    # x = 1, w = 1, b = (-1, -0.5): every z = 0, σ' = 1/4 -> [1/16, 1/8]
    params = [(np.array([[1.0]]), np.array([-1.0])), (np.array([[1.0]]), np.array([-0.5]))]
    assert np.allclose(gradient_norms(params, np.array([[1.0]]), "sigmoid"), [0.0625, 0.125],
                       rtol=1e-12, atol=0)


def test_gradient_norms_chain_of_ten_vanishes():
    params = [(np.array([[1.0]]), np.array([-1.0]))] + [
        (np.array([[1.0]]), np.array([-0.5])) for _ in range(9)]
    g = gradient_norms(params, np.array([[1.0]]), "sigmoid")
    assert g.shape == (10,)
    assert np.isclose(g[0], 9.5367431640625e-07, rtol=1e-12, atol=0)  # (1/4)^10
    assert np.isclose(g[-1], 0.125, rtol=1e-12, atol=0)
