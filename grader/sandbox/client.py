"""`Sandbox`: a student's module running in a sandboxed subprocess (the server, `server.py`),
called over a pipe.

Protection layers (which hold depends on the machine; `dlgrade doctor` prints them):

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
    in the server before any student code.
bubblewrap, grader not root: same, but in a user namespace as the grader's own uid, and
  without RLIMIT_NPROC (it would count the grader's own processes). Not tested on this machine.
fallback (no bwrap): `unshare` pid+net namespaces when permitted, uid 61000+slot when root,
  rlimits, a private 0700 temp dir as cwd, scrubbed env. The filesystem is NOT hidden: only
  file modes protect the course files (keep them unreadable to "other"). The sandbox dies with
  the grader even after a kill -9: PR_SET_PDEATHSIG on the process that execs prlimit/unshare
  (unshare's --kill-child then takes the pid namespace along) and `setpriv --pdeathsig` after
  the uid change (which clears the first one). The signal follows the creating *thread*: a
  Sandbox started from a thread that exits is killed and restarts on its next call.
Slots: a Sandbox claims its slot machine-wide (flock on /tmp/dlgrade-slots/<n>.lock, see
  `grader.sandbox.slots`); a slot held by another grader is skipped for the next free one, so two
  graders never share a uid (RLIMIT_NPROC, the fallback's kill-by-uid).
Always: the import guard and static scan in the server; everything the server sends is decoded
with caps and `allow_pickle=False`; request ids are random, so a reply the student forges from
inside the server (it shares the process) is recognised as out of turn unless it answers the
current request, which is no more than returning a value.

The interpreter runs with `-s -B -P` rather than `-I`: `-I` implies `-E`, which would ignore the
PYTHONHASHSEED=0 that makes runs reproducible; the environment is scrubbed here instead.
A Sandbox is used from one thread at a time; parallel sandboxes get distinct slots by
themselves (one uid each; in the fallback, closing a sandbox kills every process of its slot's
uid); `Sandbox.slot` is the slot it got.
"""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import secrets
import select
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.kinds import ERROR_KINDS, ErrorKind
from grader.sandbox import command, protocol
from grader.sandbox.config import ALWAYS_FORBIDDEN, ImportPolicy, Limits, SandboxError
from grader.sandbox.process import descendants, die_with_parent, kill_uid, wait_gone
from grader.sandbox.slots import claim_slot, release_slot, slot_uid
from grader.text import EMPTY, Text

log = logging.getLogger("dlgrade.sandbox")


@dataclass
class LoadReport:
    ok: bool
    functions: list[str] = field(default_factory=list)
    error_kind: ErrorKind | None = None
    message: Text = EMPTY  # the student's exception text, or why the sandbox stopped
    traceback: str = ""
    violations: list[str] = field(default_factory=list)
    violations_by_function: dict[str, list[str]] = field(default_factory=dict)
    line: int | None = None  # syntax error line
    stdout: str = ""
    duration_s: float = 0.0


@dataclass
class CallOutcome:
    ok: bool
    value: Any = None
    args_after: Any = None
    error_kind: ErrorKind | None = None
    message: Text = EMPTY  # the student's exception text, or why the sandbox stopped
    traceback: str = ""
    stdout: str = ""
    device: str | None = None  # tensor device of the value (torch results)
    kwargs_after: Any = None
    warnings: list[str] = field(default_factory=list)  # "RuntimeWarning: overflow ...", per call
    duration_s: float = 0.0
    student_s: float = 0.0  # inside the student's function, as the server measured it


def _seconds(x: Any) -> float:
    """A duration the server reported (never trusted beyond being a small number)."""
    return float(x) if type(x) in (int, float) and 0.0 <= x < 1e6 else 0.0


def _failed(kind: ErrorKind, es: str, en: str) -> CallOutcome:
    return CallOutcome(ok=False, error_kind=kind, message=Text(es, en))


class Sandbox:
    """One student's module in a sandbox, serving many calls; see the module docstring."""

    def __init__(self, source: str, *, module_name: str, policy: ImportPolicy,
                 limits: Limits | None = None, slot: int = 0, kind: str | None = None,
                 protected: tuple[Path | str, ...] = ()):
        """kind: "bwrap" | "fallback" | None (`command.choose_sandbox()`). protected: folders that
        must stay out of the sandbox besides the engine's checkout (the course's root)."""
        if kind not in (None, "bwrap", "fallback"):
            raise ValueError(f"unknown sandbox {kind!r}")
        if kind == "bwrap" and not command.bwrap_path():
            raise SandboxError("bubblewrap (bwrap) is not installed")
        choice = command.choose_sandbox() if kind is None else command.SandboxChoice(kind)
        self.source = source
        self.module_name = module_name
        self.policy = policy
        self.limits = limits if limits is not None else Limits.for_policy(
            policy, cuda=bool(command.cuda_devices()))
        self.kind = choice.kind
        self.fallback_reason = choice.reason  # why not bubblewrap (auto fell back), or ""
        self.protected = command.protected_roots(protected)
        self.load_report: LoadReport | None = None
        self.restarts = 0
        # function -> the time-out it ran into: it is not called again until the grader clears
        # this (the runner does, per hidden test): a loop forever costs one time-out per test,
        # not one per case, and the function's other tests still run
        self.timed_out: dict[str, CallOutcome] = {}
        self._prestarted = False
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

    def __enter__(self) -> Sandbox:
        if self._proc is None:
            self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def describe(self) -> str:
        """One line for reports: which protections hold (and why not bubblewrap, if so)."""
        line = command.describe(self.kind)
        return f"{line}; {self.fallback_reason}" if self.fallback_reason else line

    def _spawn(self) -> None:
        self._kill()
        if not self._claimed:  # started again after close()
            self.slot = claim_slot(self.requested_slot)
            self._claimed = True
        how = command.launch(self.kind, self.policy, self.limits, self.slot, self.protected)
        self._tmpdir = how.tmpdir
        self._errfile = tempfile.TemporaryFile()
        parent = os.getpid()
        try:
            # the sandbox dies with the grader, even after kill -9 (bwrap also has
            # --die-with-parent; unshare's --kill-child then takes its pid namespace along)
            self._proc = subprocess.Popen(
                how.cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._errfile,
                cwd=how.cwd, env=how.env, start_new_session=True, close_fds=True,
                preexec_fn=lambda: die_with_parent(parent))
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

    def prestart(self) -> None:
        """Launch the sandbox's interpreter now and return at once: its start-up (bubblewrap,
        Python, NumPy) overlaps with the grader's own work until `start()`, which then only
        waits for it (no student code runs before the load request)."""
        if not self.alive():
            self._spawn()
            self._prestarted = True

    def start(self) -> LoadReport:
        """Start the sandbox, scan and import the module. Never raises for student faults;
        raises SandboxError when the sandbox itself cannot start."""
        t0 = time.monotonic()
        if not (self._prestarted and self.alive()):
            self._spawn()
        self._prestarted = False
        lim = self.limits
        self._await_ready(lim.start_timeout)
        root = os.geteuid() == 0
        header = {
            "op": "load", "module": self.module_name, "seed": 0,
            "forbidden": sorted(self.policy.forbidden), "output_cap": lim.output_cap,
            "reap_strays": command.reaps_strays(self.kind),
            "forbidden_hard": sorted(ALWAYS_FORBIDDEN),
            "limits": {"address_space": lim.address_space, "cpu_seconds": lim.cpu_seconds,
                       "nproc": lim.nproc if root else None, "nofile": lim.nofile,
                       "fsize": lim.fsize, "core": 0},
        }
        rep = self._exchange(header, {"source": self.source}, lim.start_timeout)
        if isinstance(rep, CallOutcome):  # timeout / crash / invalid while loading
            report = LoadReport(ok=False, error_kind=rep.error_kind, message=rep.message,
                                stdout=rep.stdout)
            self._kill()
        else:
            h = rep.header
            report = LoadReport(
                ok=h.get("ok") is True, functions=_strs(h.get("functions")),
                error_kind=_kind(h.get("error_kind")), message=_text(h.get("message")),
                traceback=_s(h.get("traceback")), violations=_strs(h.get("violations")),
                violations_by_function={str(k): _strs(v) for k, v in
                                        _dict(h.get("violations_by_function")).items()},
                line=h.get("line") if type(h.get("line")) is int else None,
                stdout=_s(h.get("stdout")))
            if not report.ok:
                self._kill()
        report.duration_s = time.monotonic() - t0
        self.load_report = report
        return report

    def _await_ready(self, timeout: float) -> None:
        """The server's first frame, sent before any student code runs. Without it the
        sandbox itself failed (bwrap refused, the interpreter did not start): SandboxError."""
        try:
            frame = self._read_frame(time.monotonic() + timeout)
            if frame.header.get("op") == "ready":
                return
            why = f"unexpected first frame {frame.header.get('op')!r}"
        except TimeoutError:
            why = f"no sign of life within {timeout:g} s"
        except (EOFError, OSError, protocol.ProtocolError) as e:
            try:
                rc = self._proc.wait(timeout=5) if self._proc is not None else None
            except subprocess.TimeoutExpired:
                rc = None
            why = f"it exited with status {rc}" if rc is not None else type(e).__name__
        err = " ".join(self._stderr_tail(1000).split())
        self._kill()
        raise SandboxError(f"the {self.kind} sandbox did not start ({why})"
                           + (f": {err}" if err else ""))

    def call(self, func: str, *args: Any, kwargs: dict | None = None, seed: int = 0,
             timeout: float | None = None, return_args: bool = False,
             post: dict | None = None) -> CallOutcome:
        """Call `func(*args, **kwargs)` in the sandbox. Never raises for student faults."""
        t0 = time.monotonic()
        rep = self.load_report
        if rep is not None and not rep.ok:  # loading is deterministic: do not retry it
            return _not_loaded(rep)
        if func in self.timed_out:
            first = self.timed_out[func]
            return CallOutcome(ok=False, error_kind="timeout", message=first.message + Text(
                "; no se vuelve a llamar en esta prueba tras pasarse del tiempo una vez",
                "; not called again in this test after running out of time once"))
        timeout = timeout if timeout is not None else self.limits.timeout
        if not self.alive():
            if rep is not None:
                self.restarts += 1
            rep = self.start()
            if not rep.ok:
                out = _not_loaded(rep)
                out.duration_s = time.monotonic() - t0
                return out
        header, values = self._request(func, args, kwargs, seed, return_args, post)
        return self._outcome(self._exchange(header, values, timeout), func, return_args, t0)

    def _request(self, func: str, args: tuple, kwargs: dict | None, seed: int,
                 return_args: bool, post: dict | None) -> tuple[dict, dict]:
        call_id = secrets.randbits(62)
        self._issued.add(call_id)
        header: dict[str, Any] = {"op": "call", "func": func, "seed": int(seed),
                                  "return_args": bool(return_args), "id": call_id}
        values: dict[str, Any] = {"args": tuple(args), "kwargs": dict(kwargs or {})}
        if post:
            header["post"] = {k: v for k, v in post.items() if k != "input"}
            values["post_input"] = post.get("input")
        return header, values

    def _outcome(self, rep: protocol.Frame | CallOutcome, func: str, return_args: bool,
                 t0: float) -> CallOutcome:
        if isinstance(rep, CallOutcome):
            rep.duration_s = time.monotonic() - t0
            if rep.error_kind == "timeout":
                self.timed_out[func] = rep
            return rep
        h, v = rep.header, rep.values
        if h.get("op") != "result":
            self._kill()
            out = _failed("invalid", "respuesta inesperada", "unexpected reply")
            out.duration_s = time.monotonic() - t0
            return out
        ok = h.get("ok") is True
        return CallOutcome(
            ok=ok, value=v.get("value") if ok else None,
            args_after=_untuple(v.get("args_after")) if return_args else None,
            kwargs_after=v.get("kwargs_after") if return_args else None,
            error_kind=None if ok else (_kind(h.get("error_kind")) or "exception"),
            message=_text(h.get("message")), traceback=_s(h.get("traceback")),
            stdout=_s(h.get("stdout"), self.limits.output_cap),
            device=rep.devices[0] if rep.devices else None,
            warnings=_strs(h.get("warnings"))[:20],
            duration_s=time.monotonic() - t0,
            student_s=_seconds(h.get("student_s")))

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
            family = descendants(p.pid)
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
            if command.needs_uid_sweep(self.kind):
                kill_uid(slot_uid(self.slot))  # no pid namespace took the daemons with it
            wait_gone(family, 2.0)
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
            return _failed("invalid", f"los datos a enviar superan los límites: {e}",
                           f"the data to send exceed the limits: {e}")
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
            return _failed("invalid", "el proceso respondió fuera de turno",
                           "the sandboxed process answered out of turn")
        except TimeoutError:
            self._kill()
            return _failed("timeout", f"tiempo límite superado ({timeout:g} s)",
                           f"time limit exceeded ({timeout:g} s)")
        except protocol.ProtocolError as e:
            self._kill()
            return _failed("invalid", f"el proceso envió datos malformados: {e}",
                           f"the sandboxed process sent malformed data: {e}")
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
        if err.strip():  # bwrap's own errors, or a bug of the server (exit status 70)
            log.warning("sandbox server exited with %s; stderr:\n%s", rc, err[-2000:])
        kind: ErrorKind = "crash"
        why = Text(f"el proceso murió (código de salida {rc})",
                   f"the sandboxed process died (exit status {rc})")
        sig = -rc if rc is not None and rc < 0 else rc - 128 if rc and rc > 128 else None
        if sig:
            try:
                name = signal.Signals(sig).name
            except ValueError:
                name = f"signal {sig}"
            why = Text(f"el proceso fue terminado por {name}",
                       f"the sandboxed process was killed by {name}")
            if sig == signal.SIGSEGV:
                why += Text(" (violación de segmento)", " (segmentation fault)")
            elif sig == signal.SIGXCPU:
                kind = "timeout"
                why = Text("límite de CPU superado (SIGXCPU)", "CPU time limit exceeded (SIGXCPU)")
            elif sig == signal.SIGKILL:
                why += Text(" (sin memoria o terminado)", " (out of memory or killed)")
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


def _not_loaded(rep: LoadReport) -> CallOutcome:
    """Every call after a failed load: loading is deterministic, it is not retried."""
    return CallOutcome(ok=False, error_kind=rep.error_kind or "crash",
                       message=Text("no se pudo cargar el módulo: ",
                                    "the module could not be loaded: ") + rep.message,
                       traceback=rep.traceback)


def _kind(x: Any) -> ErrorKind | None:
    """An error kind the server reported, if it is one of ours."""
    return x if type(x) is str and x in ERROR_KINDS else None


def _text(x: Any) -> Text:
    """A message from the server: the student's own text (a str, the same in both languages),
    or the server's words ({"es": ..., "en": ...}); anything else is no message."""
    if type(x) is dict:
        return Text(_s(x.get("es")), _s(x.get("en")))
    return Text.same(_s(x))


def _s(x: Any, cap: int = 20000) -> str:
    return x[:cap] if type(x) is str else ""


def _strs(x: Any) -> list[str]:
    return [v[:500] for v in x if type(v) is str][:1000] if type(x) is list else []


def _dict(x: Any) -> dict:
    return x if type(x) is dict else {}


def _untuple(x: Any) -> Any:
    return list(x) if type(x) is tuple else x
