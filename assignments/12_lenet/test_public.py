"""Public tests of 12_lenet: fixed inputs, fixed expected values (the slides' and LeNet's)."""

import torch
from lenet import LeNet5, conv_output_size, count_parameters


def test_conv_output_size_slides():
    assert conv_output_size(5, 3) == 3  # 5×5 input, 3×3 filter -> 3×3
    assert conv_output_size(32, 5) == 28
    assert conv_output_size(28, 2, stride=2) == 14
    assert conv_output_size(28, 5, padding=2) == 28


def test_lenet_output_shape_and_parameters():
    model = LeNet5()
    assert model(torch.zeros(2, 1, 32, 32)).shape == (2, 10)
    assert count_parameters(model) == 61706


def test_count_parameters_linear():
    assert count_parameters(torch.nn.Linear(3, 2)) == 8
