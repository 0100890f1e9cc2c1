# %% [markdown]
# ## Los dígitos de 8×8 / The 8×8 digits
#
# La partición fija del enunciado (`load_digits_split`, dada): 1 437 imágenes para entrenar y
# 360 para probar, píxeles en [0, 1]. Unas cuantas imágenes de entrenamiento con su etiqueta.
# The statement's fixed split (the given `load_digits_split`): 1,437 training and 360 test
# images, pixels in [0, 1]. A few training images with their label.

# %%
import matplotlib.pyplot as plt
import numpy as np

X_train, y_train, X_test, y_test = load_digits_split()
print("train:", X_train.shape, " test:", X_test.shape)

fig, axes = plt.subplots(2, 8, figsize=(10, 3))
for ax, img, label in zip(axes.ravel(), X_train[:16], y_train[:16]):
    ax.imshow(img.reshape(8, 8), cmap="gray_r")
    ax.set_title(str(label))
    ax.axis("off")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## Entrenar y medir / Train and measure
#
# `fit` con los valores por defecto (lr = 0.5, epochs = 300, seed = 0). A la izquierda, la
# entropía cruzada de entrenamiento y de prueba en cada época, repitiendo el bucle de `fit` con
# tus `gradients` (desde W = 0); a la derecha, la matriz de confusión en prueba.
# `fit` with the defaults. Left: the training and test cross-entropy per epoch, repeating fit's
# loop with your `gradients` (from W = 0); right: the test confusion matrix.

# %%
W, b = fit(X_train, y_train, 10)
print("exactitud / accuracy  train:", accuracy(W, b, X_train, y_train),
      " test:", accuracy(W, b, X_test, y_test))

Y_train, Y_test = one_hot(y_train, 10), one_hot(y_test, 10)
Wt, bt = np.zeros((10, 64)), np.zeros(10)
train_loss, test_loss = [], []
for _ in range(300):
    train_loss.append(cross_entropy(softmax(X_train @ Wt.T + bt), Y_train))
    test_loss.append(cross_entropy(softmax(X_test @ Wt.T + bt), Y_test))
    dW, db = gradients(X_train, Y_train, Wt, bt)
    Wt, bt = Wt - 0.5 * dW, bt - 0.5 * db

pred = np.argmax(X_test @ W.T + b, axis=1)
confusion = np.zeros((10, 10), dtype=int)
np.add.at(confusion, (y_test, pred), 1)

fig, (ax_loss, ax_conf) = plt.subplots(1, 2, figsize=(11, 4))
ax_loss.plot(train_loss, label="train")
ax_loss.plot(test_loss, label="test")
ax_loss.axhline(np.log(10), color="gray", ls="--", lw=0.8, label="ln 10 (P uniforme / uniform)")
ax_loss.set_xlabel("época / epoch")
ax_loss.set_ylabel("J (entropía cruzada / cross-entropy)")
ax_loss.legend()
im = ax_conf.imshow(confusion, cmap="Blues")
for i in range(10):
    for j in range(10):
        if confusion[i, j]:
            ax_conf.text(j, i, confusion[i, j], ha="center", va="center", fontsize=7)
ax_conf.set_xlabel("predicha / predicted")
ax_conf.set_ylabel("real / true")
ax_conf.set_xticks(range(10))
ax_conf.set_yticks(range(10))
fig.colorbar(im, ax=ax_conf)
plt.tight_layout()
plt.show()

# %% [markdown]
# ## Los pesos de cada clase / Each class's weights
#
# Cada fila de W es una imagen de 8×8: los píxeles que suman (rojo) y restan (azul) a la logit de
# esa clase. Debajo, las imágenes de prueba mal clasificadas.
# Each row of W is an 8×8 image: the pixels that add to (red) and subtract from (blue) that
# class's logit. Below, the misclassified test images.

# %%
fig, axes = plt.subplots(1, 10, figsize=(12, 1.8))
lim = np.abs(W).max()
for j, ax in enumerate(axes):
    ax.imshow(W[j].reshape(8, 8), cmap="RdBu_r", vmin=-lim, vmax=lim)
    ax.set_title(f"W[{j}]")
    ax.axis("off")
plt.show()

wrong = np.flatnonzero(pred != y_test)[:10]
fig, axes = plt.subplots(1, max(len(wrong), 1), figsize=(12, 1.8), squeeze=False)
for ax, i in zip(axes[0], wrong):
    ax.imshow(X_test[i].reshape(8, 8), cmap="gray_r")
    ax.set_title(f"{y_test[i]} → {pred[i]}")
    ax.axis("off")
plt.show()
