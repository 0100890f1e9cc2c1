"""Case plans: what is the same for every student, computed once per assignment.

Hidden tests are derandomized: every submission gets the same hypothesis examples, and the
oracles (the reference, torch) are asked the same questions. A plan keeps, per assignment,
- the examples each `ctx.forall` site drew, in order (drawn once by hypothesis itself, through
  the same test function, so the sequence is the one a live run makes for a passing body), and
- every oracle value (`oracles.reference_value`, `oracles.torch_value`), by a hash of the call.

A student whose cases all pass never runs hypothesis's engine; at the first failing example
`Ctx.forall` hands over to hypothesis, which replays and shrinks exactly as without a plan, so
scores and messages do not depend on the plan (tests/test_grading/test_plan.py grades with and
without one and compares).

Plans live in memory for a process's life (a batch's pool worker grades many students with one)
and on disk under `$DLGRADE_CACHE` (default `$XDG_CACHE_HOME/dlgrade` or `~/.cache/dlgrade`),
keyed by a hash of everything that could change them: the assignment's files, the reference
package, dlgrade's grading code and the versions of Python, NumPy, hypothesis and torch. So
`dlgrade grade` from the shell starts warm, and a changed hidden test gets a new plan. Values are
stored in the sandbox protocol's plain-data format (no pickle); a file that does not decode is
ignored. `DLGRADE_PLAN=0` turns plans off (the benchmark's "before").
"""

from __future__ import annotations

import copy
import hashlib
import importlib.util
import logging
import os
import platform
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from grader.sandbox import protocol

if TYPE_CHECKING:
    from grader.grading.spec import Assignment

log = logging.getLogger("dlgrade.plan")

ENGINE = Path(__file__).resolve().parent.parent  # grader/
_MISSING = object()


def enabled() -> bool:
    return os.environ.get("DLGRADE_PLAN", "1") != "0"


def cache_dir() -> Path:
    base = os.environ.get("DLGRADE_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
        "dlgrade")
    return Path(base) / "plans"


def _version(module: str) -> str:
    """A library's version file's hash, without importing it (importlib.metadata alone costs
    15 ms), the same whether or not the library is loaded."""
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return "-"
    if spec is None or not spec.submodule_search_locations:
        return "-"
    for name in ("version.py", "_version.py"):
        f = Path(next(iter(spec.submodule_search_locations))) / name
        if f.is_file():
            return hashlib.sha256(f.read_bytes()).hexdigest()[:16]
    return "?"


def _py_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def _package_dirs(name: str) -> list[Path]:
    """The folders of top-level package `name`, found without importing it."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return []
    if spec is None:
        return []
    if spec.submodule_search_locations:
        return [Path(p) for p in spec.submodule_search_locations]
    return [Path(spec.origin).parent] if spec.origin else []


def plan_key(assignment: Assignment) -> str:
    """sha256 of what could change a plan: the assignment's own files, the oracle package,
    the engine's grading and sandbox code, and the library versions."""
    h = hashlib.sha256()
    roots = [assignment.info.folder, ENGINE / "grading", ENGINE / "sandbox"]
    for name in {assignment.info.oracle, assignment.info.torch or assignment.info.oracle}:
        roots += _package_dirs(name.partition(".")[0])
    # each file by path, size and modification time (as Python's own bytecode cache does)
    files = [p for root in roots if root.is_dir() for p in _py_files(root)]
    files += sorted(f for f in assignment.info.folder.glob("*") if f.is_file()
                    and f.suffix != ".py")  # data files (digits.npz), assignment.toml
    for f in files:
        st = f.stat()
        h.update(f"{f}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    versions = [platform.python_version()] + [_version(d) for d in ("numpy", "hypothesis",
                                                                     "torch")]
    h.update(assignment.id.encode() + b"\0" + "\0".join(versions).encode())
    return h.hexdigest()


def _encode(value: Any) -> bytes | None:
    """`value` as one protocol frame, or None when it is not plain data within the limits."""
    try:
        return protocol.encode({}, {"v": value}, strict=True)
    except (protocol.ProtocolError, ValueError, TypeError, RecursionError):
        return None


def _decode(frame: bytes) -> Any:
    return protocol.decode(frame).values["v"]


def call_key(what: tuple, args: tuple, kwargs: dict) -> str | None:
    """A hash of the call (what, args, kwargs), None when it is not plain data."""
    return protocol.fingerprint((list(map(str, what)), tuple(args), dict(kwargs)))


class Plan:
    """One assignment's examples and oracle values. Values are kept as they come back from a
    protocol round trip (so the first student gets what later ones get) and handed out as deep
    copies: a check that mutates what it gets cannot change the next student's."""

    def __init__(self, key: str, assignment_id: str):
        self.key, self.assignment_id = key, assignment_id
        self.examples: dict[str, Any] = {}  # "test_id#n" -> the example list (None: not plain)
        self.values: dict[str, Any] = {}  # call key -> the value
        self.dirty = False
        self.lock = threading.Lock()

    # --- examples of ctx.forall
    def examples_for(self, site: str, draw: Callable[[], list[Any]]) -> list[Any] | None:
        """The examples of a forall site (drawn by `draw` the first time); None when they are
        not plain data (that site then always runs live)."""
        if site not in self.examples:
            frame = _encode(draw())
            with self.lock:
                self.examples[site] = None if frame is None else _decode(frame)
                self.dirty = True
        found = self.examples[site]
        return None if found is None else copy.deepcopy(found)

    # --- oracle values
    def value(self, what: tuple, args: tuple, kwargs: dict, compute: Callable[[], Any]) -> Any:
        """compute()'s value for this call, computed once (when the call and the value are plain
        data; otherwise computed every time). An exception of compute() is never cached."""
        k = call_key(what, args, kwargs)
        if k is None:
            return compute()
        if k in self.values:
            return copy.deepcopy(self.values[k])
        value = compute()
        frame = _encode(value)
        if frame is None:
            return value
        value = _decode(frame)  # the same round trip as later students get
        with self.lock:
            self.values[k] = value
            self.dirty = True
        return copy.deepcopy(value)

    # --- disk
    def path(self) -> Path:
        return cache_dir() / f"{self.assignment_id}-{self.key[:32]}.plan"

    def save(self) -> None:
        """Write the plan if it grew (atomically; a cache that cannot be written is skipped)."""
        if not self.dirty:
            return
        with self.lock:
            data = _encode_plan(self.key, dict(self.examples), dict(self.values))
            self.dirty = False
        if data is None:
            return
        p = self.path()
        try:
            # owner only: the plan holds expected values, and a sandbox without bubblewrap
            # runs student code as another uid on the same file system
            p.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            p.parent.chmod(0o700)
            tmp = p.with_name(f".{p.name}.{os.getpid()}.tmp")
            tmp.write_bytes(data)
            os.replace(tmp, p)
        except OSError as e:
            log.debug("plan cache not written (%s): %s", p, e)

    def load(self) -> None:
        try:
            data = self.path().read_bytes()
            blob = protocol.decode(data, max_frame=1 << 34, max_arrays=1 << 22,
                                   max_array_bytes=1 << 30, max_header=1 << 30).values["v"]
            if blob["key"] != self.key:
                return
            self.examples.update(blob["examples"])
            self.values.update(blob["values"])
        except FileNotFoundError:
            return
        except Exception as e:  # a damaged or foreign file: ignore it, it will be rewritten
            log.debug("plan cache ignored (%s): %r", self.path(), e)


def _encode_plan(key: str, examples: dict[str, Any], values: dict[str, Any]) -> bytes | None:
    """The plan file: one protocol frame (examples that are not plain data are left out)."""
    try:
        return protocol.encode({}, {"v": {
            "key": key, "examples": {k: v for k, v in examples.items() if v is not None},
            "values": values}}, strict=True, max_arrays=1 << 22, max_array_bytes=1 << 30,
            max_header=1 << 30, max_nodes=1 << 24)
    except (protocol.ProtocolError, ValueError, TypeError, RecursionError):
        return None


_plans: dict[str, Plan] = {}
_plans_lock = threading.Lock()


def for_assignment(assignment: Assignment) -> Plan | None:
    """The process's plan of `assignment` (loaded from disk the first time); None when plans
    are off."""
    if not enabled():
        return None
    cached = getattr(assignment, "_plan", _MISSING)
    if cached is not _MISSING:
        return cached
    key = plan_key(assignment)
    with _plans_lock:
        plan = _plans.get(key)
        if plan is None:
            plan = _plans[key] = Plan(key, assignment.id)
            plan.load()
    assignment._plan = plan  # type: ignore[attr-defined]
    return plan
