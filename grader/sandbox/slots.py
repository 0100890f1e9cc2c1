"""Slots: a sandbox's unprivileged identity on this machine.

Slot n runs student code as uid BASE_UID + n. The fallback's clean-up kills every process of
that uid, so two sandboxes must never hold the same slot at once, whichever grader started
them (a batch and a `dlgrade grade`, two test sessions). A slot is claimed machine-wide with
flock() on SLOT_DIR/<n>.lock; the kernel releases it when the process dies, even by kill -9.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import stat as _stat
import tempfile
import threading
from dataclasses import dataclass

from grader.sandbox.config import SandboxError

BASE_UID = 61000


def slot_uid(slot: int) -> int:
    return BASE_UID + int(slot)


# Within one process a registry says which slots it holds: a batch's pool worker claims its slot
# once for its life (`process=True`) and every Sandbox it starts then uses that claim, one
# Sandbox at a time.
SLOT_DIR = "/tmp/dlgrade-slots"
MAX_SLOT_TRIES = 256


@dataclass
class _Claim:
    fd: int
    pid: int
    process: bool  # held for the process's life (a pool worker), not for one Sandbox
    users: int = 0  # Sandboxes of this process using the slot now (at most 1)


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

    process=False: for one Sandbox (release with `release_slot`); a slot this process holds
    for its life (process=True) and no Sandbox of it uses is reused, not locked again.
    process=True: hold it until the process exits (a pool worker of the batch).
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
                if c.users == 0:
                    c.users = 1
                    return n
                continue  # another Sandbox of this process uses it
            fd = _try_lock(n)
            if fd is not None:
                _claims[n] = _Claim(fd, os.getpid(), process, 0 if process else 1)
                return n
    raise SandboxError(f"no free sandbox slot among {MAX_SLOT_TRIES} from {preferred}")


def release_slot(slot: int) -> None:
    """A Sandbox is done with `slot`: unlock it unless the process holds it for its life."""
    with _claims_lock:
        c = _claims.get(slot)
        if c is None or c.pid != os.getpid():
            return
        c.users = max(0, c.users - 1)
        if c.users == 0 and not c.process:
            del _claims[slot]
            os.close(c.fd)  # closing the only fd of the open file releases the flock


def remove_stale_dirs(slot: int) -> None:
    """Temp dirs of `slot` left by a grader that was killed (we hold the slot now, so no
    live Sandbox uses them); only folders of ours or of the slot's uid, never through a link."""
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

