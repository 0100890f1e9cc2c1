# %% [markdown]
# ## Curva de pérdida / Loss curve
#
# Entrenamos una red 1-16-1 (tanh oculta, salida identidad) para aproximar
# $y = \sin(2x) + \varepsilon$ con descenso por gradiente, usando `forward`, `backward` y `gd_step`.
# We train a 1-16-1 network (tanh hidden, identity output) to fit $y = \sin(2x) + \varepsilon$
# with gradient descent, using `forward`, `backward` and `gd_step`.

# %%
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)
X_train = rng.uniform(-2, 2, size=(128, 1))
y_train = np.sin(2 * X_train) + 0.1 * rng.normal(size=X_train.shape)

sizes = [1, 16, 1]
params = init_params(sizes, seed=0)
print("parámetros / parameters:", count_parameters(sizes))
losses = []
for _epoch in range(3000):
    y_hat, cache = forward(X_train, params, activation="tanh")
    losses.append(mse_loss(y_hat, y_train))
    grads = backward(y_train, cache, params, activation="tanh")
    params = gd_step(params, grads, lr=0.1)

x_plot = np.linspace(-2, 2, 200).reshape(-1, 1)
fig, (ax_loss, ax_fit) = plt.subplots(1, 2, figsize=(9, 3.5))
ax_loss.semilogy(losses)
ax_loss.set_xlabel("época / epoch")
ax_loss.set_ylabel("MSE")
ax_loss.set_title("pérdida / loss")
ax_fit.scatter(X_train, y_train, s=8, alpha=0.5, label="datos / data")
ax_fit.plot(x_plot, forward(x_plot, params, activation="tanh")[0], "r", label="red / network")
ax_fit.legend()
ax_fit.set_title("ajuste / fit")
fig.tight_layout()
print(f"MSE inicial/initial {losses[0]:.3f} -> final {losses[-1]:.4f}")

# %% [markdown]
# ## El ejemplo de las diapositivas / The slides' example
# $w_{t+1} = w_t - \alpha \nabla J$ con/with $\alpha = 0.1$.

# %%
w_t = [
    (np.array([[0.1], [-0.1]]), np.array([-0.3, 0.5])),
    (np.array([[0.4, 0.7]]), np.array([0.2])),
]
grad = [
    (np.array([[0.125], [0.125]]), np.array([0.245, 0.250])),
    (np.array([[-0.035, -0.049]]), np.array([-0.081])),
]
(W1, b1), (W2, b2) = gd_step(w_t, grad, lr=0.1)
print(np.round([W1[0, 0], b1[0], W1[1, 0], b1[1], W2[0, 0], W2[0, 1], b2[0]], 4))

# %% [markdown]
# ## Salida softmax / Softmax output
# Con `output_activation="softmax"` cada fila de $\hat{Y}$ es una distribución (suma 1); el
# gradiente pasa por la jacobiana completa de softmax, no solo por su diagonal.
# With `output_activation="softmax"` each row of $\hat{Y}$ is a distribution (it sums to 1);
# the gradient goes through softmax's whole Jacobian, not only its diagonal.

# %%
rng = np.random.default_rng(1)
X_toy = rng.normal(size=(4, 2))
params_toy = init_params([2, 5, 3], seed=1)
probs, cache_toy = forward(X_toy, params_toy, activation="relu", output_activation="softmax")
print(np.round(probs, 3))
print("suma por fila / row sums:", np.round(probs.sum(axis=1), 12))
targets = np.eye(3)[[0, 2, 1, 0]]
grads_toy = backward(targets, cache_toy, params_toy, activation="relu", output_activation="softmax")
print("‖dW2‖ =", np.linalg.norm(grads_toy[1][0]))
