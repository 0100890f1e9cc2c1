"""The hostile submissions and the outcome the grader must give for each.

A case's file lives in submissions/. Unless `base` is None, the file is appended to a clean,
full-marks submission of the same assignment (`_clean_<module>.py`), so its definitions replace
only the functions it attacks and every other function must keep exactly its baseline points.
`@@NAME@@` placeholders are filled in by the test (paths of the canary and of a class's outputs,
a port on the grader's loopback...).

attacked: the functions that must score zero ("*" = all of them: the module cannot load).
statuses: the statuses allowed on the tests of the attacked functions.
others: "same" = every other test keeps its baseline points; "no_gain" = no test gains points.
"""

from __future__ import annotations

from dataclasses import dataclass

ALL = "*"
CRASHY = frozenset({"crash", "error", "timeout"})
INVALID = frozenset({"invalid", "failed"})
FORBIDDEN = frozenset({"forbidden"})


@dataclass(frozen=True)
class Case:
    id: str
    assignment: str
    attacked: tuple[str, ...] | str
    statuses: frozenset[str]
    why: str
    file: str = ""  # default: f"{id}.py"
    base: str | None = "clean"
    others: str = "same"
    # extra wall-time allowance (seconds) on top of the per-call and start limits it hits
    slow: bool = False

    @property
    def filename(self) -> str:
        return self.file or f"{self.id}.py"


A, C = "03_activations", "06_conv2d"

CASES: list[Case] = [
    # --- time ---------------------------------------------------------------------------------
    Case("loop_in_call", A, ("sigmoid_derivative",), frozenset({"timeout"}),
         "busy loop in a function", slow=True),
    Case("loop_ignores_sigterm", A, ("tanh",), frozenset({"timeout"}),
         "SIGTERM/SIGINT ignored, then a sleep loop: needs SIGKILL", slow=True),
    Case("loop_at_import", A, ALL, frozenset({"timeout", "error", "crash"}),
         "busy loop at import", slow=True),
    # --- memory, processes, exits, crashes -------------------------------------------------------
    Case("memory_bomb_call", A, ("relu",), frozenset({"error", "crash", "timeout"}),
         "6 GB allocated in a call"),
    Case("memory_bomb_import", C, ALL, frozenset({"error", "crash", "timeout"}),
         "6 GB allocated at import"),
    Case("fork_bomb_call", C, ("maxpool2d",), CRASHY, "2000 forks in a call"),
    Case("sys_exit_call", A, ("binary_step",), CRASHY, "sys.exit(0) in a call"),
    Case("system_exit_call", A, ("elu",), CRASHY, "raise SystemExit(3) in a call"),
    Case("keyboard_interrupt_call", A, ("softplus",), CRASHY, "KeyboardInterrupt in a call"),
    Case("os_exit_call", A, ("arctan",), CRASHY, "os._exit(0) in a call"),
    Case("segfault_call", C, ("conv2d",), CRASHY, "NULL dereference through ctypes"),
    Case("kill_parent_call", A, ("leaky_relu",), frozenset({"failed", "error", "crash"}),
         "SIGKILL to the parent and its process group"),
    Case("sys_exit_import", A, ALL, CRASHY, "sys.exit(0) at import"),
    Case("os_exit_import", A, ALL, CRASHY, "os._exit(0) at import"),
    Case("segfault_import", A, ALL, CRASHY, "segfault at import"),
    Case("keyboard_interrupt_import", C, ALL, CRASHY, "KeyboardInterrupt at import"),
    Case("daemon_call", A, ("elu",), frozenset({"failed", "error", "crash", "invalid"}),
         "double-forked daemon that ignores SIGTERM and writes to the server's fds"),
    # --- secrets and forbidden libraries ---------------------------------------------------------
    Case("read_secrets_call", A, ("sigmoid",), frozenset({"failed", "error"}),
         "reads hidden tests/reference/solutions via repo, site-packages, /proc/1/root, ../"),
    Case("read_proc_call", A, ("tanh_derivative",), frozenset({"failed", "error"}),
         "reads other processes' cmdline/environ and its own environment"),
    Case("import_course_call", A, ("sigmoid_derivative", "softplus"), FORBIDDEN,
         "imports reference (plain import), grader.hidden and solutions (names built at run time)"),
    Case("torch_import_call", A, ("softmax",), FORBIDDEN, "import torch in a function"),
    Case("dunder_import_call", A, ("tanh_derivative",), FORBIDDEN, "__import__('tor'+'ch')"),
    Case("importlib_call", A, ("sigmoid",), FORBIDDEN, "importlib.import_module('scipy.special')"),
    Case("exec_string_call", A, ("relu_derivative",), FORBIDDEN,
         "exec of a string that imports scipy"),
    Case("guard_bypass_call", A, ("softplus_derivative",), frozenset({"forbidden", "error"}),
         "removes the import guard, imports scipy for real, hides it from sys.modules"),
    Case("torch_at_import", A, ("softmax",), FORBIDDEN,
         "import torch at module level (the functions that do not use it keep their points)"),
    Case("scipy_signal_call", C, ("correlate2d",), FORBIDDEN, "scipy.signal.correlate2d"),
    Case("codec_trick", A, ("softmax",), frozenset({"error", "forbidden"}),
         "`import torch` hidden behind a UTF-7 coding cookie", others="no_gain"),
    # --- lying results ---------------------------------------------------------------------------
    Case("monkeypatch_numpy", A, ("relu",), frozenset({"failed"}),
         "np.allclose/isclose/array_equal/np.testing patched to always agree"),
    Case("monkeypatch_builtins", A, ("leaky_relu_derivative",), INVALID,
         "builtins.isinstance, math.isclose/isnan patched to lie"),
    Case("eq_always_true", A, ("relu",), INVALID, "__eq__ always True, __array__ gives the answer"),
    Case("ndarray_subclass", A, ("tanh",), INVALID,
         "ndarray subclass with wrong values whose comparisons claim equality"),
    Case("object_array", A, ("tanh_derivative",), INVALID, "right values, object dtype"),
    Case("complex_array", A, ("arctan_derivative",), INVALID, "right values, complex dtype"),
    Case("nan_result", A, ("softmax",), INVALID, "NaN everywhere"),
    Case("huge_array_view", A, ("elu_derivative",), frozenset({"invalid", "error", "crash"}),
         "broadcast view of 2**40 elements"),
    Case("huge_array_real", C, ("maxpool2d",),
         frozenset({"invalid", "error", "crash", "timeout"}), "a real 160 MB array"),
    Case("deep_nesting", A, ("binary_step_derivative",), frozenset({"invalid", "error", "crash"}),
         "a list nested 100000 deep"),
    Case("fake_stdout", A, ("sigmoid_derivative",), frozenset({"failed", "invalid", "crash"}),
         "prints passing-looking JSON and frames to fds 1..31, atexit hook"),
    Case("forge_frame", A, ("tanh",), frozenset({"failed", "invalid", "crash", "error"}),
         "writes forged frames to the server's result pipe to desynchronise the grader"),
    Case("hijack_server", A, ("elu_derivative",), frozenset({"failed", "invalid", "error"}),
         "patches the server's send() to claim ok/passed/points"),
    # --- output, files, disk, network ------------------------------------------------------------
    Case("flood_output", A, ("arctan",), frozenset({"failed", "error", "crash", "timeout"}),
         "1 GB to stdout/stderr"),
    Case("write_outside", A, ("binary_step_derivative",), frozenset({"failed"}),
         "writes over a canary, gradebook.csv and another student's results"),
    Case("fill_disk", A, ("softmax",), frozenset({"error", "crash", "timeout"}),
         "writes up to 2 GB in cwd, /tmp, /dev/shm, /var/tmp, $HOME"),
    Case("open_socket", A, ("relu",), frozenset({"failed", "error"}),
         "TCP to the grader's loopback and the internet, DNS"),
    # --- files that are not what they claim ------------------------------------------------------
    Case("binary_junk", A, ALL, frozenset({"error", "invalid", "missing", "crash"}),
         "random bytes with NULs named activations.py", file="<generated>", base=None),
    Case("notebook_malformed", A, ALL, frozenset({"error", "invalid", "missing", "crash"}),
         "truncated notebook JSON", file="notebook_malformed.ipynb", base=None),
    Case("notebook_bad_structure", A, ALL, frozenset({"error", "invalid", "missing", "crash"}),
         "notebook whose cells have non-string sources", file="notebook_bad_structure.ipynb",
         base=None),
    Case("notebook_huge", A, ALL, frozenset({"error", "invalid", "missing", "crash"}),
         "a 60 MB notebook (generated)", file="<generated>", base=None),
    Case("notebook_magics", A, (), frozenset(),
         "clean notebook plus !shell lines and %%bash cells that try to write a canary",
         file="<generated>", base=None),
]

BY_ID = {c.id: c for c in CASES}
