# %% [markdown]
# ## Curvas y derivadas / Curves and derivatives
#
# Cada activación (línea continua) con su derivada (discontinua).
# Each activation (solid) with its derivative (dashed).

# %%
import matplotlib.pyplot as plt
import numpy as np

z = np.linspace(-4, 4, 401)
names = ["binary_step", "sigmoid", "tanh", "arctan", "relu", "leaky_relu", "elu", "softplus"]
fig, axes = plt.subplots(2, 4, figsize=(11, 5), sharex=True)
for ax, name in zip(axes.ravel(), names):
    f = globals()[name]
    df = globals()[name + "_derivative"]
    ax.plot(z, f(z), label="f")
    ax.plot(z, df(z), "--", label="f'")
    ax.axhline(0, color="gray", lw=0.5)
    ax.axvline(0, color="gray", lw=0.5)
    ax.set_title(name)
    ax.set_ylim(-1.6, 4.1)
axes[0, 0].legend()
fig.tight_layout()

# %% [markdown]
# El máximo de $\sigma'$ es $\sigma'(0) = 0.25$: en una red profunda de sigmoides cada capa
# multiplica el gradiente por $\le 0.25$ (desvanecimiento del gradiente).
# The maximum of $\sigma'$ is $\sigma'(0) = 0.25$: in a deep sigmoid network each layer multiplies
# the gradient by $\le 0.25$ (vanishing gradient).

# %%
print("max sigma' =", sigmoid_derivative(z).max(), "  0.25**10 =", 0.25**10)

# %% [markdown]
# ## Softmax vs sigmoide / Softmax vs sigmoid
# Con dos clases, softmax de $[0, z]$ es la sigmoide de $z$.
# With two classes, the softmax of $[0, z]$ is the sigmoid of $z$.

# %%
two = softmax(np.stack([np.zeros_like(z), z], axis=1), axis=1)[:, 1]
print("max |softmax([0, z])_1 - sigmoid(z)| =", np.abs(two - sigmoid(z)).max())
