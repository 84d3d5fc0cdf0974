"""The command line (CONTRACT §1): parses arguments, calls the Qt-free core, prints one line.

Every sub-command works without a display. A problem a person can fix is printed as one
sentence on standard error with exit code 1 (2 for a wrong command line); a traceback is a
bug, so even an unexpected error is reported in one line.
"""

from __future__ import annotations

__all__ = ["SUBCOMMANDS"]

# what `facilitator-app` hands to the command line rather than opening the window; the
# parser and the sub-commands are in `cli.main`, which loads only for a command
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
