"""The closed vocabularies of the engine, declared once: what can go wrong in a sandbox call
(`ErrorKind`) and what a hidden test's result can be (`Status`).

Neutral ground: the sandbox (which produces error kinds) and grading (which turns them into
statuses) both import this module, and it imports nothing of theirs.
"""

from __future__ import annotations

from typing import Literal, get_args

# What a sandbox call can end in besides a value. exception: the student's code raised.
# timeout: past its wall or CPU time. crash: the process died. memory: it ran out of memory.
# forbidden: a library this exercise does not allow. missing: no such function.
# invalid: the reply was not plain data within the protocol's caps.
ErrorKind = Literal["exception", "timeout", "crash", "memory", "forbidden", "missing", "invalid"]
ERROR_KINDS: tuple[ErrorKind, ...] = get_args(ErrorKind)

# A hidden test's outcome. passed: full points. failed: wrong values or behaviour. error: the
# student's code raised. timeout/crash: the process ran out of time or died. missing: the
# function is not defined. forbidden: a library not allowed in this exercise. invalid: a value
# that is not plain numeric data of the expected kind (object, subclass, complex, NaN...).
Status = Literal["passed", "failed", "error", "timeout", "crash", "missing", "forbidden", "invalid"]
STATUSES: tuple[Status, ...] = get_args(Status)

# error kind of a sandbox call -> status of the test that made it
ERROR_STATUS: dict[ErrorKind, Status] = {
    "exception": "error",
    "timeout": "timeout",
    "crash": "crash",
    "memory": "crash",
    "forbidden": "forbidden",
    "missing": "missing",
    "invalid": "invalid",
}

# after these the sandbox had to be restarted: never retry (or shrink) through them
FATAL_STATUSES: tuple[Status, ...] = ("timeout", "crash")

# What a hidden test grades, as the statement's "what is graded" section lists it. A check
# records each property it exercises (grading.spec.Ctx.grade); a test proves that what a hidden
# test declares is what it checks.
Property = Literal[
    "values",  # results against the oracle (and, recorded only, torch and finite differences)
    "stability",  # extreme inputs give finite, right values
    "no_warnings",  # no NumPy warning (overflow, invalid, division by zero) is raised
    "dtype",  # float32 in, float32 out
    "no_mutation",  # the inputs come back unmodified
    "behaviour",  # what the result does (trained weights classify, the loss goes down...)
    "time_budget",  # a large case within a stated time
]
PROPERTIES: tuple[Property, ...] = get_args(Property)
