"""Entry point of `facilitator-app` and `python -m facilitator_app`.

A known sub-command (`demo`, `check`, …) runs the Qt-free CLI; anything else opens the window.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence

_STARTED = time.perf_counter()


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    from facilitator_app.cli import SUBCOMMANDS

    wants_cli = (
        any(a in SUBCOMMANDS for a in args if not a.startswith("-"))
        or any(a in ("--version", "-h", "--help") for a in args)
        and not any(a == "--startup-check" for a in args)
    )
    if wants_cli:
        from facilitator_app.cli.main import run  # the parser: only for a command

        return run(args)
    from facilitator_app.app import run_gui

    return run_gui(args, started=_STARTED)


if __name__ == "__main__":
    sys.exit(main())
