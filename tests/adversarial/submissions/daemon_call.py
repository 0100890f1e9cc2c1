"""elu double-forks a daemon (setsid, named dlgadv-daemon, SIGTERM/SIGHUP ignored) that lives
for 60 s, keeps a copy of the server's file descriptors and writes junk to them. It must not
outlive the grading of this submission. elu itself answers wrong."""
import ctypes
import os
import signal
import time

import numpy as np


def _daemon():
    os.setsid()
    if os.fork() > 0:
        os._exit(0)
    for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(s, signal.SIG_IGN)
    try:
        ctypes.CDLL(None).prctl(15, b"dlgadv-daemon", 0, 0, 0)  # PR_SET_NAME
    except Exception:
        pass
    end = time.time() + 60
    while time.time() < end:
        for fd in range(3, 16):
            try:
                os.write(fd, b"\0junk from the daemon\0")
            except OSError:
                pass
        time.sleep(0.2)
    os._exit(0)


def elu(z, alpha=1.0):
    pid = os.fork()
    if pid == 0:
        try:
            _daemon()
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    return np.asarray(z, dtype=float) * 0 + 3  # wrong
