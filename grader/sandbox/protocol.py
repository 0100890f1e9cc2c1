"""Framing and plain-data codec between the grader and the sandbox server (`server.py`).

This file is the single source of truth for the wire format. It is imported by the grader as
`grader.sandbox.protocol` and loaded from its own file by `server.py` inside the sandbox, so it must
depend on the standard library and NumPy only (never on `grader`).

Frame (all integers big-endian, unsigned)::

    u64 body_len | body
    body = u32 header_len | header (JSON, UTF-8) | u32 n_blobs | (u64 blob_len | blob) * n_blobs

Each blob is one `.npy` file (`np.save(..., allow_pickle=False)`). In the header, every JSON
object is a one-key tag, so plain data round-trips exactly:

    ndarray            {"__nd__": i}            (blob i; plus "scalar": true for numpy scalars,
                                                  "torch": "<device>" for converted tensors)
    tuple              {"__tuple__": [...]}
    dict[str, ...]     {"__dict__": {...}}
    Recipe             {"__recipe__": [kind, spec, show]}   (see recipes.py; grader -> server)
    anything else      {"__unsupported__": "<type name>"}
    int float bool str None list   as JSON (NaN and +-Infinity allowed)

Decoding trusts nothing: a hostile server may send any bytes. Every limit (frame size, header
size, number of arrays, nesting depth, dtype) is checked before allocation, arrays are parsed
with `np.load(allow_pickle=False)` after their `.npy` header was validated, and any problem
raises `ProtocolError`, never another exception and never an unpickle.
"""

from __future__ import annotations

import io
import json
import math
import re
import struct
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.lib import format as npy_format

# Student code runs in the server's process and may patch builtins (`builtins.isinstance =
# liar`). Bind the builtins used here now, as module globals, which win over builtins at lookup.
globals().update({_n: getattr(__import__("builtins"), _n) for _n in (
    "isinstance", "type", "len", "str", "int", "float", "bool", "list", "tuple", "dict", "set",
    "getattr", "hasattr", "abs", "all", "any", "min", "max", "sorted", "range", "callable",
    "memoryview", "bytes", "frozenset", "object", "print", "repr", "iter", "next", "open")})

MAX_FRAME = 256 * 2**20  # bytes of one frame (body)
MAX_HEADER = 8 * 2**20  # bytes of the JSON header
MAX_NODES = 200_000  # JSON values in one frame's data (bounds the grader's memory)
MAX_ARRAYS = 4096  # arrays in one frame
MAX_DEPTH = 64  # nesting of lists/tuples/dicts
MAX_ARRAY_BYTES = 128 * 2**20  # bytes of one array's data
# numeric and boolean dtypes only: bool, signed/unsigned int, float (no complex, object, str)
ALLOWED_KINDS = frozenset("biuf")
_BIG_INT = 10**4000  # json refuses to parse longer integers (sys.int_info.default_max_str_digits)


class ProtocolError(Exception):
    """The peer sent something that is not a valid frame or not plain data."""


@dataclass(frozen=True)
class Unsupported:
    """A value the server could not send as plain data (an object, a complex array, ...)."""

    type_name: str

    def __repr__(self) -> str:
        return f"<unsupported {self.type_name}>"


@dataclass(frozen=True)
class Recipe:
    """A plain-data description of an object the sandbox server builds before a call (a
    function of x, a torch module; see `recipes.py`). `show` is how messages write it."""

    kind: str
    spec: Any
    show: str = "f"

    def __repr__(self) -> str:
        return self.show


# ----------------------------------------------------------------------------------- encoding


def _type_name(x: Any) -> str:
    t = type(x)
    mod = getattr(t, "__module__", "") or ""
    name = getattr(t, "__qualname__", None) or getattr(t, "__name__", "?")
    return name if mod == "builtins" else f"{mod}.{name}"


def _torch_tensor(x: Any) -> tuple[np.ndarray, str] | None:
    """(ndarray, device) when `x` is a torch tensor, else None. Never imports torch itself."""
    import sys

    torch = sys.modules.get("torch")
    if torch is None or not isinstance(x, getattr(torch, "Tensor", ())):
        return None
    t = x.detach()
    device = str(t.device)
    t = t.cpu()
    if t.is_complex():
        raise TypeError("complex tensor")
    if t.dtype not in (torch.bool, torch.uint8, torch.int8, torch.int16, torch.int32,
                       torch.int64, torch.float16, torch.float32, torch.float64):
        t = t.float()  # bfloat16 and friends have no NumPy dtype
    return np.array(t.numpy(), copy=True), device


class _Encoder:
    def __init__(self, max_array_bytes: int = MAX_ARRAY_BYTES, max_arrays: int = MAX_ARRAYS,
                 strict: bool = False, max_nodes: int = MAX_NODES):
        self.blobs: list[bytes] = []
        self.devices: list[str] = []
        self.max_array_bytes = max_array_bytes
        self.max_arrays = max_arrays
        self.nodes = 0
        self.strict = strict  # raise instead of writing {"__unsupported__": ...}
        self.max_nodes = max_nodes

    def unsupported(self, what: str) -> dict[str, str]:
        if self.strict:
            raise ProtocolError(f"not plain data: {what}")
        return {"__unsupported__": what}

    def array(self, a: np.ndarray, **extra: Any) -> dict[str, Any]:
        if a.dtype.kind not in ALLOWED_KINDS or a.dtype.fields is not None:
            return self.unsupported(f"ndarray of dtype {a.dtype}")
        if a.nbytes > self.max_array_bytes:
            return self.unsupported(f"ndarray too large ({a.nbytes} bytes)")
        if len(self.blobs) >= self.max_arrays:
            return self.unsupported("too many arrays")
        self.blobs.append(_npy_bytes(a))
        return {"__nd__": len(self.blobs) - 1, **extra}

    def enc(self, x: Any, depth: int = 0) -> Any:
        self.nodes += 1
        if self.nodes > self.max_nodes:
            return self.unsupported("too many values")
        if depth >= MAX_DEPTH:  # the decoder refuses anything deeper than MAX_DEPTH
            return self.unsupported("nesting too deep")
        t = type(x)
        # exact types only: a subclass of float/int/str may override __eq__ and lie
        if x is None or t is bool or t is str:
            return x
        if t is int:
            return x if -_BIG_INT < x < _BIG_INT else self.unsupported("int too large")
        if t is float:
            return x
        if t is np.ndarray:
            return self.array(x)
        if isinstance(x, np.ndarray):
            return self.unsupported(f"{_type_name(x)} (ndarray subclass)")
        if isinstance(x, np.generic) and t.__module__ == "numpy":
            return self.array(np.asarray(x), scalar=True)
        if t is list:
            return [self.enc(v, depth + 1) for v in x]
        if t is tuple:
            return {"__tuple__": [self.enc(v, depth + 1) for v in x]}
        if t is Recipe:
            return {"__recipe__": [x.kind, self.enc(x.spec, depth + 1), x.show]}
        if t is dict:
            if not all(type(k) is str for k in x):
                return self.unsupported("dict with non-str keys")
            return {"__dict__": {k: self.enc(v, depth + 1) for k, v in x.items()}}
        try:
            conv = _torch_tensor(x)
        except Exception as e:  # complex tensor, broken subclass...
            return self.unsupported(f"{_type_name(x)} ({type(e).__name__})")
        if conv is not None:
            arr, device = conv
            self.devices.append(device)
            return self.array(arr, torch=device)
        return self.unsupported(_type_name(x))


def encode(header: dict[str, Any], values: dict[str, Any] | None = None, *,
           strict: bool = False, max_arrays: int = MAX_ARRAYS,
           max_array_bytes: int = MAX_ARRAY_BYTES, max_header: int = MAX_HEADER,
           max_nodes: int = MAX_NODES) -> bytes:
    """One frame: `header` (JSON-native, written as is) plus `values` encoded as plain data.

    The encoded values go under header["values"]; tensors converted on the way are listed in
    header["devices"]. strict: a value that is not plain data raises ProtocolError (the
    grader's requests) instead of travelling as {"__unsupported__": ...} (the server's replies).
    """
    enc = _Encoder(max_array_bytes=max_array_bytes, max_arrays=max_arrays, strict=strict,
                   max_nodes=max_nodes)
    h = dict(header)
    if values is not None:
        h["values"] = {k: enc.enc(v) for k, v in values.items()}
        h["devices"] = enc.devices
    try:
        hb = json.dumps(h, allow_nan=True).encode("utf-8")
    except (TypeError, ValueError) as e:  # never expected: plain data only
        raise ProtocolError(f"cannot encode header: {e}") from None
    if len(hb) > max_header:
        raise ProtocolError(f"header too large ({len(hb)} bytes)")
    parts = [struct.pack(">I", len(hb)), hb, struct.pack(">I", len(enc.blobs))]
    for b in enc.blobs:
        parts += [struct.pack(">Q", len(b)), b]
    body = b"".join(parts)
    return struct.pack(">Q", len(body)) + body


# -------------------------------------------------------------------------------- fingerprint


class _NotPlain(Exception):
    pass


def _feed(x: Any, h: Any, depth: int = 0) -> None:
    t = type(x)
    if depth > MAX_DEPTH:
        raise _NotPlain
    if x is None or t in (bool, int, str):
        h.update(f"{t.__name__}:{x!r};".encode())
    elif t is float:
        h.update(b"f:" + struct.pack("<d", x))
    elif t is np.ndarray or (isinstance(x, np.generic) and t.__module__ == "numpy"):
        a = np.asarray(x)
        if a.dtype.kind not in ALLOWED_KINDS or a.dtype.fields is not None:
            raise _NotPlain
        h.update(f"a:{t.__name__}:{a.dtype.str}:{a.shape};".encode())
        h.update(a.tobytes())  # C order, whatever the layout
    elif t in (list, tuple):
        h.update(f"{t.__name__}:{len(x)}(".encode())
        for v in x:
            _feed(v, h, depth + 1)
        h.update(b")")
    elif t is dict:
        h.update(f"d:{len(x)}(".encode())
        for k, v in x.items():
            if type(k) is not str:
                raise _NotPlain
            h.update(k.encode() + b"=")
            _feed(v, h, depth + 1)
        h.update(b")")
    elif t is Recipe:
        h.update(f"r:{x.kind}:".encode())
        _feed(x.spec, h, depth + 1)
    else:
        raise _NotPlain


def fingerprint(value: Any) -> str | None:
    """A hash of plain data by type and content (arrays: dtype, shape, bytes), far cheaper
    than encoding it; None for anything that is not plain data."""
    import hashlib

    h = hashlib.blake2b(digest_size=20)
    try:
        _feed(value, h)
    except _NotPlain:
        return None
    return h.hexdigest()


# ----------------------------------------------------------------------------------- decoding


# The header `np.save` writes for a C-ordered array of a plain dtype, which `_npy_bytes` writes
# too: parsed here without NumPy's literal_eval (a frame holds hundreds of arrays).
_FAST_HEADER = re.compile(
    rb"\x93NUMPY\x01\x00..\{'descr': '([<>|][biuf][0-9]{1,2})', 'fortran_order': False, "
    rb"'shape': \(((?:[0-9]{1,18}, ?)*(?:[0-9]{1,18})?)\), \} *\n", re.DOTALL)


def _npy_bytes(a: np.ndarray) -> bytes:
    """`a` in the .npy format (version 1.0, C order), as np.save writes it."""
    if not a.flags.c_contiguous:  # (np.ascontiguousarray would make a 0-d array 1-d)
        a = a.copy(order="C")
    text = f"{{'descr': '{a.dtype.str}', 'fortran_order': False, 'shape': {a.shape!r}, }}"
    pad = 64 - (10 + len(text) + 1) % 64  # magic(6) + version(2) + length(2), then "\n"
    header = (text + " " * (pad % 64) + "\n").encode("latin1")
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header + a.tobytes()


def _load_npy(blob: bytes, max_array_bytes: int) -> np.ndarray:
    """Validate a `.npy` header (dtype, shape, size) before letting NumPy read the data."""
    m = _FAST_HEADER.match(blob)
    if m is not None and m.end() == 10 + struct.unpack_from("<H", blob, 8)[0]:
        dtype = np.dtype(m.group(1).decode())
        shape = tuple(int(n) for n in m.group(2).split(b",") if n.strip())
        nbytes = math.prod(shape) * dtype.itemsize
        if nbytes > max_array_bytes:
            raise ProtocolError(f"array too large ({nbytes} bytes)")
        if len(blob) - m.end() != nbytes:
            raise ProtocolError("array data length does not match its header")
        return np.frombuffer(blob, dtype=dtype, offset=m.end()).reshape(shape).copy()
    f = io.BytesIO(blob)
    try:
        version = npy_format.read_magic(f)
        if version == (1, 0):
            shape, fortran, dtype = npy_format.read_array_header_1_0(f)
        elif version in ((2, 0), (3, 0)):
            shape, fortran, dtype = npy_format.read_array_header_2_0(f)
        else:
            raise ProtocolError(f"unknown .npy version {version}")
    except ProtocolError:
        raise
    except Exception as e:
        raise ProtocolError(f"bad .npy header: {type(e).__name__}") from None
    if dtype.kind not in ALLOWED_KINDS or dtype.fields is not None or dtype.hasobject:
        raise ProtocolError(f"array dtype {dtype} is not numeric")
    if not all(type(n) is int and 0 <= n for n in shape) or len(shape) > 32:
        raise ProtocolError("bad array shape")
    nbytes = math.prod(shape) * dtype.itemsize
    if nbytes > max_array_bytes:
        raise ProtocolError(f"array too large ({nbytes} bytes)")
    if len(blob) - f.tell() != nbytes:
        raise ProtocolError("array data length does not match its header")
    try:
        a = np.load(io.BytesIO(blob), allow_pickle=False)
    except Exception as e:
        raise ProtocolError(f"bad .npy data: {type(e).__name__}") from None
    if type(a) is not np.ndarray or a.dtype != dtype or a.shape != tuple(shape):
        raise ProtocolError("array does not match its header")
    return a


def _dec(x: Any, arrays: list[np.ndarray], devices: list[str], depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise ProtocolError("nesting too deep")
    t = type(x)
    if x is None or t in (bool, int, float, str):
        return x
    if t is list:
        return [_dec(v, arrays, devices, depth + 1) for v in x]
    if t is not dict or not x:
        raise ProtocolError(f"unexpected JSON value {t.__name__}")
    if "__nd__" in x:
        i = x["__nd__"]
        if type(i) is not int or not 0 <= i < len(arrays) or set(x) - {"__nd__", "scalar", "torch"}:
            raise ProtocolError("bad array reference")
        a = arrays[i]
        if "torch" in x:
            if type(x["torch"]) is not str:
                raise ProtocolError("bad device")
            devices.append(x["torch"][:64])
        if x.get("scalar") is True:
            if a.ndim != 0:
                raise ProtocolError("scalar array is not 0-d")
            return a[()]
        return a
    if len(x) != 1:
        raise ProtocolError("tag objects have exactly one key")
    (tag, v), = x.items()
    if tag == "__tuple__" and type(v) is list:
        return tuple(_dec(e, arrays, devices, depth + 1) for e in v)
    if tag == "__dict__" and type(v) is dict:
        return {str(k): _dec(e, arrays, devices, depth + 1) for k, e in v.items()}
    if tag == "__recipe__" and type(v) is list and len(v) == 3 and type(v[0]) is str \
            and type(v[2]) is str:
        return Recipe(v[0][:40], _dec(v[1], arrays, devices, depth + 1), v[2][:200])
    if tag == "__unsupported__" and type(v) is str:
        return Unsupported(v[:200])
    raise ProtocolError(f"unknown tag {str(tag)[:40]!r}")


@dataclass
class Frame:
    header: dict[str, Any]
    values: dict[str, Any]
    devices: list[str]


def decode_body(body: bytes, *, max_arrays: int = MAX_ARRAYS,
                max_array_bytes: int = MAX_ARRAY_BYTES, max_header: int = MAX_HEADER) -> Frame:
    """Parse one frame body (without its u64 length). Raises only `ProtocolError`."""
    try:
        return _decode_body(body, max_arrays, max_array_bytes, max_header)
    except ProtocolError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, RecursionError, OverflowError,
            UnicodeDecodeError, struct.error, MemoryError) as e:
        raise ProtocolError(f"malformed frame: {type(e).__name__}") from None


def _decode_body(body: bytes, max_arrays: int, max_array_bytes: int, max_header: int) -> Frame:
    mv = memoryview(body)
    if len(mv) < 8:
        raise ProtocolError("frame too short")
    (hlen,) = struct.unpack_from(">I", mv, 0)
    if hlen > max_header or 4 + hlen + 4 > len(mv):
        raise ProtocolError("bad header length")
    header = json.loads(bytes(mv[4 : 4 + hlen]).decode("utf-8"))
    if type(header) is not dict:
        raise ProtocolError("header is not an object")
    pos = 4 + hlen
    (n,) = struct.unpack_from(">I", mv, pos)
    pos += 4
    if n > max_arrays:
        raise ProtocolError(f"too many arrays ({n})")
    arrays = []
    for _ in range(n):
        if pos + 8 > len(mv):
            raise ProtocolError("truncated frame")
        (blen,) = struct.unpack_from(">Q", mv, pos)
        pos += 8
        if blen > len(mv) - pos:
            raise ProtocolError("truncated array")
        arrays.append(_load_npy(bytes(mv[pos : pos + blen]), max_array_bytes))
        pos += blen
    if pos != len(mv):
        raise ProtocolError("trailing bytes after the last array")
    devices: list[str] = []
    raw = header.pop("values", {})
    header.pop("devices", None)
    if type(raw) is not dict:
        raise ProtocolError("values is not an object")
    values = {str(k): _dec(v, arrays, devices, 0) for k, v in raw.items()}
    return Frame(header, values, devices)


def frame_length(prefix: bytes, max_frame: int = MAX_FRAME) -> int:
    """Body length from the 8-byte prefix, refusing frames over `max_frame`."""
    if len(prefix) != 8:
        raise ProtocolError("truncated length prefix")
    (n,) = struct.unpack(">Q", prefix)
    if n > max_frame:
        raise ProtocolError(f"frame too large ({n} bytes)")
    return n


def decode(frame: bytes, *, max_frame: int = MAX_FRAME, **caps: Any) -> Frame:
    """Parse a whole frame (u64 length + body), e.g. one produced by `encode`."""
    n = frame_length(frame[:8], max_frame)
    if len(frame) != 8 + n:
        raise ProtocolError("frame length does not match its prefix")
    return decode_body(frame[8:], **caps)


# ------------------------------------------------------------------- blocking fd helpers (server)


def read_exact(fd: int, n: int) -> bytes:
    """Read exactly n bytes from a blocking fd; EOFError if the peer closed first."""
    import os

    chunks, got = [], 0
    while got < n:
        b = os.read(fd, min(n - got, 1 << 20))
        if not b:
            raise EOFError("peer closed the pipe")
        chunks.append(b)
        got += len(b)
    return b"".join(chunks)


def read_frame(fd: int, max_frame: int = MAX_FRAME) -> Frame:
    n = frame_length(read_exact(fd, 8), max_frame)
    return decode_body(read_exact(fd, n))


def write_all(fd: int, data: bytes) -> None:
    import os

    mv = memoryview(data)
    while mv:
        k = os.write(fd, mv)
        mv = mv[k:]
