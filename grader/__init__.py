"""dlgrade's grading engine: runs hidden tests on student submissions in a sandbox."""

__version__ = "0.1.0"
