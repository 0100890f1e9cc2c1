"""SIGTERM/SIGINT/SIGHUP ignored at import, then tanh sleeps forever: the grader must SIGKILL it."""
import signal
import time

for _s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
    signal.signal(_s, signal.SIG_IGN)


def tanh(z):
    while True:
        time.sleep(0.05)
