"""What a sandbox is asked for: resource limits and the libraries a submission may import."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

GiB = 2**30
MiB = 2**20

# top-level names that are never importable by a submission: the engine and the course
ALWAYS_FORBIDDEN = frozenset({"grader", "reference", "solutions", "dlgrade", "hidden"})
# the machine-learning libraries the sandbox knows; an exercise allows some of them by name
# (`libraries` in its assignment.toml), every other one is refused
ML_LIBRARIES = frozenset({
    "torch", "torchvision", "torchaudio", "functorch", "torchgen", "scipy", "sklearn",
    "tensorflow", "keras", "jax", "jaxlib", "flax", "autograd", "cupy", "numba", "mxnet",
    "theano", "paddle", "chainer", "tinygrad", "mlx",
})  # fmt: skip
# what a library brings into site-packages under other names: allowed with it, hidden with it
COMPANIONS: dict[str, frozenset[str]] = {
    "torch": frozenset({"functorch", "torchgen", "nvidia", "triton"}),
    "sklearn": frozenset({"scikit_learn"}),
}


class SandboxError(Exception):
    """The sandbox itself could not be set up or run (never the student's fault)."""


@dataclass(frozen=True)
class ImportPolicy:
    """Which of the known ML libraries a submission may import (numpy and the standard library
    always; the engine and the course never)."""

    allowed: frozenset[str] = frozenset()

    @classmethod
    def allowing(cls, libraries: Iterable[str]) -> ImportPolicy:
        """The policy of an exercise whose statement allows `libraries` ("numpy", "torch"...)."""
        names = {str(x).split(".")[0] for x in libraries} & ML_LIBRARIES
        for lib in list(names):
            names |= COMPANIONS.get(lib, frozenset())
        return cls(allowed=frozenset(names))

    @property
    def forbidden(self) -> frozenset[str]:
        """Top-level module names the import guard refuses."""
        return ALWAYS_FORBIDDEN | (ML_LIBRARIES - self.allowed)

    @property
    def masked(self) -> frozenset[str]:
        """site-packages entries hidden inside bubblewrap: every forbidden library, any name."""
        out = set(self.forbidden)
        for lib in ML_LIBRARIES - self.allowed:
            out |= COMPANIONS.get(lib, frozenset())
        return frozenset(out)

    @property
    def torch_allowed(self) -> bool:
        return "torch" in self.allowed


@dataclass(frozen=True)
class Limits:
    timeout: float = 10.0  # seconds of wall time per call
    start_timeout: float = 30.0  # seconds to start the server and import the module
    address_space: int | None = 2 * GiB  # RLIMIT_AS (torch needs ~0.7 GiB just to import)
    cpu_seconds: int = 600  # RLIMIT_CPU over the sandbox's whole life
    nproc: int = 64  # RLIMIT_NPROC for the slot's uid (threads count)
    nofile: int = 256
    fsize: int = 16 * MiB  # RLIMIT_FSIZE: largest file the student can write (incl. output)
    output_cap: int = 64 * 1024  # bytes of stdout/stderr kept per call
    tmp_size: int = 64 * MiB  # size of the private /tmp (bubblewrap)

    @classmethod
    def for_policy(cls, policy: ImportPolicy, *, cuda: bool = False, **overrides: Any) -> Limits:
        """Defaults per exercise kind: torch exercises need more memory and time to start."""
        base: dict[str, Any] = {}
        if policy.torch_allowed:
            # torch maps ~0.6 GiB to import; CUDA reserves tens of GiB of address space
            base = {"address_space": None if cuda else 3 * GiB, "start_timeout": 60.0}
        base.update(overrides)
        return cls(**base)
