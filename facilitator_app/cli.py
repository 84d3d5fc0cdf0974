"""The command line (CONTRACT §1): parses arguments, calls the Qt-free core, prints one line.

Every sub-command works without a display. A problem a person can fix is printed as one
sentence on standard error with exit code 1 (2 for a wrong command line); a traceback is a
bug, so even an unexpected error is reported in one line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from facilitator_app import __version__
from facilitator_app.core.errors import RecolteError
from facilitator_app.core.model import Note, Seat, Session
from facilitator_app.i18n import set_language, tr

__all__ = ["SUBCOMMANDS", "run"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """An argparse parser whose errors are one line, without the usage block."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: {message}\n")


def _demo(args: argparse.Namespace) -> int:
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
    from facilitator_app.export.interchange import export_json
    from facilitator_app.store import open_event

    with open_event(args.event, readonly=True) as store:
        out = export_json(store, args.out)
    print(tr("Exported to {path}.", path=out))
    return EXIT_OK


def _import_json(args: argparse.Namespace) -> int:
    from facilitator_app.export.interchange import import_json

    path = import_json(args.source, args.event)
    print(tr("Event created: {path}.", path=path))
    return EXIT_OK


def _pairs(text: str) -> tuple[tuple[int, int], ...]:
    """`0-1,4-7` → ((0, 1), (4, 7)), for --apart."""
    pairs = []
    for item in filter(None, (part.strip() for part in text.split(","))):
        left, sep, right = item.partition("-")
        if not sep or not left.isdigit() or not right.isdigit():
            raise argparse.ArgumentTypeError(
                tr("“{item}” is not a pair of participant numbers such as 0-1", item=item)
            )
        pairs.append((int(left), int(right)))
    return tuple(pairs)


def _plan_rotation(args: argparse.Namespace) -> int:
    from facilitator_app.core.rotation import RotationProblem, plan_rotation

    if args.event is None:  # the calculator (CONTRACT §3)
        if None in (args.participants, args.tables, args.rounds):
            raise RecolteError(
                tr(
                    "Give EVENT SESSION_ID, or --participants, --tables and "
                    "--rounds for the calculator."
                )
            )
        try:
            problem = RotationProblem(
                participants=args.participants,
                tables=args.tables,
                rounds=args.rounds,
                hosts={t: t for t in range(args.tables)} if args.hosts else {},
                any_table=args.any_table,
                apart=args.apart,
            )
        except ValueError as error:
            raise RecolteError(str(error)) from None
        result = plan_rotation(problem, seed=args.seed, time_limit=args.time_limit)
        if args.json:
            print(
                json.dumps(
                    {
                        "participants": args.participants,
                        "tables": args.tables,
                        "rounds": args.rounds,
                        "hosts": args.hosts,
                        "any_table": args.any_table,
                        "plan": [list(row) for row in result.plan],
                        "table_repeats": result.metrics.table_repeats,
                        "repeated_pairs": result.metrics.repeated_pairs,
                        "apart_violations": result.metrics.apart_violations,
                        "seconds": round(result.seconds, 3),
                    }
                )
            )
        else:
            _print_metrics(result)
        return EXIT_OK
    if args.session is None:
        raise RecolteError(tr("Give the session's id after the event file."))
    return _plan_event(args, plan_rotation)


def _plan_event(args: argparse.Namespace, plan_rotation: Callable[..., Any]) -> int:
    from facilitator_app.core.cafe import load_cafe
    from facilitator_app.store import open_event
    from facilitator_app.store.lock import EventLock

    lock = EventLock(Path(args.event))
    lock.acquire()  # the window may have the event open: FileLocked says who
    try:
        with open_event(args.event) as store:
            cafe = load_cafe(store, args.session)
            try:
                problem = cafe.problem()
            except ValueError as error:
                raise RecolteError(str(error)) from None
            result = plan_rotation(problem, seed=args.seed, time_limit=args.time_limit)
            cafe.seating_command(result).apply(store)
            seats = len(store.all(Seat, session_id=cafe.session.id))
    finally:
        lock.release()
    print(
        tr("{seats} seats planned for “{title}”:", seats=seats, title=cafe.session.title), end=" "
    )
    _print_metrics(result)
    return EXIT_OK


def _print_metrics(result: Any) -> None:
    metrics = result.metrics
    print(
        f"table_repeats={metrics.table_repeats} repeated_pairs={metrics.repeated_pairs} "
        f"apart_violations={metrics.apart_violations} seconds={result.seconds:.2f}"
    )


def _export_plans(args: argparse.Namespace) -> int:
    from facilitator_app.core.cafe import NotACafe, load_cafe
    from facilitator_app.export.plans import PlanLabels, build_plans
    from facilitator_app.export.writing import write_atomically
    from facilitator_app.store import open_event

    with open_event(args.event, readonly=True) as store:
        title = store.event().title
        cafes = []
        for session in store.sessions():
            if session.kind == "world_cafe":
                try:
                    cafes.append(load_cafe(store, session.id))
                except NotACafe:
                    continue
    if not any(cafe.seats for cafe in cafes):
        raise RecolteError(tr("No world café has a seating plan yet: run plan-rotation first."))
    labels = PlanLabels.translated()
    out = write_atomically(
        Path(args.out), lambda path: build_plans(cafes, path, labels=labels, title=title)
    )
    print(tr("Table plans written to {path}.", path=out))
    return EXIT_OK


def _one_line(text: str, limit: int = 100) -> str:
    """A note's text on one line, cut with an ellipsis past `limit` characters."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _print_lines(lines: Iterable[str]) -> None:
    """Print `lines`; a reader that stops early (`search … | head`) is not an error."""
    try:
        for line in lines:
            print(line)
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing left to say


def _search(args: argparse.Namespace) -> int:
    from facilitator_app.store import open_event

    with open_event(args.event, readonly=True) as store:
        notes = store.search(args.query)
        sessions = {session.id: session for session in store.sessions()}
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
        _print_lines([json.dumps(hits, ensure_ascii=False, indent=2)])
        return EXIT_OK
    if not notes:
        print(tr("No note matches “{query}”.", query=args.query))
        return EXIT_OK
    _print_lines(_hit_lines(notes, sessions))
    return EXIT_OK


def _hit_lines(notes: Sequence[Note], sessions: dict[str, Session]) -> Iterator[str]:
    """A line per session (title, day and time), then one indented line per note found."""
    current = None
    for note in notes:
        if note.session_id != current:
            current = note.session_id
            session = sessions[current]
            when = " ".join(filter(None, (session.day, session.start)))
            yield f"{session.title} ({when})" if when else session.title
        author = f"  [{note.author}]" if note.author.strip() else ""
        yield f"  {_one_line(note.text)}{author}"


def _export_mindmap(args: argparse.Namespace) -> int:
    from facilitator_app.export.mindmap import load_idea_tree, mindmap_format, write_mindmap
    from facilitator_app.store import open_event

    mindmap_format(args.out)  # a wrong suffix is said before the event is even opened
    with open_event(args.event, readonly=True) as store:
        tree = load_idea_tree(store, args.session)
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

    demo = commands.add_parser(
        "demo", parents=[common], help=tr("write the demo event built from the seeds")
    )
    demo.add_argument("path")
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
    check.add_argument("event")
    check.set_defaults(handler=_check)

    export = commands.add_parser(
        "export-json", parents=[common], help=tr("export the whole event as JSON")
    )
    export.add_argument("event")
    export.add_argument("out")
    export.set_defaults(handler=_export_json)

    import_ = commands.add_parser(
        "import-json", parents=[common], help=tr("create an event file from JSON")
    )
    import_.add_argument("source")
    import_.add_argument("event")
    import_.set_defaults(handler=_import_json)

    rotation = commands.add_parser(
        "plan-rotation",
        parents=[common],
        help=tr("compute a world café's seating plan (or, with --json, the calculator)"),
    )
    rotation.add_argument("event", nargs="?")
    rotation.add_argument("session", nargs="?")
    rotation.add_argument("--participants", type=int, metavar="P")
    rotation.add_argument("--tables", type=int, metavar="T")
    rotation.add_argument("--rounds", type=int, metavar="R")
    rotation.add_argument(
        "--hosts", action="store_true", help=tr("participant t hosts table t and stays there")
    )
    rotation.add_argument(
        "--any-table",
        action="store_true",
        help=tr("one question for all tables: only meeting new people counts"),
    )
    rotation.add_argument(
        "--apart",
        type=_pairs,
        default=(),
        metavar="A-B,...",
        help=tr("pairs of participants (0-based) to seat apart"),
    )
    rotation.add_argument("--seed", type=int, default=1)
    rotation.add_argument("--time-limit", type=float, default=5.0, metavar="SEC")
    rotation.add_argument("--json", action="store_true", help=tr("print the plan as JSON"))
    rotation.set_defaults(handler=_plan_rotation)

    plans = commands.add_parser(
        "export-plans",
        parents=[common],
        help=tr("print table plans, itinerary cards and table tents (PDF)"),
    )
    plans.add_argument("event")
    plans.add_argument("out")
    plans.set_defaults(handler=_export_plans)

    search = commands.add_parser(
        "search",
        parents=[common],
        help=tr("find notes by words, accents and case ignored"),
    )
    search.add_argument("event")
    search.add_argument("query")
    search.add_argument(
        "--json", action="store_true", help=tr("print the notes found as a JSON list")
    )
    search.set_defaults(handler=_search)

    mindmap = commands.add_parser(
        "export-mindmap",
        parents=[common],
        help=tr("export an idea tree as a Freeplane/FreeMind map (.mm) or an OPML outline"),
    )
    mindmap.add_argument("event")
    mindmap.add_argument("session")
    mindmap.add_argument("out")
    mindmap.set_defaults(handler=_export_mindmap)
    return parser


SUBCOMMANDS = (
    "demo",
    "check",
    "export-json",
    "import-json",
    "plan-rotation",
    "export-plans",
    "search",
    "export-mindmap",
)


def _language_from(argv: Sequence[str]) -> str | None:
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def run(argv: Sequence[str]) -> int:
    """Run one sub-command; returns the exit code."""
    set_language(_language_from(argv))
    args = _build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except RecolteError as error:
        print(f"facilitator-app: {error}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print(tr("facilitator-app: interrupted."), file=sys.stderr)
        return 130
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
