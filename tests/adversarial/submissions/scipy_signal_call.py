"""correlate2d delegates to scipy.signal.correlate2d in a NumPy-only exercise: forbidden; conv2d
and maxpool2d keep their points."""
import numpy as np


def correlate2d(image, kernel):
    from scipy import signal
    return signal.correlate2d(np.asarray(image), np.asarray(kernel), mode="valid")
