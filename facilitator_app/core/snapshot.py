"""`EventSnapshot`: the live content of an event, arranged as printed documents read it.

Built from `EventStore.snapshot()` (every record by collection, tombstones included) on the
thread that owns the store, then handed to an exporter, which may run on another thread: it
is immutable and holds no connection. It is a `core.reading.EventReader` with the store's
orders (sessions in programme order, a session's notes and attachments by position, people
sorted the French way…); its lists leave deleted records out, and `get` still finds them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

from facilitator_app.core.model import (
    Attachment,
    CafeTable,
    Category,
    Event,
    Fiche,
    Note,
    Organisation,
    Participant,
    Record,
    Round,
    Seat,
    Session,
    note_order,
)
from facilitator_app.core.reading import (
    name_order,
    number_order,
    position_order,
    seat_order,
    session_order,
)

__all__ = ["EventSnapshot"]

R = TypeVar("R", bound=Record)


def _live(records: Mapping[str, Sequence[Record]], record_type: type[R]) -> list[R]:
    return [
        r
        for r in records.get(record_type.COLLECTION, ())
        if isinstance(r, record_type) and not r.deleted
    ]


def _by_session(items: Sequence[R], key: str = "session_id") -> dict[str, tuple[R, ...]]:
    grouped: dict[str, list[R]] = {}
    for item in items:
        grouped.setdefault(getattr(item, key) or "", []).append(item)
    return {k: tuple(v) for k, v in grouped.items()}


@dataclass(frozen=True)  # no slots: the lookups below are cached on the instance
class EventSnapshot:
    event: Event
    sessions: tuple[Session, ...]  # programme order
    organisations: tuple[Organisation, ...]  # by name
    participants: tuple[Participant, ...]  # by name
    fiches: tuple[Fiche, ...]  # by position
    notes: Mapping[str, tuple[Note, ...]] = field(default_factory=dict)  # by session id
    tables: Mapping[str, tuple[CafeTable, ...]] = field(default_factory=dict)
    rounds: Mapping[str, tuple[Round, ...]] = field(default_factory=dict)
    categories: Mapping[str, tuple[Category, ...]] = field(default_factory=dict)
    seats: Mapping[str, tuple[Seat, ...]] = field(default_factory=dict)
    attachments: Mapping[str, tuple[Attachment, ...]] = field(default_factory=dict)
    tombstones: Mapping[str, Record] = field(default_factory=dict, repr=False)  # deleted, by id

    @classmethod
    def from_records(cls, records: Mapping[str, Sequence[Record]]) -> EventSnapshot:
        """Arrange `records` (collection name → records, as `EventStore.snapshot()` gives);
        an empty mapping gives an empty event."""
        events = [r for r in records.get(Event.COLLECTION, ()) if isinstance(r, Event)]
        return cls(
            event=events[0] if events else Event(),
            sessions=tuple(sorted(_live(records, Session), key=session_order)),
            organisations=tuple(sorted(_live(records, Organisation), key=name_order)),
            participants=tuple(sorted(_live(records, Participant), key=name_order)),
            fiches=tuple(sorted(_live(records, Fiche), key=position_order)),
            notes=_by_session(sorted(_live(records, Note), key=note_order)),
            tables=_by_session(sorted(_live(records, CafeTable), key=number_order)),
            rounds=_by_session(sorted(_live(records, Round), key=number_order)),
            categories=_by_session(sorted(_live(records, Category), key=position_order)),
            seats=_by_session(sorted(_live(records, Seat), key=seat_order)),
            attachments=_by_session(sorted(_live(records, Attachment), key=position_order)),
            tombstones={r.id: r for items in records.values() for r in items if r.deleted},
        )

    # -- core.reading.EventReader ---------------------------------------------------------

    def event_record(self) -> Event:
        return self.event

    def get(self, record_type: type[R], record_id: str | None) -> R | None:
        record = self._by_id.get(record_id or "") or self.tombstones.get(record_id or "")
        return record if isinstance(record, record_type) else None

    def all_sessions(self) -> list[Session]:
        return list(self.sessions)

    def days(self) -> list[str]:
        return list(self._days)

    def day_sessions(self, day: str) -> list[Session]:
        return list(self._days.get(day, ()))

    def session_notes(self, session_id: str) -> list[Note]:
        return list(self.notes.get(session_id, ()))

    def session_categories(self, session_id: str) -> list[Category]:
        return list(self.categories.get(session_id, ()))

    def session_tables(self, session_id: str) -> list[CafeTable]:
        return list(self.tables.get(session_id, ()))

    def session_rounds(self, session_id: str) -> list[Round]:
        return list(self.rounds.get(session_id, ()))

    def session_seats(self, session_id: str) -> list[Seat]:
        return list(self.seats.get(session_id, ()))

    def session_attachments(self, session_id: str) -> list[Attachment]:
        return list(self.attachments.get(session_id, ()))

    def all_participants(self) -> list[Participant]:
        return list(self.participants)

    def all_organisations(self) -> list[Organisation]:
        return list(self.organisations)

    def all_fiches(self) -> list[Fiche]:
        return list(self.fiches)

    # -- lookups ------------------------------------------------------------------------------

    def participant(self, participant_id: str | None) -> Participant | None:
        return self._people.get(participant_id or "")

    def organisation(self, organisation_id: str | None) -> Organisation | None:
        return self._organisations.get(organisation_id or "")

    @cached_property
    def _people(self) -> dict[str, Participant]:
        return {p.id: p for p in self.participants}

    @cached_property
    def _organisations(self) -> dict[str, Organisation]:
        return {o.id: o for o in self.organisations}

    @cached_property
    def _days(self) -> dict[str, tuple[Session, ...]]:
        """Sessions by day, days in order (the sessions are sorted by day first)."""
        return _by_session(self.sessions, key="day")

    @cached_property
    def _by_id(self) -> dict[str, Record]:
        """Every live record by id (made on the first `get`: printed documents do not ask)."""
        lists: list[Sequence[Record]] = [
            (self.event,),
            self.sessions,
            self.organisations,
            self.participants,
            self.fiches,
        ]
        for grouped in (
            self.notes,
            self.tables,
            self.rounds,
            self.categories,
            self.seats,
            self.attachments,
        ):
            lists.extend(grouped.values())
        return {r.id: r for items in lists for r in items}

    def listed_participants(self) -> tuple[Participant, ...]:
        """Those who agreed to appear in the carnet's contacts and the synthesis's annex;
        nobody else is ever printed by name in a list."""
        return tuple(p for p in self.participants if p.consent_listed)
