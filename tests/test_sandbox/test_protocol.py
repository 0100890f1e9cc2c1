"""The wire codec: plain data round-trips exactly; hostile frames fail cleanly."""

from __future__ import annotations

import io
import json
import math
import pickle
import struct

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from grader.sandbox import protocol
from grader.sandbox.protocol import ProtocolError, Unsupported

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

DTYPES = st.sampled_from([np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8,
                          np.uint32, np.uint64, np.float16, np.float32, np.float64])
arrays = DTYPES.flatmap(lambda dt: hnp.arrays(dt, hnp.array_shapes(min_dims=0, max_dims=3,
                                                                  max_side=4)))
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20),
                    st.floats(allow_nan=True, allow_infinity=True))
plain = st.recursive(
    st.one_of(scalars, arrays),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=4).map(tuple),
        st.dictionaries(st.text(max_size=8), inner, max_size=4),
    ),
    max_leaves=12,
)


def same(a, b) -> bool:
    """Exact structural equality: same types, dtypes, shapes; NaN equals NaN."""
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        return a.dtype == b.dtype and a.shape == b.shape and bool(
            np.array_equal(a, b, equal_nan=a.dtype.kind == "f"))
    if isinstance(a, float):
        return (math.isnan(a) and math.isnan(b)) or a == b
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b


def roundtrip(value):
    f = protocol.decode(protocol.encode({"op": "t"}, {"v": value}))
    assert f.header == {"op": "t"}
    return f.values["v"]


@SETTINGS
@given(plain)
def test_plain_data_round_trips_exactly(value):
    assert same(roundtrip(value), value)


def test_numpy_scalars_keep_their_type_and_arrays_their_layout():
    assert type(roundtrip(np.float32(1.5))) is np.float32
    assert type(roundtrip(np.int64(-3))) is np.int64
    assert type(roundtrip(np.bool_(True))) is np.bool_
    f = np.asfortranarray(np.arange(6.0).reshape(2, 3))
    assert same(roundtrip(f), np.arange(6.0).reshape(2, 3))
    view = np.arange(10)[::3]
    assert same(roundtrip(view), np.array([0, 3, 6, 9]))


class EvilFloat(float):
    def __eq__(self, other):
        return True


class MyArray(np.ndarray):
    def __eq__(self, other):
        return True


class AlwaysEqual:
    def __eq__(self, other):
        return True


@pytest.mark.parametrize("value, name", [
    (AlwaysEqual(), "AlwaysEqual"),
    (EvilFloat(1.0), "EvilFloat"),
    (np.array([1 + 2j]), "complex128"),
    (np.array(["a"]), "<U1"),
    (np.array([object()], dtype=object), "object"),
    (np.ma.masked_array([1.0, 2.0]), "ndarray subclass"),
    (np.zeros(2).view(MyArray), "MyArray (ndarray subclass)"),
    ({1: "int key"}, "non-str keys"),
    ({1, 2}, "set"),
    (lambda x: x, "function"),
    (np.zeros(3, dtype=[("a", "f8")]), "dtype"),
])
def test_anything_else_is_reported_unsupported(value, name):
    got = roundtrip(value)
    assert isinstance(got, Unsupported)
    assert name in got.type_name


def test_depth_cap_on_encode():
    deep: list = []
    for _ in range(protocol.MAX_DEPTH + 10):
        deep = [deep]
    got = roundtrip(deep)
    while isinstance(got, list):
        got = got[0]
    assert isinstance(got, Unsupported) and "deep" in got.type_name


# ------------------------------------------------------------------------------ hostile frames


def body(header: dict, blobs: list[bytes] = ()) -> bytes:
    hb = json.dumps(header).encode()
    parts = [struct.pack(">I", len(hb)), hb, struct.pack(">I", len(blobs))]
    for b in blobs:
        parts += [struct.pack(">Q", len(b)), b]
    return b"".join(parts)


def npy(a: np.ndarray, **kw) -> bytes:
    buf = io.BytesIO()
    np.save(buf, a, **kw)
    return buf.getvalue()


@SETTINGS
@given(st.binary(max_size=300))
def test_random_bytes_raise_protocol_error_only(data):
    try:
        protocol.decode_body(data)
    except ProtocolError:
        pass


@SETTINGS
@given(st.binary(min_size=1, max_size=40), st.integers(0, 200))
def test_corrupted_real_frames_raise_protocol_error_only(noise, at):
    good = protocol.encode({"op": "r"}, {"v": [np.arange(5.0), (1, "x"), {"k": None}]})[8:]
    at = at % len(good)
    bad = good[:at] + noise + good[at + len(noise):]
    try:
        protocol.decode_body(bad)
    except ProtocolError:
        pass


class Boom:
    """Unpickling this would create a marker: proves nothing is ever unpickled."""

    hits: list[str] = []

    def __reduce__(self):
        return (Boom.hits.append, ("unpickled",))


def test_pickled_object_array_is_refused_and_never_unpickled():
    a = np.array([Boom()], dtype=object)
    blob = npy(a, allow_pickle=True)
    with pytest.raises(ProtocolError, match="not numeric"):
        protocol.decode_body(body({"values": {"v": {"__nd__": 0}}}, [blob]))
    assert Boom.hits == []
    raw_pickle = pickle.dumps(Boom())
    with pytest.raises(ProtocolError):
        protocol.decode_body(body({"values": {"v": {"__nd__": 0}}}, [raw_pickle]))
    assert Boom.hits == []


def npy_header(shape: tuple, descr: str = "<f8") -> bytes:
    buf = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        buf, {"descr": descr, "fortran_order": False, "shape": shape})
    return buf.getvalue()


def test_array_header_claiming_a_huge_shape_is_refused_before_allocation():
    ref = {"values": {"v": {"__nd__": 0}}}
    with pytest.raises(ProtocolError, match="too large"):
        protocol.decode_body(body(ref, [npy_header((10**13,)) + bytes(16)]))
    with pytest.raises(ProtocolError, match="does not match"):
        protocol.decode_body(body(ref, [npy_header((1000,)) + bytes(16)]))
    with pytest.raises(ProtocolError, match="not numeric"):
        protocol.decode_body(body(ref, [npy_header((2,), "<c16") + bytes(32)]))
    with pytest.raises(ProtocolError, match="too large"):
        protocol.decode_body(body(ref, [npy(np.zeros((1, 1)))]), max_array_bytes=4)
    ok = protocol.decode_body(body(ref, [npy_header((2,)) + np.ones(2).tobytes()]))
    assert same(ok.values["v"], np.ones(2))


@pytest.mark.parametrize("frame, match", [
    (body({"values": {"v": {"__nd__": 1}}}, [npy(np.zeros(1))]), "array reference"),
    (body({"values": {"v": {"__nd__": "0"}}}, [npy(np.zeros(1))]), "array reference"),
    (body({"values": {"v": {"__evil__": 1}}}), "unknown tag"),
    (body({"values": {"v": {"__tuple__": [], "x": 1}}}), "exactly one key"),
    (body({"values": {"v": {}}}), "unexpected"),
    (body({"values": [1]}), "values"),
    (body({"values": {"v": {"__unsupported__": 3}}}), "unknown tag"),
    (body({"values": {"v": {"__nd__": 0, "scalar": True}}}, [npy(np.zeros(2))]), "0-d"),
    (body({"values": {"v": 1}}) + b"junk", "trailing"),
    (body({"values": {"v": 1}})[:-2], "short|truncated|bad header|malformed"),
    (struct.pack(">I", 5) + b"[1,2]" + struct.pack(">I", 0), "not an object"),
    (struct.pack(">I", 2**31) + b"{}" + bytes(8), "header length"),
    (body({}, [npy(np.zeros(1))] * 3)[:-1], "truncated"),
])
def test_malformed_frames(frame, match):
    with pytest.raises(ProtocolError, match=match):
        protocol.decode_body(frame)


def test_caps_on_arrays_depth_and_frame_size():
    many = body({"values": {}}, [npy(np.zeros(1))] * 5)
    with pytest.raises(ProtocolError, match="too many arrays"):
        protocol.decode_body(many, max_arrays=4)
    nested: object = 1
    for _ in range(protocol.MAX_DEPTH + 5):
        nested = {"__tuple__": [nested]}
    with pytest.raises(ProtocolError, match="deep"):
        protocol.decode_body(body({"values": {"v": nested}}))
    very_deep = b'{"values": ' + b"[" * 100000 + b"]" * 100000 + b"}"
    frame = struct.pack(">I", len(very_deep)) + very_deep + struct.pack(">I", 0)
    with pytest.raises(ProtocolError):
        protocol.decode_body(frame)
    with pytest.raises(ProtocolError, match="too large"):
        protocol.frame_length(struct.pack(">Q", protocol.MAX_FRAME + 1))
    with pytest.raises(ProtocolError):
        protocol.decode(protocol.encode({"a": 1})[:-1])


def test_strict_encoding_refuses_what_is_not_plain_data():
    with pytest.raises(ProtocolError, match="not plain data"):
        protocol.encode({"op": "call"}, {"args": (object(),)}, strict=True)
    wide = list(range(protocol.MAX_NODES + 1))
    assert isinstance(roundtrip(wide)[-1], Unsupported)


def test_huge_integers_in_json_fail_cleanly():
    hb = b'{"values": {"v": ' + b"9" * 5000 + b"}}"
    with pytest.raises(ProtocolError):
        protocol.decode_body(struct.pack(">I", len(hb)) + hb + struct.pack(">I", 0))
