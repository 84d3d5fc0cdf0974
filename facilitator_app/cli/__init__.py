"""The command line (CONTRACT §1): parses arguments, calls the Qt-free core, prints one line.

Every sub-command works without a display. A problem a person can fix is printed as one
sentence on standard error with exit code 1 (2 for a wrong command line); a traceback is a
bug, so even an unexpected error is reported in one line.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["SUBCOMMANDS", "first_positional"]

# what `facilitator-app` hands to the command line rather than opening the window; the
# parser and the sub-commands are in `cli.main`, which loads only for a command
SUBCOMMANDS = (
    "demo",
    "check",
    "sessions",
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


def first_positional(argv: Sequence[str]) -> str | None:
    """The first argument that is neither an option nor the value of `--lang`: the
    sub-command, or the file the window opens. Read by hand, as `app._parse` reads the
    window's: the entry point asks before the parser is loaded."""
    rest = iter(argv)
    for arg in rest:
        if arg == "--lang":
            next(rest, None)
        elif not arg.startswith("-"):
            return arg
    return None
