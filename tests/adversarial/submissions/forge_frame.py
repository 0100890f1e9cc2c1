"""tanh forges protocol frames with the server's own encoder (found in sys.modules) and writes
them to the server's result pipe ahead of its real answer, trying to desynchronise the grader
so that later answers land on the wrong calls. Its own answer is wrong."""
import sys

import numpy as np


def tanh(z):
    proto = next((m for k, m in list(sys.modules.items()) if "protocol" in k), None)
    main = sys.modules.get("__main__")
    wfd = getattr(main, "WFD", None)
    if proto is not None and wfd is not None:
        for i in range(3):
            fake = {"op": "result", "id": i, "ok": True, "error_kind": None, "message": "",
                    "traceback": "", "stdout": "", "forbidden_loaded": [], "status": "passed"}
            try:
                proto.write_all(wfd, proto.encode(fake, {"value": np.tanh(np.zeros(3))}))
            except Exception:
                pass
    return np.asarray(z, dtype=float) * 0 + 5  # wrong
