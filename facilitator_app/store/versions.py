"""The versions of a record kept beside the one in its table, and the names of devices.

A record's table holds the version the event shows, with the record's `clock`. When copies
merged hold versions made apart, the others stay alive in the `versions` table (one row per
version: record id, stamp, its collection, the version as JSON, `core.merge.record_to_json`)
until a person chooses (`core.merge.Supersede`). Conflicts are read from there.

`devices` names the device ids found in stamps: every opening of a file for writing mints
one (`EventStore` registers it at its first edit, with the copy's name and the computer), and
merges bring the names of the copies' devices along, so the conflict view can say « copy
Table 3, on marie-laptop » rather than a hexadecimal id.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from facilitator_app.core.clock import join_clocks
from facilitator_app.core.merge import (
    Conflict,
    Versions,
    conflicts_in,
    record_from_json,
    record_to_json,
)
from facilitator_app.core.model import BY_COLLECTION, RECORD_TYPES, Note, Record
from facilitator_app.store.codec import chunks, codec_for
from facilitator_app.store.search import index_note

__all__ = [
    "VersionRows",
    "latest_stamp",
    "read_clocks",
    "with_own_stamps",
    "read_version_rows",
    "versions_from",
    "load_versions",
    "write_versions",
    "replace_version_rows",
    "keep_versions",
    "version_row",
    "list_conflicts",
    "kept_versions",
    "read_devices",
    "add_devices",
]

# record id → stamp → (collection, the version as JSON text)
VersionRows = dict[str, dict[str, tuple[str, str]]]
# -- clocks -----------------------------------------------------------------------------------


def latest_stamp(conn: sqlite3.Connection, *, until: str | None = None) -> str:
    """The latest `updated_at` of the file ("" if none); with `until` (`core.clock.
    trusted_until`), the latest no later than that: one stamp from a laptop set years ahead
    does not hide the others."""
    latest = ""
    for record_type in RECORD_TYPES:
        sql = f"SELECT max(updated_at) FROM {record_type.COLLECTION}"
        if until is None:
            row = conn.execute(sql).fetchone()
        else:
            sql += f" WHERE substr(updated_at, 1, {len(until)}) <= ?"
            row = conn.execute(sql, (until,)).fetchone()
        latest = max(latest, row[0] or "")
    return latest


def read_clocks(
    conn: sqlite3.Connection, record_type: type[Record], ids: Sequence[str]
) -> dict[str, list[str]]:
    """The clocks the file holds for these records (those that exist)."""
    clocks: dict[str, list[str]] = {}
    for chunk in chunks(ids):
        rows = conn.execute(
            f"SELECT id, clock FROM {record_type.COLLECTION} "
            f"WHERE id IN ({', '.join('?' * len(chunk))})",
            chunk,
        )
        clocks.update((record_id, json.loads(clock)) for record_id, clock in rows)
    return clocks


def with_own_stamps(
    record_type: type[Record], rows: Sequence[tuple[Any, ...]]
) -> Sequence[tuple[Any, ...]]:
    """Rows whose clock does not hold their own edit (a JSON file without `clock`, a record
    put with a stamp of its own) get it added, so that every record in a file says which
    edits it has seen, its own included."""
    columns = codec_for(record_type).columns
    clock_at, stamp_at = columns.index("clock"), columns.index("updated_at")

    def holds_itself(row: tuple[Any, ...]) -> bool:
        return f'"{row[stamp_at]}"' in row[clock_at]

    if all(holds_itself(row) for row in rows):
        return rows
    return [
        row
        if holds_itself(row)
        else (
            *row[:clock_at],
            json.dumps(list(join_clocks(json.loads(row[clock_at]), [row[stamp_at]]))),
            *row[clock_at + 1 :],
        )
        for row in rows
    ]


# -- versions ---------------------------------------------------------------------------------


def read_version_rows(
    conn: sqlite3.Connection, record_ids: Iterable[str] | None = None
) -> VersionRows:
    """The versions kept beside the shown ones: all, or those of `record_ids`."""
    found: VersionRows = {}
    if record_ids is None:
        rows: Iterable[Any] = conn.execute(
            "SELECT record_id, stamp, collection, record_json FROM versions"
        )
    else:
        rows = []
        for chunk in chunks(list(record_ids)):
            rows += conn.execute(
                "SELECT record_id, stamp, collection, record_json FROM versions "
                f"WHERE record_id IN ({', '.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
    for record_id, stamp, collection, text in rows:
        found.setdefault(record_id, {})[stamp] = (collection, text)
    return found


def versions_from(winner: Record, rows: Mapping[str, tuple[str, str]]) -> Versions:
    """The record's versions: `winner` (from its table, with the clock) and those kept."""
    others = []
    for collection, text in rows.values():
        record_type = BY_COLLECTION.get(collection)
        if record_type is not None:  # a newer Récolte's kind: nothing this one can show
            others.append(record_from_json(record_type.KIND, json.loads(text)))
    return Versions.of([winner, *others], winner.clock)


def load_versions(conn: sqlite3.Connection, winner: Record) -> Versions:
    """Every version of `winner`'s record alive in the file, `winner` (read from its table)
    first."""
    rows = read_version_rows(conn, [winner.id]).get(winner.id)
    return versions_from(winner, rows) if rows else Versions.of([winner], winner.clock)


def write_versions(conn: sqlite3.Connection, versions: Versions) -> None:
    """The record becomes `versions`: the winner in its table (with the clock and its search
    entry), the others kept beside it."""
    winner = versions.winner
    codec = codec_for(type(winner))
    conn.execute(codec.upsert_sql, codec.to_row(winner))
    if isinstance(winner, Note):
        index_note(conn, winner)
    replace_version_rows(conn, {winner.id: [version_row(r) for r in versions.others]})


def version_row(record: Record) -> tuple[str, str, str, str]:
    """The `versions` row of a version set aside (its clock is the record's, not its own)."""
    item = record_to_json(record)
    item["clock"] = []
    return (record.id, record.updated_at, record.COLLECTION, json.dumps(item, ensure_ascii=False))


def replace_version_rows(
    conn: sqlite3.Connection, rows: Mapping[str, Iterable[tuple[str, str, str, str]]]
) -> None:
    """For each record id, the versions kept become exactly `rows` (none: no conflict)."""
    conn.executemany("DELETE FROM versions WHERE record_id = ?", [(i,) for i in rows])
    conn.executemany(
        "INSERT INTO versions (record_id, stamp, collection, record_json) VALUES (?, ?, ?, ?)",
        [row for items in rows.values() for row in items],
    )


def keep_versions(conn: sqlite3.Connection, versions: Iterable[Record]) -> None:
    """Keep `versions` beside the records they are versions of (an imported file's)."""
    rows: dict[str, list[tuple[str, str, str, str]]] = {}
    for version in versions:
        rows.setdefault(version.id, []).append(version_row(version))
    replace_version_rows(conn, rows)


def list_conflicts(conn: sqlite3.Connection) -> list[Conflict]:
    """Every version set aside whose content differs from the shown one, oldest first."""
    devices = {node: name for node, (name, _, _) in read_devices(conn).items()}
    found: list[Conflict] = []
    for record_id, rows in read_version_rows(conn).items():
        record_type = BY_COLLECTION.get(next(iter(rows.values()))[0])
        if record_type is None:
            continue
        codec = codec_for(record_type)
        row = conn.execute(codec.select_sql + " WHERE id = ?", (record_id,)).fetchone()
        if row is not None:
            found += conflicts_in(versions_from(codec.from_row(row), rows), devices)
    return sorted(found, key=lambda c: (c.loser.updated_at, c.id))


def kept_versions(conn: sqlite3.Connection) -> list[Record]:
    """Every version set aside (the JSON export writes them), by record and stamp."""
    rows = read_version_rows(conn)
    return [
        record_from_json(BY_COLLECTION[collection].KIND, json.loads(text))
        for record_id in sorted(rows)
        for _, (collection, text) in sorted(rows[record_id].items())
        if collection in BY_COLLECTION
    ]


# -- devices ----------------------------------------------------------------------------------


def read_devices(conn: sqlite3.Connection) -> dict[str, tuple[str, str, str]]:
    """node → (name, host, first seen) of every device named in the file."""
    return {
        node: (name, host, first_seen)
        for node, name, host, first_seen in conn.execute(
            "SELECT node, name, host, first_seen FROM devices"
        )
    }


def add_devices(conn: sqlite3.Connection, devices: Mapping[str, tuple[str, str, str]]) -> None:
    """Name devices the file does not know yet (a device is named once, by the copy that
    minted it, so whatever the order of merges every file names it alike)."""
    conn.executemany(
        "INSERT OR IGNORE INTO devices (node, name, host, first_seen) VALUES (?, ?, ?, ?)",
        [(node, *value) for node, value in devices.items()],
    )
