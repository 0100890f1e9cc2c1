# %% [markdown]
# ## Escalones, jorobas y bisagras / Steps, bumps and hinges
#
# Las figuras de las diapositivas (003, «Aproximación universal de funciones»), con tus
# funciones: el escalón de σ(wx + b) en s = 0.4 y en s = 0.6 (w = 1000), la joroba de altura h
# entre ellos, la suma de n jorobas que aproxima f, y la poligonal de bisagras ReLU. / The
# slides' figures with your functions: the step of σ(wx + b) at s = 0.4 and at s = 0.6
# (w = 1000), the bump of height h between them, the sum of n bumps approximating f, and the
# polyline of ReLU hinges.

# %%
import matplotlib.pyplot as plt
import numpy as np

x = np.linspace(0, 1, 2001)
fig, axes = plt.subplots(1, 3, figsize=(13, 3.4))
for s, w in ((0.4, 1000.0), (0.6, 1000.0), (0.4, 20.0)):
    w_, b = step_params(s, w)
    axes[0].plot(x, sigmoid(w_ * x + b), label=f"s = {s}, w = {w:g} (b = {b:g})")
axes[0].set_title("σ(wx + b): escalón en x = −b/w / step at x = −b/w")
axes[0].legend(fontsize=8)
for h in (0.5, 0.8):
    axes[1].plot(x, sigmoid_bump(x, 0.4, 0.6, h), label=f"h = {h}")
axes[1].set_title("joroba / bump: s1 = 0.4, s2 = 0.6")
axes[1].legend(fontsize=8)


def f(t):
    """The function the networks approximate."""
    return np.sin(2 * np.pi * t) + 0.5 * t


for n in (5, 20):
    axes[2].plot(x, sigmoid_approximation(f, n, x), label=f"{n} jorobas / bumps ({hidden_units(n, 'sigmoid')} units)")
axes[2].plot(x, f(x), "k--", lw=1, label="f")
axes[2].set_title("suma de jorobas / sum of bumps, w = 1000")
axes[2].legend(fontsize=8)
fig.tight_layout()
plt.show()

# %% [markdown]
# Con ReLU, una bisagra por tramo: la red coincide con la interpolación lineal entre los nudos.
# / With ReLU, one hinge per segment: the network equals the linear interpolant between knots.

# %%
knots = np.linspace(0, 1, 9)
b0, slopes = relu_approximation(knots, f(knots))
xr = np.linspace(-0.1, 1.1, 1201)
plt.figure(figsize=(6, 3.4))
plt.plot(xr, relu_eval(xr, knots, b0, slopes), label=f"{hidden_units(len(slopes), 'relu')} bisagras / hinges")
plt.plot(x, f(x), "k--", lw=1, label="f")
plt.plot(knots, f(knots), "o", ms=4)
plt.title("b0 + Σ slopes[i]·relu(x − knots[i])")
plt.legend(fontsize=8)
plt.show()
print("max |relu_eval − np.interp| =", np.max(np.abs(relu_eval(x, knots, b0, slopes) - np.interp(x, knots, f(knots)))))

# %% [markdown]
# ### Más nodos no siempre bajan el error / More nodes do not always lower the error
# Las diapositivas: «a partir de cierto punto aumentar el nº de nodos no disminuye el error». Con
# w fijo, el error máximo de la suma de jorobas en [0.3, 0.7] baja como la variación de f en un
# intervalo (≈ 1/n) hasta que los intervalos (1/n) son más estrechos que la subida de σ (unos
# 10/w): desde ahí la suma es f suavizada en una anchura ≈ 1/w y añadir jorobas no baja el error.
# Solo un w mayor (escalones más abruptos) baja el suelo. / The slides: beyond some point more
# nodes do not lower the error. With w fixed, the max error of the sum of bumps on [0.3, 0.7]
# falls like f's variation on an interval (≈ 1/n) until the intervals (1/n) are narrower than
# σ's rise (about 10/w): from there on the sum is f smoothed over a width ≈ 1/w and more bumps
# do not lower the error. Only a larger w (sharper steps) lowers the floor.

# %%
xe = np.linspace(0.3, 0.7, 2001)
ns = np.unique(np.geomspace(2, 3000, 30).astype(int))
plt.figure(figsize=(6, 3.6))
for w in (30.0, 100.0, 1000.0):
    err = [np.max(np.abs(sigmoid_approximation(f, n, xe, w) - f(xe))) for n in ns]
    plt.loglog(ns, err, "o-", ms=3, label=f"w = {w:g}")
    print(f"w = {w:g}: error {err[0]:.3g} with n = {ns[0]}, {err[-1]:.3g} with n = {ns[-1]}")
plt.xlabel("n jorobas / bumps (2n unidades ocultas / hidden units)")
plt.ylabel("max |g(x) − f(x)| en / on [0.3, 0.7]")
plt.legend()
plt.show()
