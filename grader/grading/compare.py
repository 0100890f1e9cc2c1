"""Validation and comparison of the values a student's function returns.

Two steps, both pure functions of plain data:

1. `as_array` checks that a returned value is what the contract promises (a plain numeric
   ndarray of the right shape, or a number); anything else is `Invalid` (an object, an
   unsupported type, complex numbers, NaN where none is expected).
2. `first_mismatch` compares it with the expected array under a tolerance
   |got − expected| <= atol + rtol·|expected| (exact for integers), with optional intervals
   where any value passes (the subgradient at a kink), and locates the first element that
   fails, in row-major order: "en el índice (0, 2): esperado 429.0, obtenido 0.0".

`fmt` prints small values compactly for the messages a student reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from grader.sandbox.protocol import Recipe, Unsupported
from grader.text import EMPTY, Text

# (rtol, atol) per floating dtype of the *expected* value. float64 leaves room for another
# order of summation or a different but correct formula (stable vs naive sigmoid differ by
# ~1e-16 relative); float32 for ~100 roundings of eps32 = 1.2e-7.
TOLERANCES: dict[str, tuple[float, float]] = {
    "float64": (1e-6, 1e-9),
    "float32": (1e-4, 1e-6),
    "float16": (1e-2, 1e-3),
}


def tolerance(dtype: Any) -> tuple[float, float]:
    """(rtol, atol) for values of this dtype; (0, 0) for integers and booleans (exact)."""
    dt = np.dtype(dtype)
    if dt.kind in "iub":
        return 0.0, 0.0
    return TOLERANCES.get(dt.name, TOLERANCES["float64"])


class Invalid(Exception):
    """A returned value that is not plain numeric data of the expected kind: `reason` says
    what it is, `message` names the function too."""

    def __init__(self, func: str, reason: Text):
        super().__init__(f"{func}: {reason.en}")
        self.func = func
        self.reason = reason

    @property
    def message(self) -> Text:
        return self.func + ": " + self.reason


# --- formatting ---------------------------------------------------------------------------------
def fmt_number(v: Any) -> str:
    """429.0 -> '429.0', 0.2350037122 -> '0.235004', 1e-12 -> '1e-12', True -> 'True'."""
    if isinstance(v, (bool, np.bool_)):
        return str(bool(v))
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    try:
        f = float(v)
    except (TypeError, ValueError):
        return repr(v)
    if np.isnan(f) or np.isinf(f):
        return str(f)
    if f == int(f) and abs(f) < 1e15:
        return f"{f:.1f}"
    return f"{f:.6g}"


def fmt(value: Any, *, max_elements: int = 36, max_chars: int = 400) -> str:
    """A compact one-line-per-row text of a value for a message (arrays summarized when big)."""
    text = _fmt(value, max_elements)
    if len(text) > max_chars:
        text = text[: max_chars - 3] + "..."
    return text


def _fmt(value: Any, max_elements: int) -> str:
    if isinstance(value, Recipe):
        return value.show
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "biufc":
            return f"array(dtype={value.dtype}, shape={value.shape})"
        dtype = "" if value.dtype in (np.float64, np.int64, np.bool_) else f", dtype={value.dtype}"
        if value.size > max_elements:
            flat = ", ".join(fmt_number(x) for x in value.ravel()[:6])
            return f"array(shape={value.shape}{dtype}; {flat}, ...)"
        body = np.array2string(
            value, separator=", ", precision=6, suppress_small=False, max_line_width=10_000,
            formatter={"float_kind": fmt_number},
        )
        body = " ".join(body.split())  # one line
        return f"array({body}{dtype})"
    if isinstance(value, tuple):
        inner = ", ".join(_fmt(v, max_elements) for v in value)
        return f"({inner}{',' if len(value) == 1 else ''})"
    if isinstance(value, list):
        return "[" + ", ".join(_fmt(v, max_elements) for v in value) + "]"
    if is_unsupported(value):
        return f"<{type_name(value)}>"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_fmt(v, max_elements)}" for k, v in value.items()) + "}"
    if isinstance(value, (float, int, np.number, np.bool_)):
        return fmt_number(value)
    return repr(value)


def fmt_call(func: str, args: tuple = (), kwargs: dict | None = None) -> str:
    """'sigmoid(z=array([0.5]))'-like text of a call (positional args unnamed)."""
    parts = [fmt(a, max_chars=200) for a in args]
    parts += [f"{k}={fmt(v, max_chars=200)}" for k, v in (kwargs or {}).items()]
    return f"{func}(" + ", ".join(parts) + ")"


def is_unsupported(value: Any) -> bool:
    """The sandbox's marker for a value it could not send as plain data."""
    return isinstance(value, Unsupported) or (isinstance(value, dict)
                                              and set(value) == {"__unsupported__"})


def type_name(value: Any) -> str:
    if isinstance(value, dict) and set(value) == {"__unsupported__"}:
        return str(value["__unsupported__"])
    if isinstance(value, Unsupported):
        return str(value.type_name)
    return type(value).__name__


# --- validation -----------------------------------------------------------------------------------
def as_array(
    value: Any,
    *,
    func: str,
    shape: tuple[int, ...] | None = None,
    what: str = "",
    allow_nan: bool = False,
    scalar: bool = False,
) -> np.ndarray:
    """The returned `value` as a numeric ndarray, or `Invalid` / `ShapeError` with a message.

    `scalar=True` accepts a Python number, a NumPy scalar or a 0-d/size-1 array (a loss, a
    count); otherwise only an `np.ndarray` is accepted (a list is not the contract's type).
    `what` names the part of a composite result ("W1", "el estado"); bool/int/float dtypes
    pass; complex, object and unsupported types do not; NaN/inf only with `allow_nan`.
    """
    label = f" ({what})" if what else ""
    if is_unsupported(value):
        raise Invalid(func, Text(
            f"devolvió un objeto de tipo {type_name(value)}{label}; se esperaba un ndarray de "
            "NumPy con números.",
            f"returned an object of type {type_name(value)}{label}; expected a NumPy ndarray of "
            "numbers."))
    if scalar and isinstance(value, (bool, int, float, np.number, np.bool_)):
        value = np.asarray(value)
    if type(value) is not np.ndarray:  # subclasses too: only a plain ndarray is data
        raise Invalid(func, Text(
            f"devolvió {type_name(value)}{label}; se esperaba "
            + ("un número" if scalar else "un np.ndarray") + ".",
            f"returned {type_name(value)}{label}; expected "
            + ("a number" if scalar else "an np.ndarray") + "."))
    if value.dtype.kind == "c":
        raise Invalid(func, Text(
            f"devolvió números complejos{label} (dtype {value.dtype}); se esperaban reales.",
            f"returned complex numbers{label} (dtype {value.dtype}); expected real ones."))
    if value.dtype.kind not in "biuf":
        raise Invalid(func, Text(
            f"devolvió un array de dtype {value.dtype}{label}; se esperaban números.",
            f"returned an array of dtype {value.dtype}{label}; expected numbers."))
    if scalar and value.size == 1:
        value = value.reshape(())
    if shape is not None and value.shape != tuple(shape):
        raise ShapeError(func, tuple(shape), value.shape, what)
    if not allow_nan and value.dtype.kind == "f" and not np.all(np.isfinite(value)):
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(value))[0]) if value.ndim else ()
        v = value[bad] if value.ndim else value[()]
        where = Text(f" en el índice {bad}", f" at index {bad}") if value.ndim else EMPTY
        raise Invalid(func, Text(f"devolvió {fmt_number(v)}", f"returned {fmt_number(v)}") + where
                      + Text(f"{label}, donde el valor correcto es finito.",
                             f"{label}, where the right value is finite."))
    return value


class ShapeError(Exception):
    """A numeric array of the wrong shape: a wrong answer (status failed), not an invalid one."""

    def __init__(self, func: str, expected: tuple[int, ...], got: tuple[int, ...], what: str = ""):
        super().__init__(f"{func}: shape {got}, expected {expected}")
        self.func, self.expected, self.got, self.what = func, expected, got, what

    @property
    def message(self) -> Text:
        return self.func + ": " + self.reason

    @property
    def reason(self) -> Text:
        es = f" de {self.what}" if self.what else ""
        en = f" of {self.what}" if self.what else ""
        return Text(f"forma{es} incorrecta: esperada {self.expected}, obtenida {self.got}",
                    f"wrong shape{en}: expected {self.expected}, got {self.got}")


# --- closeness ------------------------------------------------------------------------------------
@dataclass
class Mismatch:
    """The first element (row-major) outside the tolerance, and how many are."""

    index: tuple[int, ...]
    expected: float
    got: float
    count: int
    total: int

    @property
    def text(self) -> Text:
        e, g = fmt_number(self.expected), fmt_number(self.got)
        if e == g:  # outside the tolerance but equal to 6 digits: show every digit
            e, g = repr(float(self.expected)), repr(float(self.got))
        out = Text(f"esperado {e}, obtenido {g}", f"expected {e}, got {g}")
        if self.index:
            out = Text(f"en el índice {self.index}: ", f"at index {self.index}: ") + out
        if self.total > 1:
            out += Text(f" ({self.count} de {self.total} elementos difieren)",
                        f" ({self.count} of {self.total} elements differ)")
        return out


def _close_mask(got: np.ndarray, expected: np.ndarray, rtol: float, atol: float,
                lo: np.ndarray | None, hi: np.ndarray | None) -> np.ndarray:
    """Elementwise ok: |got − exp| <= atol + rtol·|exp|, or equal (±inf), or lo <= got <= hi
    where an interval is given (NaN in lo/hi = no interval there)."""
    e = expected.astype(np.float64)
    g = got.astype(np.float64)
    with np.errstate(invalid="ignore", over="ignore"):
        ok = (np.abs(g - e) <= atol + rtol * np.abs(e)) | (g == e)
        if lo is not None and hi is not None:
            lo = np.broadcast_to(np.asarray(lo, dtype=np.float64), e.shape)
            hi = np.broadcast_to(np.asarray(hi, dtype=np.float64), e.shape)
            interval = ~np.isnan(lo)
            slack = atol + rtol * np.maximum(np.abs(lo), np.abs(hi))
            ok |= interval & (g >= lo - slack) & (g <= hi + slack)
    return ok & ~np.isnan(g) | (np.isnan(g) & np.isnan(e))


def first_mismatch(
    got: np.ndarray,
    expected: np.ndarray,
    *,
    rtol: float | None = None,
    atol: float | None = None,
    lo: np.ndarray | None = None,
    hi: np.ndarray | None = None,
) -> Mismatch | None:
    """None when every element is close (shapes must already agree), else the first bad one.

    Default rtol/atol: `tolerance` of the expected dtype (of `got` when `expected` is not float)."""
    expected = np.asarray(expected)
    got = np.asarray(got)
    if rtol is None or atol is None:
        r, a = tolerance(expected.dtype if expected.dtype.kind == "f" else got.dtype)
        rtol = r if rtol is None else rtol
        atol = a if atol is None else atol
    ok = _close_mask(got, expected, rtol, atol, lo, hi)
    if np.all(ok):
        return None
    bad = np.argwhere(~ok)
    index = tuple(int(i) for i in bad[0]) if ok.ndim else ()
    return Mismatch(
        index=index,
        expected=expected[index].item() if expected.ndim else expected.item(),
        got=got[index].item() if got.ndim else got.item(),
        count=int(bad.shape[0]) if ok.ndim else 1,
        total=int(ok.size),
    )


def allclose(got: Any, expected: Any, **kw: Any) -> bool:
    """True when shapes agree and `first_mismatch` finds nothing (for hint detectors)."""
    try:
        g = np.asarray(got, dtype=np.float64)
        e = np.asarray(expected, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    if g.shape != e.shape:
        return False
    return first_mismatch(g, e, **kw) is None
