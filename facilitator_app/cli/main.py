"""The command line's parser and runner (see the package's docstring).

Every sub-command works without a display. A problem a person can fix is printed as one
sentence on standard error with exit code 1 (2 for a wrong command line); a traceback is a
bug, so even an unexpected error is reported in one line.

Ctrl+C (SIGINT) and SIGTERM (a `kill`, a service manager, the end of a session) stop a
command the same way, by an exception raised where it stands: the transaction under way is
rolled back, half-written files are removed and the event's lock is released by the
`finally` blocks on the way out (exit code 130, or 143 for SIGTERM).
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import NoReturn

from facilitator_app import __version__
from facilitator_app.cli import documents, event_files, merging, notes, people, rotation
from facilitator_app.cli.common import EXIT_FAILED, EXIT_USAGE
from facilitator_app.core.errors import RecolteError
from facilitator_app.i18n import set_language, tr

__all__ = ["run"]


class _Parser(argparse.ArgumentParser):
    """An argparse parser whose errors are one line, without the usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: {message}\n")


def _build_parser() -> _Parser:
    parser = _Parser(
        prog="facilitator-app",
        description=tr("Récolte: plan, run and harvest participatory events offline."),
    )
    parser.add_argument("--version", action="version", version=f"facilitator-app {__version__}")
    parser.add_argument("--lang", choices=("fr", "en"), help=tr("language of the messages"))
    # --lang is also accepted after the sub-command (`check EVENT --lang fr`)
    common = _Parser(add_help=False)
    common.add_argument(
        "--lang",
        choices=("fr", "en"),
        default=argparse.SUPPRESS,
        help=tr("language of the messages"),
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    for module in (event_files, merging, rotation, documents, notes, people):
        module.add_commands(commands, common)
    return parser


def _language_from(argv: Sequence[str]) -> str | None:
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl+C's KeyboardInterrupt so that the same clean-up runs."""


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """While a command runs, SIGTERM raises `_Terminated` (Python's default is to die at
    once, leaving the lock and a -wal file behind); the previous handler comes back after."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signals go to the main thread only (a test may run commands elsewhere)
        return

    def terminated(_signum: int, _frame: object) -> None:
        raise _Terminated

    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run(argv: Sequence[str]) -> int:
    """Run one sub-command; returns the exit code."""
    set_language(_language_from(argv))
    args = _build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        with _terminate_as_interrupt():
            return handler(args)
    except RecolteError as error:
        print(f"facilitator-app: {error}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt as stop:
        print(tr("facilitator-app: interrupted."), file=sys.stderr)
        return 143 if isinstance(stop, _Terminated) else 130
    except OSError as error:
        print(
            f"facilitator-app: {error.strerror or error}: {error.filename or ''}".rstrip(": "),
            file=sys.stderr,
        )
        return EXIT_FAILED
    except Exception as error:  # a bug: still one line, never a traceback for the user
        print(
            tr(
                "facilitator-app: unexpected error ({kind}: {detail}); please report it.",
                kind=type(error).__name__,
                detail=error,
            ),
            file=sys.stderr,
        )
        return EXIT_FAILED
