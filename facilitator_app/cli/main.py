"""The command line's parser and runner (see the package's docstring).

Every sub-command works without a display. A problem a person can fix is printed as one
sentence on standard error with exit code 1 (2 for a wrong command line); a traceback is a
bug, so even an unexpected error is reported in one line.

Ctrl+C (SIGINT) and SIGTERM (a `kill`, a service manager, the end of a session) stop a
command the same way, by an exception raised where it stands: the transaction under way is
rolled back, half-written files are removed and the event's lock is released by the
`finally` blocks on the way out (exit code 130, or 143 for SIGTERM).

A reader that stops early (`search … | head -1`, `sessions … | grep -m1 …`) closes the pipe
the command writes to: that is no error. `run` finds it once for every command, when it
flushes standard output, points standard output at the null device as the Python docs
advise (so that the interpreter's last flush finds nothing to write) and exits 0 without a
word: the reader had what it wanted, and a `set -o pipefail` script goes on.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import NoReturn

from facilitator_app import __version__
from facilitator_app.cli import (
    SUBCOMMANDS,
    documents,
    event_files,
    first_positional,
    merging,
    notes,
    people,
    programme,
    rotation,
)
from facilitator_app.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError
from facilitator_app.cli.usage import argparse_in_our_language, unknown_command
from facilitator_app.core.errors import RecolteError
from facilitator_app.i18n import set_language, tr

__all__ = ["run"]


class _Parser(argparse.ArgumentParser):
    """An argparse parser whose errors are one line, without the usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, tr("{prog}: {message}", prog=self.prog, message=message) + "\n")


def _build_parser() -> _Parser:
    parser = _Parser(
        prog="facilitator-app",
        usage=tr("{window}  (opens the window)", window="%(prog)s [EVENT.recolte]")
        + "\n       %(prog)s [--lang {fr,en}] COMMAND ...",
        description=tr("Récolte: plan, run and harvest participatory events offline.")
        + " "
        + tr(
            "Without a command, facilitator-app [EVENT.recolte] opens the window on that "
            "event (the demo event on first run)."
        ),
        epilog=tr("facilitator-app COMMAND --help tells more about a command."),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"facilitator-app {__version__}",
        help=tr("print the version and exit"),
    )
    parser.add_argument("--lang", choices=("fr", "en"), help=tr("language of the messages"))
    # --lang is also accepted after the sub-command (`check EVENT --lang fr`)
    common = _Parser(add_help=False)
    common.add_argument(
        "--lang",
        choices=("fr", "en"),
        default=argparse.SUPPRESS,
        help=tr("language of the messages"),
    )
    commands = parser.add_subparsers(
        title=tr("commands"),
        metavar="COMMAND",
        dest="command",
        required=True,
        parser_class=_Parser,
        prog="facilitator-app",  # not the two-line usage above, before each command's name
    )

    for module in (event_files, programme, merging, rotation, documents, notes, people):
        module.add_commands(commands, common)
    return parser


def _a_file(name: str) -> bool:
    """What the window would open (`facilitator-app FILE --help`): argparse refuses it as a
    command in its own words, not as a mistyped one."""
    return name.lower().endswith(".recolte") or os.path.exists(name)


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
    """Run one sub-command; returns the exit code (module docstring: a closed pipe is 0)."""
    try:
        try:
            return _run(argv)
        finally:
            sys.stdout.flush()  # a reader gone is found here, not in the interpreter's exit
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _run(argv: Sequence[str]) -> int:
    set_language(_language_from(argv))
    command = first_positional(argv)
    if command is not None and command not in SUBCOMMANDS and not _a_file(command):
        print(unknown_command(command, SUBCOMMANDS), file=sys.stderr)
        return EXIT_USAGE
    with argparse_in_our_language():
        args = _build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        with _terminate_as_interrupt():
            return handler(args)
    except UsageError as error:
        print(f"facilitator-app: {error}", file=sys.stderr)
        return EXIT_USAGE
    except RecolteError as error:
        print(f"facilitator-app: {error}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt as stop:
        print(tr("facilitator-app: interrupted."), file=sys.stderr)
        return 143 if isinstance(stop, _Terminated) else 130
    except BrokenPipeError:
        raise  # the reader stopped early: `run` ends quietly
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
