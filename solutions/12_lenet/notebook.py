# %% [markdown]
# ## Explorar / Explore
# Las imágenes 8×8 llevadas a 32×32 y lo que LeNet-5 aprende.
# The 8×8 images brought to 32×32 and what LeNet-5 learns.

# %%
import matplotlib.pyplot as plt

X_train, y_train, X_test, y_test = load_digits_split("digits.npz")
fig, axes = plt.subplots(1, 6, figsize=(9, 1.8))
for ax, img, label in zip(axes, X_test[:6], y_test[:6]):
    ax.imshow(img[0], cmap="gray_r")
    ax.set_title(str(label))
    ax.axis("off")
plt.show()

# %%
sizes = [32, conv_output_size(32, 5), conv_output_size(28, 2, stride=2),
         conv_output_size(14, 5), conv_output_size(10, 2, stride=2)]
print("32 -> conv5 -> pool2 -> conv5 -> pool2:", sizes)
model = train_lenet(X_train, y_train, epochs=2)
print("parameters:", count_parameters(model), "test accuracy:", evaluate(model, X_test, y_test))

# %%
w = model.conv1.weight.detach().cpu().numpy()
fig, axes = plt.subplots(1, 6, figsize=(9, 1.8))
for ax, k in zip(axes, w[:, 0]):
    ax.imshow(k, cmap="RdBu")
    ax.axis("off")
plt.suptitle("conv1: 6 filtros 5×5 / 6 filters 5×5")
plt.show()
