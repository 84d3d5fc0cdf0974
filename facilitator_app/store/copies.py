"""Note-taker copies of an event: preparing one for a laptop, and reading one back to merge.

`prepare_copy` writes a consistent copy of the event file (SQLite's backup API) with its
`copy_name` (the laptop or the table it is for) and a `copy_id` of its own in its meta
table; the copy is the whole state of the event, versions set aside included, so merging it
back needs nothing else (`core.merge`: every record carries its clock). The facilitator's
drafts stay behind.

A `Copy` is what `store.merging.merge_into` reads: a `.recolte` file opened read-only
(`open_copy`), or records read from elsewhere, such as a JSON export
(`copy_from_records`; `export.copies.read_copy` opens either kind from a path). It hands
out the stamp and clock of all its records first, and full records only for the ids asked
for, so that a copy that brings little costs little.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from facilitator_app.core.clock import join_clocks
from facilitator_app.core.errors import AnotherEvent, DamagedFile
from facilitator_app.core.model import RECORD_TYPES, Event, Record, new_id
from facilitator_app.core.text import file_stem
from facilitator_app.i18n import tr
from facilitator_app.store.codec import chunks, codec_for
from facilitator_app.store.disk import write_error
from facilitator_app.store.drafts import clear_drafts
from facilitator_app.store.event_store import EventStore
from facilitator_app.store.files import open_event
from facilitator_app.store.part_files import build_in_place
from facilitator_app.store.versions import (
    VersionRows,
    read_devices,
    read_version_rows,
    version_row,
)

__all__ = [
    "COPY_ID",
    "COPY_NAME",
    "Copy",
    "Stamps",
    "copy_path",
    "copy_from_records",
    "fetch_records",
    "fetch_rows",
    "open_copy",
    "prepare_copy",
    "read_stamps",
]

COPY_ID, COPY_NAME = "copy_id", "copy_name"
T = TypeVar("T")

# record type → record id → (updated_at, clock as JSON text)
Stamps = dict[type[Record], dict[str, tuple[str, str]]]


def read_stamps(conn: sqlite3.Connection) -> Stamps:
    """The stamp and clock of every record of the file, tombstones included, by type."""
    return {
        record_type: {
            record_id: (stamp, clock)
            for record_id, stamp, clock in conn.execute(
                f"SELECT id, updated_at, clock FROM {record_type.COLLECTION}"
            )
        }
        for record_type in RECORD_TYPES
    }


def fetch_rows(
    conn: sqlite3.Connection, record_type: type[Record], ids: Sequence[str]
) -> list[tuple[Any, ...]]:
    """The rows (in the codec's column order) of one type with the given ids (those that
    exist), in no given order."""
    select = codec_for(record_type).select_sql
    found: list[tuple[Any, ...]] = []
    for chunk in chunks(ids):
        found += conn.execute(f"{select} WHERE id IN ({', '.join('?' * len(chunk))})", chunk)
    return found


def fetch_records(
    conn: sqlite3.Connection, record_type: type[Record], ids: Sequence[str]
) -> list[Record]:
    """The records of one type with the given ids (those that exist), in no given order."""
    from_row = codec_for(record_type).from_row
    return [from_row(row) for row in fetch_rows(conn, record_type, ids)]


# -- a copy to merge ------------------------------------------------------------------------


class Copy:
    """One copy of the event, ready to be merged: read-only, closed with `close()`."""

    def __init__(
        self,
        *,
        name: str,
        event: Event,
        path: Path | None = None,
        meta: Mapping[str, str] | None = None,
        store: EventStore | None = None,
        records: Iterable[Record] = (),
        versions: Iterable[Record] = (),
    ) -> None:
        self.name = name
        self.event = event
        self.path = path
        self.meta = dict(meta or {})
        self._store = store
        self._records = None if store is not None else {r.id: r for r in records}
        self._versions = list(versions)

    @property
    def copy_id(self) -> str | None:
        """The id `prepare_copy` gave it; None for a JSON export or a plain event file."""
        return self.meta.get(COPY_ID) or None

    @property
    def trusts_stamps(self) -> bool:
        """Whether one stamp names one content here: true of a file Récolte wrote (every
        writer has a device id of its own); a JSON file may have been edited by hand."""
        return self._store is not None

    @property
    def label(self) -> str:
        """How messages name it: its file, or its name."""
        return str(self.path) if self.path is not None else self.name

    def stamps(self) -> Stamps:
        """The stamp and clock (JSON text) of every record, by type."""
        if self._records is not None:
            stamps: Stamps = {t: {} for t in RECORD_TYPES}
            for record in self._records.values():
                clock = json.dumps(list(join_clocks(record.clock, [record.updated_at])))
                stamps.setdefault(type(record), {})[record.id] = (record.updated_at, clock)
            return stamps
        return self._reading(read_stamps)

    def version_rows(self) -> VersionRows:
        """The versions set aside beside the shown ones, by record and stamp."""
        if self._store is None:
            rows: VersionRows = {}
            for version in self._versions:
                row = version_row(version)
                rows.setdefault(version.id, {})[version.updated_at] = (row[2], row[3])
            return rows
        return self._reading(read_version_rows)

    def devices(self) -> dict[str, tuple[str, str, str]]:
        """The names of the devices the copy knows (none in a JSON export)."""
        return self._reading(read_devices) if self._store is not None else {}

    def fetch(self, record_type: type[Record], ids: Sequence[str]) -> list[Record]:
        """The records of one type with these ids."""
        if self._records is not None:
            return [r for i in ids if type(r := self._records.get(i)) is record_type]
        return self._reading(lambda conn: fetch_records(conn, record_type, ids))

    def fetch_rows(self, record_type: type[Record], ids: Sequence[str]) -> list[tuple[Any, ...]]:
        """The same as rows ready for `EventStore.put_rows` (no record built on the way)."""
        if self._records is not None:
            return [codec_for(record_type).to_row(r) for r in self.fetch(record_type, ids)]
        return self._reading(lambda conn: fetch_rows(conn, record_type, ids))

    def _reading(self, read: Callable[[sqlite3.Connection], T]) -> T:
        assert self._store is not None
        try:
            return read(self._store.conn)
        except sqlite3.DatabaseError as error:
            raise DamagedFile(
                tr("{path} is damaged and cannot be read.", path=self.label)
            ) from error

    def check_event(self, event_id: str | None) -> None:
        """Refuse a copy of another event (AnotherEvent) before anything is written."""
        if event_id is not None and self.event.id != event_id:
            raise AnotherEvent(
                tr(
                    "{path} is a copy of another event (“{title}”), not of this one.",
                    path=self.label,
                    title=self.event.title,
                )
            )

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
            self._records = {}

    def __enter__(self) -> Copy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_copy(path: str | Path, *, event_id: str | None = None) -> Copy:
    """Open a `.recolte` copy read-only; refuses a damaged, foreign or newer file, or (when
    `event_id` is given) a copy of another event, in one sentence."""
    path = Path(path)
    store = open_event(path, readonly=True)
    try:
        meta = store.meta()
        copy = Copy(
            name=meta.get(COPY_NAME) or path.stem,
            event=store.event(),
            path=path,
            meta=meta,
            store=store,
        )
        copy.check_event(event_id)
    except sqlite3.DatabaseError as error:
        store.close()
        raise DamagedFile(tr("{path} is damaged and cannot be read.", path=path)) from error
    except BaseException:
        store.close()
        raise
    return copy


def copy_from_records(
    records: Mapping[str, Sequence[Record]],
    *,
    name: str,
    path: Path | None = None,
    meta: Mapping[str, str] | None = None,
    event_id: str | None = None,
    versions: Sequence[Record] = (),
) -> Copy:
    """A copy made of records already read (collection name → records, as a JSON export),
    with the versions it keeps set aside."""
    everything = [r for items in records.values() for r in items]
    events = [r for r in everything if isinstance(r, Event)]
    if not events:
        raise DamagedFile(tr("{path} holds no event.", path=path or name))
    copy = Copy(
        name=name, event=events[0], path=path, meta=meta, records=everything, versions=versions
    )
    copy.check_event(event_id)
    return copy


# -- preparing copies -----------------------------------------------------------------------


def copy_path(folder: str | Path, event_path: str | Path, name: str) -> Path:
    """Where the copy called `name` of the event `event_path` goes in `folder`:
    « Rencontres – Table 3.recolte », with the characters file systems refuse replaced."""
    return Path(folder) / f"{Path(event_path).stem} – {file_stem(name, fallback='copie')}.recolte"


def _mark_as_copy(path: Path, meta: dict[str, str]) -> None:
    try:
        conn = sqlite3.connect(path)
        try:
            with conn:
                clear_drafts(conn)  # what the facilitator was typing stays behind
                conn.executemany(
                    "INSERT INTO meta (key, value) VALUES (?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    meta.items(),
                )
        finally:
            conn.close()
    except sqlite3.Error as error:
        raise write_error(path, error) from error


def prepare_copy(
    store_or_path: EventStore | str | Path, out_path: str | Path, *, name: str
) -> Path:
    """Write a note-taker copy of the event to `out_path`, named `name`; never overwrites.

    The copy is the whole event as it is now, versions set aside included, with its name
    and an id of its own in its meta table; the facilitator's drafts are left out. It is
    written under a temporary name and renamed at the end, so a full key or a crash leaves
    no half copy.
    """
    owned = not isinstance(store_or_path, EventStore)
    if isinstance(store_or_path, EventStore):
        store = store_or_path
    else:
        store = open_event(store_or_path, readonly=True)

    def build(partial: Path) -> None:
        store.backup_to(partial)
        _mark_as_copy(partial, {COPY_ID: new_id(), COPY_NAME: name})

    try:
        return build_in_place(out_path, build)
    finally:
        if owned:
            store.close()
