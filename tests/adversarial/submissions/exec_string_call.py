"""relu_derivative imports scipy.special inside exec() of a string built at run time (nothing for
a static scan to see): the import guard must still stop it."""
import numpy as np


def relu_derivative(z):
    ns = {}
    exec("import " + "sci" + "py.special as s; r = s.expit", ns)
    z = np.asarray(z, dtype=float)
    return np.heaviside(z, 0.0) + 0 * ns["r"](z)
