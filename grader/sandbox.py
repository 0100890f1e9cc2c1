"""`Worker`: a student's module running in a sandboxed subprocess, called over a pipe.

Protection layers (which hold depends on the machine; `grader.doctor` prints them):

bubblewrap (`bwrap` on PATH), grader running as root -- the normal case here and in CI:
  * own pid, network, ipc, uts namespaces (`--unshare-pid/net/ipc/uts`): no network at all
    (loopback only), the grader's processes are invisible, and killing bwrap kills every
    process of the sandbox (pid-namespace death + `--die-with-parent`), daemons included;
  * a new root filesystem holding only /usr /lib /lib64 /bin, the interpreter's prefix and the
    venv, read-only; the repo (hidden tests, reference, solutions), other students and the
    grader's outputs do not exist inside; the `dlgrade` editable-install hook is masked, and
    for NumPy-only exercises so are torch/scipy/sklearn... in site-packages (each an empty
    folder whose `__init__.py` raises ModuleNotFoundError, so no trick can load them);
  * a private size-capped tmpfs /tmp as cwd; a scrubbed environment; stdin = /dev/null;
  * `setpriv` drops to uid/gid 61000+slot (no groups, no capabilities, no_new_privs) before
    Python starts, so RLIMIT_NPROC binds (it does not bind root) and parallel slots cannot
    signal each other; rlimits (AS, CPU, NPROC, NOFILE, FSIZE, CORE) via `prlimit` and again
    in the worker before any student code.
bubblewrap, grader not root: same, but in a user namespace as the grader's own uid, and
  without RLIMIT_NPROC (it would count the grader's own processes). Not tested on this machine.
fallback (no bwrap): `unshare` pid+net namespaces when permitted, uid 61000+slot when root,
  rlimits, a private 0700 temp dir as cwd, scrubbed env. The filesystem is NOT hidden: only
  file modes protect the course files (keep them unreadable to "other"). The sandbox dies with
  the grader even after a kill -9: PR_SET_PDEATHSIG on the process that execs prlimit/unshare
  (unshare's --kill-child then takes the pid namespace along) and `setpriv --pdeathsig` after
  the uid change (which clears the first one). The signal follows the creating *thread*: a
  Worker started from a thread that exits is killed and restarts on its next call.
Slots: a Worker claims its slot machine-wide (flock on /tmp/dlgrade-slots/<n>.lock, see
  `claim_slot`); a slot held by another grader is skipped for the next free one, so two
  graders never share a uid (RLIMIT_NPROC, the fallback's kill-by-uid).
Always: the import guard and static scan in the worker; everything the worker sends is decoded
with caps and `allow_pickle=False`; request ids are random, so a reply the student forges from
inside the worker (it shares the process) is recognised as out of turn unless it answers the
current request, which is no more than returning a value.

The interpreter runs with `-s -B -P` rather than `-I`: `-I` implies `-E`, which would ignore the
PYTHONHASHSEED=0 that makes runs reproducible; the environment is scrubbed here instead.
A Worker is used from one thread at a time; parallel workers get distinct slots by
themselves (one uid each; in the fallback, closing a worker kills every process of its slot's
uid); `Worker.slot` is the slot it got.
"""

from __future__ import annotations

import atexit
import ctypes
import errno
import fcntl
import importlib.util
import logging
import os
import secrets
import select
import shutil
import signal
import stat as _stat
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from grader import protocol
from grader.loader import Submission
from grader.paths import course_root

log = logging.getLogger("dlgrade.sandbox")
HERE = Path(__file__).resolve().parent
WORKER_FILES = ("worker.py", "protocol.py")
SANDBOX_DIR = "/opt/dlgrade"  # where worker.py + protocol.py appear inside bubblewrap
BASE_UID = 61000

# top-level names that are never importable by a submission
ALWAYS_FORBIDDEN = frozenset({"grader", "reference", "solutions", "dlgrade", "hidden"})
# and those a NumPy-only exercise cannot use
NUMPY_ONLY_FORBIDDEN = frozenset({
    "torch", "torchvision", "torchaudio", "functorch", "torchgen", "scipy", "sklearn",
    "tensorflow", "keras", "jax", "jaxlib", "flax", "autograd", "cupy", "numba", "mxnet",
    "theano", "paddle", "chainer", "tinygrad", "mlx",
})
# site-packages entries hidden in bubblewrap for NumPy-only exercises (besides the above)
NUMPY_ONLY_MASK = NUMPY_ONLY_FORBIDDEN | {"scikit_learn", "nvidia", "triton"}

GiB = 2**30
MiB = 2**20


class SandboxError(Exception):
    """The sandbox itself could not be set up (not the student's fault)."""


@dataclass(frozen=True)
class Limits:
    timeout: float = 10.0  # seconds of wall time per call
    start_timeout: float = 30.0  # seconds to start the worker and import the module
    address_space: int | None = 2 * GiB  # RLIMIT_AS (torch needs ~0.7 GiB just to import)
    cpu_seconds: int = 600  # RLIMIT_CPU over the worker's whole life
    nproc: int = 64  # RLIMIT_NPROC for the sandbox uid (threads count)
    nofile: int = 256
    fsize: int = 16 * MiB  # RLIMIT_FSIZE: largest file the student can write (incl. output)
    output_cap: int = 64 * 1024  # bytes of stdout/stderr kept per call
    tmp_size: int = 64 * MiB  # size of the private /tmp (bubblewrap)

    @classmethod
    def for_policy(cls, policy: ImportPolicy, **overrides: Any) -> Limits:
        """Defaults per exercise kind: torch exercises need more memory and time to start."""
        base: dict[str, Any] = {}
        if not policy.numpy_only:
            # torch maps ~0.6 GiB to import; CUDA reserves tens of GiB of address space
            base = {"address_space": None if cuda_devices() else 3 * GiB,
                    "start_timeout": 60.0}
        base.update(overrides)
        return cls(**base)


@dataclass(frozen=True)
class ImportPolicy:
    numpy_only: bool = True
    forbidden: frozenset[str] = field(default=ALWAYS_FORBIDDEN | NUMPY_ONLY_FORBIDDEN)

    @classmethod
    def make(cls, numpy_only: bool, extra: frozenset[str] | set[str] = frozenset()) -> ImportPolicy:
        forb = ALWAYS_FORBIDDEN | (NUMPY_ONLY_FORBIDDEN if numpy_only else frozenset())
        return cls(numpy_only=numpy_only, forbidden=frozenset(forb | set(extra)))

    @classmethod
    def for_assignment(cls, assignment: Any) -> ImportPolicy:
        """From an assignment id ("03_activations") or its spec (`.numpy_only`, and optionally
        `.forbidden`): the hidden spec is the one place that says which exercises are NumPy-only."""
        if isinstance(assignment, str):
            from grader.hidden import get_assignment

            assignment = get_assignment(assignment)
        extra = frozenset(getattr(assignment, "forbidden", ()) or ())
        return cls.make(bool(getattr(assignment, "numpy_only", True)), extra)


@dataclass
class LoadReport:
    ok: bool
    functions: list[str] = field(default_factory=list)
    error_kind: str | None = None
    message: str = ""
    traceback: str = ""
    violations: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # extras beyond the design contract
    violations_by_function: dict[str, list[str]] = field(default_factory=dict)
    line: int | None = None  # syntax error line
    stdout: str = ""
    duration_s: float = 0.0


@dataclass
class CallOutcome:
    ok: bool
    value: Any = None
    args_after: Any = None
    error_kind: str | None = None
    message: str = ""
    traceback: str = ""
    stdout: str = ""
    # extras: tensor device of the value (torch results), kwargs after the call, timing
    device: str | None = None
    kwargs_after: Any = None
    duration_s: float = 0.0


# ----------------------------------------------------------------------------- environment


def _is_root() -> bool:
    return os.geteuid() == 0


@lru_cache(maxsize=1)
def bwrap_path() -> str | None:
    if os.environ.get("DLGRADE_NO_BWRAP"):
        return None
    return shutil.which("bwrap")


@lru_cache(maxsize=1)
def _python_paths() -> list[str]:
    """Folders the interpreter and its packages need, outermost first, deduplicated."""
    paths = {os.path.realpath(sys.base_prefix), os.path.realpath(sys.prefix)}
    for key in ("purelib", "platlib"):
        paths.add(os.path.realpath(sysconfig.get_paths()[key]))
    for mod in ("numpy", "torch"):
        spec = importlib.util.find_spec(mod)
        if spec and spec.origin:
            paths.add(os.path.dirname(os.path.dirname(os.path.realpath(spec.origin))))
    # keep only those not inside another one
    out: list[str] = []
    for p in sorted(paths, key=len):
        if not any(p == q or p.startswith(q + "/") for q in out):
            out.append(p)
    return out


@lru_cache(maxsize=1)
def fallback_problem() -> str | None:
    """Why the fallback sandbox cannot run here, or None (checked once per process).

    As root the fallback runs student code as a slot uid, which must be able to run this
    interpreter and import numpy: a virtual environment inside a 0700 folder (`mktemp -d`, a
    private home) is out of its reach. bubblewrap binds those folders and has no such need.
    """
    return _uid_cannot_run(sys.executable, "import numpy")


def _uid_cannot_run(python: str, probe: str) -> str | None:
    setpriv = shutil.which("setpriv")
    if not _is_root() or not setpriv:
        return None
    uid = slot_uid(0)  # the slot uids differ only in number
    try:
        r = subprocess.run([setpriv, f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
                            "--no-new-privs", python, "-s", "-B", "-c", probe],
                           capture_output=True, timeout=120, cwd="/", stdin=subprocess.DEVNULL,
                           env=_scrubbed_env(True))
    except (OSError, subprocess.SubprocessError) as e:
        return f"the sandbox uid cannot run {python}: {e}"
    if r.returncode == 0:
        return None
    last = (r.stderr.decode(errors="replace").strip().splitlines() or ["?"])[-1]
    return (f"the sandbox uid cannot run this Python environment ({last}): install "
            "bubblewrap, or keep the virtual environment in a folder others may traverse")


@lru_cache(maxsize=1)
def _site_dirs() -> list[str]:
    dirs = {os.path.realpath(sysconfig.get_paths()[k]) for k in ("purelib", "platlib")}
    for mod in ("numpy", "torch"):
        spec = importlib.util.find_spec(mod)
        if spec and spec.origin:
            dirs.add(os.path.dirname(os.path.dirname(os.path.realpath(spec.origin))))
    return sorted(d for d in dirs if os.path.isdir(d))


def _entry_top(entry: str) -> str:
    """site-packages entry -> distribution/top name: 'scipy.libs' -> 'scipy',
    'torch-2.1.dist-info' -> 'torch', '__editable__.dlgrade-0.1.0.pth' -> '__editable__'."""
    base = entry
    for suf in (".py", ".pth", ".libs", ".dist-info", ".egg-info", ".egg-link"):
        if base.endswith(suf):
            base = base[: -len(suf)]
    return base.split("-")[0].split(".")[0].lower()


@lru_cache(maxsize=4)
def _masks(numpy_only: bool) -> tuple[tuple[str, bool], ...]:
    """(path, is_dir) in site-packages to hide: the dlgrade install (an editable install's
    hook points into the repo) always, and the forbidden ML libraries for NumPy-only work."""
    names = set(ALWAYS_FORBIDDEN) | {"__editable__", "__editable___dlgrade_0_1_0_finder"}
    if numpy_only:
        names |= NUMPY_ONLY_MASK
    out = []
    for d in _site_dirs():
        for e in sorted(os.listdir(d)):
            top = _entry_top(e)
            p = os.path.join(d, e)
            hit = top in names or e.startswith("__editable__") or (
                e.endswith(".pth") and _pth_points_into_repo(p))
            if hit and not os.path.islink(p):
                out.append((p, os.path.isdir(p)))
    return tuple(out)


MASK_STUB = (
    '"""Hidden by the dlgrade sandbox: not available in this exercise."""\n'
    'raise ModuleNotFoundError(f"No module named {__name__!r} (not available in this '
    'exercise)", name=__name__)\n')


@lru_cache(maxsize=1)
def _mask_stub() -> str:
    """A host file bound as `__init__.py` of each masked package (removed at exit)."""
    d = tempfile.mkdtemp(prefix="dlgrade-mask-")
    os.chmod(d, 0o755)
    path = os.path.join(d, "__init__.py")
    with open(path, "w") as f:
        f.write(MASK_STUB)
    os.chmod(path, 0o644)
    atexit.register(shutil.rmtree, d, True)
    return path


def _pth_points_into_repo(p: str) -> bool:
    try:
        text = Path(p).read_text(errors="replace")
    except OSError:
        return False
    return str(course_root()) in text or "dlgrade" in text


def _check_not_exposing_repo(paths: list[str]) -> None:
    repo = str(course_root())
    for p in paths:
        if p == "/" or repo == p or repo.startswith(p.rstrip("/") + "/"):
            raise SandboxError(f"refusing to bind {p}: it contains the course repo {repo}")


def cuda_devices() -> list[str]:
    """NVIDIA device nodes, exposed to workers of exercises that allow torch."""
    try:
        return sorted(os.path.join("/dev", d) for d in os.listdir("/dev")
                      if d.startswith("nvidia"))
    except OSError:
        return []


def _scrubbed_env(numpy_only: bool = True) -> dict[str, str]:
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": "/tmp",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONNOUSERSITE": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "NUMEXPR_NUM_THREADS": "1",
        "MPLBACKEND": "Agg",
    }
    if numpy_only:
        env["CUDA_VISIBLE_DEVICES"] = ""
    return env


def _python_cmd(script: str) -> list[str]:
    # not -I: it implies -E, which would ignore PYTHONHASHSEED (determinism); the env is
    # scrubbed by us instead. -s: no user site; -B: no .pyc writes; -P (3.11+): no script dir.
    flags = ["-s", "-B"] + (["-P"] if sys.version_info >= (3, 11) else [])
    return [sys.executable, *flags, script]


def _prlimit_args(limits: Limits) -> list[str]:
    exe = shutil.which("prlimit")
    if not exe:
        return []
    args = [exe, f"--nofile={limits.nofile}", f"--fsize={limits.fsize}", "--core=0",
            f"--cpu={limits.cpu_seconds}"]
    if _is_root():  # NPROC counts the sandbox uid's processes (it never binds root itself)
        args.append(f"--nproc={limits.nproc}")
    if limits.address_space:
        # bwrap and the interpreter start fine under the same cap as the worker
        args.append(f"--as={limits.address_space}")
    return [*args, "--"]


def slot_uid(slot: int) -> int:
    return BASE_UID + int(slot)


# ------------------------------------------------------------------------------ slot claims
# A slot picks the sandbox's uid, and the fallback's clean-up kills every process of that uid:
# two graders on one machine (a batch and a `dlgrade grade`, two test sessions) must never use
# the same slot at once. A slot is claimed with flock() on SLOT_DIR/<n>.lock (released by the
# kernel when the process dies, even by kill -9). Within one process a registry says which
# slots it holds: a batch worker process claims its slot once for its life (`process=True`) and
# every Worker it starts then uses that claim, one Worker at a time.
SLOT_DIR = "/tmp/dlgrade-slots"
MAX_SLOT_TRIES = 256


@dataclass
class _Claim:
    fd: int
    pid: int
    process: bool  # held for the process's life (a batch worker), not for one Worker
    workers: int = 0  # Workers of this process using the slot now (at most 1)


_claims: dict[int, _Claim] = {}
_claims_lock = threading.Lock()


def _forget_inherited_claims() -> None:
    """In a forked child: the parent's claims are not ours (closing our copies of the fds
    keeps the parent's locks, which live in the shared open file descriptions)."""
    for c in _claims.values():
        try:
            os.close(c.fd)
        except OSError:
            pass
    _claims.clear()


os.register_at_fork(after_in_child=_forget_inherited_claims)


def slot_dir() -> str:
    """SLOT_DIR (root) or SLOT_DIR-<uid>: a folder only we can write to, never a link."""
    euid = os.geteuid()
    d = SLOT_DIR if euid == 0 else f"{SLOT_DIR}-{euid}"
    try:
        os.mkdir(d, 0o755)
    except FileExistsError:
        pass
    except OSError as e:
        raise SandboxError(f"cannot create the slot lock folder {d}: {e}") from e
    st = os.lstat(d)
    if not _stat.S_ISDIR(st.st_mode) or st.st_uid != euid or st.st_mode & 0o022:
        # someone else made it (or a link): their locks would mean nothing
        raise SandboxError(f"{d} is not a folder owned by uid {euid} and writable only by it; "
                           "remove it and try again")
    return d


def _try_lock(slot: int) -> int | None:
    """The fd holding an exclusive flock on slot's lock file, or None if another has it."""
    path = os.path.join(slot_dir(), f"{int(slot)}.lock")
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    except OSError as e:
        raise SandboxError(f"cannot open the slot lock {path}: {e}") from e
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    try:
        os.fchmod(fd, 0o600)  # a sandboxed uid must not open it (and hold the lock) itself
    except OSError:
        pass
    return fd


def claim_slot(preferred: int = 0, stride: int = 1, *, process: bool = False) -> int:
    """Claim the first free slot among preferred, preferred + stride, ...; return it.

    process=False: for one Worker (release with `release_slot`); a slot this process holds
    for its life (process=True) and no Worker of it uses is reused, not locked again.
    process=True: hold it until the process exits (a batch worker process).
    Raises SandboxError when MAX_SLOT_TRIES slots are all taken.
    """
    stride = max(1, int(stride))
    with _claims_lock:
        for k in range(MAX_SLOT_TRIES):
            n = int(preferred) + k * stride
            c = _claims.get(n)
            if c is not None and c.pid == os.getpid():
                if process:
                    c.process = True
                    return n
                if c.workers == 0:
                    c.workers = 1
                    return n
                continue  # another Worker of this process uses it
            fd = _try_lock(n)
            if fd is not None:
                _claims[n] = _Claim(fd, os.getpid(), process, 0 if process else 1)
                return n
    raise SandboxError(f"no free sandbox slot among {MAX_SLOT_TRIES} from {preferred}")


def release_slot(slot: int) -> None:
    """A Worker is done with `slot`: unlock it unless the process holds it for its life."""
    with _claims_lock:
        c = _claims.get(slot)
        if c is None or c.pid != os.getpid():
            return
        c.workers = max(0, c.workers - 1)
        if c.workers == 0 and not c.process:
            del _claims[slot]
            os.close(c.fd)  # closing the only fd of the open file releases the flock


def _remove_stale_dirs(slot: int) -> None:
    """Temp dirs of `slot` left by a grader that was killed (we hold the slot now, so no
    live Worker uses them); only folders of ours or of the slot's uid, never through a link."""
    base = tempfile.gettempdir()
    prefix = f"dlgrade-slot{int(slot)}-"
    try:
        names = [n for n in os.listdir(base) if n.startswith(prefix)]
    except OSError:
        return
    for n in names:
        p = os.path.join(base, n)
        try:
            st = os.lstat(p)
        except OSError:
            continue
        if _stat.S_ISDIR(st.st_mode) and st.st_uid in (os.geteuid(), slot_uid(slot)):
            shutil.rmtree(p, ignore_errors=True)


# -------------------------------------------------------------------- die with the parent
PR_SET_PDEATHSIG = 1
try:
    _prctl = ctypes.CDLL(None, use_errno=True).prctl  # resolved now, not in a forked child
except (OSError, AttributeError):
    _prctl = None


def _die_with_parent_preexec(parent: int) -> Any:
    """A Popen preexec_fn: the child gets SIGKILL when the grader (`parent`) dies, even by
    kill -9 (PR_SET_PDEATHSIG, kept across exec). A grader that died before the prctl took
    effect is caught by comparing the parent pid afterwards."""

    def preexec() -> None:
        if _prctl is not None:
            _prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:
            os._exit(1)

    return preexec


@lru_cache(maxsize=1)
def _setpriv_pdeathsig() -> bool:
    """setpriv understands --pdeathsig (util-linux >= 2.33): a uid change clears the death
    signal that preexec set, so setpriv must set it again after dropping privileges."""
    try:
        r = subprocess.run(["setpriv", "--help"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return False
    return "--pdeathsig" in r.stdout


def sandbox_kind() -> str:
    """'bwrap' when bubblewrap is present, else 'fallback'."""
    return "bwrap" if bwrap_path() else "fallback"


def _bwrap_cmd(policy: ImportPolicy, limits: Limits, slot: int) -> list[str]:
    bw = bwrap_path()
    assert bw
    root = _is_root()
    cmd = [bw, "--die-with-parent", "--new-session"]
    if root:
        # no user namespace: we drop to a real unprivileged uid with setpriv instead
        cmd += ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
                "--unshare-cgroup-try", "--cap-drop", "ALL",
                "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID",
                "--cap-add", "CAP_SETPCAP"]
    else:
        cmd += ["--unshare-all", "--cap-drop", "ALL"]
    # The private /tmp comes first: bubblewrap applies mounts in order, and a venv or checkout
    # that lives under /tmp (CI clones there) must be bound on top of it, not hidden by it.
    cmd += ["--size", str(limits.tmp_size), "--perms", "1777", "--tmpfs", "/tmp"]
    for d in ("/usr", "/bin", "/lib", "/lib64", "/lib32", "/sbin"):
        if os.path.isdir(d) and not os.path.islink(d):
            cmd += ["--ro-bind", d, d]
        elif os.path.islink(d):
            cmd += ["--symlink", os.readlink(d), d]
    py = _python_paths()
    _check_not_exposing_repo(py)
    made = {"/", "/tmp"}
    for p in py:
        parts = Path(p).parts
        for i in range(2, len(parts)):
            parent = str(Path(*parts[:i]))
            if parent not in made and not any(parent.startswith(d) for d in
                                              ("/usr", "/bin", "/lib")):
                cmd += ["--perms", "0755", "--dir", parent]
                made.add(parent)
        if not p.startswith(("/usr/", "/bin/", "/lib/", "/lib64/")):
            cmd += ["--ro-bind", p, p]
    stub = _mask_stub()
    for path, is_dir in _masks(policy.numpy_only):
        if is_dir:  # an empty folder whose import fails like a missing package
            cmd += ["--tmpfs", path, "--ro-bind", stub, f"{path}/__init__.py"]
        else:
            cmd += ["--ro-bind", "/dev/null", path]
    cmd += ["--perms", "0755", "--dir", "/etc",  # ld.so.cache: dlopen of libcuda & co.
            "--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache"]
    cmd += ["--proc", "/proc", "--dev", "/dev"]
    if not policy.numpy_only:
        for dev in cuda_devices():
            cmd += ["--dev-bind", dev, dev]
    cmd += ["--dir", SANDBOX_DIR]
    for f in WORKER_FILES:
        cmd += ["--ro-bind", str(HERE / f), f"{SANDBOX_DIR}/{f}"]
    cmd += ["--chdir", "/tmp"]
    if root:
        uid = slot_uid(slot)
        cmd += ["/usr/bin/setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
                "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"]
    return cmd + _python_cmd(f"{SANDBOX_DIR}/worker.py")


@lru_cache(maxsize=2)
def _unshare_flags() -> tuple[str, ...]:
    """`unshare` options that work here (pid+net namespaces), or () when none do."""
    exe = shutil.which("unshare")
    if not exe:
        return ()
    tries = [("--pid", "--fork", "--kill-child", "--net", "--mount-proc")]
    if not _is_root():
        tries.insert(0, ("--user", "--map-root-user", "--pid", "--fork", "--kill-child",
                         "--net", "--mount-proc"))
    for flags in tries:
        try:
            r = subprocess.run([exe, *flags, "true"], capture_output=True, timeout=10)
        except (OSError, subprocess.SubprocessError):
            continue
        if r.returncode == 0:
            return (exe, *flags)
    return ()


# ---------------------------------------------------------------------------------- worker

class Worker:
    """One student's module in a sandbox, serving many calls; see the module docstring."""

    def __init__(self, submission: Submission, *, module_name: str, policy: ImportPolicy,
                 limits: Limits | None = None, slot: int = 0, sandbox: str | None = None):
        """sandbox: "bwrap" | "fallback" | None (bwrap when installed)."""
        if sandbox not in (None, "bwrap", "fallback"):
            raise ValueError(f"unknown sandbox {sandbox!r}")
        if sandbox == "bwrap" and not bwrap_path():
            raise SandboxError("bubblewrap (bwrap) is not installed")
        self.submission = submission
        self.module_name = module_name
        self.policy = policy
        self.limits = limits if limits is not None else Limits.for_policy(policy)
        self.kind = sandbox or sandbox_kind()
        self.load_report: LoadReport | None = None
        self.restarts = 0
        self._proc: subprocess.Popen[bytes] | None = None
        self._tmpdir: str | None = None
        self._errfile: Any = None
        self._buf = bytearray()
        self._issued: set[int] = set()  # ids of the requests sent to the current process
        # the requested slot, or the next free one: no other grader uses it while we hold it
        self.requested_slot = slot
        self._claimed = False
        self.slot = claim_slot(slot)
        self._claimed = True

    # -------------------------------------------------------------- lifecycle

    def __enter__(self) -> Worker:
        if self._proc is None:
            self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def describe(self) -> str:
        """One line for reports: which protections hold."""
        # no uid number: it depends on the slot (-j), and stored results must not vary with it
        uid = "unprivileged slot uid" if _is_root() else "the grader's own uid (no root)"
        if self.kind == "bwrap":
            return (f"bubblewrap ({uid}, own pid/net namespaces, private fs and /tmp, "
                    f"rlimits)")
        ns = "pid/net namespaces" if _unshare_flags() else "no namespaces"
        return f"fallback without bubblewrap ({uid}, {ns}, rlimits, private temp dir)"

    def _spawn(self) -> None:
        self._kill()
        if not self._claimed:  # started again after close()
            self.slot = claim_slot(self.requested_slot)
            self._claimed = True
        env = _scrubbed_env(self.policy.numpy_only)
        self._errfile = tempfile.TemporaryFile()
        uid = slot_uid(self.slot)
        # the sandbox dies with the grader, even after kill -9 (bwrap also has
        # --die-with-parent; unshare's --kill-child then takes its pid namespace along)
        kwargs: dict[str, Any] = {"preexec_fn": _die_with_parent_preexec(os.getpid())}
        if self.kind == "bwrap":
            cmd = _prlimit_args(self.limits) + _bwrap_cmd(self.policy, self.limits, self.slot)
            cwd = "/"
        else:
            why = fallback_problem()
            if why:  # every student would "crash": say why once, loudly, instead
                raise SandboxError(why)
            _remove_stale_dirs(self.slot)
            self._tmpdir = tempfile.mkdtemp(prefix=f"dlgrade-slot{self.slot}-")
            for f in WORKER_FILES:
                shutil.copyfile(HERE / f, os.path.join(self._tmpdir, f))
            cmd = _prlimit_args(self.limits) + list(_unshare_flags())
            if _is_root():
                if not _unshare_flags():
                    # we hold the slot: any process of its uid is left over from a grader
                    # that died (no pid namespace took it along)
                    kill_uid(uid)
                os.chown(self._tmpdir, uid, uid)
                for f in WORKER_FILES:
                    os.chmod(os.path.join(self._tmpdir, f), 0o644)
                # a uid change clears the parent-death signal: setpriv sets it again after
                cmd += ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
                        "--no-new-privs",
                        *(["--pdeathsig=KILL"] if _setpriv_pdeathsig() else []), "--"]
            os.chmod(self._tmpdir, 0o700)
            cmd += _python_cmd(os.path.join(self._tmpdir, "worker.py"))
            cwd = self._tmpdir
            env["HOME"] = env["TMPDIR"] = self._tmpdir
        try:
            self._proc = subprocess.Popen(
                cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._errfile,
                cwd=cwd, env=env, start_new_session=True, close_fds=True, **kwargs)
        except OSError as e:
            raise SandboxError(f"cannot start the sandbox: {e}") from e
        for f in (self._proc.stdin, self._proc.stdout):
            try:  # 1 MiB pipes: fewer round trips for array-sized frames
                fcntl.fcntl(f.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
            except OSError:
                pass
        os.set_blocking(self._proc.stdin.fileno(), False)
        os.set_blocking(self._proc.stdout.fileno(), False)
        self._buf = bytearray()
        self._issued = set()

    def start(self) -> LoadReport:
        """Start the sandbox, scan and import the module. Never raises for student faults."""
        t0 = time.monotonic()
        self._spawn()
        lim = self.limits
        header = {
            "op": "load", "module": self.module_name, "seed": 0,
            "forbidden": sorted(self.policy.forbidden), "output_cap": lim.output_cap,
            # after each call the worker kills what the call left running; only where that
            # cannot reach the grader: a pid namespace, or a uid of the slot's own
            "reap_strays": self.kind == "bwrap" or bool(_unshare_flags()) or _is_root(),
            "forbidden_hard": sorted(ALWAYS_FORBIDDEN),
            "limits": {"address_space": lim.address_space, "cpu_seconds": lim.cpu_seconds,
                       "nproc": lim.nproc if _is_root() else None, "nofile": lim.nofile, "fsize": lim.fsize,
                       "core": 0},
        }
        rep = self._exchange(header, {"source": self.submission.source}, lim.start_timeout)
        if isinstance(rep, CallOutcome):  # timeout / crash / invalid while loading
            report = LoadReport(ok=False, error_kind=rep.error_kind, message=rep.message,
                                stdout=rep.stdout)
            self._kill()
        else:
            h = rep.header
            report = LoadReport(
                ok=bool(h.get("ok")), functions=_strs(h.get("functions")),
                error_kind=_str_or_none(h.get("error_kind")), message=_s(h.get("message")),
                traceback=_s(h.get("traceback")), violations=_strs(h.get("violations")),
                violations_by_function={str(k): _strs(v) for k, v in
                                        _dict(h.get("violations_by_function")).items()},
                line=h.get("line") if type(h.get("line")) is int else None,
                stdout=_s(h.get("stdout")))
            if not report.ok:
                self._kill()
        report.notes = list(self.submission.notes)
        report.duration_s = time.monotonic() - t0
        self.load_report = report
        return report

    def call(self, func: str, *args: Any, kwargs: dict | None = None, seed: int = 0,
             timeout: float | None = None, return_args: bool = False,
             post: dict | None = None) -> CallOutcome:
        """Call `func(*args, **kwargs)` in the sandbox. Never raises for student faults."""
        t0 = time.monotonic()
        rep = self.load_report
        if rep is not None and not rep.ok:  # loading is deterministic: do not retry it
            return CallOutcome(ok=False, error_kind=rep.error_kind or "crash",
                               message=f"the module could not be loaded: {rep.message}",
                               traceback=rep.traceback)
        if not self.alive():
            if rep is not None:
                self.restarts += 1
            rep = self.start()
            if not rep.ok:
                return CallOutcome(ok=False, error_kind=rep.error_kind or "crash",
                                   message=f"the module could not be loaded: {rep.message}",
                                   traceback=rep.traceback, duration_s=time.monotonic() - t0)
        call_id = secrets.randbits(62)
        self._issued.add(call_id)
        header: dict[str, Any] = {"op": "call", "func": func, "seed": int(seed),
                                  "return_args": bool(return_args), "id": call_id}
        values: dict[str, Any] = {"args": tuple(args), "kwargs": dict(kwargs or {})}
        if post:
            header["post"] = {k: v for k, v in post.items() if k != "input"}
            values["post_input"] = post.get("input")
        rep = self._exchange(header, values, timeout if timeout is not None
                             else self.limits.timeout)
        if isinstance(rep, CallOutcome):
            rep.duration_s = time.monotonic() - t0
            return rep
        h, v = rep.header, rep.values
        if h.get("op") != "result":
            self._kill()
            return CallOutcome(ok=False, error_kind="invalid", message="unexpected reply",
                               duration_s=time.monotonic() - t0)
        ok = h.get("ok") is True
        return CallOutcome(
            ok=ok, value=v.get("value") if ok else None,
            args_after=_untuple(v.get("args_after")) if return_args else None,
            kwargs_after=v.get("kwargs_after") if return_args else None,
            error_kind=None if ok else (_str_or_none(h.get("error_kind")) or "exception"),
            message=_s(h.get("message")), traceback=_s(h.get("traceback")),
            stdout=_s(h.get("stdout"), self.limits.output_cap),
            device=rep.devices[0] if rep.devices else None,
            duration_s=time.monotonic() - t0)

    def alive(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def close(self) -> None:
        """Kill the whole sandbox (no process of it survives) and give its slot back; a
        later call() starts again on a slot claimed anew."""
        self._kill()
        if self._claimed:
            self._claimed = False
            release_slot(self.slot)

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass

    def _kill(self) -> None:
        p, self._proc = self._proc, None
        if p is not None:
            # the sandbox's processes first (so their parents, still alive, reap them), then
            # bwrap itself; its pid namespace (daemons included) dies with its init
            family = _descendants(p.pid)
            for pid in family:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            try:
                if not family:
                    raise subprocess.TimeoutExpired(p.args, 0)
                p.wait(timeout=1)  # bwrap/unshare exit once their child is reaped
            except subprocess.TimeoutExpired:
                p.kill()
                try:
                    p.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    pass
            for f in (p.stdin, p.stdout):
                try:
                    f.close()
                except OSError:
                    pass
            if self.kind != "bwrap" and _is_root() and not _unshare_flags():
                kill_uid(slot_uid(self.slot))  # no pid namespace took the daemons with it
            _wait_gone(family, 2.0)
        if self._errfile is not None:
            self._errfile.close()
            self._errfile = None
        if self._tmpdir:
            shutil.rmtree(self._tmpdir, ignore_errors=True)
            self._tmpdir = None

    # -------------------------------------------------------------- the wire

    def _exchange(self, header: dict, values: dict, timeout: float
                  ) -> protocol.Frame | CallOutcome:
        """Send one request, wait for one reply; failures become a CallOutcome."""
        deadline = time.monotonic() + timeout
        want = header.get("id")
        try:
            # the arguments may carry the student's own state back (optimizer state, a cache):
            # over the protocol's caps that is the student's value at fault, not the grader
            request = protocol.encode(header, values, strict=True)
        except protocol.ProtocolError as e:
            return CallOutcome(ok=False, error_kind="invalid",
                               message=f"los datos a enviar superan los límites / the data to "
                                       f"send exceed the limits: {e}")
        try:
            self._write(request, deadline)
            for _ in range(64):
                frame = self._read_frame(deadline)
                got = frame.header.get("id")
                # request ids are random: a reply with an id never issued is forged; a reply
                # to an earlier request (after a forged one was accepted) is skipped
                if want is None or got == want:
                    return frame
                if got not in self._issued:
                    break
            self._kill()
            return CallOutcome(ok=False, error_kind="invalid",
                               message="el proceso respondió fuera de turno / the worker answered out of turn")
        except TimeoutError:
            self._kill()
            return CallOutcome(ok=False, error_kind="timeout",
                               message=f"tiempo límite superado / time limit exceeded ({timeout:g} s)")
        except protocol.ProtocolError as e:
            self._kill()
            return CallOutcome(ok=False, error_kind="invalid",
                               message=f"datos malformados / the worker sent malformed data: {e}")
        except (EOFError, BrokenPipeError, ConnectionError):
            return self._died()

    def _died(self) -> CallOutcome:
        p = self._proc
        rc = None
        if p is not None:
            try:
                rc = p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                rc = None
        err = self._stderr_tail()
        self._kill()
        if err.strip():  # bwrap's own errors, or a bug of the worker (exit status 70)
            log.warning("sandbox worker exited with %s; stderr:\n%s", rc, err[-2000:])
        kind, why = "crash", f"el proceso murió / the worker died (exit status {rc})"
        sig = -rc if rc is not None and rc < 0 else rc - 128 if rc and rc > 128 else None
        if sig:
            try:
                name = signal.Signals(sig).name
            except ValueError:
                name = f"signal {sig}"
            why = f"el proceso fue terminado por / the worker was killed by {name}"
            if sig == signal.SIGSEGV:
                why += " (violación de segmento / segmentation fault)"
            elif sig == signal.SIGXCPU:
                kind, why = "timeout", "límite de CPU superado / CPU time limit exceeded (SIGXCPU)"
            elif sig == signal.SIGKILL:
                why += " (sin memoria o terminado / out of memory or killed)"
        if "MemoryError" in err or "std::bad_alloc" in err or "Cannot allocate memory" in err:
            kind = "memory"
        return CallOutcome(ok=False, error_kind=kind, message=why)

    def _stderr_tail(self, n: int = 4096) -> str:
        f = self._errfile
        if f is None:
            return ""
        try:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - n))
            return f.read().decode("utf-8", "replace")
        except (OSError, ValueError):
            return ""

    def _write(self, data: bytes, deadline: float) -> None:
        assert self._proc is not None and self._proc.stdin is not None
        fd = self._proc.stdin.fileno()
        mv = memoryview(data)
        while mv:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            _, w, _ = select.select([], [fd], [], left)
            if not w:
                continue
            try:
                k = os.write(fd, mv[: 1 << 16])
            except BlockingIOError:
                continue
            except OSError as e:
                if e.errno == errno.EPIPE:
                    raise BrokenPipeError from None
                raise
            mv = mv[k:]

    def _fill(self, n: int, deadline: float) -> None:
        assert self._proc is not None and self._proc.stdout is not None
        fd = self._proc.stdout.fileno()
        while len(self._buf) < n:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            r, _, _ = select.select([fd], [], [], left)
            if not r:
                continue
            try:
                chunk = os.read(fd, max(1 << 16, min(n - len(self._buf), 1 << 24)))
            except BlockingIOError:
                continue
            if not chunk:
                raise EOFError
            self._buf += chunk

    def _read_frame(self, deadline: float) -> protocol.Frame:
        self._fill(8, deadline)
        n = protocol.frame_length(bytes(self._buf[:8]))
        self._fill(8 + n, deadline)
        body = bytes(self._buf[8 : 8 + n])
        del self._buf[: 8 + n]
        return protocol.decode_body(body)


# --------------------------------------------------------------------------------- helpers


def _ppids() -> dict[int, int]:
    """pid -> parent pid for every process (from /proc/<pid>/stat)."""
    out = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        rest = stat[stat.rfind(b")") + 2 :].split()  # the name may hold spaces and ')'
        if len(rest) > 1:
            out[int(d)] = int(rest[1])
    return out


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for c, par in _ppids().items():
        children.setdefault(par, []).append(c)
    out, todo = [], [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


def _alive(pid: int) -> bool:
    """True while the process exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read()
    except OSError:
        return False
    return stat[stat.rfind(b")") + 2 : stat.rfind(b")") + 3] not in (b"Z", b"X")


def _wait_gone(pids: list[int], timeout: float) -> None:
    end = time.monotonic() + timeout
    while any(_alive(p) for p in pids) and time.monotonic() < end:
        time.sleep(0.01)


def kill_uid(uid: int) -> int:
    """SIGKILL every process owned by `uid` in our own pid namespace (fallback clean-up when
    no pid namespace is available; the uid is the slot's alone). Processes inside other pid
    namespaces (other sandboxes that happen to share the uid) are left alone."""
    if uid == 0 or uid == os.geteuid():
        return 0
    try:
        own_ns = os.readlink("/proc/self/ns/pid")
    except OSError:
        own_ns = None
    killed = 0
    for _ in range(3):  # a fork between scan and kill: sweep again
        found = 0
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                if os.stat(f"/proc/{pid}").st_uid == uid and (
                        own_ns is None or os.readlink(f"/proc/{pid}/ns/pid") == own_ns):
                    os.kill(int(pid), signal.SIGKILL)
                    found += 1
            except OSError:
                pass
        killed += found
        if not found:
            break
    return killed


def _s(x: Any, cap: int = 20000) -> str:
    return x[:cap] if type(x) is str else ""


def _str_or_none(x: Any) -> str | None:
    return x[:40] if type(x) is str else None


def _strs(x: Any) -> list[str]:
    return [v[:500] for v in x if type(v) is str][:1000] if type(x) is list else []


def _dict(x: Any) -> dict:
    return x if type(x) is dict else {}


def _untuple(x: Any) -> Any:
    return list(x) if type(x) is tuple else x
