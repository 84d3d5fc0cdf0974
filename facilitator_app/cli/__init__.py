"""The command line (CONTRACT §1): parses arguments, calls the Qt-free core, prints one line.

Every sub-command works without a display. A problem a person can fix is printed as one
sentence on standard error with exit code 1 (2 for a wrong command line); a traceback is a
bug, so even an unexpected error is reported in one line.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["SUBCOMMANDS", "run"]

SUBCOMMANDS = (
    "demo",
    "check",
    "export-json",
    "import-json",
    "merge",
    "plan-rotation",
    "export-plans",
    "search",
    "export-mindmap",
    "export-carnet",
    "export-synthesis",
    "import-csv",
)


def run(argv: Sequence[str]) -> int:
    """Run one sub-command; returns the exit code. The parser and the sub-commands load
    only now: opening the window asks this package for SUBCOMMANDS alone."""
    from facilitator_app.cli.main import run as run_command

    return run_command(argv)
