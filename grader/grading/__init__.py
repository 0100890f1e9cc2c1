"""Grading: a submission in, a `SubmissionResult` out.

    loader.py   a submission file -> source text and notes (never run here)
    spec.py     `Assignment` (metadata + hidden tests), `HiddenTest`, `Ctx`, the failures
    checks.py   the API for writing hidden tests (what a course's hidden.py imports)
    compare.py  validation of returned values, closeness, the first differing element
    oracles.py  expected values: the reference module, torch on CPU and CUDA
    runner.py   `grade()`: load, start a sandbox, run every hidden test
    scoring.py  points
"""
