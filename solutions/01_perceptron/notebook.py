# %% [markdown]
# ## Frontera de decisión / Decision boundary
#
# El perceptrón entrenado separa el plano con la recta $w_1 x_1 + w_2 x_2 + b = 0$.
# The trained perceptron splits the plane with the line $w_1 x_1 + w_2 x_2 + b = 0$.

# %%
import matplotlib.pyplot as plt
import numpy as np

X_table = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
gates = {"AND": np.array([0, 0, 0, 1.0]), "OR": np.array([0, 1, 1, 1.0])}

xx, yy = np.meshgrid(np.linspace(-0.5, 1.5, 101), np.linspace(-0.5, 1.5, 101))
grid = np.column_stack([xx.ravel(), yy.ravel()])

fig, axes = plt.subplots(1, 2, figsize=(8, 3.6))
for ax, (name, y) in zip(axes, gates.items()):
    w, b = train(X_table, y)
    regions = predict(grid, w, b).reshape(xx.shape)
    ax.contourf(xx, yy, regions, levels=[-0.5, 0.5, 1.5], colors=["#f4cccc", "#cfe2f3"])
    ax.scatter(X_table[:, 0], X_table[:, 1], c=y, cmap="coolwarm", edgecolors="k", s=80)
    ax.set_title(f"{name}: w = {w}, b = {b:g}")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
fig.tight_layout()

# %% [markdown]
# XOR no es linealmente separable: Rosenblatt nunca termina una época sin errores.
# XOR is not linearly separable: Rosenblatt never finishes an epoch without mistakes.

# %%
y_xor = np.array([0, 1, 1, 0.0])
w, b = train(X_table, y_xor, epochs=100)
print("XOR:", predict(X_table, w, b), "esperado/expected", y_xor)
