"""`search`: every note found by its words, accents, case and ligatures ignored."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator, Sequence
from typing import Any

from facilitator_app.cli.common import EXIT_OK, print_lines
from facilitator_app.core.model import Note, Session
from facilitator_app.core.text import excerpt, words
from facilitator_app.i18n import tr

__all__ = ["add_commands"]


def _search(args: argparse.Namespace) -> int:
    # loaded per command: the CLI starts fast
    from facilitator_app.store import open_event

    with open_event(args.event, readonly=True) as store:
        notes = store.search(args.query)
        sessions = {session.id: session for session in store.all_sessions()}
    if args.json:
        hits = [
            {
                "id": note.id,
                "session_id": note.session_id,
                "session": sessions[note.session_id].title,
                "text": note.text,
                "kind": note.kind,
                "author": note.author,
            }
            for note in notes
        ]
        print_lines([json.dumps(hits, ensure_ascii=False, indent=2)])
        return EXIT_OK
    if not notes:
        print(tr("No note matches “{query}”.", query=args.query))
        return EXIT_OK
    print_lines(_hit_lines(notes, sessions, words(args.query)))
    return EXIT_OK


def _hit_lines(
    notes: Sequence[Note], sessions: dict[str, Session], found: Sequence[str]
) -> Iterator[str]:
    """A line per session (title, day and time), then one indented line per note found,
    showing where the words `found` are."""
    current = None
    for note in notes:
        if note.session_id != current:
            current = note.session_id
            session = sessions[current]
            when = " ".join(filter(None, (session.day, session.start)))
            yield f"{session.title} ({when})" if when else session.title
        author = f"  [{note.author}]" if note.author.strip() else ""
        yield f"  {excerpt(note.text, found, width=100)}{author}"


def add_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """Register this module's sub-commands on the `commands` sub-parsers."""
    search = commands.add_parser(
        "search",
        parents=[common],
        help=tr("find notes by words, accents and case ignored"),
    )
    search.add_argument("event", metavar="EVENT", help=tr("the event file (.recolte)"))
    search.add_argument(
        "query", metavar="QUERY", help=tr("the words to find (accents and case ignored)")
    )
    search.add_argument(
        "--json", action="store_true", help=tr("print the notes found as a JSON list")
    )
    search.set_defaults(handler=_search)
