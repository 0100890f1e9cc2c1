"""Hidden tests of 06_conv2d: 2-D cross-correlation (the slides' 429), conv2d like
torch.nn.functional.conv2d (channels, filters, bias, stride, padding) and max pooling.

A flipped kernel (true convolution instead of the cross-correlation that deep-learning
libraries call "convolution") is recognised and named in the hint.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from grader.grading.checks import (
    Ctx,
    HiddenTest,
    Hint,
    Text,
    allclose,
    arrays,
    expect_dtype,
    expect_unchanged,
    fmt_call,
    value_case,
)
from reference import conv as R

# The slides (seed 000): 6×6 image, 3×3 kernel [[1,0,1],[0,1,0],[1,0,1]], first output 429.
IMAGE = np.array([
    [18, 54, 51, 239, 244, 188],
    [55, 121, 75, 78, 95, 88],
    [35, 24, 204, 113, 109, 221],
    [3, 154, 104, 235, 25, 130],
    [15, 253, 225, 159, 78, 233],
    [68, 85, 180, 214, 245, 0],
], dtype=np.float64)
KERNEL = np.array([[1, 0, 1], [0, 1, 0], [1, 0, 1]], dtype=np.float64)

FLIP = Text(
    "parece que volteas el núcleo (convolución matemática). En redes neuronales «convolución» "
    "es correlación cruzada: out[i, j] = Σ_{u,v} x[i + u, j + v]·k[u, v], sin voltear k.",
    "it looks like you flip the kernel (mathematical convolution). In neural networks "
    "\"convolution\" is cross-correlation: out[i, j] = Σ_{u,v} x[i + u, j + v]·k[u, v], no flip.")


def _flipped(kernel: np.ndarray) -> np.ndarray:
    return kernel[..., ::-1, ::-1]


CORR_HINTS = [
    Hint(lambda a, k, g, e: allclose(g, R.correlate2d(a[0], _flipped(np.asarray(a[1])))), FLIP),
    Hint(lambda a, k, g, e: np.shape(g) == (np.shape(a[0])[0] - 1, np.shape(a[0])[1] - 1)
         or np.shape(g) == np.shape(a[0]),
         Text("la salida «valid» mide (H − KH + 1) × (W − KW + 1).",
              "the \"valid\" output is (H − KH + 1) × (W − KW + 1).")),
]


def _conv_args(a: tuple, k: dict) -> dict:
    d = dict(zip(("x", "w", "b", "stride", "padding"), a))
    d.update(k)
    return d


def _conv_flipped(a: tuple, k: dict) -> np.ndarray:
    d = _conv_args(a, k)
    d["w"] = _flipped(np.asarray(d["w"]))
    return R.conv2d(**d)


def _conv_nobias(a: tuple, k: dict) -> np.ndarray:
    d = _conv_args(a, k)
    d["b"] = None
    return R.conv2d(**d)


CONV_HINTS = [
    Hint(lambda a, k, g, e: allclose(g, _conv_flipped(a, k)), FLIP),
    Hint(lambda a, k, g, e: _conv_args(a, k).get("b") is not None and allclose(g, _conv_nobias(a, k)),
         Text("falta sumar el sesgo b[f] a cada mapa de salida f.",
              "the bias b[f] is not added to each output map f.")),
    Hint(lambda a, k, g, e: np.ndim(g) == 4 and np.shape(g)[:2] == np.shape(e)[:2] and np.shape(g) != np.shape(e),
         Text("tamaño de salida: OH = ⌊(H + 2p − KH)/s⌋ + 1 (y lo mismo para OW); el relleno es de ceros.",
              "output size: OH = ⌊(H + 2p − KH)/s⌋ + 1 (and the same for OW); the padding is zeros.")),
]

POOL_HINTS = [
    Hint(lambda a, k, g, e: np.all(np.asarray(a[0]) < 0) and np.allclose(g, 0),
         Text("no inicialices el máximo en 0: con entradas negativas el máximo es negativo (usa la primera "
              "entrada de la ventana o −∞).",
              "do not start the maximum at 0: with negative inputs the maximum is negative (start from the "
              "window's first entry or −∞).")),
    Hint(lambda a, k, g, e: True,
         Text("max_pool2d: stride por defecto = kernel_size; las ventanas que no caben se descartan "
              "(OH = ⌊(H − k)/s⌋ + 1).",
              "max_pool2d: stride defaults to kernel_size; windows that do not fit are dropped "
              "(OH = ⌊(H − k)/s⌋ + 1).")),
]


# --- correlate2d -------------------------------------------------------------------------------
def corr_slides(ctx: Ctx) -> None:
    """The whole 4×4 map; [0, 0] = 18 + 51 + 121 + 35 + 204 = 429 by hand."""
    value_case(ctx, "correlate2d", (IMAGE, KERNEL), hints=CORR_HINTS, exact=True)


@st.composite
def _corr_case(draw: st.DrawFn) -> tuple:
    h, w = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    kh, kw = draw(st.integers(1, h)), draw(st.integers(1, w))
    return draw(arrays((h, w), -5, 5)), draw(arrays((kh, kw), -3, 3))


def corr_values(ctx: Ctx) -> None:
    asym = np.array([[1.0, 2.0], [0.0, -1.0]])  # not symmetric: a flip shows
    value_case(ctx, "correlate2d", (IMAGE[:4, :4], asym), hints=CORR_HINTS)
    ctx.forall(_corr_case(), lambda c: value_case(ctx, "correlate2d", c, hints=CORR_HINTS), max_examples=15)


def corr_robust(ctx: Ctx) -> None:
    img = np.arange(20.0).reshape(4, 5)
    for ker in (np.array([[2.0]]), np.ones((4, 5)), np.array([[1.0, -1.0, 0.5]])):
        value_case(ctx, "correlate2d", (img, ker), hints=CORR_HINTS)
    img32, ker32 = img.astype(np.float32), np.array([[0.5, -1.0], [2.0, 0.0]], dtype=np.float32)
    got = value_case(ctx, "correlate2d", (img32, ker32), hints=CORR_HINTS)
    expect_dtype(ctx, "correlate2d", got, np.float32, fmt_call("correlate2d", (img32, ker32)))
    expect_unchanged(ctx, "correlate2d", (img, np.array([[1.0, 0.0], [0.0, -1.0]])), names=("image", "kernel"))


# --- conv2d ------------------------------------------------------------------------------------
@st.composite
def _conv_case(draw: st.DrawFn, bias: bool = False, stride_pad: bool = False) -> tuple:
    n, c, f = draw(st.integers(1, 2)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    h, w = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    s = draw(st.integers(1, 3)) if stride_pad else 1
    p = draw(st.integers(0, 2)) if stride_pad else 0
    kh, kw = draw(st.integers(1, h + 2 * p)), draw(st.integers(1, w + 2 * p))
    x = draw(arrays((n, c, h, w), -3, 3))
    wt = draw(arrays((f, c, kh, kw), -2, 2))
    kw_: dict = {}
    if bias:
        kw_["b"] = draw(arrays((f,), -2, 2))
    if stride_pad:
        kw_["stride"], kw_["padding"] = s, p
    return (x, wt), kw_


def _conv(ctx: Ctx, args: tuple, kw: dict) -> np.ndarray:
    return value_case(ctx, "conv2d", args, kw, hints=CONV_HINTS)


def conv_values(ctx: Ctx) -> None:
    _conv(ctx, (IMAGE[None, None], KERNEL[None, None]), {})  # the slides' map as a 1×1×6×6 batch
    x = np.arange(2 * 2 * 3 * 3, dtype=np.float64).reshape(2, 2, 3, 3) / 10  # small: shown whole
    w = np.array([[[[1.0, 2.0], [0.0, -1.0]], [[0.5, 0.0], [0.0, 1.0]]]])  # (1, 2, 2, 2), asymmetric
    _conv(ctx, (x, w), {})
    ctx.forall(_conv_case(), lambda c: _conv(ctx, *c), max_examples=15)


def conv_bias(ctx: Ctx) -> None:
    x = np.ones((1, 1, 3, 3))
    w = np.ones((2, 1, 2, 2))
    _conv(ctx, (x, w), {"b": np.array([0.5, -1.0])})
    ctx.forall(_conv_case(bias=True), lambda c: _conv(ctx, *c), max_examples=8)


def conv_stride_padding(ctx: Ctx) -> None:
    x = np.arange(25.0).reshape(1, 1, 5, 5)
    w = np.array([[[[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]]]])
    for kw in ({"stride": 2}, {"padding": 1}, {"stride": 2, "padding": 1}, {"stride": 3, "padding": 2}):
        _conv(ctx, (x, w), kw)
    ctx.forall(_conv_case(bias=True, stride_pad=True), lambda c: _conv(ctx, *c), max_examples=15)


def conv_robust(ctx: Ctx) -> None:
    x32 = (np.arange(2 * 3 * 4 * 4, dtype=np.float32).reshape(2, 3, 4, 4) / 7).astype(np.float32)
    w32 = np.linspace(-1, 1, 4 * 3 * 3 * 2, dtype=np.float32).reshape(4, 3, 3, 2)
    got = _conv(ctx, (x32, w32), {})
    expect_dtype(ctx, "conv2d", got, np.float32, fmt_call("conv2d", (x32, w32)))
    x, w = np.ones((1, 2, 3, 3)), np.ones((1, 2, 2, 2))
    expect_unchanged(ctx, "conv2d", (x, w, np.array([1.0])), names=("x", "w", "b"))


# --- maxpool2d ---------------------------------------------------------------------------------
def _pool(ctx: Ctx, args: tuple, kw: dict) -> np.ndarray:
    return value_case(ctx, "maxpool2d", args, kw, hints=POOL_HINTS)


@st.composite
def _pool_case(draw: st.DrawFn) -> tuple:
    h, w = draw(st.integers(1, 7)), draw(st.integers(1, 7))
    k = draw(st.integers(1, min(h, w, 3)))
    kw: dict = {"kernel_size": k}
    if draw(st.booleans()):
        kw["stride"] = draw(st.integers(1, 3))
    x = draw(arrays((draw(st.integers(1, 2)), draw(st.integers(1, 2)), h, w), -5, 5))
    return (x,), kw


def pool_values(ctx: Ctx) -> None:
    x = np.arange(25.0).reshape(1, 1, 5, 5)
    _pool(ctx, (x,), {"kernel_size": 3, "stride": 1})  # the slides: 5×5 -> 3×3 with stride 1
    _pool(ctx, (np.arange(16.0).reshape(1, 1, 4, 4),), {})  # defaults: 2×2, stride 2
    ctx.forall(_pool_case(), lambda c: _pool(ctx, *c), max_examples=15)


def pool_robust(ctx: Ctx) -> None:
    neg = -np.arange(1.0, 17.0).reshape(1, 1, 4, 4)
    _pool(ctx, (neg,), {})  # all negative: a max started at 0 shows
    _pool(ctx, (np.arange(30.0).reshape(1, 2, 3, 5),), {"kernel_size": 2})  # odd sizes: floor
    x32 = np.linspace(-2, 2, 36, dtype=np.float32).reshape(1, 1, 6, 6)
    got = _pool(ctx, (x32,), {"kernel_size": 3})
    expect_dtype(ctx, "maxpool2d", got, np.float32, fmt_call("maxpool2d", (x32,), {"kernel_size": 3}))
    expect_unchanged(ctx, "maxpool2d", (np.arange(16.0).reshape(1, 1, 4, 4),), names=("x",))


TESTS = [
    HiddenTest("correlate2d.slides", "correlate2d", 1.0, Text("el ejemplo de las diapositivas: 429 y el mapa 4×4",
                                                              "the slides' example: 429 and the 4×4 map"), corr_slides, graded=frozenset({"values"})),
    HiddenTest("correlate2d.values", "correlate2d", 1.5, Text("imágenes y núcleos aleatorios (sin voltear el núcleo)",
                                                              "random images and kernels (no kernel flip)"), corr_values, graded=frozenset({"values"})),
    HiddenTest("correlate2d.robust", "correlate2d", 0.5, Text("núcleos 1×1, del tamaño de la imagen y no cuadrados; "
                                                              "float32; entradas sin modificar",
                                                              "1×1, image-sized and non-square kernels; float32; "
                                                              "inputs not modified"), corr_robust, graded=frozenset({"dtype", "no_mutation", "values"})),
    HiddenTest("conv2d.values", "conv2d", 2.0, Text("lotes, canales y filtros aleatorios como F.conv2d",
                                                    "random batches, channels and filters as F.conv2d"), conv_values, graded=frozenset({"values"})),
    HiddenTest("conv2d.bias", "conv2d", 0.5, Text("el sesgo por filtro",
                                                  "the per-filter bias"), conv_bias, graded=frozenset({"values"})),
    HiddenTest("conv2d.stride_padding", "conv2d", 1.5, Text("stride y padding (tamaño de salida)",
                                                            "stride and padding (output size)"), conv_stride_padding, graded=frozenset({"values"})),
    HiddenTest("conv2d.robust", "conv2d", 1.0, Text("float32 conservado; entradas sin modificar",
                                                    "float32 kept; inputs not modified"), conv_robust, graded=frozenset({"dtype", "no_mutation", "values"})),
    HiddenTest("maxpool2d.values", "maxpool2d", 1.5, Text("ventanas, stride y valores por defecto como F.max_pool2d",
                                                          "windows, stride and defaults as F.max_pool2d"), pool_values, graded=frozenset({"values"})),
    HiddenTest("maxpool2d.robust", "maxpool2d", 0.5, Text("entradas negativas, tamaños impares, float32, sin modificar",
                                                          "negative inputs, odd sizes, float32, not modified"), pool_robust, graded=frozenset({"dtype", "no_mutation", "values"})),
]
