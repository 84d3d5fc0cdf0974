"""Sub-commands on whole event files: `demo`, `check`, `export-json` (`--anonymise` for a
copy to share), `import-json`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from facilitator_app.cli.common import EXIT_FAILED, EXIT_OK
from facilitator_app.i18n import tr

__all__ = ["add_commands"]


def _demo(args: argparse.Namespace) -> int:
    # loaded per command: the CLI starts fast
    from facilitator_app.core.demo import build_demo
    from facilitator_app.store import remove_event_file, write_new_event

    path = Path(args.path)
    if args.force:
        remove_event_file(path)
    records = build_demo(scale=args.scale)
    write_new_event(path, records)
    notes = len([n for n in records["notes"] if not n.deleted])
    print(
        tr(
            "Demo event written to {path}: {sessions} sessions, {participants} participants, "
            "{notes} notes.",
            path=path,
            sessions=len(records["sessions"]),
            participants=len(records["participants"]),
            notes=notes,
        )
    )
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    # loaded per command: the CLI starts fast
    from facilitator_app.store import open_event

    with open_event(args.event, readonly=True) as store:
        problems = store.check()
        counts = store.counts()
    summary = " ".join(f"{name}={count}" for name, count in counts.items())
    if problems:
        for problem in problems[:20]:
            print(problem, file=sys.stderr)
        print(
            tr(
                "{path}: {n} problem(s) found. {summary}",
                path=args.event,
                n=len(problems),
                summary=summary,
            )
        )
        return EXIT_FAILED
    print(summary + " status=ok")
    return EXIT_OK


def _export_json(args: argparse.Namespace) -> int:
    # loaded per command: the CLI starts fast
    from facilitator_app.formats.interchange import export_json
    from facilitator_app.store import open_event

    with open_event(args.event, readonly=True) as store:
        out = export_json(store, args.out, anonymise=args.anonymise)
    if args.anonymise:
        print(tr("Anonymised export written to {path}.", path=out))
    else:
        print(tr("Exported to {path}.", path=out))
    return EXIT_OK


def _import_json(args: argparse.Namespace) -> int:
    # loaded per command: the CLI starts fast
    from facilitator_app.formats.interchange import import_json

    path = import_json(args.source, args.event)
    print(tr("Event created: {path}.", path=path))
    return EXIT_OK


def add_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """Register this module's sub-commands on the `commands` sub-parsers."""
    demo = commands.add_parser(
        "demo", parents=[common], help=tr("write the demo event built from the seeds")
    )
    demo.add_argument("path", metavar="EVENT", help=tr("the event file to write (.recolte)"))
    demo.add_argument(
        "--scale",
        type=int,
        default=1,
        choices=range(1, 1001),
        metavar="N",
        help=tr("make the event about N times larger (for benchmarks)"),
    )
    demo.add_argument("--force", action="store_true", help=tr("replace an existing file"))
    demo.set_defaults(handler=_demo)

    check = commands.add_parser(
        "check", parents=[common], help=tr("check an event file's integrity")
    )
    check.add_argument("event", metavar="EVENT", help=tr("the event file (.recolte)"))
    check.set_defaults(handler=_check)

    export = commands.add_parser(
        "export-json", parents=[common], help=tr("export the whole event as JSON")
    )
    export.add_argument("event", metavar="EVENT", help=tr("the event file (.recolte)"))
    export.add_argument("out", metavar="OUT.json", help=tr("the JSON file to write"))
    export.add_argument(
        "--anonymise",
        action="store_true",
        help=tr("pseudonyms instead of names, no e-mails or phone numbers (to share)"),
    )
    export.set_defaults(handler=_export_json)

    import_ = commands.add_parser(
        "import-json", parents=[common], help=tr("create an event file from JSON")
    )
    import_.add_argument("source", metavar="IN.json", help=tr("a JSON export of an event"))
    import_.add_argument(
        "event", metavar="EVENT", help=tr("the event file to create (.recolte); never replaced")
    )
    import_.set_defaults(handler=_import_json)
