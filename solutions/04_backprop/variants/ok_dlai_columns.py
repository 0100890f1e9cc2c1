"""A correct 04_backprop in the style of deeplearning.ai's "Building your deep neural network
step by step": samples as COLUMNS (A is (H, m)), a `parameters` dict {"W1", "b1", ...} with b as
(H, 1), `linear_activation_forward` / `linear_activation_backward` with (linear_cache,
activation_cache), the textbook sigmoid 1/(1 + e^−z) (it warns on overflow for z < −709 but its
values are right: 0). Adapted to the contract by interface-only wrappers that transpose at the
boundary; the cost's gradient is the mean over all entries (2/m·(A − Y)).
"""

import numpy as np


def sigmoid(Z):
    A = 1 / (1 + np.exp(-Z))
    return A, Z


def relu(Z):
    return np.maximum(0, Z), Z


def tanh(Z):
    return np.tanh(Z), Z


def identity(Z):
    return Z, Z


def softmax(Z):  # columns are samples: normalise each column
    e = np.exp(Z - Z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True), Z


def sigmoid_backward(dA, Z):
    s = 1 / (1 + np.exp(-Z))
    return dA * s * (1 - s)


def relu_backward(dA, Z):
    dZ = np.array(dA, copy=True)
    dZ[Z <= 0] = 0
    return dZ


def tanh_backward(dA, Z):
    return dA * (1 - np.tanh(Z) ** 2)


def identity_backward(dA, Z):
    return dA


def softmax_backward(dA, Z):
    S = softmax(Z)[0]
    return S * (dA - np.sum(dA * S, axis=0, keepdims=True))


FORWARD = {"sigmoid": sigmoid, "relu": relu, "tanh": tanh, "identity": identity, "softmax": softmax}
BACKWARD = {"sigmoid": sigmoid_backward, "relu": relu_backward, "tanh": tanh_backward,
            "identity": identity_backward, "softmax": softmax_backward}


def linear_forward(A, W, b):
    Z = np.dot(W, A) + b
    return Z, (A, W, b)


def linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = linear_forward(A_prev, W, b)
    A, activation_cache = FORWARD[activation](Z)
    return A, (linear_cache, activation_cache)


def linear_backward(dZ, cache):
    A_prev, W, b = cache
    dW = np.dot(dZ, A_prev.T)
    db = np.sum(dZ, axis=1, keepdims=True)
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db


def linear_activation_backward(dA, cache, activation):
    linear_cache, activation_cache = cache
    dZ = BACKWARD[activation](dA, activation_cache)
    return linear_backward(dZ, linear_cache)


def _parameters(params):
    parameters = {}
    for l, (W, b) in enumerate(params, start=1):
        parameters["W" + str(l)] = np.asarray(W, dtype=float)
        parameters["b" + str(l)] = np.asarray(b, dtype=float).reshape(-1, 1)
    return parameters


# --- the contract ------------------------------------------------------------------------------
def init_params(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    out = []
    for l in range(1, len(layer_sizes)):
        limit = 1 / np.sqrt(layer_sizes[l - 1])
        out.append((rng.uniform(-limit, limit, (layer_sizes[l], layer_sizes[l - 1])),
                    rng.uniform(-limit, limit, (layer_sizes[l],))))
    return out


def count_parameters(layer_sizes):
    return sum(layer_sizes[l] * layer_sizes[l - 1] + layer_sizes[l] for l in range(1, len(layer_sizes)))


def forward(X, params, activation="sigmoid", output_activation="identity"):
    parameters = _parameters(params)
    L = len(params)
    A = np.asarray(X, dtype=float).T
    caches = []
    for l in range(1, L):
        A, cache = linear_activation_forward(A, parameters["W" + str(l)], parameters["b" + str(l)], activation)
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters["W" + str(L)], parameters["b" + str(L)],
                                          output_activation)
    caches.append(cache)
    return AL.T, {"AL": AL, "caches": caches}


def mse_loss(y_hat, y):
    y_hat = np.asarray(y_hat, dtype=float)
    Y = np.asarray(y, dtype=float).reshape(y_hat.shape)
    return float(np.mean(np.square(y_hat - Y)))


def backward(y, cache, params, activation="sigmoid", output_activation="identity"):
    AL, caches = cache["AL"], cache["caches"]
    Y = np.asarray(y, dtype=float).T.reshape(AL.shape)
    L = len(caches)
    grads = {}
    dA = 2 * (AL - Y) / AL.size
    dA, grads["dW" + str(L)], grads["db" + str(L)] = linear_activation_backward(dA, caches[L - 1],
                                                                                output_activation)
    for l in reversed(range(L - 1)):
        dA, grads["dW" + str(l + 1)], grads["db" + str(l + 1)] = linear_activation_backward(
            dA, caches[l], activation)
    return [(grads["dW" + str(l)], grads["db" + str(l)].ravel()) for l in range(1, L + 1)]


def gd_step(params, grads, lr):
    parameters = _parameters(params)
    out = []
    for l, (dW, db) in enumerate(grads, start=1):
        out.append((parameters["W" + str(l)] - lr * np.asarray(dW),
                    (parameters["b" + str(l)] - lr * np.asarray(db).reshape(-1, 1)).ravel()))
    return out
