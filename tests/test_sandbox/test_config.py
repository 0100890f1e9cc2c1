"""What a sandbox is asked for: the libraries an exercise allows decide what is refused and what
is hidden inside bubblewrap."""

from __future__ import annotations

from grader.sandbox.config import ALWAYS_FORBIDDEN, ImportPolicy, Limits


def test_numpy_only_refuses_every_known_ml_library_and_hides_their_files():
    p = ImportPolicy.allowing(["numpy", "math"])
    assert {"torch", "scipy", "sklearn", "tensorflow", "jax"} <= p.forbidden
    assert ALWAYS_FORBIDDEN <= p.forbidden and "numpy" not in p.forbidden
    assert {"nvidia", "triton", "scikit_learn"} <= p.masked  # installed under other names
    assert not p.torch_allowed and p == ImportPolicy()


def test_allowing_torch_lets_its_companions_in_and_nothing_else():
    p = ImportPolicy.allowing(["numpy", "torch"])
    assert p.torch_allowed
    assert not {"torch", "functorch", "torchgen", "nvidia", "triton"} & p.masked
    assert {"torchvision", "scipy", "sklearn", "scikit_learn"} <= p.masked
    assert ALWAYS_FORBIDDEN <= p.forbidden


def test_torch_exercises_get_more_memory_and_time_to_start():
    numpy_only = Limits.for_policy(ImportPolicy())
    torch = Limits.for_policy(ImportPolicy.allowing(["torch"]))
    assert torch.address_space > numpy_only.address_space
    assert torch.start_timeout > numpy_only.start_timeout
    assert Limits.for_policy(ImportPolicy.allowing(["torch"]), cuda=True).address_space is None
