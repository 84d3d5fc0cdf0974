"""`import-csv`: participants or organisations from a spreadsheet into an event (CONTRACT §1).

The file (CSV as French spreadsheets save it, or an .xlsx workbook) is read and checked in
full before the event is opened for writing: any invalid row means nothing is imported, the
command exits non-zero and names each bad row by its line number, and the event file is left
untouched. A valid import is one transaction, with the event locked as the window locks it
(the plan checked over the read-only file is the one applied: the lock keeps the window and
other commands from changing the people meanwhile). Stopped by Ctrl+C or SIGTERM, the
transaction is rolled back and the lock released; killed, the file is as it was before.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from facilitator_app.cli.common import EXIT_OK, add_force_argument, lock_event
from facilitator_app.core.errors import InvalidImport, RecolteError
from facilitator_app.core.limits import shorten
from facilitator_app.i18n import tr

__all__ = ["add_commands"]


def _column(text: str) -> tuple[str, str]:
    """`"Adresse pro=email"` → ("Adresse pro", "email"), for --column."""
    header, sep, field = text.rpartition("=")
    if not sep or not header.strip() or not field.strip():
        raise argparse.ArgumentTypeError(
            tr("“{text}” is not HEADER=FIELD, such as “Contact=email”", text=text)
        )
    return header.strip(), field.strip()


def _mapping(args: argparse.Namespace, table: Any) -> tuple[str | None, ...]:
    """The guessed mapping, with the columns named by --column set as asked."""
    # loaded per command: the CLI starts fast
    from facilitator_app.formats.people_import import fields_for, guess_mapping, header_key

    mapping = list(guess_mapping(args.kind, table.header))
    known = {f.key for f in fields_for(args.kind)}
    for header, field in args.column:
        if field not in known and field != "none":
            raise RecolteError(
                tr(
                    "“{field}” is not a field of {kind}: use one of {fields}, or none.",
                    field=field,
                    kind=args.kind,
                    fields=", ".join(sorted(known)),
                )
            )
        keys = [header_key(h) for h in table.header]
        if header_key(header) not in keys:
            raise RecolteError(
                tr("{file} has no column “{header}”.", file=table.name, header=shorten(header, 60))
            )
        chosen = None if field == "none" else field
        mapping = [None if chosen and key == chosen else key for key in mapping]
        mapping[keys.index(header_key(header))] = chosen
    return tuple(mapping)


def _import_csv(args: argparse.Namespace) -> int:
    # loaded per command: the CLI starts fast
    from facilitator_app.core.model import Organisation, Participant
    from facilitator_app.formats.people_import import ADD, SAME, UPDATE, plan_import
    from facilitator_app.formats.spreadsheet import read_table
    from facilitator_app.store import open_event

    source = Path(args.file)
    if not source.is_file():
        raise RecolteError(tr("{path} does not exist.", path=source))
    if not Path(args.event).is_file():
        raise RecolteError(tr("{path} does not exist.", path=args.event))
    table = read_table(source)
    mapping = _mapping(args, table)

    # the window may have the event open: the lock says who
    lock = None if args.dry_run else lock_event(args.event, force=args.force)
    try:
        with open_event(args.event, readonly=True) as store:
            result = plan_import(
                table,
                args.kind,
                organisations=store.all(Organisation),
                participants=store.all(Participant),
                mapping=mapping,
            )
        if not result.ok:
            raise InvalidImport(result.refusal(), problems=result.messages())
        if not args.dry_run and (result.count(ADD) or result.count(UPDATE)):
            with open_event(args.event) as store:
                result.command().apply(store)  # one transaction: all rows or none
    finally:
        if lock is not None:
            lock.release()
    counts = (
        f"added={result.count(ADD)} updated={result.count(UPDATE)} "
        f"unchanged={result.count(SAME)} new_organisations={len(result.new_organisations)}"
    )
    if args.dry_run:
        message = tr("{file} can be imported, nothing written yet:", file=source.name)
    elif args.kind == "participants":
        message = tr("Participants imported from {file}:", file=source.name)
    else:
        message = tr("Organisations imported from {file}:", file=source.name)
    print(f"{message} {counts}")
    return EXIT_OK


def add_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """Register this module's sub-commands on the `commands` sub-parsers."""
    parser = commands.add_parser(
        "import-csv",
        parents=[common],
        help=tr("import participants or organisations from a spreadsheet (CSV or .xlsx)"),
    )
    parser.add_argument("event", metavar="EVENT", help=tr("the event file (.recolte)"))
    parser.add_argument("file", metavar="FILE", help=tr("the spreadsheet to read (.csv or .xlsx)"))
    parser.add_argument(
        "--kind",
        choices=("participants", "organisations"),
        default="participants",
        help=tr("what the rows are (default: participants)"),
    )
    parser.add_argument(
        "--column",
        type=_column,
        action="append",
        default=[],
        metavar="HEADER=FIELD",
        help=tr("read the column HEADER as FIELD (name, email…; none to leave it out)"),
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help=tr("check the file and print the counts without importing"),
    )
    add_force_argument(parser)
    parser.set_defaults(handler=_import_csv)
