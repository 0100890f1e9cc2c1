"""Hidden tests of 06_conv2d: 2-D cross-correlation (the slides' 429), conv2d like
torch.nn.functional.conv2d (channels, filters, bias, stride, padding, pairs, one image) and max
pooling like torch.nn.functional.max_pool2d.

Each function has value tests, one float32 test (graded alone: the dtype policy) and one
no-mutation test; every branch the statement offers (int or pair arguments, a single (C, H, W)
image, any leading axes for pooling) and every default argument is exercised.

Hints are diagnosed by running the known mistake on the same input and comparing with what the
student returned: a flipped kernel (true convolution), transposed or channels-last output axes,
windows not moved by the stride, pairs read as (columns, rows), a missing bias, a maximum
started at 0, a pooling stride that does not default to kernel_size.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from grader.grading.checks import (
    CheckFailure,
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


# --- hints: each runs the known mistake on the same input -----------------------------------------
FLIP = Text(
    "parece que volteas el núcleo (convolución matemática). En redes neuronales «convolución» "
    "es correlación cruzada: out[i, j] = Σ_{u,v} x[i + u, j + v]·k[u, v], sin voltear k.",
    "it looks like you flip the kernel (mathematical convolution). In neural networks "
    "\"convolution\" is cross-correlation: out[i, j] = Σ_{u,v} x[i + u, j + v]·k[u, v], no flip.")
TRANSPOSED = Text(
    "tu salida tiene los dos últimos ejes traspuestos: out[..., i, j] es la fila i (eje H) y la "
    "columna j (eje W) del mapa, de forma (…, OH, OW); revisa el orden de los índices al "
    "escribir la salida (o el de los ejes en `einsum`).",
    "your output has its last two axes transposed: out[..., i, j] is row i (axis H) and column j "
    "(axis W) of the map, shaped (…, OH, OW); check the order of the indices where you write the "
    "output (or of the axes in `einsum`).")
CHANNELS_LAST = Text(
    "tu salida tiene los filtros en el último eje (…, OH, OW, F); como torch, la salida es "
    "(N, F, OH, OW): el eje de los filtros va justo después del lote.",
    "your output has the filters on the last axis (…, OH, OW, F); like torch, the output is "
    "(N, F, OH, OW): the filters' axis comes right after the batch.")
VALID_SIZE = Text("la salida «valid» mide (H − KH + 1) × (W − KW + 1).",
                  "the \"valid\" output is (H − KH + 1) × (W − KW + 1).")
NO_BIAS = Text("falta sumar el sesgo b[f] a cada mapa de salida f.",
               "the bias b[f] is not added to each output map f.")
STRIDE_POSITION = Text(
    "el tamaño de salida es el correcto pero las ventanas no avanzan con el stride: la ventana "
    "(i, j) empieza en la fila i·s_H y la columna j·s_W del x rellenado, no en (i, j).",
    "the output size is right but the windows do not move by the stride: window (i, j) starts "
    "at row i·s_H and column j·s_W of the padded x, not at (i, j).")
PAIR_ORDER = Text(
    "parece que lees los pares al revés: (2, 1) significa 2 en filas (eje H) y 1 en columnas "
    "(eje W), como en torch.",
    "it looks like you read the pairs the other way round: (2, 1) means 2 along rows (axis H) and "
    "1 along columns (axis W), as in torch.")
CONV_SIZE = Text(
    "tamaño de salida: OH = ⌊(H + 2p_H − KH)/s_H⌋ + 1 (y lo mismo para OW); el relleno es de "
    "p ceros a cada lado.",
    "output size: OH = ⌊(H + 2p_H − KH)/s_H⌋ + 1 (and the same for OW); the padding is p zeros "
    "on each side.")
POOL_FROM_ZERO = Text(
    "no inicialices el máximo en 0: con entradas negativas el máximo es negativo (empieza por la "
    "primera entrada de la ventana o por −∞, o usa `.max`).",
    "do not start the maximum at 0: with negative inputs the maximum is negative (start from the "
    "window's first entry or from −∞, or use `.max`).")
POOL_STRIDE_DEFAULT = Text(
    "con stride=None el paso es kernel_size (ventanas sin solapamiento), no 1.",
    "with stride=None the step is kernel_size (non-overlapping windows), not 1.")
POOL_SIZE = Text(
    "tamaño de salida: OH = ⌊(H − KH)/s_H⌋ + 1: las ventanas que no caben enteras se descartan "
    "(sin relleno).",
    "output size: OH = ⌊(H − KH)/s_H⌋ + 1: windows that do not fit whole are dropped (no "
    "padding).")
DTYPE = Text(
    "con entradas float32 la salida debe ser float32. `np.zeros(forma)` y `np.empty(forma)` "
    "crean float64: pasa `dtype=x.dtype` (o usa `np.zeros_like`), o convierte el resultado con "
    "`.astype(x.dtype)`; `np.asarray(x, dtype=float)` también convierte a float64.",
    "with float32 inputs the output must be float32. `np.zeros(shape)` and `np.empty(shape)` make "
    "float64: pass `dtype=x.dtype` (or use `np.zeros_like`), or convert the result with "
    "`.astype(x.dtype)`; `np.asarray(x, dtype=float)` converts to float64 too.")


def _flipped(kernel: np.ndarray) -> np.ndarray:
    return np.asarray(kernel)[..., ::-1, ::-1]


def _swapped(g: object, e: object) -> bool:
    """`got` is the expected output with its last two axes transposed."""
    e = np.asarray(e)
    return e.ndim >= 2 and not allclose(e, np.swapaxes(e, -1, -2)) and allclose(
        g, np.swapaxes(e, -1, -2))


def _channels_last(g: object, e: object) -> bool:
    """`got` is the expected (…, F, OH, OW) output with F moved to the end."""
    e = np.asarray(e)
    return e.ndim >= 3 and allclose(g, np.moveaxis(e, -3, -1))


def _shape_differs(g: object, e: object) -> bool:
    return np.shape(g) != np.shape(e)


def _reversed(v: object) -> object:
    """A (rows, columns) pair read the other way round; an int as it is."""
    return tuple(v)[::-1] if isinstance(v, (tuple, list)) else v


CORR_HINTS = [
    Hint(lambda a, k, g, e: allclose(g, R.correlate2d(a[0], _flipped(a[1]))), FLIP),
    Hint(lambda a, k, g, e: _swapped(g, e), TRANSPOSED),
    Hint(lambda a, k, g, e: _shape_differs(g, e), VALID_SIZE),
]


def _conv_args(a: tuple, k: dict) -> dict:
    d = dict(zip(("x", "w", "b", "stride", "padding"), a))
    d.update(k)
    return d


def _conv_flipped(a: tuple, k: dict) -> np.ndarray:
    d = _conv_args(a, k)
    d["w"] = _flipped(d["w"])
    return R.conv2d(**d)


def _conv_nobias(a: tuple, k: dict) -> np.ndarray:
    d = _conv_args(a, k)
    d["b"] = None
    return R.conv2d(**d)


def _conv_unstrided(a: tuple, k: dict) -> np.ndarray:
    """Windows at (i, j) instead of (i·s_H, j·s_W), cut to the right output size."""
    d = _conv_args(a, k)
    right = R.conv2d(**d)
    d["stride"] = 1
    return R.conv2d(**d)[..., : right.shape[-2], : right.shape[-1]]


def _conv_pairs_reversed(a: tuple, k: dict) -> np.ndarray:
    d = _conv_args(a, k)
    for key in ("stride", "padding"):
        if key in d:
            d[key] = _reversed(d[key])
    return R.conv2d(**d)


def _is_pair(v: object) -> bool:
    return isinstance(v, (tuple, list)) and len(v) == 2 and v[0] != v[1]


CONV_HINTS = [
    Hint(lambda a, k, g, e: allclose(g, _conv_flipped(a, k)), FLIP),
    Hint(lambda a, k, g, e: _swapped(g, e), TRANSPOSED),
    Hint(lambda a, k, g, e: _channels_last(g, e), CHANNELS_LAST),
    Hint(lambda a, k, g, e: _conv_args(a, k).get("b") is not None
         and allclose(g, _conv_nobias(a, k)), NO_BIAS),
    Hint(lambda a, k, g, e: any(_is_pair(_conv_args(a, k).get(n)) for n in ("stride", "padding"))
         and allclose(g, _conv_pairs_reversed(a, k)), PAIR_ORDER),
    Hint(lambda a, k, g, e: _conv_args(a, k).get("stride", 1) not in (1, (1, 1))
         and allclose(g, _conv_unstrided(a, k)), STRIDE_POSITION),
    Hint(lambda a, k, g, e: _shape_differs(g, e), CONV_SIZE),
]


def _pool_args(a: tuple, k: dict) -> dict:
    d = dict(zip(("x", "kernel_size", "stride"), a))
    d.update(k)
    return d


def _pool_from_zero(a: tuple, k: dict) -> np.ndarray:
    d = _pool_args(a, k)
    d["x"] = np.maximum(np.asarray(d["x"]), 0.0)
    return R.maxpool2d(**d)


def _pool_stride_one(a: tuple, k: dict) -> np.ndarray:
    d = _pool_args(a, k)
    d["stride"] = 1
    return R.maxpool2d(**d)


def _pool_pairs_reversed(a: tuple, k: dict) -> np.ndarray:
    d = _pool_args(a, k)
    for key in ("kernel_size", "stride"):
        if key in d:
            d[key] = _reversed(d[key])
    return R.maxpool2d(**d)


POOL_HINTS = [
    Hint(lambda a, k, g, e: allclose(g, _pool_from_zero(a, k)), POOL_FROM_ZERO),
    Hint(lambda a, k, g, e: _pool_args(a, k).get("stride") is None
         and _pool_args(a, k).get("kernel_size", 2) not in (1, (1, 1))
         and allclose(g, _pool_stride_one(a, k)), POOL_STRIDE_DEFAULT),
    Hint(lambda a, k, g, e: any(_is_pair(_pool_args(a, k).get(n))
                                for n in ("kernel_size", "stride"))
         and allclose(g, _pool_pairs_reversed(a, k)), PAIR_ORDER),
    Hint(lambda a, k, g, e: _swapped(g, e), TRANSPOSED),
    Hint(lambda a, k, g, e: _shape_differs(g, e), POOL_SIZE),
]


def _expect_float32(ctx: Ctx, func: str, args: tuple, kwargs: dict | None = None) -> None:
    """float32 in -> float32 out (the values are the other tests' business), with this
    assignment's hint: the float64 comes from np.zeros(shape) or a dtype=float conversion."""
    show = fmt_call(func, args, kwargs)
    got = ctx.invoke(func, args, kwargs, show=show)[0]
    try:
        expect_dtype(ctx, func, got, np.float32, show)
    except CheckFailure as e:
        if e.status == "failed":  # an array of another dtype (not an invalid value)
            e.hint = DTYPE
        raise


def _pair(draw: st.DrawFn, lo: int, hi: int, pairs: bool) -> int | tuple[int, int]:
    """An int in [lo, hi], or (with `pairs`) a (rows, columns) pair of two different ints."""
    if not pairs:
        return draw(st.integers(lo, hi))
    first = draw(st.integers(lo, hi))
    return first, draw(st.integers(lo, hi).filter(lambda v: v != first))


# --- correlate2d -------------------------------------------------------------------------------
def corr_slides(ctx: Ctx) -> None:
    """The whole 4×4 map; [0, 0] = 18 + 51 + 121 + 35 + 204 = 429 by hand."""
    value_case(ctx, "correlate2d", (IMAGE.copy(), KERNEL.copy()), hints=CORR_HINTS, exact=True)


@st.composite
def _corr_case(draw: st.DrawFn) -> tuple:
    h, w = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    kh, kw = draw(st.integers(1, h)), draw(st.integers(1, w))
    return draw(arrays((h, w), -5, 5)), draw(arrays((kh, kw), -3, 3))


def corr_values(ctx: Ctx) -> None:
    asym = np.array([[1.0, 2.0], [0.0, -1.0]])  # not symmetric: a flip shows
    value_case(ctx, "correlate2d", (IMAGE[:4, :5].copy(), asym), hints=CORR_HINTS)
    img = np.arange(20.0).reshape(4, 5)
    for ker in (np.array([[2.0]]), np.linspace(-1, 1, 20).reshape(4, 5),
                np.array([[1.0, -1.0, 0.5]]), np.array([[1.0], [0.0], [-2.0]])):
        value_case(ctx, "correlate2d", (img.copy(), ker), hints=CORR_HINTS)
    ctx.forall(_corr_case(), lambda c: value_case(ctx, "correlate2d", c, hints=CORR_HINTS),
               max_examples=15)


def corr_dtype(ctx: Ctx) -> None:
    img32 = np.arange(20.0, dtype=np.float32).reshape(4, 5) / 4
    ker32 = np.array([[0.5, -1.0], [2.0, 0.0]], dtype=np.float32)
    _expect_float32(ctx, "correlate2d", (img32, ker32))


def corr_no_mutation(ctx: Ctx) -> None:
    expect_unchanged(ctx, "correlate2d", (np.arange(20.0).reshape(4, 5) - 7,
                                          np.array([[1.0, 0.0], [0.5, -1.0]])),
                     names=("image", "kernel"))


# --- conv2d ------------------------------------------------------------------------------------
@st.composite
def _conv_case(draw: st.DrawFn, bias: bool = False, stride_pad: bool = False,
               pairs: bool = False, single: bool = False) -> tuple:
    n, c, f = draw(st.integers(1, 2)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    h, w = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    kw_: dict = {}
    ph = pw = 0
    if stride_pad:
        kw_["stride"] = _pair(draw, 1, 3, pairs)
        kw_["padding"] = _pair(draw, 0, 2, pairs)
        p = kw_["padding"]
        ph, pw = (p, p) if isinstance(p, int) else p
    kh, kw = draw(st.integers(1, h + 2 * ph)), draw(st.integers(1, w + 2 * pw))
    x = draw(arrays((c, h, w) if single else (n, c, h, w), -3, 3))
    wt = draw(arrays((f, c, kh, kw), -2, 2))
    if bias:
        kw_["b"] = draw(arrays((f,), -2, 2))
    return (x, wt), kw_


def _conv(ctx: Ctx, args: tuple, kw: dict) -> np.ndarray:
    return value_case(ctx, "conv2d", args, kw, hints=CONV_HINTS)


def conv_values(ctx: Ctx) -> None:
    _conv(ctx, (IMAGE[None, None].copy(), KERNEL[None, None].copy()), {})  # the slides' map
    x = np.arange(2 * 2 * 3 * 4, dtype=np.float64).reshape(2, 2, 3, 4) / 10  # small: shown whole
    w = np.array([[[[1.0, 2.0], [0.0, -1.0]], [[0.5, 0.0], [0.0, 1.0]]],
                  [[[0.0, 1.0], [1.0, 0.0]], [[-1.0, 0.0], [0.0, 0.0]]]])  # (2, 2, 2, 2)
    _conv(ctx, (x, w), {})
    ctx.forall(_conv_case(), lambda c: _conv(ctx, *c), max_examples=15)


def conv_bias(ctx: Ctx) -> None:
    x = np.arange(12.0).reshape(1, 1, 3, 4) / 4
    w = np.ones((2, 1, 2, 2))
    _conv(ctx, (x, w), {"b": np.array([0.5, -1.0])})
    _conv(ctx, (x.copy(), w.copy(), np.array([2.0, 3.0])), {})  # b passed by position
    ctx.forall(_conv_case(bias=True), lambda c: _conv(ctx, *c), max_examples=8)


def conv_stride_padding(ctx: Ctx) -> None:
    w = np.array([[[[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]]]])
    for kw in ({"stride": 2}, {"padding": 1}, {"stride": 2, "padding": 1},
               {"stride": 3, "padding": 2}):
        _conv(ctx, (np.arange(30.0).reshape(1, 1, 5, 6), w.copy()), kw)
    ctx.forall(_conv_case(stride_pad=True), lambda c: _conv(ctx, *c), max_examples=15)


def conv_pairs(ctx: Ctx) -> None:
    w = np.array([[[[1.0, 2.0, 0.0], [0.0, -1.0, 1.0]]]])  # (1, 1, 2, 3)
    for kw in ({"stride": (2, 1)}, {"padding": (0, 1)}, {"stride": (1, 3), "padding": (2, 1)}):
        _conv(ctx, (np.arange(42.0).reshape(1, 1, 6, 7) / 2, w.copy()), kw)
    ctx.forall(_conv_case(stride_pad=True, pairs=True), lambda c: _conv(ctx, *c), max_examples=10)


def conv_single_image(ctx: Ctx) -> None:
    x = np.arange(2 * 3 * 4, dtype=np.float64).reshape(2, 3, 4) / 5  # (C, H, W)
    w = np.array([[[[1.0, -1.0]], [[0.5, 2.0]]], [[[0.0, 1.0]], [[1.0, 0.0]]]])  # (2, 2, 1, 2)
    _conv(ctx, (x, w), {})
    _conv(ctx, (x.copy(), w.copy()), {"stride": 2, "padding": 1})
    ctx.forall(_conv_case(stride_pad=True, single=True), lambda c: _conv(ctx, *c), max_examples=5)


def conv_dtype(ctx: Ctx) -> None:
    x32 = (np.arange(2 * 3 * 4 * 4, dtype=np.float32).reshape(2, 3, 4, 4) / 7).astype(np.float32)
    w32 = np.linspace(-1, 1, 4 * 3 * 3 * 2, dtype=np.float32).reshape(4, 3, 3, 2)
    b32 = np.array([0.5, -1.0, 0.0, 2.0], dtype=np.float32)
    _expect_float32(ctx, "conv2d", (x32, w32, b32), {"stride": 1, "padding": 1})


def conv_no_mutation(ctx: Ctx) -> None:
    x = np.arange(18.0).reshape(1, 2, 3, 3) - 9
    w = np.array([[[[1.0, 0.0], [0.0, -1.0]], [[2.0, 1.0], [0.0, 0.5]]]])
    expect_unchanged(ctx, "conv2d", (x, w, np.array([1.0])), {"stride": 1, "padding": 1},
                     names=("x", "w", "b"))


# --- maxpool2d ---------------------------------------------------------------------------------
def _pool(ctx: Ctx, args: tuple, kw: dict, torch: bool = True) -> np.ndarray:
    return value_case(ctx, "maxpool2d", args, kw, hints=POOL_HINTS,
                      torch_key="" if torch else None)  # torch pools (N, C, H, W) and (C, H, W)


@st.composite
def _pool_case(draw: st.DrawFn, pairs: bool = False, lead: tuple | None = None,
               own: bool = False) -> tuple:
    """own: a case for the pairs / leading-axes tests, which grade only their own feature:
    stride always given and values >= 0 (a maximum started at 0, or a stride defaulting to 1,
    is maxpool2d.values' business)."""
    h, w = draw(st.integers(1, 7)), draw(st.integers(1, 7))
    if pairs:
        k = (draw(st.integers(1, min(h, 3))), draw(st.integers(1, min(w, 3))))
    else:
        k = draw(st.integers(1, min(h, w, 3)))
    kw: dict = {"kernel_size": k}
    if own or draw(st.booleans()):
        kw["stride"] = _pair(draw, 1, 3, pairs)
    if lead is None:
        lead = (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
    x = draw(arrays(lead + (h, w), 0 if own else -5, 5))
    return (x,), kw


def pool_values(ctx: Ctx) -> None:
    _pool(ctx, (np.arange(25.0).reshape(1, 1, 5, 5),), {"kernel_size": 3, "stride": 1})  # slides
    _pool(ctx, (np.arange(16.0).reshape(1, 1, 4, 4),), {})  # defaults: 2×2, stride 2
    _pool(ctx, (-np.arange(1.0, 17.0).reshape(1, 1, 4, 4),), {})  # negative: a max from 0 shows
    _pool(ctx, (np.arange(30.0).reshape(1, 2, 3, 5),), {"kernel_size": 2})  # odd sizes: floor
    _pool(ctx, (np.arange(49.0).reshape(1, 1, 7, 7) % 5,), {"kernel_size": 3, "stride": 2})
    ctx.forall(_pool_case(), lambda c: _pool(ctx, *c), max_examples=15)


def pool_pairs(ctx: Ctx) -> None:
    x = np.arange(42.0).reshape(1, 1, 6, 7) % 11
    for kw in ({"kernel_size": (2, 3), "stride": (2, 3)}, {"kernel_size": 2, "stride": (1, 2)},
               {"kernel_size": (3, 1), "stride": (2, 1)}):
        _pool(ctx, (x.copy(),), kw)
    ctx.forall(_pool_case(pairs=True, own=True), lambda c: _pool(ctx, *c), max_examples=8)


def pool_leading_axes(ctx: Ctx) -> None:
    _pool(ctx, (np.arange(32.0).reshape(2, 4, 4) % 7,),
          {"kernel_size": 2, "stride": 2})  # (C, H, W)
    _pool(ctx, (np.arange(30.0).reshape(5, 6) % 4,), {"kernel_size": 2, "stride": 1},
          torch=False)  # (H, W)
    ctx.forall(_pool_case(lead=(3,), own=True), lambda c: _pool(ctx, *c), max_examples=5)


def pool_dtype(ctx: Ctx) -> None:
    x32 = np.linspace(-2, 2, 36, dtype=np.float32).reshape(1, 1, 6, 6)
    _expect_float32(ctx, "maxpool2d", (x32,), {"kernel_size": 3})


def pool_no_mutation(ctx: Ctx) -> None:
    expect_unchanged(ctx, "maxpool2d", (np.arange(16.0).reshape(1, 1, 4, 4) % 5 - 2,),
                     {"kernel_size": 2, "stride": 1}, names=("x",))


def _test(id_: str, points: float, es: str, en: str, check, graded: set[str]) -> HiddenTest:
    return HiddenTest(id_, id_.split(".")[0], points, Text(es, en), check,
                      graded=frozenset(graded))


TESTS = [
    _test("correlate2d.slides", 1.0,
          "el ejemplo de las diapositivas: 429 y el mapa 4×4 completo, exactos",
          "the slides' example: 429 and the whole 4×4 map, exact", corr_slides, {"values"}),
    _test("correlate2d.values", 1.5,
          "imágenes y núcleos aleatorios, de 1×1 al tamaño de la imagen, no cuadrados y "
          "asimétricos (sin voltear el núcleo)",
          "random images and kernels, from 1×1 to the image's size, non-square and asymmetric "
          "(no kernel flip)", corr_values, {"values"}),
    _test("correlate2d.dtype", 0.25, "`image` y `kernel` float32: salida float32",
          "float32 `image` and `kernel`: float32 output", corr_dtype, {"dtype"}),
    _test("correlate2d.no_mutation", 0.25, "no modifica `image` ni `kernel`",
          "does not modify `image` or `kernel`", corr_no_mutation, {"no_mutation"}),
    _test("conv2d.values", 2.0,
          "lotes (N, C, H, W) con canales y filtros aleatorios y los valores por defecto (sin "
          "sesgo, `stride` 1, `padding` 0), como F.conv2d",
          "random (N, C, H, W) batches, channels and filters with the defaults (no bias, "
          "`stride` 1, `padding` 0), as F.conv2d", conv_values, {"values"}),
    _test("conv2d.bias", 0.5, "el sesgo b[f] sumado a cada mapa de salida f",
          "the bias b[f] added to each output map f", conv_bias, {"values"}),
    _test("conv2d.stride_padding", 1.25,
          "`stride` y `padding` enteros: tamaño de salida y relleno con ceros",
          "int `stride` and `padding`: output size and zero padding", conv_stride_padding,
          {"values"}),
    _test("conv2d.pairs", 0.5, "`stride` y `padding` como pares (filas, columnas)",
          "`stride` and `padding` as (rows, columns) pairs", conv_pairs, {"values"}),
    _test("conv2d.single_image", 0.25, "una sola imagen `x` (C, H, W) da una salida (F, OH, OW)",
          "a single image `x` (C, H, W) gives an (F, OH, OW) output", conv_single_image,
          {"values"}),
    _test("conv2d.dtype", 0.25, "`x`, `w` y `b` float32: salida float32",
          "float32 `x`, `w` and `b`: float32 output", conv_dtype, {"dtype"}),
    _test("conv2d.no_mutation", 0.25, "no modifica `x`, `w` ni `b`",
          "does not modify `x`, `w` or `b`", conv_no_mutation, {"no_mutation"}),
    _test("maxpool2d.values", 1.0,
          "`kernel_size` y `stride` enteros, los valores por defecto (2×2, `stride` = "
          "`kernel_size`), entradas negativas y tamaños que no se dividen exactamente (se "
          "descartan las ventanas incompletas), como F.max_pool2d",
          "int `kernel_size` and `stride`, the defaults (2×2, `stride` = `kernel_size`), "
          "negative inputs and sizes that do not divide evenly (incomplete windows are "
          "dropped), as F.max_pool2d", pool_values, {"values"}),
    _test("maxpool2d.pairs", 0.25, "`kernel_size` y `stride` como pares (filas, columnas)",
          "`kernel_size` and `stride` as (rows, columns) pairs", pool_pairs, {"values"}),
    _test("maxpool2d.leading_axes", 0.25, "entradas `x` (C, H, W) y (H, W)",
          "(C, H, W) and (H, W) inputs `x`", pool_leading_axes, {"values"}),
    _test("maxpool2d.dtype", 0.25, "`x` float32: salida float32", "float32 `x`: float32 output",
          pool_dtype, {"dtype"}),
    _test("maxpool2d.no_mutation", 0.25, "no modifica `x`", "does not modify `x`",
          pool_no_mutation, {"no_mutation"}),
]
