# %% [markdown]
# ## ¿Compra un vehículo? / Does the customer buy a vehicle?
#
# Los cinco clientes de las diapositivas y veinte más, inventados con la misma regla aproximada
# (ingresos altos → vehículo), en cientos de m€ y de años. `fit` con los valores por defecto
# (lr = 0.1, epochs = 1000) y la frontera $p = 0.5$, es decir $z = w_1x_1 + w_2x_2 + b = 0$.
# The slides' five customers and twenty more, made up with the same rough rule (high income →
# vehicle), in hundreds of k€ and of years. `fit` with the defaults and the boundary $p = 0.5$,
# that is $z = 0$.

# %%
import warnings

import matplotlib.pyplot as plt
import numpy as np

slides = np.array([[97.17, 26.6], [44.67, 32.3], [46.64, 26.7], [33.84, 23.7], [79.35, 27.0]])
slides_y = np.array([1, 0, 0, 0, 1])
rng = np.random.default_rng(0)
more = np.column_stack([rng.uniform(25, 110, 20), rng.uniform(20, 60, 20)])
more_y = (more[:, 0] + 0.4 * more[:, 1] + rng.normal(0, 8, 20) > 75).astype(int)
X = np.vstack([slides, more]) / 100.0
y = np.concatenate([slides_y, more_y]).astype(float)

w, b = fit(X, y)
print("w =", w, " b =", b)
print("acierto / accuracy:", np.mean(predict(X, w, b) == y))

fig, (ax, ax_loss) = plt.subplots(1, 2, figsize=(11, 4))
xx, yy = np.meshgrid(np.linspace(0.2, 1.15, 200), np.linspace(0.15, 0.65, 200))
grid = np.column_stack([xx.ravel(), yy.ravel()])
cs = ax.contourf(xx, yy, predict_proba(grid, w, b).reshape(xx.shape), levels=20, cmap="RdBu_r",
                 alpha=0.6)
fig.colorbar(cs, ax=ax, label="p = σ(z)")
ax.contour(xx, yy, predict_proba(grid, w, b).reshape(xx.shape), levels=[0.5], colors="k")
for cls, marker in ((0, "o"), (1, "s")):
    sel = y == cls
    ax.scatter(X[sel, 0], X[sel, 1], marker=marker, edgecolor="k", facecolor="w" if cls == 0 else "k",
               label=f"y = {cls} ({'N' if cls == 0 else 'S'})")
ax.scatter(X[:5, 0], X[:5, 1], s=160, facecolor="none", edgecolor="orange", label="diapositivas / slides")
ax.set_xlabel("ingresos / income (×100 k€)")
ax.set_ylabel("edad / age (×100 años / years)")
ax.legend(fontsize=8)
ax.set_title("frontera p = 0.5 / boundary p = 0.5")

# J per epoch: fit with 1, 2, 4, ... epochs from the same zero start
epochs = np.unique(np.geomspace(1, 1000, 30).astype(int))
losses = [bce_loss(predict_proba(X, *fit(X, y, epochs=int(e))), y) for e in epochs]
ax_loss.semilogx(epochs, losses, ".-")
ax_loss.axhline(np.log(2), color="gray", ls="--", lw=0.8)
ax_loss.text(1, np.log(2) + 0.01, "ln 2 (w = 0)")
ax_loss.set_xlabel("epochs")
ax_loss.set_ylabel("J (entropía cruzada / cross-entropy)")
fig.tight_layout()

# %% [markdown]
# ## σ estable / Stable σ
# Con $z = \pm 10^4$ la fórmula tal cual desborda ($e^{10^4}$ = inf) y NumPy avisa; la forma con
# $t = e^{-|z|}$ no. / With $z = \pm 10^4$ the formula as written overflows and NumPy warns; the
# form with $t = e^{-|z|}$ does not.

# %%
z = np.array([[-1e4], [-50.0], [0.0], [50.0], [1e4]])
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    naive = 1 / (1 + np.exp(-z[:, 0]))
print("ingenua / naive:", naive, [str(c.message) for c in caught])
print("predict_proba:  ", predict_proba(z, np.array([1.0]), 0.0))

# %% [markdown]
# ## Cuántas características polinómicas / How many polynomial features
# La tabla de la diapositiva (`distinct=False`, productos ordenados) frente a los monomios
# distintos $\binom{d+k}{k}$, para $d = 100$. / The slide's table (ordered products) against the
# distinct monomials, for $d = 100$.

# %%
ks = np.arange(0, 6)
ordered = [n_poly_features(100, int(k), distinct=False) for k in ks]
distinct = [n_poly_features(100, int(k)) for k in ks]
for k, o, dd in zip(ks, ordered, distinct):
    print(f"grado/degree <= {k}: {o:>16,} ordenados/ordered  {dd:>12,} distintos/distinct")
fig, ax = plt.subplots(figsize=(5, 3))
ax.semilogy(ks, ordered, "o-", label="Σ d^j (tabla / table)")
ax.semilogy(ks, distinct, "s-", label="C(d + k, k)")
ax.set_xlabel("grado k / degree k")
ax.set_ylabel("características / features")
ax.legend()
fig.tight_layout()
