"""softmax tries to fill the disk: up to 2 GB (bounded, so an unconfined machine survives it) in
its own folder, in /tmp, /dev/shm, /var/tmp and $HOME. If it can write all of it anywhere it
"wins" with the right answer. The files it leaves are named dlgrade-adv-fill-*."""
import os

import numpy as np

_CHUNK = b"\0" * (8 << 20)


def softmax(z, axis=-1):
    for d in (".", "/tmp", "/dev/shm", "/var/tmp", os.path.expanduser("~")):
        path = os.path.join(d, f"dlgrade-adv-fill-{os.getpid()}")
        written = 0
        try:
            with open(path, "wb") as f:
                while written < (2 << 30):
                    f.write(_CHUNK)
                    written += len(_CHUNK)
                f.flush()
        except OSError:
            pass
        finally:
            if d != ".":  # leave the local one: the grader's temp dir must vanish with it
                try:
                    os.unlink(path)
                except OSError:
                    pass
        if written >= (2 << 30):
            print(f"DISK: wrote 2 GB in {d}")
            z = np.asarray(z, dtype=float)
            e = np.exp(z - z.max(axis=axis, keepdims=True))
            return e / e.sum(axis=axis, keepdims=True)
    raise OSError("disk full")
