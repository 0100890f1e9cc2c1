"""How a sandbox is launched: the command line, working folder and environment, for
bubblewrap or for the fallback, and the facts about this machine they depend on.

Nothing here starts a process that runs student code; `grader.sandbox.client` does, with what
`launch()` returns. Every check of the machine is cached: it is asked once per process.
"""

from __future__ import annotations

import atexit
import importlib.util
import logging
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from grader.sandbox.config import ImportPolicy, Limits, SandboxError
from grader.sandbox.process import kill_uid
from grader.sandbox.slots import remove_stale_dirs, slot_uid

log = logging.getLogger("dlgrade.sandbox")
HERE = Path(__file__).resolve().parent
# where the engine's package lives: a source checkout (an editable install, CI) or site-packages
ENGINE_ROOT = HERE.parent.parent


def protected_roots(extra: tuple[str | Path, ...] = ()) -> tuple[str, ...]:
    """Folders that must stay out of a sandbox: `extra` (a course) and the engine's checkout.

    An installed engine sits in site-packages, which the sandbox needs (numpy lives there): its
    `grader` and `reference` packages are masked instead (`_masks`)."""
    roots = list(extra)
    if (ENGINE_ROOT / "pyproject.toml").is_file():
        roots.append(ENGINE_ROOT)
    return tuple(sorted({str(Path(p).resolve()) for p in roots}))
SERVER_FILES = ("server.py", "protocol.py", "recipes.py")
SANDBOX_DIR = "/opt/dlgrade"  # where server.py + protocol.py appear inside bubblewrap


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
                           env=_scrubbed_env())
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


@lru_cache(maxsize=8)
def _masks(masked: frozenset[str], protected: tuple[str, ...]) -> tuple[tuple[str, bool], ...]:
    """(path, is_dir) in site-packages to hide: the dlgrade install (an editable install's
    hook points into the checkout) always, and the libraries the policy masks."""
    names = set(masked) | {"__editable__"}
    out = []
    for d in _site_dirs():
        for e in sorted(os.listdir(d)):
            top = _entry_top(e)
            p = os.path.join(d, e)
            hit = top in names or e.startswith("__editable__") or (
                e.endswith(".pth") and _pth_points_into(p, protected))
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


def _pth_points_into(p: str, protected: tuple[str, ...]) -> bool:
    try:
        text = Path(p).read_text(errors="replace")
    except OSError:
        return False
    return "dlgrade" in text or any(root in text for root in protected)


def _check_not_exposing(paths: list[str], protected: tuple[str, ...]) -> None:
    for root in protected:
        for p in paths:
            if p == "/" or root == p or root.startswith(p.rstrip("/") + "/"):
                raise SandboxError(f"refusing to bind {p}: it contains {root}")


def cuda_devices() -> list[str]:
    """NVIDIA device nodes, exposed to workers of exercises that allow torch."""
    try:
        return sorted(os.path.join("/dev", d) for d in os.listdir("/dev")
                      if d.startswith("nvidia"))
    except OSError:
        return []


def _scrubbed_env(torch_allowed: bool = False) -> dict[str, str]:
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
    if not torch_allowed:
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



@lru_cache(maxsize=1)
def _setpriv_pdeathsig() -> bool:
    """setpriv understands --pdeathsig (util-linux >= 2.33): a uid change clears the death
    signal that preexec set, so setpriv must set it again after dropping privileges."""
    try:
        r = subprocess.run(["setpriv", "--help"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return False
    return "--pdeathsig" in r.stdout


SANDBOX_ENV = "DLGRADE_SANDBOX"  # what `--sandbox` sets, so pool workers inherit it
SANDBOX_CHOICES = ("auto", "bwrap", "fallback")


@dataclass(frozen=True)
class SandboxChoice:
    """The sandbox this process uses, and why not bubblewrap when `auto` fell back."""

    kind: str  # "bwrap" | "fallback"
    reason: str = ""


def choose_sandbox(requested: str | None = None) -> SandboxChoice:
    """requested: "auto" | "bwrap" | "fallback"; None: `$DLGRADE_SANDBOX`, else "auto".

    "auto" is bubblewrap when it really starts here (a probe runs it once per process), else
    the fallback with the reason. SandboxError when the requested sandbox cannot run: the
    grader stops before grading anyone (a broken sandbox must never turn into zeros).
    """
    requested = requested or os.environ.get(SANDBOX_ENV) or "auto"
    if requested not in SANDBOX_CHOICES:
        raise SandboxError(f"unknown sandbox {requested!r} (choose from "
                           f"{', '.join(SANDBOX_CHOICES)})")
    return _choose(requested)


@lru_cache(maxsize=4)
def _choose(requested: str) -> SandboxChoice:
    reason = ""
    if requested != "fallback":
        problem = bwrap_problem()
        if problem is None:
            return SandboxChoice("bwrap")
        if requested == "bwrap":
            raise SandboxError(f"bubblewrap cannot run here: {problem}")
        reason = f"bubblewrap cannot run here: {problem}"
    problem = fallback_problem()
    if problem:
        raise SandboxError(f"no sandbox can run here: {problem}"
                           + (f"; and {reason}" if reason else ""))
    if reason:
        log.warning("dlgrade: using the fallback sandbox: %s", reason)
    return SandboxChoice("fallback", reason)


@lru_cache(maxsize=1)
def bwrap_problem() -> str | None:
    """Why bubblewrap cannot start a sandbox here, or None: the real command line, running
    `python -c pass` instead of the server (an unprivileged container, AppArmor's user
    namespace restriction and a broken install all fail here, once, before any student)."""
    exe = bwrap_path()
    if not exe:
        return "bubblewrap (bwrap) is not installed"
    limits = Limits()
    try:
        cmd = _prlimit_args(limits) + _bwrap_cmd(ImportPolicy(), limits, 0, protected_roots())
        r = subprocess.run([*cmd[:-1], "-c", "pass"], capture_output=True, timeout=60, cwd="/",
                           stdin=subprocess.DEVNULL, env=_scrubbed_env())
    except SandboxError as e:
        return str(e)
    except (OSError, subprocess.SubprocessError) as e:
        return f"{exe}: {e}"
    if r.returncode == 0:
        return None
    err = " ".join(r.stderr.decode("utf-8", "replace").split())
    return f"{err[-300:] or 'no message'} (exit status {r.returncode})"


def _bwrap_cmd(policy: ImportPolicy, limits: Limits, slot: int, protected: tuple[str, ...]
               ) -> list[str]:
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
    _check_not_exposing(py, protected)
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
    for path, is_dir in _masks(policy.masked, protected):
        if is_dir:  # an empty folder whose import fails like a missing package
            cmd += ["--tmpfs", path, "--ro-bind", stub, f"{path}/__init__.py"]
        else:
            cmd += ["--ro-bind", "/dev/null", path]
    cmd += ["--perms", "0755", "--dir", "/etc",  # ld.so.cache: dlopen of libcuda & co.
            "--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache"]
    cmd += ["--proc", "/proc", "--dev", "/dev"]
    if policy.torch_allowed:
        for dev in cuda_devices():
            cmd += ["--dev-bind", dev, dev]
    cmd += ["--dir", SANDBOX_DIR]
    for f in SERVER_FILES:
        cmd += ["--ro-bind", str(HERE / f), f"{SANDBOX_DIR}/{f}"]
    cmd += ["--chdir", "/tmp"]
    if root:
        uid = slot_uid(slot)
        cmd += ["/usr/bin/setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
                "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"]
    return cmd + _python_cmd(f"{SANDBOX_DIR}/server.py")


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



@dataclass
class Launch:
    """What to start: the command, its working folder and environment, and the private temp
    folder to remove afterwards (the fallback's; bubblewrap's /tmp is a tmpfs)."""

    cmd: list[str]
    cwd: str
    env: dict[str, str]
    tmpdir: str | None = None


def launch(kind: str, policy: ImportPolicy, limits: Limits, slot: int,
           protected: tuple[str, ...]) -> Launch:
    """The launch of a sandbox server of `kind` ("bwrap" | "fallback") in `slot`.

    `protected`: folders that must stay out of the sandbox (the course, the engine); bubblewrap
    refuses to bind anything holding them. Raises SandboxError when the fallback cannot run
    student code here (every student would "crash": it is said once, loudly, instead).
    """
    env = _scrubbed_env(policy.torch_allowed)
    if kind == "bwrap":
        return Launch(_prlimit_args(limits) + _bwrap_cmd(policy, limits, slot, protected), "/", env)
    why = fallback_problem()
    if why:
        raise SandboxError(why)
    uid = slot_uid(slot)
    remove_stale_dirs(slot)
    tmpdir = tempfile.mkdtemp(prefix=f"dlgrade-slot{slot}-")
    for f in SERVER_FILES:
        shutil.copyfile(HERE / f, os.path.join(tmpdir, f))
    cmd = _prlimit_args(limits) + list(_unshare_flags())
    if _is_root():
        if not _unshare_flags():
            # we hold the slot: any process of its uid is left over from a grader that died
            # (no pid namespace took it along)
            kill_uid(uid)
        os.chown(tmpdir, uid, uid)
        for f in SERVER_FILES:
            os.chmod(os.path.join(tmpdir, f), 0o644)
        # a uid change clears the parent-death signal: setpriv sets it again after
        cmd += ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--no-new-privs",
                *(["--pdeathsig=KILL"] if _setpriv_pdeathsig() else []), "--"]
    os.chmod(tmpdir, 0o700)
    env["HOME"] = env["TMPDIR"] = tmpdir
    return Launch(cmd + _python_cmd(os.path.join(tmpdir, "server.py")), tmpdir, env, tmpdir)


def reaps_strays(kind: str) -> bool:
    """After each call the server may kill what the call left running, only where that cannot
    reach the grader: a pid namespace, or a uid of the slot's own."""
    return kind == "bwrap" or bool(_unshare_flags()) or _is_root()


def describe(kind: str) -> str:
    """One line for reports: which protections hold (no uid number: it depends on the slot,
    and stored results must not vary with -j)."""
    uid = "unprivileged slot uid" if _is_root() else "the grader's own uid (no root)"
    if kind == "bwrap":
        return f"bubblewrap ({uid}, own pid/net namespaces, private fs and /tmp, rlimits)"
    ns = "pid/net namespaces" if _unshare_flags() else "no namespaces"
    return f"fallback without bubblewrap ({uid}, {ns}, rlimits, private temp dir)"


def needs_uid_sweep(kind: str) -> bool:
    """The fallback as root without a pid namespace: what the sandbox left running is found
    by its slot's uid (nothing else took it along)."""
    return kind != "bwrap" and _is_root() and not _unshare_flags()
