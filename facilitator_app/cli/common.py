"""What every sub-command shares: exit codes, printing, the session a SESSION_ID argument
names (a unique prefix is enough, as with git), the language of a printed document, and
taking the lock of an event a command writes (`--force`)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator_app.core.errors import FileLocked, RecolteError
from facilitator_app.i18n import LANGUAGES, current_language, tr

if TYPE_CHECKING:
    from facilitator_app.core.model import Session
    from facilitator_app.store.lock import EventLock

__all__ = [
    "EXIT_OK",
    "EXIT_FAILED",
    "EXIT_USAGE",
    "UsageError",
    "print_lines",
    "short_ids",
    "session_from_prefix",
    "add_session_argument",
    "add_document_language",
    "document_language",
    "lock_event",
    "add_force_argument",
]

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

SHORT_ID = 8  # the fewest characters `sessions` shows of an id, as `git log --oneline` does
SHORTEST_PREFIX = 4  # the fewest a SESSION_ID may be given with (git's minimum too)


class UsageError(RecolteError):
    """A wrong command line found after parsing (a SESSION_ID that names no session, or
    several): one sentence, exit code 2 like argparse's own errors."""


def print_lines(lines: Iterable[str]) -> None:
    """Print `lines`. A reader that stops early (`search … | head`) is not an error: the
    entry point (`cli.main.run`) silences the closed pipe for every command."""
    for line in lines:
        print(line)


def short_ids(ids: Iterable[str], *, minimum: int = SHORT_ID) -> dict[str, str]:
    """id → its shortest prefix of at least `minimum` characters that starts no other id
    (case ignored), as git abbreviates commit ids: neighbours in sorted order are the only
    ids a prefix can be shared with."""
    ordered = sorted({i.lower(): i for i in ids}.items())
    lengths = [minimum] * len(ordered)
    for index in range(len(ordered) - 1):
        left, right = ordered[index][0], ordered[index + 1][0]
        common = next(
            (n for n, (a, b) in enumerate(zip(left, right, strict=False)) if a != b), None
        )
        common = min(len(left), len(right)) if common is None else common
        lengths[index] = max(lengths[index], common + 1)
        lengths[index + 1] = max(lengths[index + 1], common + 1)
    return {
        original: original[:length] for (_, original), length in zip(ordered, lengths, strict=True)
    }


def session_from_prefix(sessions: Sequence[Session], given: str) -> Session:
    """The session whose id is `given` or starts with it (case ignored); UsageError with one
    sentence when `given` is too short, starts no id, or starts several (they are listed)."""
    wanted = given.strip().lower()
    exact = [s for s in sessions if s.id.lower() == wanted]
    if exact:
        return exact[0]
    if len(wanted) < SHORTEST_PREFIX:
        raise UsageError(
            tr(
                "“{given}” is too short for a session id: give at least {n} of its "
                "characters (facilitator-app sessions EVENT lists them).",
                given=given,
                n=SHORTEST_PREFIX,
            )
        )
    found = [s for s in sessions if s.id.lower().startswith(wanted)]
    if len(found) == 1:
        return found[0]
    if not found:
        raise UsageError(
            tr(
                "No session id starts with “{given}” (facilitator-app sessions EVENT lists them).",
                given=given,
            )
        )
    shown = short_ids(s.id for s in sessions)
    candidates = [f"{shown[s.id]} ({s.title})" for s in found[:5]]
    if len(found) > 5:
        candidates.append("…")
    raise UsageError(
        tr(
            "“{given}” is the beginning of {n} session ids; give more characters: {candidates}.",
            given=given,
            n=len(found),
            candidates=", ".join(candidates),
        )
    )


def add_session_argument(parser: argparse.ArgumentParser, *, optional: bool = False) -> None:
    """The SESSION_ID argument of the commands that work on one session (resolved by
    `session_from_prefix`)."""
    parser.add_argument(
        "session",
        metavar="SESSION_ID",
        nargs="?" if optional else None,
        help=tr("the session's id, or its first characters (facilitator-app sessions lists them)"),
    )


def add_document_language(parser: argparse.ArgumentParser) -> None:
    """`--lang` of the commands that print a document: the language of its own words
    (headings, labels) as well as of the messages."""
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=argparse.SUPPRESS,
        help=tr(
            "language of the document and of the messages (the document's default: the "
            "event's language)"
        ),
    )


def document_language(args: argparse.Namespace, event_language: str) -> str:
    """The language a document is printed in: `--lang` if given, else the event's language,
    else (an event of a language Récolte does not speak) the person's."""
    chosen = getattr(args, "lang", None)
    for language in (chosen, event_language):
        if language in LANGUAGES:
            return str(language)
    return current_language()


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
