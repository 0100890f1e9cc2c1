"""The program that runs a student's module INSIDE the sandbox (never imported by the grader).

Run as a script next to `protocol.py` (the grader copies or binds both into the sandbox):
    python -s -B server.py
stdin/stdout carry protocol frames (see protocol.py); everything else is the student's.

Order matters, because the student's code can do anything once it runs:
1. take the protocol pipes (dup fds 0/1), point fd 0 at /dev/null and fds 1/2 at a capture
   file (SIGXFSZ ignored, so a write past RLIMIT_FSIZE fails instead of killing us);
2. read the `load` request: source, module name, import policy, rlimits; lower the rlimits;
3. static scan of the source with `ast` (forbidden imports, dynamic-import tricks);
4. install the import guard, then exec the source as module `<name>` (file `<name>.py`);
   (a `ready` frame goes out before step 2: no student code has run yet)
5. serve `call` requests until the grader closes the pipe.

Only stdlib + numpy are imported here; torch only if the student imported it.
"""

from __future__ import annotations

import os
import signal
import sys

OUTPUT_FILE = ".dlgrade_output"
MAX_MESSAGE = 2000
MAX_TRACEBACK = 6000


def _take_pipes() -> tuple[int, int, int, int]:
    """Protocol fds out of the way; stdin = /dev/null; stdout/stderr -> capture file.

    The grader's stderr is kept (EFD) for the server's own failures only."""
    # dup'd fds are non-inheritable: the student's child processes never get them
    rfd, wfd, efd = os.dup(0), os.dup(1), os.dup(2)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    out = os.open(OUTPUT_FILE, os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o600)
    os.dup2(out, 1)
    os.dup2(out, 2)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    sys.stdout = open(1, "w", buffering=1, closefd=False, errors="replace")
    sys.stderr = open(2, "w", buffering=1, closefd=False, errors="replace")
    return rfd, wfd, efd, out


RFD, WFD, EFD, OUT = _take_pipes()

# the script's folder must not be importable by the student (-P does not exist before 3.11)
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if p and os.path.abspath(p) != _HERE]

import ast  # noqa: E402
import builtins  # noqa: E402
import importlib.abc  # noqa: E402
import importlib.machinery  # noqa: E402
import importlib.util  # noqa: E402
import linecache  # noqa: E402
import random  # noqa: E402
import resource  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402
import types  # noqa: E402
import warnings  # noqa: E402

# Student code runs in the server's process and may patch builtins (`builtins.isinstance =
# liar`). Bind the builtins used here now, as module globals, which win over builtins at lookup.
globals().update({_n: getattr(__import__("builtins"), _n) for _n in (
    "isinstance", "type", "len", "str", "int", "float", "bool", "list", "tuple", "dict", "set",
    "getattr", "hasattr", "abs", "all", "any", "min", "max", "sorted", "range", "callable",
    "memoryview", "bytes", "frozenset", "object", "print", "repr", "iter", "next", "open")})


def _load_own(name: str, filename: str) -> types.ModuleType:
    spec = importlib.util.spec_from_file_location(name, os.path.join(_HERE, filename))
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up there
    spec.loader.exec_module(mod)
    return mod


P = _load_own("_dlgrade_protocol", "protocol.py")
R = _load_own("_dlgrade_recipes", "recipes.py")
import numpy as np  # noqa: E402  (after the protocol: numpy is imported there anyway)

# ------------------------------------------------------------------------------- static scan

DYNAMIC_IMPORT_CALLS = {"__import__", "import_module", "exec_module", "spec_from_file_location",
                        "load_module", "find_spec"}
TAMPER_ATTRS = {"meta_path", "path_hooks", "path_importer_cache"}


def _top(name: str) -> str:
    return name.partition(".")[0]


def static_scan(tree: ast.Module, forbidden: set[str]) -> list[tuple[str, int, str]]:
    """(function, line, what) for each forbidden import or import-machinery trick.

    `function` is the enclosing top-level def/class, or "<module>".
    """
    found: list[tuple[str, int, str]] = []
    for top in tree.body:
        owner = top.name if isinstance(
            top, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) else "<module>"
        for node in ast.walk(top):
            line = getattr(node, "lineno", 0)
            if isinstance(node, ast.Import):
                for a in node.names:
                    if _top(a.name) in forbidden:
                        found.append((owner, line, f"import {a.name}"))
                    elif _top(a.name) == "importlib":
                        found.append((owner, line, f"import {a.name} (dynamic imports)"))
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                if _top(node.module) in forbidden:
                    found.append((owner, line, f"from {node.module} import ..."))
                elif _top(node.module) == "importlib":
                    found.append((owner, line, f"from {node.module} import ... (dynamic imports)"))
            elif isinstance(node, ast.Call):
                f = node.func
                name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(
                    f, ast.Attribute) else None
                if name in DYNAMIC_IMPORT_CALLS:
                    found.append((owner, line, f"{name}(...) (dynamic import)"))
            elif isinstance(node, ast.Attribute) and node.attr in TAMPER_ATTRS:
                found.append((owner, line, f"sys.{node.attr} (import machinery)"))
            elif isinstance(node, ast.Name) and node.id == "__import__":
                found.append((owner, line, "__import__"))
    # one entry per (function, line, what), in source order
    return sorted(set(found), key=lambda t: (t[1], t[0], t[2]))


# ------------------------------------------------------------------------------ import guard


class ForbiddenImportError(ModuleNotFoundError):
    """A library that this exercise does not allow (a ModuleNotFoundError, so optional
    imports inside third-party code degrade gracefully)."""


def _forbidden(name: str) -> ForbiddenImportError:
    return ForbiddenImportError(
        f"'{name}' no está permitido en este ejercicio / '{name}' is not allowed in this "
        f"exercise", name=name)


class _Poison:
    """Stands in for anything reached through a forbidden module: using it raises."""

    __dlgrade_poison__ = True

    def __init__(self, name: str):
        object.__setattr__(self, "_name", name)

    def __getattr__(self, attr: str) -> _Poison:
        if attr.startswith("__") and attr.endswith("__"):
            raise AttributeError(attr)
        return _Poison(f"{object.__getattribute__(self, '_name')}.{attr}")

    def __call__(self, *a: object, **k: object) -> None:
        raise _forbidden(object.__getattribute__(self, "_name"))

    def __mro_entries__(self, bases: tuple) -> tuple:
        raise _forbidden(object.__getattribute__(self, "_name"))

    def __repr__(self) -> str:
        return f"<forbidden {object.__getattribute__(self, '_name')}>"


class _PoisonModule(types.ModuleType):
    """`import torch` in a NumPy-only exercise: the import itself succeeds (a leftover import
    costs nothing), but touching anything in it raises ForbiddenImportError."""

    __dlgrade_poison__ = True

    def __getattr__(self, attr: str) -> _Poison:
        if attr.startswith("__") and attr.endswith("__"):
            raise AttributeError(attr)
        return _Poison(f"{self.__name__}.{attr}")


class _PoisonLoader(importlib.abc.Loader):
    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        return _PoisonModule(spec.name)

    def exec_module(self, module: types.ModuleType) -> None:
        module.__path__ = []  # a package, so `import torch.nn` also resolves (to poison)


class ImportGuard(importlib.abc.MetaPathFinder):
    """First on sys.meta_path. `hard` names (the course's own packages) fail at the import
    statement; the other forbidden names (ML libraries) import as poison."""

    def __init__(self, forbidden: set[str], hard: set[str]):
        self.forbidden = set(forbidden) | set(hard)
        self.hard = set(hard)
        self.hits: list[str] = []

    def find_spec(self, name, path=None, target=None):  # noqa: ANN001
        top = _top(name)
        if top in self.forbidden:
            self.hits.append(name)
            if top in self.hard:
                raise _forbidden(name)
            return importlib.machinery.ModuleSpec(name, _PoisonLoader(), is_package=True)
        return None


def install_audit_guard(names: set[str]) -> None:
    """Refuse to open any file of a forbidden package, through an audit hook (PEP 578).

    Unlike the sys.meta_path guard, an audit hook cannot be removed from Python code, so a
    student who takes the guard off sys.meta_path still cannot load torch/scipy (nor read the
    grader's or the reference's files): the import machinery must open their files first.
    Without bubblewrap this is what keeps them out; with it, they are not on disk anyway.
    Call it before the meta_path guard exists, so find_spec sees the real packages.
    """
    roots: list[str] = []
    for name in sorted(names):
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            continue
        if spec is None:
            continue
        for loc in spec.submodule_search_locations or ():
            roots.append(os.path.realpath(loc) + os.sep)
        if not spec.submodule_search_locations and spec.origin and os.path.isabs(spec.origin):
            roots.append(os.path.realpath(spec.origin))
    if not roots:
        return
    blocked = tuple(roots)

    # Everything the hook needs is bound now: later monkeypatching of os or str cannot reach it.
    def hook(event, args, _blocked=blocked, _real=os.path.realpath, _abs=os.path.abspath,
             _fspath=os.fspath, _err=_forbidden):  # noqa: ANN001
        if event not in ("open", "ctypes.dlopen", "os.listdir", "os.scandir") or not args:
            return
        path = args[0]
        if path is None or type(path) is int:
            return
        try:
            path = _fspath(path)
            if type(path) is bytes:
                path = path.decode("utf-8", "surrogateescape")
            candidates = (_abs(path), _real(path))
        except Exception:
            return
        for c in candidates:
            for root in _blocked:
                if c == root.rstrip("/") or c.startswith(root):
                    raise _err(root.rstrip("/").rsplit("/", 1)[-1])

    sys.addaudithook(hook)


_SEEN: set[str] = set()  # sys.modules keys already looked at
_FORBIDDEN_KEYS: set[str] = set()  # those of them under a forbidden name


def forbidden_loaded(forbidden: set[str]) -> list[str]:
    """Real (non-poison) forbidden modules present in sys.modules. Only the keys new since
    the last look are scanned (a set difference in C, twice per call); the forbidden ones
    are checked again every time (one may have been replaced)."""
    mods = sys.modules
    new = mods.keys() - _SEEN
    if new:
        _SEEN.update(new)
        _FORBIDDEN_KEYS.update(k for k in new if _top(k) in forbidden)
    return sorted(k for k in _FORBIDDEN_KEYS if k in mods
                  and not getattr(type(mods[k]), "__dlgrade_poison__", False))


# --------------------------------------------------------------------------------- helpers


def _safe_str(e: BaseException) -> str:
    try:
        s = str(e)
    except BaseException:  # a hostile __str__
        s = "<unprintable>"
    return s[:MAX_MESSAGE]


def student_traceback(e: BaseException, filename: str) -> str:
    """The traceback reduced to frames in the student's file (the server's are dropped)."""
    try:
        frames = [f for f in traceback.extract_tb(e.__traceback__) if f.filename == filename]
        head = "Traceback (most recent call last):\n" if frames else ""
        if isinstance(e, SyntaxError):
            tail = "".join(traceback.format_exception_only(type(e), e))
        else:
            msg = _safe_str(e)
            tail = f"{type(e).__name__}: {msg}\n" if msg else f"{type(e).__name__}\n"
        text = head + "".join(traceback.format_list(frames)) + tail
    except BaseException:
        text = f"{type(e).__name__}\n"
    return text[-MAX_TRACEBACK:]


def error_kind_of(e: BaseException, forbidden: set[str] = frozenset()) -> str:
    if isinstance(e, ForbiddenImportError):
        return "forbidden"
    name = getattr(e, "name", None) if isinstance(e, ImportError) else None
    if type(name) is str and _top(name) in forbidden:  # masked on disk: not even installed
        return "forbidden"
    if isinstance(e, MemoryError):
        return "memory"
    return "exception"


def describe(e: BaseException) -> str:
    name = type(e).__name__
    if isinstance(e, SystemExit):
        return f"SystemExit({_safe_str(e)}): sys.exit() / SystemExit"
    if isinstance(e, SyntaxError):
        return f"SyntaxError: {e.msg} (line {e.lineno})"
    msg = _safe_str(e)
    return f"{name}: {msg}" if msg else name


def warning_texts(caught: object, cap: int = 20) -> list[str]:
    """"RuntimeWarning: overflow encountered in exp", one per distinct warning of a call."""
    out: list[str] = []
    try:
        for w in list(caught)[:1000]:
            text = f"{w.category.__name__}: {w.message}"
            if text not in out:
                out.append(text[:200])
            if len(out) >= cap:
                break
    except Exception:  # the student may have replaced the list's items
        pass
    return out


def take_output(cap: int) -> str:
    """What the student printed since the last call (at most `cap` bytes); then empty it."""
    try:
        os.dup2(OUT, 1)  # the student may have closed or replaced fds 1/2
        os.dup2(OUT, 2)
        for s in (sys.__stdout__, sys.__stderr__, sys.stdout, sys.stderr):
            try:
                s.flush()
            except BaseException:
                pass
        data = os.pread(OUT, cap, 0)
        os.ftruncate(OUT, 0)
    except OSError:
        return ""
    return data.decode("utf-8", "replace")


def seed_all(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch = sys.modules.get("torch")
    if type(torch) is types.ModuleType and hasattr(torch, "manual_seed"):
        torch.manual_seed(seed)


def set_limits(limits: dict) -> None:
    """Lower the rlimits (soft = hard) before any student code runs; None = leave as is."""
    names = {"address_space": resource.RLIMIT_AS, "cpu_seconds": resource.RLIMIT_CPU,
             "nproc": resource.RLIMIT_NPROC, "nofile": resource.RLIMIT_NOFILE,
             "fsize": resource.RLIMIT_FSIZE, "core": resource.RLIMIT_CORE}
    for key, res in names.items():
        v = limits.get(key)
        if v is None:
            continue
        soft, hard = resource.getrlimit(res)
        v = int(v) if hard == resource.RLIM_INFINITY else min(int(v), hard)
        try:
            resource.setrlimit(res, (v, v))
        except (ValueError, OSError):
            pass


def reap_strays() -> None:
    """SIGKILL every other process of this sandbox (what a call forked and left behind: a
    daemon writing junk into our pipes, fork-bomb children holding the uid's NPROC), then
    collect our dead children. kill(-1) spares the caller and the namespace's init; the grader
    asks for it only where "every process we may signal" is the sandbox alone (a pid namespace,
    or a uid of its own)."""
    try:
        os.kill(-1, signal.SIGKILL)
    except OSError:
        return
    end = time.monotonic() + 0.5
    while time.monotonic() < end:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            time.sleep(0.005)


# the builtins as they were before any student code ran (see send)
_BUILTINS = dict(vars(builtins))


def _restore_builtins() -> None:
    """Undo a student's patches of builtins (isinstance, len...) that the encoder relies on."""
    d = vars(builtins)
    for k, v in _BUILTINS.items():
        if d.get(k) is not v:
            d[k] = v


def send(header: dict, values: dict | None = None) -> None:
    _restore_builtins()
    try:
        frame = P.encode(header, values)
        if len(frame) - 8 > P.MAX_FRAME:
            raise ValueError("result too large")
    except Exception as e:
        frame = P.encode({**{k: header.get(k) for k in ("ok", "id", "stdout")}, "ok": False,
                          "error_kind": "invalid",
                          "message": {"es": f"no se pudo enviar el resultado: {describe(e)}",
                                      "en": f"the result could not be sent: {describe(e)}"}})
    P.write_all(WFD, frame)


# ------------------------------------------------------------------------------------ main


class Server:
    def __init__(self) -> None:
        self.module: types.ModuleType | None = None
        self.filename = ""
        self.forbidden: set[str] = set()
        self.hard: set[str] = set()
        self.output_cap = 65536
        self.reap = False

    def load(self, h: dict, values: dict) -> None:
        name = str(h["module"])
        self.filename = f"{name}.py"
        self.hard = set(h.get("forbidden_hard", []))
        self.forbidden = set(h.get("forbidden", [])) | self.hard
        self.output_cap = int(h.get("output_cap", 65536))
        self.reap = bool(h.get("reap_strays"))
        set_limits(h.get("limits", {}))
        source = values["source"]
        report: dict = {"op": "loaded", "ok": False, "functions": [], "error_kind": None,
                        "message": "", "traceback": "", "violations": [],
                        "violations_by_function": {}, "notes": [],
                        "python": sys.version.split()[0]}
        try:
            tree = ast.parse(source, filename=self.filename)
        except (SyntaxError, ValueError) as e:  # ValueError: NUL bytes
            report.update(error_kind="exception", message=describe(e),
                          traceback=student_traceback(e, self.filename),
                          line=getattr(e, "lineno", None))
            send(report)
            return
        for owner, line, what in static_scan(tree, self.forbidden):
            text = f"line {line}: {what}" + ("" if owner == "<module>" else f" (in {owner})")
            report["violations"].append(text)
            report["violations_by_function"].setdefault(owner, []).append(text)
        del tree
        install_audit_guard(self.forbidden)
        guard = ImportGuard(self.forbidden, self.hard)
        sys.meta_path.insert(0, guard)
        # the source as a real file too: linecache, inspect.getsource and __file__ work
        try:
            with open(self.filename, "w", encoding="utf-8") as f:
                f.write(source)
        except OSError:
            pass
        linecache.cache[self.filename] = (len(source), None, source.splitlines(True),
                                          self.filename)
        mod = types.ModuleType(name)
        mod.__file__ = os.path.abspath(self.filename)
        sys.modules[name] = mod
        seed_all(int(h.get("seed", 0)))
        try:
            code = compile(source, self.filename, "exec", dont_inherit=True)
            exec(code, mod.__dict__)
        except BaseException as e:  # SystemExit/KeyboardInterrupt at import included
            report.update(error_kind=error_kind_of(e, self.forbidden), message=describe(e),
                          traceback=student_traceback(e, self.filename),
                          stdout=take_output(self.output_cap))
            if isinstance(e, SyntaxError):
                report["line"] = e.lineno
            send(report)
            return
        self.module = mod
        funcs = []
        for k, v in list(mod.__dict__.items()):
            if not k.startswith("__") and callable(v) and not getattr(
                    type(v), "__dlgrade_poison__", False):
                funcs.append(k)
        if self.reap:  # what the import itself left running
            reap_strays()
        report.update(ok=True, functions=funcs, stdout=take_output(self.output_cap),
                      loaded_forbidden=forbidden_loaded(self.forbidden))
        send(report)

    def call(self, h: dict, values: dict) -> None:
        fname = str(h.get("func", ""))
        out = {"op": "result", "id": h.get("id"), "ok": False, "error_kind": None,
               "message": "", "traceback": "", "stdout": "", "forbidden_loaded": []}
        # the namespace itself: getattr would run a module-level __getattr__ of the student
        fn = vars(self.module).get(fname) if self.module is not None else None
        if fn is None or not callable(fn):
            out.update(error_kind="missing", message=f"{fname} is not defined")
            send(out)
            return
        try:  # before any student code of this call, and before `before`: torch may load
            args = R.made_all(values.get("args", ()), P.Recipe)
            kwargs = R.made_all(values.get("kwargs") or {}, P.Recipe)
        except Exception as e:
            out.update(error_kind="invalid", message={
                "es": f"no se pudo construir un argumento de la prueba: {describe(e)}",
                "en": f"a test argument could not be built: {describe(e)}"})
            send(out)
            return
        before = set(forbidden_loaded(self.forbidden))
        result = None
        take_output(0)
        seed_all(int(h.get("seed", 0)))
        caught: list = []
        try:
            # the warnings the call raises (NumPy's overflow/invalid/divide among them) are
            # reported, not shown; the student's own filters inside the call still apply
            with warnings.catch_warnings(record=True) as caught, \
                    np.errstate(over="warn", invalid="warn", divide="warn", under="ignore"):
                warnings.simplefilter("always")
                t0 = time.perf_counter()
                try:
                    result = fn(*args, **kwargs)
                finally:
                    out["student_s"] = time.perf_counter() - t0
                post = h.get("post")
                if post:
                    result = self.post(result, post, values.get("post_input"))
            out["ok"] = True
        except BaseException as e:  # SystemExit, KeyboardInterrupt per call too
            out.update(error_kind=error_kind_of(e, self.forbidden), message=describe(e),
                       traceback=student_traceback(e, self.filename))
            result = None
        out["warnings"] = warning_texts(caught)
        leaked = sorted(set(forbidden_loaded(self.forbidden)) - before)
        if leaked:
            names = ", ".join(leaked[:3]) + (" …" if len(leaked) > 3 else "")
            out.update(ok=False, error_kind="forbidden", forbidden_loaded=leaked,
                       message={"es": f"módulo prohibido cargado: {names}",
                                "en": f"forbidden module loaded: {names}"})
            result = None
        if self.reap:
            reap_strays()
        out["stdout"] = take_output(self.output_cap)
        vals = {"value": result}
        if h.get("return_args"):
            vals["args_after"] = args
            vals["kwargs_after"] = kwargs
        send(out, vals)

    def post(self, result: object, post: dict, x: object) -> object:
        """What the grader reads of a returned nn.Module, which cannot cross the boundary:
        post={"kind": "torch_forward"}: its output on x (float32, no gradients);
        post={"kind": "torch_parameter_shapes"}: [shape of each parameter], in order."""
        kind = post.get("kind")
        if kind not in ("torch_forward", "torch_parameter_shapes"):
            raise ValueError(f"unknown post-processing {kind!r}")
        torch = sys.modules.get("torch")
        if type(torch) is not types.ModuleType or not isinstance(result, torch.nn.Module):
            raise TypeError(f"expected a torch.nn.Module, got {type(result).__name__}")
        params = list(result.parameters())
        if kind == "torch_parameter_shapes":
            return [[int(n) for n in p.shape] for p in params]
        device = params[0].device if params else torch.device("cpu")
        xt = torch.as_tensor(np.asarray(x), dtype=torch.float32, device=device)
        with torch.no_grad():
            return result(xt)

    def serve(self) -> None:
        while True:
            try:
                frame = P.read_frame(RFD)
            except (EOFError, OSError):
                return
            h, values = frame.header, frame.values
            op = h.get("op")
            if op == "load":
                self.load(h, values)
            elif op == "call":
                self.call(h, values)
            elif op == "ping":
                send({"op": "pong", "id": h.get("id")})
            elif op == "exit":
                return


if __name__ == "__main__":
    try:
        # before any student code: the grader tells "the sandbox did not start" (its fault)
        # from "the student's module killed it" (the student's) by this frame
        send({"op": "ready"})
        Server().serve()
    except BaseException:  # a bug of ours (or the student broke us): tell the grader's log
        os.write(EFD, traceback.format_exc().encode("utf-8", "replace")[-8000:])
        os._exit(70)
    os._exit(0)  # skip atexit handlers and non-daemon threads the student left behind
