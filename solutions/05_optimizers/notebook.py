# %% [markdown]
# ## Trayectorias en un cuenco alargado / Paths on an elongated bowl
#
# $f(x, y) = \tfrac12 (x^2 + 20\,y^2)$, $\nabla f = (x,\ 20\,y)$: muy empinado en $y$, casi plano
# en $x$ (como datos sin normalizar). / Very steep in $y$, almost flat in $x$ (like unnormalised
# data). 60 pasos de cada optimizador desde $(-4, 1.5)$. / 60 steps of each optimizer from $(-4, 1.5)$.

# %%
import matplotlib.pyplot as plt
import numpy as np

scale = np.array([1.0, 20.0])


def bowl(p):
    return 0.5 * np.sum(scale * p**2, axis=-1)


def bowl_grad(p):
    return scale * p


def run(step, init=None, steps=60, **hyper):
    w = np.array([-4.0, 1.5])
    state = init(w) if init else None
    path = [w]
    for _ in range(steps):
        g = bowl_grad(w)
        if state is None:
            w = step(w, g, **hyper)
        else:
            w, state = step(w, g, state, **hyper)
        path.append(w)
    return np.array(path)


paths = {
    "SGD (lr 0.09)": run(sgd_step, lr=0.09),
    "momentum (lr 0.09, β 0.9)": run(momentum_step, momentum_init, lr=0.09, beta=0.9),
    "RMSprop (lr 0.1)": run(rmsprop_step, rmsprop_init, lr=0.1),
    "Adam (lr 0.3)": run(adam_step, adam_init, lr=0.3),
}

xx, yy = np.meshgrid(np.linspace(-4.5, 1.5, 200), np.linspace(-2, 2, 200))
fig, (ax, ax_loss) = plt.subplots(1, 2, figsize=(11, 4))
ax.contour(
    xx, yy, bowl(np.stack([xx, yy], axis=-1)), levels=np.geomspace(0.05, 60, 14), colors="lightgray"
)
for label, path in paths.items():
    ax.plot(path[:, 0], path[:, 1], ".-", ms=3, lw=1, label=label)
    ax_loss.semilogy(bowl(path), label=label)
ax.plot(0, 0, "k*", ms=10)
ax.set_title("trayectorias / paths")
ax.legend(fontsize=8)
ax_loss.set_xlabel("paso / step")
ax_loss.set_ylabel("f")
ax_loss.set_title("f por paso / f per step")
fig.tight_layout()

# %% [markdown]
# ## Decaimiento del paso / Learning-rate decay
# $\alpha = \alpha_0 / (1 + \gamma\cdot\text{epoch})$. La forma impresa en las diapositivas,
# $\alpha_0 / (1 - \gamma\cdot\text{epoch})$, crece y explota en $\text{epoch} = 1/\gamma$.
# The form printed on the slides, $\alpha_0 / (1 - \gamma\cdot\text{epoch})$, grows and blows up
# at $\text{epoch} = 1/\gamma$.

# %%
epochs = np.arange(50)
fig, ax = plt.subplots(figsize=(5, 3))
for gamma in (0.05, 0.2, 1.0):
    ax.plot(epochs, [lr_decay(0.1, gamma, e) for e in epochs], label=f"γ = {gamma}")
ax.set_xlabel("epoch")
ax.set_ylabel("α")
ax.legend()
fig.tight_layout()
