"""Sub-commands that write documents: `export-plans`, `export-carnet`, `export-synthesis`
(PDF) and `export-mindmap`.

A PDF's own words (headings, labels) are in the language `--lang` names, else in the
event's language (`Event.language`), whatever the messages speak: a French event prints in
French on an English system unless `--lang en` is asked for (`common.document_language`).
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import Any

from facilitator_app.cli.common import (
    EXIT_OK,
    add_document_language,
    add_session_argument,
    document_language,
    session_from_prefix,
)
from facilitator_app.core.errors import RecolteError
from facilitator_app.i18n import tr

__all__ = ["add_commands"]


def _export_plans(args: argparse.Namespace) -> int:
    # loaded per command: reportlab only for a PDF
    from facilitator_app.core.cafe import NotACafe, load_cafe
    from facilitator_app.formats.writing import write_atomically
    from facilitator_app.printing.plans import PlanLabels, build_plans
    from facilitator_app.store import open_event

    with open_event(args.event, readonly=True) as store:
        event = store.event()
        title = event.title
        cafes = []
        for session in store.all_sessions():
            if session.kind.spec.tables:
                try:
                    cafes.append(load_cafe(store, session.id))
                except NotACafe:
                    continue
    if not any(cafe.seats for cafe in cafes):
        raise RecolteError(tr("No world café has a seating plan yet: run plan-rotation first."))
    labels = PlanLabels.translated(document_language(args, event.language))
    out = write_atomically(
        Path(args.out), lambda path: build_plans(cafes, path, labels=labels, title=title)
    )
    print(tr("Table plans written to {path}.", path=out))
    return EXIT_OK


def _export_mindmap(args: argparse.Namespace) -> int:
    # loaded per command: the CLI starts fast
    from facilitator_app.formats.mindmap import load_idea_tree, mindmap_format, write_mindmap
    from facilitator_app.store import open_event

    mindmap_format(args.out)  # a wrong suffix is said before the event is even opened
    with open_event(args.event, readonly=True) as store:
        session = session_from_prefix(store.all_sessions(), args.session)
        tree = load_idea_tree(store, session.id)
    out = write_mindmap(tree, Path(args.out))
    print(
        tr(
            "Idea tree “{title}” written to {path}: {n} notes.",
            title=tree.session.title,
            path=out,
            n=sum(1 for _ in tree.walk()),
        )
    )
    return EXIT_OK


def _export_document(args: argparse.Namespace, request: Any) -> int:
    """Write the synthesis or the carnet as the window does (`export.documents`), in the
    language of `document_language`."""
    # loaded per command: reportlab only for a PDF
    from facilitator_app.core.snapshot import EventSnapshot
    from facilitator_app.printing.documents import export_document
    from facilitator_app.store import open_event

    if not request.out.parent.is_dir():  # said before the work, without a temporary name
        raise RecolteError(tr("The folder {path} does not exist.", path=request.out.parent))
    with open_event(args.event, readonly=True) as store:
        snapshot = EventSnapshot.from_records(store.snapshot())
        language = document_language(args, store.event().language)
    return export_document(replace(request, language=language), snapshot)


def _export_carnet(args: argparse.Namespace) -> int:
    # loaded per command: reportlab only for a PDF
    from facilitator_app.printing.documents import ExportRequest

    out = Path(args.out)
    request = ExportRequest("carnet", out, booklet=args.booklet)
    count = _export_document(args, request)
    if args.booklet:
        message = tr(
            "Event booklet written to {path}: {pages} A5 pages on {sheets} sheets to print on "
            "both sides (flip on the short edge), fold in the middle.",
            path=out,
            pages=2 * count,
            sheets=count // 2,
        )
    else:
        message = tr("Event booklet written to {path}: {n} pages.", path=out, n=count)
    print(message)
    return EXIT_OK


def _export_synthesis(args: argparse.Namespace) -> int:
    # loaded per command: reportlab only for a PDF
    from facilitator_app.printing.documents import ExportRequest

    out = Path(args.out)
    count = _export_document(args, ExportRequest("synthesis", out, anonymise=args.anonymise))
    if args.anonymise:
        print(tr("Anonymised synthesis written to {path}: {n} pages.", path=out, n=count))
    else:
        print(tr("Synthesis written to {path}: {n} pages.", path=out, n=count))
    return EXIT_OK


def _event_and_out(parser: argparse.ArgumentParser, out: str, what: str) -> None:
    parser.add_argument("event", metavar="EVENT", help=tr("the event file (.recolte)"))
    parser.add_argument("out", metavar=out, help=what)


def add_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """Register this module's sub-commands on the `commands` sub-parsers; the PDF ones take
    their own `--lang` (the document's language too), not the common one."""
    plans = commands.add_parser(
        "export-plans",
        help=tr("print table plans, itinerary cards and table tents (PDF)"),
    )
    _event_and_out(plans, "OUT.pdf", tr("the PDF file to write"))
    add_document_language(plans)
    plans.set_defaults(handler=_export_plans)

    mindmap = commands.add_parser(
        "export-mindmap",
        parents=[common],
        help=tr("export an idea tree as a Freeplane/FreeMind map (.mm) or an OPML outline"),
    )
    mindmap.add_argument("event", metavar="EVENT", help=tr("the event file (.recolte)"))
    add_session_argument(mindmap)
    mindmap.add_argument(
        "out",
        metavar="OUT.mm|OUT.opml",
        help=tr("the file to write: .mm for Freeplane or FreeMind, .opml for an outliner"),
    )
    mindmap.set_defaults(handler=_export_mindmap)

    carnet = commands.add_parser(
        "export-carnet",
        help=tr("print the event booklet (PDF, A4 or an A5 booklet)"),
    )
    _event_and_out(carnet, "OUT.pdf", tr("the PDF file to write"))
    carnet.add_argument(
        "--booklet",
        action="store_true",
        help=tr("A5 pages imposed on A4 sheets, to fold and staple into a booklet"),
    )
    add_document_language(carnet)
    carnet.set_defaults(handler=_export_carnet)

    synthesis = commands.add_parser(
        "export-synthesis",
        help=tr("print the synthesis of the event (PDF)"),
    )
    _event_and_out(synthesis, "OUT.pdf", tr("the PDF file to write"))
    synthesis.add_argument(
        "--anonymise",
        action="store_true",
        help=tr("pseudonyms instead of names, no e-mails or phone numbers (to share)"),
    )
    add_document_language(synthesis)
    synthesis.set_defaults(handler=_export_synthesis)
