"""softmax uses torch (a plain import inside the function) in a NumPy-only exercise: forbidden."""
import numpy as np


def softmax(z, axis=-1):
    import torch
    return torch.softmax(torch.as_tensor(np.asarray(z, dtype=float)), dim=axis).numpy()
