# %% [markdown]
# ## El mapa de características de las diapositivas / The slides' feature map
#
# La imagen 6x6, el kernel 3x3 en forma de X y el mapa 4x4 que producen; la ventana de la
# esquina superior izquierda da 18 + 51 + 121 + 35 + 204 = 429.
# The 6x6 image, the X-shaped 3x3 kernel and the 4x4 map they produce; the top-left window gives
# 18 + 51 + 121 + 35 + 204 = 429.

# %%
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

image = np.array(
    [
        [18, 54, 51, 239, 244, 188],
        [55, 121, 75, 78, 95, 88],
        [35, 24, 204, 113, 109, 221],
        [3, 154, 104, 235, 25, 130],
        [15, 253, 225, 159, 78, 233],
        [68, 85, 180, 214, 245, 0],
    ],
    dtype=float,
)
kernel = np.array([[1, 0, 1], [0, 1, 0], [1, 0, 1]], dtype=float)
feature_map = correlate2d(image, kernel)

fig, axes = plt.subplots(1, 3, figsize=(10, 3.6), gridspec_kw={"width_ratios": [6, 3, 4]})
for ax, data, title in zip(
    axes, (image, kernel, feature_map), ("imagen / image", "kernel", "mapa / map")
):
    ax.imshow(data, cmap="viridis")
    for (i, j), value in np.ndenumerate(data):
        ax.text(j, i, f"{value:g}", ha="center", va="center", color="w", fontsize=8)
    ax.set_title(title)
    ax.set_xticks([])
    ax.set_yticks([])
axes[0].add_patch(Rectangle((-0.5, -0.5), 3, 3, fill=False, edgecolor="r", lw=2))
axes[2].add_patch(Rectangle((-0.5, -0.5), 1, 1, fill=False, edgecolor="r", lw=2))
fig.tight_layout()
print(feature_map)

# %% [markdown]
# ## Un detector de bordes / An edge detector
# El mismo `conv2d`, con un filtro de Sobel sobre una imagen sintética, seguido de max pooling.
# The same `conv2d`, with a Sobel filter on a synthetic image, followed by max pooling.

# %%
yy, xx = np.mgrid[0:32, 0:32]
square = ((abs(xx - 16) < 8) & (abs(yy - 16) < 8)).astype(float)
sobel_x = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=float)
edges = conv2d(square[None, None], np.stack([sobel_x, sobel_x.T])[:, None], padding=1)
pooled = maxpool2d(np.abs(edges), kernel_size=2)

fig, axes = plt.subplots(1, 4, figsize=(10, 2.8))
panels = (square, edges[0, 0], edges[0, 1], pooled[0].sum(axis=0))
titles = ("entrada / input", "Sobel x", "Sobel y", "max pool 2x2")
for ax, data, title in zip(axes, panels, titles):
    ax.imshow(data, cmap="gray")
    ax.set_title(f"{title} {data.shape}")
    ax.set_xticks([])
    ax.set_yticks([])
fig.tight_layout()
