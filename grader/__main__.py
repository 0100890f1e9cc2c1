"""`python -m grader` is the same as the `dlgrade` command."""

from grader.cli import main

raise SystemExit(main())
