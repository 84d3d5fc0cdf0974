"""`merge TARGET SOURCE... [--report FILE]`: note-taker copies merged into an event (CONTRACT §1).

Every copy is read, checked and merged in memory against the event opened read-only
first, and the event is opened for writing only when the merge changes something: a copy
that is refused (damaged, of another event, of a newer format, not a Récolte file, a JSON
export that does not validate, stamped too far ahead) or a merge that brings nothing new
leaves the event's bytes as they were. The event is locked while it is merged, as the
window locks it (`store.lock.EventLock`).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from facilitator_app.cli.common import EXIT_OK, add_force_argument, lock_event
from facilitator_app.core.errors import RecolteError
from facilitator_app.i18n import tr

__all__ = ["add_commands"]


def _merge(args: argparse.Namespace) -> int:
    # loaded per command: the CLI starts fast
    from facilitator_app.formats.copies import read_copies
    from facilitator_app.formats.merge_report import conflict_report, write_conflict_report
    from facilitator_app.store import open_event
    from facilitator_app.store.merging import merge_into, preview_merge

    target = Path(args.target)
    report_path = Path(args.report) if args.report else None
    if report_path is not None and not report_path.resolve().parent.is_dir():  # before merging
        raise RecolteError(tr("The folder of {path} does not exist.", path=report_path))
    lock = lock_event(target, force=args.force)  # the window may have the event open
    try:
        with open_event(target, readonly=True) as reading:  # a bad target: refused unwritten
            copies = read_copies(args.sources, event_id=reading.event().id)
        try:
            with open_event(target, readonly=True) as reading:
                report = preview_merge(reading, copies)
            with open_event(target, readonly=not report.changes_file) as store:
                if report.changes_file:
                    report = merge_into(store, copies)
                text = None
                if report_path is not None:
                    new = {c.id for c in report.conflicts}
                    text = conflict_report(
                        event_title=store.event().title,
                        report=report,
                        earlier=[c for c in store.conflicts() if c.id not in new],
                        lookup=store.get,
                    )
        finally:
            for copy in copies:
                copy.close()
    finally:
        lock.release()
    if report_path is not None and text is not None:
        write_conflict_report(report_path, text)
    print(report.summary())
    return EXIT_OK


def add_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """Register this module's sub-commands on the `commands` sub-parsers."""
    merge = commands.add_parser(
        "merge",
        parents=[common],
        help=tr("merge note-taker copies (.recolte or .json) of the event into it"),
    )
    merge.add_argument(
        "target", metavar="TARGET", help=tr("the event file to merge into (.recolte)")
    )
    merge.add_argument(
        "sources",
        metavar="SOURCE",
        nargs="+",
        help=tr("the copies to merge (.recolte, or .json exports of the event)"),
    )
    merge.add_argument(
        "--report", metavar="FILE", help=tr("write the conflicts for a person to FILE")
    )
    add_force_argument(merge)
    merge.set_defaults(handler=_merge)
