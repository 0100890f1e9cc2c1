"""Public tests for assignment 02 (XOR). Run: pytest test_public.py

Expected values come from the slides (the hand-set XOR network, "Combinación 1..4") and from
computing small cases by hand.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import numpy as np  # noqa: E402
import pytest  # noqa: E402
import xor  # noqa: E402


# Every test builds its own inputs (new arrays on each call), so a function that modifies its
# inputs cannot spoil the next test.
def x_table():
    return np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])


def y_table():
    return np.array([[0.0], [1.0], [1.0], [0.0]])


def slides_weights():
    """The slides' weights: W = [[1, 1], [1, 1]], b = [0, -1], U = [[1, -2]], c = [0]."""
    return np.ones((2, 2)), np.array([0.0, -1.0]), np.array([[1.0, -2.0]]), np.array([0.0])


def test_relu_values():
    z = np.array([-3.0, -0.5, 0.0, 0.5, 3.0])
    got = xor.relu(z)
    expected = np.array([0.0, 0.0, 0.0, 0.5, 3.0])
    assert np.allclose(got, expected), f"relu({z.tolist()}) = {got}, esperado/expected {expected}"


def test_relu_keeps_float32_and_z():
    z = np.array([[-1.5, 0.0], [2.0, -0.25]], dtype=np.float32)
    got = xor.relu(z)
    assert np.asarray(got).dtype == np.float32, (
        f"relu(float32): dtype {np.asarray(got).dtype}, esperado/expected float32"
    )
    assert np.array_equal(got, [[0.0, 0.0], [2.0, 0.0]]), f"relu(2x2) = {got}"
    assert np.array_equal(z, np.array([[-1.5, 0.0], [2.0, -0.25]], dtype=np.float32)), (
        f"relu modificó z / relu modified z: {z}"
    )


def test_forward_slides_network():
    # Combinación 1..4 of the slides: outputs 0, 1, 1, 0.
    got = xor.forward(x_table(), *slides_weights())
    assert np.shape(got) == (4, 1), (
        f"forward: forma/shape {np.shape(got)}, esperado/expected (4, 1)"
    )
    assert np.allclose(got, y_table()), (
        f"forward(tabla/table, pesos de las diapositivas/slides' weights) = {np.ravel(got)}, "
        f"esperado/expected [0, 1, 1, 0]"
    )


def test_forward_by_hand():
    # Row [1, 2]: V = [1.5, -2, -1] -> U = [1.5, 0, 0] -> 2*1.5 + 1 = 4.
    # Row [0, 0]: V = [0.5, 0, -5] -> U = [0.5, 0, 0] -> 2*0.5 + 1 = 2.
    X = np.array([[1.0, 2.0], [0.0, 0.0]])
    W1 = np.array([[1.0, 0.0], [0.0, -1.0], [2.0, 1.0]])
    b1 = np.array([0.5, 0.0, -5.0])
    W2 = np.array([[2.0, 3.0, 4.0]])
    b2 = np.array([1.0])
    got = xor.forward(X, W1, b1, W2, b2)
    assert np.allclose(got, [[4.0], [2.0]]), (
        f"forward(3 ocultas/hidden) = {np.ravel(got)}, esperado/expected [4, 2]"
    )


def test_xor_weights_solve_xor():
    W1, b1, W2, b2 = xor.xor_weights()
    assert np.shape(W2)[0] == 1 and np.shape(W1)[1] == 2, (
        f"xor_weights: formas/shapes W1 {np.shape(W1)}, W2 {np.shape(W2)}; "
        "esperado/expected W1 (H, 2), W2 (1, H)"
    )
    got = xor.forward(x_table(), W1, b1, W2, b2)  # uses your forward
    assert np.allclose(got, y_table(), atol=1e-6), (
        f"forward(tabla/table, xor_weights()) = {np.ravel(got)}, esperado/expected [0, 1, 1, 0]"
    )


def test_train_xor_reaches_truth_table():
    W1, b1, W2, b2 = xor.train_xor()
    got = xor.forward(x_table(), W1, b1, W2, b2)  # uses your forward
    predicted = (np.ravel(got) > 0.5).astype(float)
    assert np.array_equal(predicted, [0.0, 1.0, 1.0, 0.0]), (
        f"train_xor(): salida/output {np.ravel(got)} -> {predicted}, esperado/expected [0, 1, 1, 0]"
    )


def test_train_xor_is_deterministic():
    first = xor.train_xor(hidden=3, epochs=500, seed=7)
    second = xor.train_xor(hidden=3, epochs=500, seed=7)
    assert all(np.array_equal(a, b) for a, b in zip(first, second)), (
        "train_xor(seed=7) dio dos resultados distintos / gave two different results"
    )
    assert np.shape(first[0]) == (3, 2) and np.shape(first[2]) == (1, 3), (
        f"train_xor(hidden=3): formas/shapes W1 {np.shape(first[0])}, W2 {np.shape(first[2])}; "
        "esperado/expected (3, 2), (1, 3)"
    )
    other = xor.train_xor(hidden=3, epochs=500, seed=8)
    assert not all(np.array_equal(a, b) for a, b in zip(first, other)), (
        "train_xor(seed=8) dio lo mismo que seed=7 / gave the same as seed=7: usa/use "
        "np.random.default_rng(seed)"
    )


def _check_torch(device):
    torch = pytest.importorskip("torch")
    net = xor.train_xor_torch(device=device, seed=0)
    assert isinstance(net, torch.nn.Module), (
        f"train_xor_torch devuelve/returns {type(net).__name__}, esperado/expected XorNet"
    )
    X = torch.tensor(x_table(), dtype=torch.float32, device=device)
    with torch.no_grad():
        got = net(X).detach().cpu().numpy()
    predicted = (np.ravel(got) > 0.5).astype(float)
    assert np.array_equal(predicted, [0.0, 1.0, 1.0, 0.0]), (
        f"train_xor_torch({device!r}): salida/output {np.ravel(got)}, esperado/expected [0, 1, 1, 0]"
    )


def test_train_xor_torch_cpu():
    _check_torch("cpu")


def test_train_xor_torch_cuda():
    torch = pytest.importorskip("torch")
    if not torch.cuda.is_available():
        pytest.skip("no hay GPU CUDA / no CUDA GPU available")
    _check_torch("cuda")
