"""Diagnostics go through `logging` (loggers named "dlgrade.*"); what a command prints as its
output stays a print(). The CLI sets the level once (-q ERROR, default WARNING, -v INFO,
-vv DEBUG) and exports it in $DLGRADE_LOG_LEVEL, so the batch's spawned pool workers log at
the same level.
"""

from __future__ import annotations

import logging
import os
import sys

LOG_ENV = "DLGRADE_LOG_LEVEL"
FORMAT = "%(name)s: %(levelname)s: %(message)s"  # e.g. "dlgrade.batch: ERROR: ..."


def level_for(verbose: int, quiet: int) -> int:
    """-q: ERROR; nothing: WARNING; -v: INFO; -vv (or more): DEBUG."""
    if quiet:
        return logging.ERROR
    return {0: logging.WARNING, 1: logging.INFO}.get(verbose, logging.DEBUG)


def configure(level: int | None = None) -> None:
    """Configure the root logger once per process: `level`, else $DLGRADE_LOG_LEVEL, else
    WARNING. The level is exported for child processes."""
    if level is None:
        named = logging.getLevelName(os.environ.get(LOG_ENV, "WARNING").upper())
        level = named if isinstance(named, int) else logging.WARNING
    os.environ[LOG_ENV] = logging.getLevelName(level)
    handler = _Stderr()
    handler.setFormatter(logging.Formatter(FORMAT))
    logging.basicConfig(level=level, handlers=[handler], force=True)


class _Stderr(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time (as logging's own last-resort handler
    does), so a replaced stderr (a test's capture, a redirect) is honoured."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self):  # type: ignore[override]
        return sys.stderr

    @stream.setter
    def stream(self, value: object) -> None:
        pass
