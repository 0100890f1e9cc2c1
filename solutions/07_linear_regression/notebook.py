# %% [markdown]
# ## La recta aprendida / The learned line
#
# Datos sintéticos alrededor de $y = 1 + 2x$ (semilla fija), repartidos en entrenamiento,
# validación y prueba con `split_indices`; `fit` sólo ve los de entrenamiento.
# Synthetic data around $y = 1 + 2x$ (fixed seed), split into training, validation and test with
# `split_indices`; `fit` only sees the training ones.

# %%
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(7)
x_all = rng.uniform(-2.0, 3.0, 60)
y_all = 1.0 + 2.0 * x_all + rng.normal(0.0, 0.6, 60)
train_idx, val_idx, test_idx = split_indices(len(x_all), val=0.2, test=0.2, seed=0)
print("train/val/test:", len(train_idx), len(val_idx), len(test_idx))

theta0, theta1, history = fit(x_all[train_idx], y_all[train_idx], alpha=0.05, epochs=300)
print(f"theta0 = {theta0:.4f}, theta1 = {theta1:.4f}")
for name, idx in (("train", train_idx), ("val", val_idx), ("test", test_idx)):
    print(f"J({name}) = {cost(x_all[idx], y_all[idx], theta0, theta1):.4f}")

fig, axes = plt.subplots(1, 2, figsize=(10, 3.8))
grid = np.linspace(-2.0, 3.0, 50)
for name, idx, marker in (("train", train_idx, "o"), ("val", val_idx, "s"), ("test", test_idx, "^")):
    axes[0].scatter(x_all[idx], y_all[idx], marker=marker, label=name, alpha=0.8)
axes[0].plot(grid, predict(grid, theta0, theta1), "k-", label="ŷ = θ0 + θ1·x")
axes[0].set_xlabel("x")
axes[0].set_ylabel("y")
axes[0].legend()
axes[1].semilogy(history)
axes[1].set_xlabel("paso / step")
axes[1].set_ylabel("J (history)")
axes[1].set_title("J antes y después de cada paso / J before and after each step")
fig.tight_layout()

# %% [markdown]
# ## Simultánea frente a secuencial / Simultaneous vs sequential
#
# La actualización secuencial (θ0 primero, θ1 con el θ0 nuevo) sigue otro camino en el plano
# $(\theta_0, \theta_1)$. The sequential update (θ0 first, θ1 from the new θ0) follows another path
# in the $(\theta_0, \theta_1)$ plane.

# %%
x_ex = np.array([1.0, 2.0, 3.0, 4.0])
y_ex = np.array([3.0, 5.0, 7.0, 9.0])


def sequential_step(x, y, t0, t1, alpha):
    t0 = t0 - alpha * gradients(x, y, t0, t1)[0]
    return t0, t1 - alpha * gradients(x, y, t0, t1)[1]


paths = {"simultánea / simultaneous": gd_step, "secuencial / sequential": sequential_step}
fig, ax = plt.subplots(figsize=(5.5, 4.2))
t0_grid, t1_grid = np.meshgrid(np.linspace(-0.5, 1.5, 81), np.linspace(0.0, 2.5, 81))
J_grid = np.vectorize(lambda a, b: cost(x_ex, y_ex, a, b))(t0_grid, t1_grid)
ax.contour(t0_grid, t1_grid, J_grid, levels=np.logspace(-2, 1.5, 12), cmap="viridis")
for label, step_fn in paths.items():
    t = [(0.0, 0.0)]
    for _ in range(15):
        t.append(step_fn(x_ex, y_ex, *t[-1], 0.1))
    t = np.array(t)
    ax.plot(t[:, 0], t[:, 1], "o-", ms=3, label=label)
ax.plot(1.0, 2.0, "k*", ms=12, label="mínimo / minimum (1, 2)")
ax.set_xlabel("θ0")
ax.set_ylabel("θ1")
ax.legend(fontsize=8)
print("primer paso / first step:", gd_step(x_ex, y_ex, 0.0, 0.0, 0.1), "vs", sequential_step(x_ex, y_ex, 0.0, 0.0, 0.1))
