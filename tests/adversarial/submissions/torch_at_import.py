"""torch imported at module level and used by softmax: softmax must score zero (forbidden); the
other functions, which do not touch torch, may keep their points but never gain any."""
import numpy as np
import torch


def softmax(z, axis=-1):
    return torch.softmax(torch.as_tensor(np.asarray(z, dtype=float)), dim=axis).numpy()
