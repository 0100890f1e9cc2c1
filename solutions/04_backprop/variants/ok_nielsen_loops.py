"""A correct 04_backprop in the style of M. Nielsen's `network.py` ("Neural Networks and Deep
Learning", ch. 2): one sample at a time as a column vector, `feedforward` and `backprop(x, y)`
returning (nabla_b, nabla_w) for that sample, gradients summed over the batch. Adapted to the
contract by interface-only wrappers: the cache holds only X (backward recomputes per sample), the
quadratic cost's per-sample gradient (a − y) is scaled by 2/m for the mean over all m entries,
and softmax goes through its full Jacobian. Biases kept as (H, 1) columns inside, (H,) outside.
"""

import math

import numpy as np


def _sigmoid(z):
    out = np.empty_like(z)
    for i in range(z.shape[0]):
        for j in range(z.shape[1]):
            v = z[i, j]
            out[i, j] = 1.0 / (1.0 + math.exp(-v)) if v >= 0 else math.exp(v) / (1.0 + math.exp(v))
    return out


def _act(z, name):
    if name == "identity":
        return z
    if name == "sigmoid":
        return _sigmoid(z)
    if name == "tanh":
        return np.tanh(z)
    if name == "relu":
        return np.where(z > 0, z, 0.0)
    if name == "softmax":  # z is one column: one sample
        e = np.exp(z - np.max(z))
        return e / np.sum(e)
    raise ValueError(name)


def _act_prime_times(delta_a, z, a, name):
    """dL/dz for one column from dL/da."""
    if name == "identity":
        return delta_a
    if name == "sigmoid":
        return delta_a * a * (1 - a)
    if name == "tanh":
        return delta_a * (1 - a ** 2)
    if name == "relu":
        return delta_a * np.where(z > 0, 1.0, 0.0)
    if name == "softmax":
        jac = np.diagflat(a) - a @ a.T
        return jac @ delta_a
    raise ValueError(name)


class Network:
    def __init__(self, weights, biases, activation, output_activation):
        self.weights = [np.array(w, dtype=float) for w in weights]
        self.biases = [np.array(b, dtype=float).reshape(-1, 1) for b in biases]
        self.num_layers = len(self.weights) + 1
        self.names = [activation] * (len(self.weights) - 1) + [output_activation]

    def feedforward(self, a):
        for b, w, name in zip(self.biases, self.weights, self.names):
            a = _act(np.dot(w, a) + b, name)
        return a

    def backprop(self, x, y):
        nabla_b = [np.zeros(b.shape) for b in self.biases]
        nabla_w = [np.zeros(w.shape) for w in self.weights]
        activation = x
        activations = [x]
        zs = []
        for b, w, name in zip(self.biases, self.weights, self.names):
            z = np.dot(w, activation) + b
            zs.append(z)
            activation = _act(z, name)
            activations.append(activation)
        delta = _act_prime_times(self.cost_derivative(activations[-1], y), zs[-1], activations[-1],
                                 self.names[-1])
        nabla_b[-1] = delta
        nabla_w[-1] = np.dot(delta, activations[-2].transpose())
        for layer in range(2, self.num_layers):
            delta_a = np.dot(self.weights[-layer + 1].transpose(), delta)
            delta = _act_prime_times(delta_a, zs[-layer], activations[-layer], self.names[-layer])
            nabla_b[-layer] = delta
            nabla_w[-layer] = np.dot(delta, activations[-layer - 1].transpose())
        return nabla_b, nabla_w

    def cost_derivative(self, output_activations, y):
        return output_activations - y


# --- the contract ------------------------------------------------------------------------------
def init_params(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    pairs = list(zip(layer_sizes[:-1], layer_sizes[1:]))
    weights = [rng.uniform(-1 / math.sqrt(x), 1 / math.sqrt(x), size=(y, x)) for x, y in pairs]
    biases = [rng.uniform(-1 / math.sqrt(x), 1 / math.sqrt(x), size=y) for x, y in pairs]
    return list(zip(weights, biases))


def count_parameters(layer_sizes):
    total = 0
    for x, y in zip(layer_sizes[:-1], layer_sizes[1:]):
        total += y * x + y
    return total


def forward(X, params, activation="sigmoid", output_activation="identity"):
    net = Network([w for w, _ in params], [b for _, b in params], activation, output_activation)
    X = np.asarray(X, dtype=float)
    rows = [net.feedforward(X[i].reshape(-1, 1)).ravel() for i in range(X.shape[0])]
    return np.array(rows), {"X": X}


def mse_loss(y_hat, y):
    y_hat = np.asarray(y_hat, dtype=float)
    y = np.asarray(y, dtype=float).reshape(y_hat.shape)
    total = 0.0
    for v in (y_hat - y).ravel():
        total += v * v
    return total / y_hat.size


def backward(y, cache, params, activation="sigmoid", output_activation="identity"):
    net = Network([w for w, _ in params], [b for _, b in params], activation, output_activation)
    X = cache["X"]
    y = np.asarray(y, dtype=float).reshape(X.shape[0], -1)
    m = y.size
    nabla_b = [np.zeros(b.shape) for b in net.biases]
    nabla_w = [np.zeros(w.shape) for w in net.weights]
    for i in range(X.shape[0]):
        db, dw = net.backprop(X[i].reshape(-1, 1), y[i].reshape(-1, 1))
        nabla_b = [nb + d for nb, d in zip(nabla_b, db)]
        nabla_w = [nw + d for nw, d in zip(nabla_w, dw)]
    return [(2.0 / m * w, 2.0 / m * b.ravel()) for w, b in zip(nabla_w, nabla_b)]


def gd_step(params, grads, lr):
    return [(w - lr * dw, b - lr * db) for (w, b), (dw, db) in zip(params, grads)]
