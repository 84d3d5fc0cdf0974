"""`plan-rotation`: a world café's seating plan stored in the event, or the calculator
(CONTRACT §3).

A problem that cannot be planned raises `RotationImpossible` (a `RecolteError` whose
sentence is already translated): the command prints that sentence on one line and exits 1.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from facilitator_app.cli.common import (
    EXIT_OK,
    add_force_argument,
    add_session_argument,
    lock_event,
    session_from_prefix,
)
from facilitator_app.core.errors import RecolteError
from facilitator_app.core.model import Seat
from facilitator_app.i18n import tr

__all__ = ["add_commands"]


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
    # loaded per command: the CLI starts fast
    from facilitator_app.core.rotation import RotationProblem, plan_rotation

    if args.event is None:  # the calculator (CONTRACT §3)
        if None in (args.participants, args.tables, args.rounds):
            raise RecolteError(
                tr(
                    "Give EVENT SESSION_ID, or --participants, --tables and "
                    "--rounds for the calculator."
                )
            )
        problem = RotationProblem(
            participants=args.participants,
            tables=args.tables,
            rounds=args.rounds,
            hosts={t: t for t in range(args.tables)} if args.hosts else {},
            any_table=args.any_table,
            apart=args.apart,
        )
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
    # loaded per command: the CLI starts fast
    from facilitator_app.core.cafe import load_cafe
    from facilitator_app.store import open_event

    with open_event(args.event, readonly=True) as reading:  # a wrong id: the file untouched
        session = session_from_prefix(reading.all_sessions(), args.session)
    lock = lock_event(args.event, force=args.force)  # the window may have the event open
    try:
        with open_event(args.event) as store:
            cafe = load_cafe(store, session.id)
            problem = cafe.problem()
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


def add_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """Register this module's sub-commands on the `commands` sub-parsers."""
    rotation = commands.add_parser(
        "plan-rotation",
        parents=[common],
        help=tr("compute a world café's seating plan (or, with --json, the calculator)"),
    )
    rotation.add_argument(
        "event",
        nargs="?",
        metavar="EVENT",
        help=tr("the event file (.recolte); without it, the calculator"),
    )
    add_session_argument(rotation, optional=True)
    rotation.add_argument(
        "--participants", type=int, metavar="P", help=tr("calculator: number of participants")
    )
    rotation.add_argument(
        "--tables", type=int, metavar="T", help=tr("calculator: number of tables")
    )
    rotation.add_argument(
        "--rounds", type=int, metavar="R", help=tr("calculator: number of rounds")
    )
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
    rotation.add_argument(
        "--seed",
        type=int,
        default=1,
        help=tr("the same seed gives the same plan (default: 1)"),
    )
    rotation.add_argument(
        "--time-limit",
        type=float,
        default=5.0,
        metavar="SEC",
        help=tr("seconds spent looking for a better plan (default: 5)"),
    )
    rotation.add_argument("--json", action="store_true", help=tr("print the plan as JSON"))
    add_force_argument(rotation)
    rotation.set_defaults(handler=_plan_rotation)
