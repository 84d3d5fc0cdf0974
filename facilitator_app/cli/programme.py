"""`sessions EVENT [--json]`: the programme, so that a person finds the SESSION_ID that
`plan-rotation`, `export-mindmap`… ask for.

One line per session in programme order (day, position, start): its short id (the shortest
prefix of at least 8 characters that no other session's id starts with, as git shortens
commit ids, and which every SESSION_ID argument accepts), day, start, kind and title.
`--json` prints the full ids and the fields of the JSON interchange (CONTRACT §2).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator, Sequence
from typing import Any

from facilitator_app.cli.common import EXIT_OK, print_lines, short_ids
from facilitator_app.core.model import Session
from facilitator_app.core.vocabulary import session_kind_label
from facilitator_app.i18n import tr

__all__ = ["add_commands"]


def _sessions(args: argparse.Namespace) -> int:
    # loaded per command: the CLI starts fast
    from facilitator_app.store import open_event

    with open_event(args.event, readonly=True) as store:
        sessions = store.all_sessions()
    shown = short_ids(s.id for s in sessions)
    if args.json:
        rows = [
            {
                "id": s.id,
                "short_id": shown[s.id],
                "day": s.day,
                "start": s.start,
                "end": s.end,
                "kind": str(s.kind),
                "title": s.title,
                "room": s.room,
                "question": s.question,
                "position": s.position,
            }
            for s in sessions
        ]
        print_lines([json.dumps(rows, ensure_ascii=False, indent=2)])
    elif not sessions:
        print(tr("{path} has no session yet.", path=args.event))
    else:
        print_lines(_lines(sessions, shown))
    return EXIT_OK


def _lines(sessions: Sequence[Session], shown: dict[str, str]) -> Iterator[str]:
    """Columns padded to their widest cell, so that the titles line up."""
    rows = [
        (shown[s.id], s.day or "-", s.start or "-", session_kind_label(s.kind), s.title)
        for s in sessions
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        yield "  ".join([*cells, row[4]]).rstrip()


def add_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """Register this module's sub-commands on the `commands` sub-parsers."""
    sessions = commands.add_parser(
        "sessions",
        parents=[common],
        help=tr("list the sessions with their ids, in programme order"),
    )
    sessions.add_argument("event", metavar="EVENT", help=tr("the event file (.recolte)"))
    sessions.add_argument(
        "--json",
        action="store_true",
        help=tr("print the sessions as a JSON list, with their full ids"),
    )
    sessions.set_defaults(handler=_sessions)
