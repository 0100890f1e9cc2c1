# %% [markdown]
# ## Normas del gradiente por capa / Gradient norms per layer
# Sigmoide (inicialización uniforme) frente a ReLU (inicialización He), con 10 y 30 capas de 64
# unidades, d_in = 32 y 100 muestras N(0, 1). ¿Por qué cae la sigmoide? ¿Por qué no la ReLU?
# Sigmoid (uniform init) vs ReLU (He init), 10 and 30 layers of 64 units. Why does sigmoid fall?
# Why does ReLU not?

# %%
import matplotlib.pyplot as plt
import numpy as np

fig, axes = plt.subplots(1, 2, figsize=(10, 4))
for ax, depth in zip(axes, (10, 30)):
    X = np.random.default_rng(100).standard_normal((100, 32))
    for act, init in (("sigmoid", "uniform"), ("relu", "he")):
        g = gradient_norms(init_params(depth, 64, 32, init, seed=0), X, act)
        ax.semilogy(range(1, depth + 1), g, marker="o", label=f"{act} ({init})")
    ax.set_xlabel("capa / layer")
    ax.set_ylabel("‖∂L/∂W_l‖_F")
    ax.set_title(f"depth = {depth}")
    ax.legend()
plt.tight_layout()
plt.show()
