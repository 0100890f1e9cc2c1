# %% [markdown]
# ## Regiones de decisión / Decision regions
#
# Salida de la red sobre el cuadrado $[-0.5, 1.5]^2$; la frontera es la curva de nivel 0.5.
# Network output over the square $[-0.5, 1.5]^2$; the boundary is the 0.5 level curve.

# %%
import matplotlib.pyplot as plt
import numpy as np

xx, yy = np.meshgrid(np.linspace(-0.5, 1.5, 121), np.linspace(-0.5, 1.5, 121))
grid = np.column_stack([xx.ravel(), yy.ravel()])
nets = {
    "diapositivas / slides": xor_weights(),
    "train_xor (seed 0)": train_xor(seed=0),
}

fig, axes = plt.subplots(1, 2, figsize=(8, 3.6))
for ax, (title, weights) in zip(axes, nets.items()):
    out = forward(grid, *weights).reshape(xx.shape)
    filled = ax.contourf(xx, yy, out, levels=np.linspace(-1, 2, 13), cmap="coolwarm", extend="both")
    ax.contour(xx, yy, out, levels=[0.5], colors="k")
    ax.scatter(X_XOR[:, 0], X_XOR[:, 1], c=Y_XOR.ravel(), cmap="coolwarm", edgecolors="k", s=80)
    ax.set_title(title)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
fig.colorbar(filled, ax=axes, shrink=0.8)

# %% [markdown]
# La capa oculta lleva las 4 entradas a puntos $u = \mathrm{relu}(Wx + b)$ donde XOR sí es
# linealmente separable. / The hidden layer maps the 4 inputs to points
# $u = \mathrm{relu}(Wx + b)$ where XOR is linearly separable.

# %%
W1, b1, W2, b2 = xor_weights()
U = relu(X_XOR @ W1.T + b1)
print("u =", U.tolist(), " y_hat =", forward(X_XOR, W1, b1, W2, b2).ravel().tolist())

# %% [markdown]
# ## PyTorch

# %%
net = train_xor_torch(device="cpu", seed=0)
with torch.no_grad():
    print(net(torch.tensor(X_XOR, dtype=torch.float32)).ravel())
