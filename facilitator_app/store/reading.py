"""`StoreReading`: the `core.reading.EventReader` reads of `EventStore`, sorted by SQLite.

Each read chooses its own `ORDER BY` — the orders `core.reading` gives once, for the
snapshot's sort keys too — so no caller hands SQL to the store. The session-scoped reads
walk their `…_by_session` index and sort the session's few rows; the programme walks
`sessions_by_day`. Only names are sorted in Python: the French order (`text.sort_key`)
is not one SQLite knows.
"""

from __future__ import annotations

import sqlite3
from typing import Any, TypeVar, cast

from facilitator_app.core.model import (
    Attachment,
    CafeTable,
    Category,
    Fiche,
    Note,
    Organisation,
    Participant,
    Record,
    Round,
    Seat,
    Session,
)
from facilitator_app.core.reading import name_order
from facilitator_app.store.codec import codec_for

__all__ = ["StoreReading"]

R = TypeVar("R", bound=Record)

# The orders of core.reading, in SQL; each ends on the id, so that it is total.
_SESSIONS = "day, position, start, id"
_DAY = "position, start, id"
_NOTES = "position, created_at, id"
_BY_POSITION = "position, id"
_BY_NUMBER = "number, id"
_SEATS = "round_id, table_id, id"


class StoreReading:
    """Mixed into `EventStore`, whose connection it reads (`event_record` and `get` are
    the store's own)."""

    conn: sqlite3.Connection

    def _live(self, record_type: type[R], order: str, where: str = "", *params: Any) -> list[R]:
        """Live records of a type matching `where` (SQL of this module only), in `order`."""
        codec = codec_for(record_type)
        sql = f"{codec.select_sql} WHERE deleted = 0{where} ORDER BY {order}"
        return cast(list[R], [codec.from_row(row) for row in self.conn.execute(sql, params)])

    def all_sessions(self) -> list[Session]:
        return self._live(Session, _SESSIONS)

    def days(self) -> list[str]:
        sql = "SELECT DISTINCT day FROM sessions WHERE deleted = 0 ORDER BY day"
        return [day for (day,) in self.conn.execute(sql)]

    def day_sessions(self, day: str) -> list[Session]:
        return self._live(Session, _DAY, " AND day = ?", day)

    def session_notes(self, session_id: str) -> list[Note]:
        return self._live(Note, _NOTES, " AND session_id = ?", session_id)

    def session_categories(self, session_id: str) -> list[Category]:
        return self._live(Category, _BY_POSITION, " AND session_id = ?", session_id)

    def session_tables(self, session_id: str) -> list[CafeTable]:
        return self._live(CafeTable, _BY_NUMBER, " AND session_id = ?", session_id)

    def session_rounds(self, session_id: str) -> list[Round]:
        return self._live(Round, _BY_NUMBER, " AND session_id = ?", session_id)

    def session_seats(self, session_id: str) -> list[Seat]:
        return self._live(Seat, _SEATS, " AND session_id = ?", session_id)

    def session_attachments(self, session_id: str) -> list[Attachment]:
        return self._live(Attachment, _BY_POSITION, " AND session_id = ?", session_id)

    def all_participants(self) -> list[Participant]:
        return sorted(self._live(Participant, "rowid"), key=name_order)

    def all_organisations(self) -> list[Organisation]:
        return sorted(self._live(Organisation, "rowid"), key=name_order)

    def all_fiches(self) -> list[Fiche]:
        return self._live(Fiche, _BY_POSITION)
