"""Run a command and sample the memory of its whole process tree (/proc, every 20 ms)."""

from __future__ import annotations

import subprocess
import threading
import time
from pathlib import Path


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        for task in Path(f"/proc/{p}/task").glob("*") if Path(f"/proc/{p}/task").exists() else []:
            try:
                todo += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                pass
    return out


def run_measured(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, int, int, str]:
    """(wall seconds, peak RSS of the largest process in KB, peak RSS of the whole process
    tree in KB, output tail) of a command, sampling /proc every 20 ms."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True)
    peak_one = peak_all = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_one, peak_all
        while not done.is_set():
            sizes = [_rss_kb(q) for q in _tree(p.pid)]
            peak_one, peak_all = max(peak_one, max(sizes, default=0)), max(peak_all, sum(sizes))
            time.sleep(0.02)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    out, _ = p.communicate()
    done.set()
    t.join()
    wall = time.perf_counter() - t0
    if p.returncode not in (0,):
        raise SystemExit(f"{' '.join(cmd)} exited {p.returncode}:\n{out[-3000:]}")
    return wall, peak_one, peak_all, out[-600:]
