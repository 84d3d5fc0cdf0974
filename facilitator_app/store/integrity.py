"""The integrity checks behind `check EVENT` and `EventStore.check()`: what SQLite finds
(integrity, dangling references), one event per file, every record as `resources/schema`
wants it (kinds, dates, times, counts, stamps: the validator import-json uses), no stamp over
a day ahead of this computer's clock, and a search index in step with the notes. Each problem
is one sentence for a person.

An idea-tree loop is no damage: two laptops that moved nodes under each other apart make one
when their copies merge (the merge is a join of what each knows, `core.merge`), and every
reader shows such a loop broken at one node (`core.ideas.build_forest`); import-json of a
document refuses one, since nothing made it apart."""

from __future__ import annotations

import sqlite3
from typing import Any

from facilitator_app.core.clock import trusted_until
from facilitator_app.core.model import RECORD_TYPES, Event, Record
from facilitator_app.core.schema import (
    FORMAT,
    VERSION,
    record_as_json,
    schema_problems,
    stamp_problems,
    where,
)
from facilitator_app.i18n import tr
from facilitator_app.store.codec import codec_for
from facilitator_app.store.search import FTS_TABLE

__all__ = ["problems"]

# validated in place of the event when the file holds none (that is reported on its own)
_NO_EVENT = Event(
    id="00000000-0000-4000-8000-000000000000", updated_at="1970-01-01T00:00:00.000Z-0000-0"
)


def problems(conn: sqlite3.Connection) -> list[str]:
    """Problems found by SQLite's and Récolte's integrity checks in the event file open on
    `conn`; empty when sound."""
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
    found.extend(_values(conn))
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


def _every(conn: sqlite3.Connection, record_type: type[Record]) -> list[Record]:
    """Every record of one type, tombstones included, in the order they were written."""
    codec = codec_for(record_type)
    return [codec.from_row(row) for row in conn.execute(codec.select_sql + " ORDER BY rowid")]


def _values(conn: sqlite3.Connection) -> list[str]:
    """What `resources/schema` refuses in the records (through the same validator as
    import-json), stamps that are no real moment or over a day ahead of this computer's clock,
    and idea-tree notes that are their own ancestors. Linear in the number of records."""
    records = {t.COLLECTION: _every(conn, t) for t in RECORD_TYPES}
    events = records.pop("event")
    document: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    document["event"] = record_as_json(events[0] if events else _NO_EVENT, data=False)
    for name, items in records.items():
        document[name] = [record_as_json(r, data=False) for r in items]
    # a session kind this version does not know reads as "other" (`SessionKind.parse`): the
    # schema is shown the identifier the file holds
    held = dict(conn.execute("SELECT id, kind FROM sessions").fetchall())
    for item in document["sessions"]:
        item["kind"] = held.get(item["id"], item["kind"])
    invalid = schema_problems(document, indexed=False)
    found = [problem.sentence for problem in invalid]
    named = {problem.place for problem in invalid}  # their stamps are not looked at again
    until = trusted_until()
    for name in ("event", *records):
        written: list[dict[str, Any]] = [document["event"]] if name == "event" else document[name]
        for item in written:
            place = where(name, None, item)
            if place in named:
                continue
            stamps = [("updated_at", item["updated_at"])]
            stamps += [(f"clock[{i}]", s) for i, s in enumerate(item["clock"] or ())]
            found.extend(stamp_problems(place, stamps, until))
    return found
