"""`dlgrade verify`: the CI self-check of the course's own code.

1. every model answer solutions/NN/<module>.py scores full marks on the hidden tests;
2. every stub assignments/NN/<module>.py scores zero, and grading it raises nothing and hits
   no internal grader error;
3. the reference agrees with PyTorch on every hidden value case (each hidden check run with
   the reference as the "submission", every torch oracle must say "match").
"""

from __future__ import annotations

from grader import oracles
from grader.hidden import all_assignments
from grader.paths import assignments_dir, solutions_dir
from grader.runner import INTERNAL_EN, grade


def check_solution(a: object) -> tuple[bool, list[str]]:
    path = solutions_dir() / a.id / f"{a.module}.py"
    if not path.is_file():
        return False, [f"FAIL {a.id}: solution {path} is missing"]
    r = grade(path, a.id)
    bad = [t for t in r.tests if not t.passed]
    if not bad:
        return True, [f"ok   {a.id}: solution {r.score:g}/{r.max_score:g} ({r.duration_s:.1f} s)"]
    lines = [f"FAIL {a.id}: solution {r.score:g}/{r.max_score:g}"]
    lines += [f"       {t.test_id} [{t.status}] {t.message_en.splitlines()[0] if t.message_en else ''}"
              for t in bad]
    return False, lines


def check_stub(a: object) -> tuple[bool, list[str]]:
    path = assignments_dir() / a.id / f"{a.module}.py"
    if not path.is_file():
        return False, [f"FAIL {a.id}: stub {path} is missing"]
    r = grade(path, a.id)
    internal = [t.test_id for t in r.tests if INTERNAL_EN in t.message_en]
    if r.score == 0 and not internal and not r.load_error_en:
        return True, [f"ok   {a.id}: stub 0/{r.max_score:g}, no crash ({r.duration_s:.1f} s)"]
    why = []
    if r.score:
        why.append(f"scores {r.score:g} ({', '.join(t.test_id for t in r.tests if t.passed)})")
    if internal:
        why.append(f"internal errors in {', '.join(internal)}")
    if r.load_error_en:
        why.append(f"does not import: {r.load_error_en}")
    return False, [f"FAIL {a.id}: stub " + "; ".join(why)]


def check_reference(a: object) -> tuple[bool, list[str]]:
    rows = oracles.reference_vs_torch(a)
    bad = []
    compared = 0
    for test_id, outcome, ors in rows:
        if outcome.startswith("skipped"):
            continue
        if outcome != "passed":
            bad.append(f"       {test_id}: reference fails its own check: {outcome.splitlines()[0]}")
        for name, status in ors.items():
            if name.startswith("torch") or name == "finite_diff":
                compared += status == "match"
                if status == "mismatch":
                    bad.append(f"       {test_id}: reference != {name}")
    if bad:
        return False, [f"FAIL {a.id}: reference vs torch"] + bad
    cuda = oracles.torch_targets(None)[1][1] is not None
    return True, [f"ok   {a.id}: reference == torch on every hidden value case "
                  f"({compared} test×oracle pairs compared; CUDA "
                  f"{'compared' if cuda else 'unavailable: no CUDA device'})"]


def verify() -> tuple[bool, list[str]]:
    """(all good, report lines)."""
    ok, lines = True, []
    for a in all_assignments():
        for check in (check_reference, check_solution, check_stub):
            try:
                good, out = check(a)
            except Exception as e:  # report, do not crash the CI step
                good, out = False, [f"FAIL {a.id}: {check.__name__} raised {type(e).__name__}: {e}"]
            ok &= good
            lines += out
    return ok, lines


if __name__ == "__main__":
    import sys

    good, out = verify()
    print("\n".join(out + ["verify: OK" if good else "verify: FAILED"]))
    sys.exit(0 if good else 1)
