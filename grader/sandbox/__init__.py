"""The untrusted boundary: a student's module runs in a sandboxed server process and is called
over a pipe with plain data. Nothing here imports grading: the boundary knows calls, values and
what can go wrong with them, not tests, points or assignments.

    client.py    `Sandbox`: the grader-side client (start, call, close)
    command.py   how the server is launched: bubblewrap or the fallback, environment, masks
    config.py    `Limits`, `ImportPolicy`, `SandboxError`
    slots.py     machine-wide claims of the unprivileged uids sandboxes run as
    process.py   dying with the parent; finding and killing what a sandbox left behind
    protocol.py  the wire format (shared with the server)
    recipes.py   what cannot cross it (a function f(x), a torch module), built on the other side
    server.py    the program that runs INSIDE the sandbox (never imported by the grader)
    doctor.py    which protections hold on this machine
"""

from grader.sandbox.client import CallOutcome, LoadReport, Sandbox
from grader.sandbox.config import ImportPolicy, Limits, SandboxError

__all__ = ["CallOutcome", "ImportPolicy", "Limits", "LoadReport", "Sandbox", "SandboxError"]
