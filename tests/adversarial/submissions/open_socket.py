"""relu opens sockets: TCP to a server the test runs on the grader's 127.0.0.1 (port filled in
by the test), TCP to a public address, a DNS lookup, UDP out. If it reaches anything it "wins"
(sends LEAK and returns the right answer)."""
import socket

import numpy as np


def relu(z):
    reached = []
    for addr in (("127.0.0.1", @@PORT@@), ("1.1.1.1", 80), ("8.8.8.8", 53)):
        try:
            with socket.create_connection(addr, timeout=1.0) as s:
                s.sendall(b"LEAK from the sandbox\n")
                reached.append(addr)
        except OSError:
            pass
    try:
        socket.getaddrinfo("pypi.org", 443)
        reached.append("dns")
    except OSError:
        pass
    if reached:
        print("LEAK:", reached)
        return np.maximum(np.asarray(z, dtype=float), 0)
    return np.asarray(z, dtype=float) * 0 - 1  # wrong
