"""The integrity checks behind `check EVENT` and `EventStore.check()`: what SQLite finds
(integrity, dangling references), one event per file, valid stamps and kinds, and a search
index in step with the notes. Each problem is one sentence for a person."""

from __future__ import annotations

from typing import TYPE_CHECKING

from facilitator_app.core.clock import parse_stamp
from facilitator_app.core.model import (
    FICHE_KINDS,
    NOTE_KINDS,
    RECORD_TYPES,
    SESSION_KINDS,
    Fiche,
    Note,
    Session,
)
from facilitator_app.i18n import tr
from facilitator_app.store.search import FTS_TABLE

if TYPE_CHECKING:
    from facilitator_app.store.event_store import EventStore

__all__ = ["problems"]


def problems(store: EventStore) -> list[str]:
    """Problems found by SQLite's and Récolte's integrity checks; empty when sound."""
    conn = store.conn
    found = [
        tr("SQLite integrity: {detail}", detail=row[0])
        for row in conn.execute("PRAGMA integrity_check")
        if row[0] != "ok"
    ]
    for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
        found.append(
            tr(
                "{table} row {rowid} points to a missing {parent} record.",
                table=table,
                rowid=rowid,
                parent=parent,
            )
        )
    events = conn.execute("SELECT count(*) FROM event").fetchone()[0]
    if events != 1:
        found.append(tr("The file should hold one event, it holds {n}.", n=events))
    found.extend(_values(store))
    indexed = conn.execute(f"SELECT count(*) FROM {FTS_TABLE}").fetchone()[0]
    live = conn.execute("SELECT count(*) FROM notes WHERE deleted = 0").fetchone()[0]
    if indexed != live:
        found.append(
            tr(
                "The search index holds {indexed} notes instead of {live}.",
                indexed=indexed,
                live=live,
            )
        )
    return found


def _values(store: EventStore) -> list[str]:
    found = []
    for record_type in RECORD_TYPES:
        for record in store.all(record_type, include_deleted=True):
            try:
                parse_stamp(record.updated_at)
            except ValueError:
                found.append(
                    tr("{kind} {id} has an invalid stamp.", kind=record.KIND, id=record.id)
                )
    allowed = ((Session, SESSION_KINDS), (Note, NOTE_KINDS), (Fiche, FICHE_KINDS))
    for record_type, kinds in allowed:
        for record in store.all(record_type):
            if record.kind not in kinds:  # type: ignore[attr-defined]
                found.append(
                    tr(
                        "{kind} {id} has an unknown type {value!r}.",
                        kind=record.KIND,
                        id=record.id,
                        value=record.kind,
                    )  # type: ignore[attr-defined]
                )
    return found
