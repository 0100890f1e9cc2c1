"""reference.lenet against torch: sizes against real convolutions, the functional forward
against the torch LeNet5 with the same weights (CPU; CUDA cases skip without a GPU)."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from _refhelpers import DEVICES

from reference import lenet as R
from reference.torch_oracles import lenet as T


@pytest.mark.parametrize("n, k, s, p", [(5, 3, 1, 0), (32, 5, 1, 0), (28, 2, 2, 0),
                                        (28, 5, 1, 2), (7, 3, 2, 1), (10, 4, 3, 2)])
def test_conv_output_size_is_torchs(n, k, s, p):
    out = F.conv2d(torch.zeros(1, 1, n, n), torch.zeros(1, 1, k, k), stride=s, padding=p)
    assert R.conv_output_size(n, k, s, p) == out.shape[-1]
    assert R.conv_output_size(5, 3) == 3


def test_parameter_shapes_and_count():
    m = T.built(0)
    assert [tuple(p.shape) for p in m.parameters()] == R.PARAM_SHAPES
    assert R.N_PARAMS == T.count_parameters(m) == 61706


@pytest.mark.parametrize("device", DEVICES)
def test_functional_forward_is_the_torch_model(device):
    m = T.built(0).double().to(device)
    x = np.random.default_rng(0).normal(size=(5, 1, 32, 32))
    with torch.no_grad():
        want = m(torch.as_tensor(x, device=device)).cpu().numpy()
    got = R.lenet_forward(x, T.parameters_of(m))
    # float64, fan-ins ≤ 400: rounding ≪ 1e-10
    assert np.max(np.abs(got - want)) <= 1e-10 * (1 + np.max(np.abs(want)))
    assert np.max(np.abs(T.lenet_forward((x, T.parameters_of(m)), {}, device) - got)) <= 1e-10


def test_split_and_upsample():
    d = np.load("solutions/12_lenet/digits.npz")
    Xtr, ytr, Xte, yte = R.digits_split(d["X"], d["y"])
    assert Xtr.shape == (1437, 1, 32, 32) and Xte.shape == (360, 1, 32, 32)
    assert Xtr.dtype == np.float32 and Xtr.min() == -1 and Xtr.max() == 1
    assert np.array_equal(Xtr[0, 0, :4, :4], np.full((4, 4), Xtr[0, 0, 0, 0]))
    assert R.accuracy(np.eye(3), [0, 1, 0]) == pytest.approx(2 / 3)
