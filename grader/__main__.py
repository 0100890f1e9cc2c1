"""`python -m grader` is the same as the `dlgrade` command."""

from grader.cli import main

# Guarded: the batch's worker processes are spawned, and spawn re-imports the main module.
if __name__ == "__main__":
    raise SystemExit(main())
