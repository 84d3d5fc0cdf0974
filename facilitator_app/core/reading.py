"""`EventReader`: how the app reads an event, whatever holds it, each list in one fixed order.

Two things hold an event: the open file (`store.EventStore`, which sorts in SQL through its
indexes) and a snapshot of it (`core.snapshot.EventSnapshot`, immutable, which a printed
document reads on another thread). Both implement this protocol with the same orders, so a
window, a printed document and the CLI list the same things in the same places; a test runs
the same reads against both on the demo event. A caller never says how to sort: the order is
the method's, written once below.

Orders (every one ends on the id, so it is total and both readers agree on ties):

- sessions: by day, position, start time, id (`session_order`); a day's sessions likewise;
- days: the days that live sessions use, in date order ("" — no day yet — first);
- a session's notes: by position, then when written, then id (`model.note_order`);
- a session's categories, attachments, and the fiches: by position, then id;
- a session's tables and rounds: by number, then id;
- a session's seats: by round id, table id, then id (looked up, never listed as such);
- participants and organisations: by name the French way (`text.sort_key`), then id — the
  one order SQL cannot give, so both readers sort it in Python.

Each read returns a new list, the caller's to keep or change. Deleted records are left out
of every list; `get` gives a record by id even when deleted (with `deleted` set), so a view
holding it learns that it is gone.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

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

__all__ = [
    "EventReader",
    "session_order",
    "note_order",
    "position_order",
    "number_order",
    "seat_order",
    "name_order",
]

R = TypeVar("R", bound=Record)


class EventReader(Protocol):
    """The reads the app makes of one event, in the orders the module docstring gives."""

    def event_record(self) -> Event:
        """The event's properties."""
        ...

    def get(self, record_type: type[R], record_id: str | None) -> R | None:
        """The record of that type and id, deleted or not; None for no id or no record."""
        ...

    def all_sessions(self) -> list[Session]:
        """The programme: every live session, by day, position, start, id."""
        ...

    def days(self) -> list[str]:
        """The days live sessions use, in order ("" for sessions with no day yet)."""
        ...

    def day_sessions(self, day: str) -> list[Session]:
        """The live sessions of `day`, by position, start, id."""
        ...

    def session_notes(self, session_id: str) -> list[Note]:
        """The live notes of a session, by position, creation time, id."""
        ...

    def session_categories(self, session_id: str) -> list[Category]:
        """By position, id."""
        ...

    def session_tables(self, session_id: str) -> list[CafeTable]:
        """A world café's tables, by number, id."""
        ...

    def session_rounds(self, session_id: str) -> list[Round]:
        """A world café's rounds, by number, id."""
        ...

    def session_seats(self, session_id: str) -> list[Seat]:
        """A world café's seats, by round id, table id, id."""
        ...

    def session_attachments(self, session_id: str) -> list[Attachment]:
        """The files of a session (paperboard photos…), originals included, by position, id."""
        ...

    def all_participants(self) -> list[Participant]:
        """Everyone, by name the French way, then id."""
        ...

    def all_organisations(self) -> list[Organisation]:
        """By name the French way, then id."""
        ...

    def all_fiches(self) -> list[Fiche]:
        """By position, id."""
        ...


# The orders as sort keys, for readers that sort in Python (the snapshot); the store's SQL
# says the same in `store.reading`.


def session_order(session: Session) -> tuple[str, int, str, str]:
    return (session.day, session.position, session.start, session.id)


def position_order(record: Category | Attachment | Fiche) -> tuple[int, str]:
    return (record.position, record.id)


def number_order(record: CafeTable | Round) -> tuple[int, str]:
    return (record.number, record.id)


def seat_order(seat: Seat) -> tuple[str, str, str]:
    return (seat.round_id, seat.table_id, seat.id)


def name_order(record: Participant | Organisation) -> tuple[tuple[str, str], str]:
    return (sort_key(record.name), record.id)
