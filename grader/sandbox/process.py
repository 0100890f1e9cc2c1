"""Processes of a sandbox: dying with the grader, finding and killing what a sandbox left.

`die_with_parent` is the one place that asks the kernel to take a child down with its parent
(PR_SET_PDEATHSIG, kept across exec, delivered even when the parent dies by kill -9): the
sandbox uses it before exec'ing bubblewrap/unshare, the batch's pool workers at their start.
"""

from __future__ import annotations

import ctypes
import os
import signal
import time

PR_SET_PDEATHSIG = 1
try:
    _prctl = ctypes.CDLL(None, use_errno=True).prctl  # resolved now, not in a forked child
except (OSError, AttributeError):
    _prctl = None


def die_with_parent(parent: int, sig: int = signal.SIGKILL) -> None:
    """Have the kernel send `sig` to this process when `parent` dies, even by kill -9.

    A parent that died before the prctl took effect is caught by comparing the parent pid
    afterwards: then this process exits at once. Safe in a Popen preexec_fn (no locks taken).
    """
    if _prctl is not None:
        _prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


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


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for c, par in _ppids().items():
        children.setdefault(par, []).append(c)
    out, todo = [], [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


def alive(pid: int) -> bool:
    """True while the process exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read()
    except OSError:
        return False
    return stat[stat.rfind(b")") + 2 : stat.rfind(b")") + 3] not in (b"Z", b"X")


def wait_gone(pids: list[int], timeout: float) -> None:
    end = time.monotonic() + timeout
    while any(alive(p) for p in pids) and time.monotonic() < end:
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
