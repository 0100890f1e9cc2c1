# dlgrade: patch of the model answer
import numpy as np


def gradient_norms(params, X, activation):
    """One sample at a time (the loss is the mean, so the gradients add up over the samples);
    σ' = e/(1 + e)² with e = exp(-|z|)."""
    X = np.asarray(X, dtype=np.float64)
    Ws = [np.asarray(W, dtype=np.float64) for W, _ in params]
    bs = [np.asarray(b, dtype=np.float64) for _, b in params]
    grads = [np.zeros_like(W) for W in Ws]
    scale = 1.0 / (X.shape[0] * Ws[-1].shape[0])
    for x in X:
        inputs, derivs, a = [], [], x
        for W, b in zip(Ws, bs):
            z = W @ a + b
            inputs.append(a)
            if activation == "sigmoid":
                e = np.exp(-np.abs(z))
                a = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
                derivs.append(e / (1 + e) ** 2)
            elif activation == "tanh":
                a = np.tanh(z)
                derivs.append(1 - a ** 2)
            else:
                a = np.maximum(z, 0.0)
                derivs.append(np.where(z > 0, 1.0, 0.0))
        da = np.full(a.shape, scale)
        for l in reversed(range(len(Ws))):
            dz = da * derivs[l]
            grads[l] += np.outer(dz, inputs[l])
            da = Ws[l].T @ dz
    return np.array([np.sqrt(np.sum(g * g)) for g in grads])


def init_params(depth, width, d_in, init="uniform", seed=0):
    rng = np.random.default_rng(seed)
    out = []
    for l in range(depth):
        fan_in = d_in if l == 0 else width
        if init == "he":
            W = rng.normal(0.0, 1.0, (width, fan_in)) * np.sqrt(2.0 / fan_in)
        else:
            a = 1 / np.sqrt(fan_in)
            W = rng.uniform(-a, a, (width, fan_in))
        out.append((W, np.zeros(width)))
    return out
