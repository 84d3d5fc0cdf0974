"""What every sub-command shares: exit codes, printing that survives `| head`, and taking
the lock of an event a command writes (`--force`)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator_app.core.errors import FileLocked
from facilitator_app.i18n import tr

if TYPE_CHECKING:
    from facilitator_app.store.lock import EventLock

__all__ = [
    "EXIT_OK",
    "EXIT_FAILED",
    "EXIT_USAGE",
    "print_lines",
    "lock_event",
    "add_force_argument",
]

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def print_lines(lines: Iterable[str]) -> None:
    """Print `lines`; a reader that stops early (`search … | head`) is not an error."""
    try:
        for line in lines:
            print(line)
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing left to say


def add_force_argument(parser: argparse.ArgumentParser) -> None:
    """`--force` of the commands that write an existing event (CONTRACT §1)."""
    parser.add_argument(
        "--force",
        action="store_true",
        help=tr("write the event even if another program holds its lock (notes can be lost)"),
    )


def lock_event(path: str | Path, *, force: bool) -> EventLock:
    """Take the lock of the event `path` that a command is about to write.

    Without `force`, a lock held by another program is refused in one sentence that says
    whether that program is confirmed running here, and how to go on (close it, or --force).
    With `force`, the lock is taken over and the risk is said in one line on standard error:
    a stronger one when the owner is confirmed alive on this computer.
    """
    # loaded per command: the CLI starts fast
    from facilitator_app.store.lock import EventLock

    path = Path(path)
    lock = EventLock(path)
    try:
        lock.acquire()
    except FileLocked as locked:
        if not force:
            if locked.alive:
                message = tr(
                    "{path} is open elsewhere, in a program still running ({owner}): close "
                    "it first, or add --force to write anyway at the risk of losing notes.",
                    path=path,
                    owner=locked.owner,
                )
            else:
                message = tr(
                    "{path} is open elsewhere ({owner}), in a program that cannot be "
                    "confirmed to be still running (on another computer, or stopped): if it "
                    "is closed, add --force to write anyway.",
                    path=path,
                    owner=locked.owner,
                )
            raise FileLocked(message, owner=locked.owner, alive=locked.alive) from None
        if locked.alive:
            warning = tr(
                "facilitator-app: warning: {owner} still has {path} open; writing it at the "
                "same time can lose notes on either side.",
                owner=locked.owner,
                path=path,
            )
        else:
            warning = tr(
                "facilitator-app: warning: writing {path} despite the lock of {owner}; if that "
                "program still writes it, notes typed there can be lost.",
                owner=locked.owner,
                path=path,
            )
        print(warning, file=sys.stderr, flush=True)
        lock.acquire(force=True)
    return lock
