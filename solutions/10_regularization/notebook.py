# %% [markdown]
# ## Sobreajuste y regularización / Overfitting and regularization
#
# Una red sobredimensionada (1 → 64 → 64 → 1, tanh; 4 353 parámetros) aprende 20 puntos ruidosos de
# $y = \sin(\pi x) + \varepsilon$, $\varepsilon \sim \mathcal{N}(0, 0.3^2)$, y se evalúa en 200
# puntos de validación. Se entrena igual (Adam, lr = 0.01, 1500 épocas, semillas fijas) sin
# regularizar, con L2 (`l2_penalty`, `l2_grad`) y con dropout en las capas ocultas (`dropout`,
# `dropout_backward`); la parada temprana (`early_stopping`) se aplica a la curva de validación
# sin regularizar. / An over-sized network (1 → 64 → 64 → 1, tanh; 4,353 parameters) learns 20
# noisy points of $y = \sin(\pi x) + \varepsilon$ and is evaluated on 200 validation points.
# The same training (Adam, lr = 0.01, 1500 epochs, fixed seeds) without regularization, with L2
# and with dropout on the hidden layers; early stopping is applied to the validation curve of
# the unregularized run. The MLP below is given code (the same as in 04).

# %%
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)
x_train = np.sort(rng.uniform(-1, 1, size=(20, 1)), axis=0)
y_train = np.sin(np.pi * x_train) + 0.3 * rng.normal(size=x_train.shape)
x_val = np.linspace(-1, 1, 200).reshape(-1, 1)
y_val = np.sin(np.pi * x_val) + 0.3 * rng.normal(size=x_val.shape)


def init_mlp(sizes, seed=0):
    """Xavier-initialised weights W (fan_in, fan_out) and zero biases, samples are rows."""
    r = np.random.default_rng(seed)
    return [(r.normal(0, np.sqrt(1 / m), size=(m, n)), np.zeros(n)) for m, n in zip(sizes[:-1], sizes[1:])]


def forward(params, X, p=0.0, training=False, seed=0):
    """tanh hidden layers with dropout (probability p) on their outputs, linear output.
    Returns the output and what backward needs: each hidden layer's (input, pre-activation,
    mask) and the output layer's input."""
    cache, a = [], X
    for i, (W, b) in enumerate(params[:-1]):
        z = a @ W + b
        h, mask = dropout(np.tanh(z), p, training=training, seed=seed + i)
        cache.append((a, z, mask))
        a = h
    W, b = params[-1]
    return a @ W + b, (cache, a)


def backward(params, caches, out, y, p=0.0):
    """Gradients of the MSE (1/n)·Σ (out − y)² with respect to every W and b."""
    cache, x_last = caches
    d = 2 * (out - y) / len(y)
    grads = [(x_last.T @ d, d.sum(axis=0))]
    for i in range(len(params) - 2, -1, -1):
        a_in, z, mask = cache[i]
        dh = dropout_backward(d @ params[i + 1][0].T, mask, p)
        d = dh * (1 - np.tanh(z) ** 2)
        grads.append((a_in.T @ d, d.sum(axis=0)))
    return grads[::-1]


def train(lam=0.0, p=0.0, epochs=1500, lr=0.01):
    params = init_mlp([1, 64, 64, 1], seed=1)
    m = [(np.zeros_like(W), np.zeros_like(b)) for W, b in params]
    v = [(np.zeros_like(W), np.zeros_like(b)) for W, b in params]
    train_loss, val_loss = [], []
    for t in range(1, epochs + 1):
        out, cache = forward(params, x_train, p, training=p > 0, seed=10 * t)
        weights = [W for W, _ in params]
        train_loss.append(np.mean((out - y_train) ** 2) + l2_penalty(weights, lam))
        val_loss.append(np.mean((forward(params, x_val)[0] - y_val) ** 2))
        grads = backward(params, cache, out, y_train, p)
        new = []
        for k, ((W, b), (gW, gb)) in enumerate(zip(params, grads)):
            gW = gW + l2_grad(W, lam)  # only the weights are penalised
            (mW, mb), (vW, vb) = m[k], v[k]
            mW, mb = 0.9 * mW + 0.1 * gW, 0.9 * mb + 0.1 * gb
            vW, vb = 0.999 * vW + 0.001 * gW**2, 0.999 * vb + 0.001 * gb**2
            m[k], v[k] = (mW, mb), (vW, vb)
            c1, c2 = 1 - 0.9**t, 1 - 0.999**t
            new.append((W - lr * (mW / c1) / (np.sqrt(vW / c2) + 1e-8),
                        b - lr * (mb / c1) / (np.sqrt(vb / c2) + 1e-8)))
        params = new
    return params, np.array(train_loss), np.array(val_loss)


runs = {"sin regularizar / none": train(), "L2, λ = 1e-3": train(lam=1e-3),
        "dropout, p = 0.2": train(p=0.2)}
best_epoch, stop_epoch = early_stopping(runs["sin regularizar / none"][2], patience=100)
print(f"early stopping (patience = 100): best_epoch = {best_epoch}, stop_epoch = {stop_epoch}")
for name, (_, tr, va) in runs.items():
    print(f"{name:24s} final train {tr[-1]:.4f}   final val {va[-1]:.4f}   min val {va.min():.4f}")

# %%
fig, axes = plt.subplots(1, 4, figsize=(17, 3.6))
for ax, (name, (_, tr, va)) in zip(axes, runs.items()):
    ax.plot(tr, label="entrenamiento / training")
    ax.plot(va, label="validación / validation")
    ax.set_yscale("log")
    ax.set_title(name)
    ax.set_xlabel("época / epoch")
axes[0].axvline(best_epoch, color="k", ls=":", label=f"mejor / best = {best_epoch}")
axes[0].axvline(stop_epoch, color="r", ls="--", label=f"parada / stop = {stop_epoch}")
axes[0].legend(fontsize=7)
for name, (params, _, _) in runs.items():
    axes[3].plot(x_val, forward(params, x_val)[0], label=name)
axes[3].scatter(x_train, y_train, c="k", s=12, zorder=3, label="20 puntos / points")
axes[3].plot(x_val, np.sin(np.pi * x_val), "k:", label="sin(πx)")
axes[3].set_title("funciones aprendidas / learned functions")
axes[3].legend(fontsize=7)
fig.tight_layout()
