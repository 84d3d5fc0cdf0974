"""`EventSnapshot`: the live content of an event, arranged as printed documents read it.

Built from `EventStore.snapshot()` (every record by collection, tombstones included) on the
thread that owns the store, then handed to an exporter, which may run on another thread: it
is immutable and holds no connection. Deleted records are left out; sessions come in
programme order, a session's notes and attachments by position, people sorted the French way.
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
from facilitator_app.core.text import sort_key

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

    @classmethod
    def from_records(cls, records: Mapping[str, Sequence[Record]]) -> EventSnapshot:
        """Arrange `records` (collection name → records, as `EventStore.snapshot()` gives)."""
        sessions = sorted(
            _live(records, Session), key=lambda s: (s.day, s.position, s.start, s.title)
        )
        notes = sorted(_live(records, Note), key=note_order)
        attachments = sorted(_live(records, Attachment), key=lambda a: (a.position, a.id))
        event = records["event"][0]
        assert isinstance(event, Event)
        return cls(
            event=event,
            sessions=tuple(sessions),
            organisations=tuple(
                sorted(_live(records, Organisation), key=lambda o: sort_key(o.name))
            ),
            participants=tuple(sorted(_live(records, Participant), key=lambda p: sort_key(p.name))),
            fiches=tuple(sorted(_live(records, Fiche), key=lambda f: (f.position, f.id))),
            notes=_by_session(notes),
            tables=_by_session(sorted(_live(records, CafeTable), key=lambda t: t.number)),
            rounds=_by_session(sorted(_live(records, Round), key=lambda r: r.number)),
            categories=_by_session(
                sorted(_live(records, Category), key=lambda c: (c.position, c.id))
            ),
            seats=_by_session(_live(records, Seat)),
            attachments=_by_session(attachments),
        )

    def session_notes(self, session_id: str) -> tuple[Note, ...]:
        return self.notes.get(session_id, ())

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

    def listed_participants(self) -> tuple[Participant, ...]:
        """Those who agreed to appear in the carnet's contacts and the synthesis's annex;
        nobody else is ever printed by name in a list."""
        return tuple(p for p in self.participants if p.consent_listed)
