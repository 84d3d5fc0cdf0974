"""A world café session as one object: its tables, rounds, people and seating plan.

`load_cafe(records, session_id)` gathers what the planner and the editors need;
`Cafe.problem()` states the seating as a `RotationProblem` (hosts stay at their table, pinned
seats are kept, colleagues kept apart when the session asks for it), and
`Cafe.seating_command(plan)` turns a computed plan into one undoable edit of the seats.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any, Protocol

from facilitator_app.core.commands import AddRecord, Batch, Command, UpdateRecord
from facilitator_app.core.errors import RecolteError
from facilitator_app.core.model import CafeTable, Participant, Round, Seat, Session
from facilitator_app.core.rotation import RotationPlan, RotationProblem
from facilitator_app.core.text import sort_key
from facilitator_app.i18n import tr

__all__ = ["Cafe", "NotACafe", "load_cafe"]


class NotACafe(RecolteError):
    """The session is not a world café, or lacks tables, rounds or people to seat."""


class CafeRecords(Protocol):
    """What loading a café needs from the store (`store.EventStore` has it)."""

    def get(self, record_type: type, record_id: str) -> Any: ...
    def all(self, record_type: type, **where: Any) -> list[Any]: ...


@dataclass(frozen=True, slots=True)
class Cafe:
    session: Session
    tables: tuple[CafeTable, ...]  # by number
    rounds: tuple[Round, ...]  # by number
    participants: tuple[Participant, ...]  # the people taking part, hosts included
    seats: tuple[Seat, ...]  # the live seats of the session

    def index_of(self) -> dict[str, int]:
        return {p.id: i for i, p in enumerate(self.participants)}

    def hosts(self) -> dict[int, int]:
        """Table position → participant position, for the tables that have a host."""
        people = self.index_of()
        return {
            t: people[table.host_id]
            for t, table in enumerate(self.tables)
            if table.host_id in people
        }

    def colleague_pairs(self) -> tuple[tuple[int, int], ...]:
        """Pairs of travellers from one organisation (hosts do not move: no pair with them)."""
        hosts = set(self.hosts().values())
        by_organisation: dict[str, list[int]] = {}
        for i, person in enumerate(self.participants):
            if person.organisation_id and i not in hosts:
                by_organisation.setdefault(person.organisation_id, []).append(i)
        return tuple(pair for group in by_organisation.values() for pair in combinations(group, 2))

    def current_plan(self) -> list[list[int]]:
        """plan[r][p] from the stored seats; -1 where someone has no seat that round."""
        people, tables, rounds = self._positions()
        plan = [[-1] * len(self.participants) for _ in self.rounds]
        for seat in self.seats:
            if seat.round_id in rounds and seat.participant_id in people:
                plan[rounds[seat.round_id]][people[seat.participant_id]] = tables.get(
                    seat.table_id, -1
                )
        return plan

    def problem(
        self, *, absent: frozenset[tuple[int, int]] = frozenset(), keep: Sequence[int] = ()
    ) -> RotationProblem:
        """The seating to compute: pinned seats, and every seat of the rounds in `keep`, stay."""
        people, tables, rounds = self._positions()
        fixed: dict[tuple[int, int], int] = {}
        for seat in self.seats:
            r, p, t = (
                rounds.get(seat.round_id),
                people.get(seat.participant_id),
                tables.get(seat.table_id),
            )
            if r is not None and p is not None and t is not None and (seat.pinned or r in keep):
                fixed[(r, p)] = t
        return RotationProblem(
            participants=len(self.participants),
            tables=len(self.tables),
            rounds=len(self.rounds),
            hosts=self.hosts(),
            apart=self.colleague_pairs() if self.session.keep_colleagues_apart else (),
            capacities=tuple(t.capacity for t in self.tables)
            if any(t.capacity for t in self.tables)
            else None,
            fixed=fixed,
            absent=absent,
        )

    def seating_command(
        self,
        plan: RotationPlan | Sequence[Sequence[int]],
        *,
        label: str = "Plan the rotation",
        keep: Sequence[int] = (),
    ) -> Command:
        """One undoable edit: seats that change are moved, missing ones added, extra ones
        deleted; a seat already where the plan puts it is left untouched (and keeps its pin).

        The rounds in `keep` were played: their seats stay as they are, even those of someone
        who has left the café since (an absentee keeps the tables they sat at)."""
        matrix = plan.plan if isinstance(plan, RotationPlan) else plan
        played = {self.rounds[r].id for r in keep}
        current = {
            (s.round_id, s.participant_id): s for s in self.seats if s.round_id not in played
        }
        steps: list[Command] = []
        for r, round_ in enumerate(self.rounds):
            if round_.id in played:
                continue
            for p, person in enumerate(self.participants):
                t = matrix[r][p]
                seat = current.pop((round_.id, person.id), None)
                if t < 0:
                    if seat is not None:
                        steps.append(UpdateRecord(Seat, seat.id, (("deleted", True),)))
                    continue
                table_id = self.tables[t].id
                if seat is None:
                    steps.append(
                        AddRecord(
                            Seat(
                                session_id=self.session.id,
                                round_id=round_.id,
                                table_id=table_id,
                                participant_id=person.id,
                            )
                        )
                    )
                elif seat.table_id != table_id:
                    steps.append(UpdateRecord(Seat, seat.id, (("table_id", table_id),)))
        for seat in current.values():  # seats of people or rounds no longer in the café
            steps.append(UpdateRecord(Seat, seat.id, (("deleted", True),)))
        return Batch(tuple(steps), label=label)

    def _positions(self) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
        return (
            self.index_of(),
            {t.id: i for i, t in enumerate(self.tables)},
            {r.id: i for i, r in enumerate(self.rounds)},
        )


def load_cafe(records: CafeRecords, session_id: str) -> Cafe:
    """The world café `session_id` as stored; raises NotACafe with one sentence otherwise."""
    session = records.get(Session, session_id)
    if session is None or session.deleted:
        raise NotACafe(tr("There is no session with id {id}.", id=session_id))
    if not session.kind.spec.tables:
        raise NotACafe(tr("“{title}” is not a world café.", title=session.title))
    tables = sorted(records.all(CafeTable, session_id=session.id), key=lambda t: t.number)
    rounds = sorted(records.all(Round, session_id=session.id), key=lambda r: r.number)
    if not tables or not rounds:
        raise NotACafe(
            tr(
                "“{title}” needs tables and rounds before seats can be planned.",
                title=session.title,
            )
        )
    everyone = {p.id: p for p in records.all(Participant)}
    chosen = [everyone[i] for i in session.participant_ids if i in everyone]
    people = {p.id: p for p in (chosen or everyone.values())}
    for table in tables:  # a host takes part, even when left out of the chosen list
        if table.host_id in everyone:
            people.setdefault(table.host_id, everyone[table.host_id])
    if len(people) < len(tables):
        raise NotACafe(tr("“{title}” has fewer participants than tables.", title=session.title))
    participants = tuple(sorted(people.values(), key=lambda p: sort_key(p.name)))
    seats = tuple(records.all(Seat, session_id=session.id))
    return Cafe(session, tuple(tables), tuple(rounds), participants, seats)
