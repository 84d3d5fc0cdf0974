"""Entry point of `facilitator-app` and `python -m facilitator_app`.

A known sub-command (`demo`, `check`, …) runs the Qt-free CLI; a file opens the window. A
first argument that is neither (not a sub-command, no file of that name, not ending with
`.recolte`) is a mistyped command: the CLI says so and suggests the nearest one, where it
used to start the window on a file that does not exist. A `.recolte` path that does not
exist still goes to the window, which says in its own words that the file is not there
(a recent event moved away, a file manager's stale entry).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence

_STARTED = time.perf_counter()


def _mistyped_command(args: Sequence[str]) -> bool:
    from facilitator_app.cli import first_positional

    first = first_positional(args)
    return (
        first is not None and not first.lower().endswith(".recolte") and not os.path.exists(first)
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    from facilitator_app.cli import SUBCOMMANDS

    wants_cli = (
        any(a in SUBCOMMANDS for a in args if not a.startswith("-"))
        or any(a in ("--version", "-h", "--help") for a in args)
        and not any(a == "--startup-check" for a in args)
        or _mistyped_command(args)
    )
    if wants_cli:
        from facilitator_app.cli.main import run  # the parser: only for a command

        return run(args)
    # Qt calls abort() when a system library of its X11 plugin is missing: look for them
    # first (about 2 ms), and say which packages to install in one sentence
    from facilitator_app.gui.platform_check import import_problem, xcb_problem

    problem = xcb_problem(args)
    if problem is None:
        try:
            from facilitator_app.app import run_gui
        except ImportError as error:  # a library under Qt itself is missing
            if (problem := import_problem(error, args)) is None:
                raise
    if problem is not None:
        print(problem, file=sys.stderr)
        return 1
    return run_gui(args, started=_STARTED)


if __name__ == "__main__":
    sys.exit(main())
