"""`EventStore`: one event in one SQLite file, read and written as record dataclasses.

`store.files` opens the file and hands the connection over (WAL, `foreign_keys=ON`,
`synchronous=FULL`: NORMAL does not sync a commit under WAL, and a battery death could take
the last minutes back). Every write is one transaction (`sqlite_utils` `db.atomic()`),
committed and fsync'd when it returns, and every record written
through `put` gets a new hybrid-logical-clock stamp and adds it to the record's `clock`
(what this copy knows of the record's history, `core.clock.join_clocks`), so the file always
holds the latest edit and a merge can tell it came after the versions it replaced.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from facilitator_app.core.clock import HybridClock, join_clocks, trusted_until
from facilitator_app.core.errors import (
    DamagedFile,
    NotFound,
    ReadOnlyFile,
)
from facilitator_app.core.merge import Conflict, Versions
from facilitator_app.core.model import (
    RECORD_TYPES,
    Event,
    Note,
    Record,
)
from facilitator_app.i18n import tr
from facilitator_app.store.codec import Codec, codec_for
from facilitator_app.store.disk import remove_event_file, write_error
from facilitator_app.store.machine import host_name
from facilitator_app.store.reading import StoreReading
from facilitator_app.store.search import (
    find_rows,
    index_bodies,
    index_note,
    match_expression,
    row_body,
)
from facilitator_app.store.versions import (
    add_devices,
    kept_versions,
    latest_stamp,
    list_conflicts,
    load_versions,
    read_clocks,
    with_own_stamps,
    write_versions,
)

if TYPE_CHECKING:
    import sqlite_utils

__all__ = ["EventStore"]

R = TypeVar("R", bound=Record)

_COUNTED = ("sessions", "participants", "organisations", "notes", "tables", "rounds", "seats")


class EventStore(StoreReading):
    """Reads and writes the records of one event file. Not thread-safe: one per thread. It is
    a `core.reading.EventReader` (its ordered reads are in `store.reading`)."""

    def __init__(self, conn: sqlite3.Connection, path: Path, *, readonly: bool) -> None:
        self.conn = conn
        self.path = path
        self.readonly = readonly
        self.clock = HybridClock()
        self._device_named = False
        self._db: sqlite_utils.Database | None = None
        # the file's latest stamp is looked for before the first stamp made here, not at
        # opening: it reads every record (40 ms for a 100x event) and a reader never needs it
        self._caught_up = False

    def catch_up(self) -> None:
        """Move the clock past the latest stamp in the file (another connection may have
        written since: a merge, an import), so that edits made here stamp after it — past
        the latest a day ahead of this computer at most (`core.clock.MAX_AHEAD`)."""
        stamp = latest_stamp(self.conn, until=trusted_until())
        if stamp:
            self.clock.observe(stamp)
        self._caught_up = True

    # -- transactions ---------------------------------------------------------------------

    @property
    def db(self) -> sqlite_utils.Database:
        """The sqlite-utils view of the connection, made on first write (its import is slow)."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn, execute_plugins=False)
        return self._db

    @contextlib.contextmanager
    def transaction(self) -> Iterator[EventStore]:
        """One atomic write; nested calls become savepoints. Errors leave the file untouched."""
        if self.readonly:
            raise ReadOnlyFile(tr("{path} is open read-only.", path=self.path))
        try:
            with self.db.atomic():
                yield self
        except sqlite3.OperationalError as error:
            raise write_error(self.path, error) from error

    # -- reading --------------------------------------------------------------------------

    def event(self) -> Event:
        row = self.conn.execute(codec_for(Event).select_sql + " LIMIT 1").fetchone()
        if row is None:
            raise DamagedFile(tr("{path} holds no event.", path=self.path))
        return codec_for(Event).from_row(row)

    def event_record(self) -> Event:
        """`event()` under the name of `core.reading.EventReader` (a snapshot's `event` is
        a field)."""
        return self.event()

    def get(self, record_type: type[R], record_id: str | None) -> R | None:
        """The record, deleted or not; None for no id or no such record."""
        if not record_id:
            return None
        codec = codec_for(record_type)
        row = self.conn.execute(codec.select_sql + " WHERE id = ?", (record_id,)).fetchone()
        return codec.from_row(row) if row else None

    def require(self, record_type: type[R], record_id: str) -> R:
        record = self.get(record_type, record_id)
        if record is None:
            raise NotFound(tr("No {kind} with id {id}.", kind=record_type.KIND, id=record_id))
        return record

    def all(self, record_type: type[R], *, include_deleted: bool = False, **where: Any) -> list[R]:
        """Records of one type as written (by rowid); keyword arguments filter by column
        equality (None: IS NULL). The app's reads in their fixed orders are the
        `core.reading.EventReader` methods (`store.reading`)."""
        codec = codec_for(record_type)
        clauses, params = [], []
        if not include_deleted:
            clauses.append("deleted = 0")
        for column, value in where.items():
            if column not in codec.columns:
                raise ValueError(f"{record_type.__name__} has no field {column!r}")
            if value is None:
                clauses.append(f'"{column}" IS NULL')
            else:
                clauses.append(f'"{column}" = ?')
                params.append(value)
        sql = codec.select_sql
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY rowid"
        return [codec.from_row(row) for row in self.conn.execute(sql, params)]

    def next_position(self, record_type: type[Record], **scope: Any) -> int:
        """One past the largest `position` among live records of `scope`."""
        clauses = ["deleted = 0"] + [f'"{column}" = ?' for column in scope]
        sql = (
            f"SELECT coalesce(max(position) + 1, 0) FROM {record_type.COLLECTION} "
            f"WHERE {' AND '.join(clauses)}"
        )
        return int(self.conn.execute(sql, list(scope.values())).fetchone()[0])

    def search(self, query: str, *, limit: int | None = None) -> list[Note]:
        """Live notes of live sessions matching every word of `query` (accents, case and
        ligatures ignored, each word a prefix), in programme order: by session, then by
        position; at most `limit` of them (the window asks for a page, the CLI for all)."""
        expression = match_expression(query)
        if expression is None:
            return []
        codec = codec_for(Note)
        rows = find_rows(self.conn, codec.columns, expression, limit)
        return [codec.from_row(row) for row in rows]

    def counts(self, *collections: str) -> dict[str, int]:
        """Live records per collection, for `check` and the key figures: of `collections`
        alone when given (counting every note of a large event took 10 ms)."""
        return {
            name: self.conn.execute(f"SELECT count(*) FROM {name} WHERE deleted = 0").fetchone()[0]
            for name in _COUNTED
            if not collections or name in collections
        }

    def snapshot(self) -> dict[str, list[Record]]:
        """Every record of the event, tombstones included, by JSON collection name."""
        return {
            record_type.COLLECTION: self.all(record_type, include_deleted=True)
            for record_type in RECORD_TYPES
        }

    def meta(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT key, value FROM meta"))

    # -- writing --------------------------------------------------------------------------

    def put(self, record: R, *, stamp: bool = True) -> R:
        """Insert or update one record; with `stamp`, it is a new edit made here: a fresh
        `updated_at`, added to the `clock` the file holds for the record (the edit replaces
        the version in the table, having seen everything that version's copy knew)."""
        codec = codec_for(type(record))
        with self.transaction():
            if stamp:
                record = self._stamped(record, read_clocks(self.conn, type(record), [record.id]))
            elif record.updated_at not in record.clock:
                record = replace(record, clock=join_clocks(record.clock, [record.updated_at]))
            self.conn.execute(codec.upsert_sql, codec.to_row(record))
            if isinstance(record, Note):
                index_note(self.conn, record)
        return record

    def put_many(self, records: Iterable[Record], *, stamp: bool = False) -> int:
        """Write many records in one transaction, keeping their stamps unless `stamp`."""
        by_type: dict[type[Record], list[Record]] = {}
        for record in records:
            by_type.setdefault(type(record), []).append(record)
        with self.transaction():
            rows: dict[type[Record], list[tuple[Any, ...]]] = {}
            for record_type, items in by_type.items():
                codec = codec_for(record_type)
                if stamp:
                    clocks = read_clocks(self.conn, record_type, [r.id for r in items])
                    rows[record_type] = [self._stamped_row(codec, r, clocks) for r in items]
                else:
                    rows[record_type] = [codec.to_row(r) for r in items]
            return self.put_rows(rows)

    def _tick(self) -> str:
        """A new stamp of this device, after every stamp in the file; the first one names
        the device in the file."""
        if not self._caught_up:
            self.catch_up()
        if not self._device_named:
            name = self.meta().get("copy_name") or self.path.stem
            first_seen = datetime.now().isoformat(timespec="seconds")
            add_devices(self.conn, {self.clock.node: (name, host_name(), first_seen)})
            self._device_named = True
        return self.clock.tick()

    def _stamped(self, record: R, clocks: Mapping[str, Sequence[str]]) -> R:
        stamp = self._tick()
        clock = join_clocks(clocks.get(record.id, ()), (stamp,))
        return replace(record, updated_at=stamp, clock=clock)

    def _stamped_row(
        self, codec: Codec[Any], record: Record, clocks: Mapping[str, Sequence[str]]
    ) -> tuple[Any, ...]:
        """`codec.to_row(self._stamped(record, clocks))` without copying the record first
        (an import stamps 100,000 of them)."""
        stamp = self._tick()
        clock = join_clocks(clocks.get(record.id, ()), (stamp,))
        row = list(codec.to_row(record))
        stamp_at, clock_at = codec.stamp_columns
        row[stamp_at], row[clock_at] = stamp, json.dumps(list(clock))
        return tuple(row)

    def put_rows(self, rows: Mapping[type[Record], Sequence[tuple[Any, ...]]]) -> int:
        """Write rows already in the codec's column order (`put_many` makes them; a merge
        copies them from file to file), keeping their stamps, in one transaction: type by
        type with `executemany`, then the search index of the notes in two statements
        (20,000 merged notes: tests/benchmarks/bench_merge.py)."""
        latest = ""
        bodies: dict[str, str | None] = {}
        rows = {
            record_type: with_own_stamps(record_type, items) for record_type, items in rows.items()
        }
        for record_type, items in rows.items():
            columns = codec_for(record_type).columns
            stamp_at = columns.index("updated_at")
            latest = max(latest, max((row[stamp_at] for row in items), default=""))
            if record_type is Note:
                at = [columns.index(n) for n in ("id", "deleted", "text", "author", "tags")]
                for row in items:  # a note written twice: its last version
                    note_id, deleted, text, author, tags = (row[i] for i in at)
                    bodies[note_id] = None if deleted else row_body(text, author, tags)
        if latest:
            self.clock.observe(latest)  # the largest stamp moves the clock past them all
        with self.transaction():
            last_rowid = self.conn.execute("SELECT max(rowid) FROM notes").fetchone()[0] or 0
            for record_type, items in rows.items():
                self.conn.executemany(codec_for(record_type).upsert_sql, items)
            if bodies:
                index_bodies(self.conn, bodies, new_after=last_rowid)
        return sum(len(items) for items in rows.values())

    # -- versions made apart ----------------------------------------------------------------

    def versions(self, record_type: type[Record], record_id: str) -> Versions:
        """Every version of a record alive in this file, the shown one first (NotFound if
        there is no such record)."""
        return load_versions(self.conn, self.require(record_type, record_id))

    def supersede(
        self, record: R, replaces: Iterable[str], alongside: Sequence[Record] = ()
    ) -> tuple[Record, ...]:
        """Write `record` as a new edit replacing the versions stamped `replaces` (a choice
        between versions made apart: `core.merge.Supersede`), with `alongside` kept beside
        it as versions of their own; returns what was written, `record` first."""
        with self.transaction():
            current = self.versions(type(record), record.id)
            gone = set(replaces)
            kept = [r for r in current.records if r.updated_at not in gone]
            written = [replace(r, id=record.id) for r in alongside] + [record]
            written = [replace(r, updated_at=self._tick(), clock=()) for r in written]
            write_versions(self.conn, Versions.of([*kept, *written], current.clock))
        return (written[-1], *written[:-1])

    def conflicts(self) -> list[Conflict]:
        """Every version made apart and set aside whose content differs from the shown one."""
        return list_conflicts(self.conn)

    def kept_versions(self) -> list[Record]:
        """Every version set aside beside a shown one, by record and stamp."""
        return kept_versions(self.conn)

    def set_meta(self, values: dict[str, str]) -> None:
        with self.transaction():
            self.conn.executemany(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                values.items(),
            )

    # -- whole file -----------------------------------------------------------------------

    def check(self) -> list[str]:
        """Problems found by SQLite's and Récolte's integrity checks; empty when sound."""
        # deferred: the checks load core.schema, which start-up does not need
        from facilitator_app.store.integrity import problems

        return problems(self.conn)

    def backup_to(self, target: Path) -> None:
        """A consistent copy of the file through SQLite's backup API (Save As, backups); a
        copy that could not be finished (a full disk) is removed, not left half written."""
        destination = sqlite3.connect(target)
        try:
            with destination:
                self.conn.backup(destination)
            # the copy rests in rollback-journal mode, like a closed event (see close())
            destination.execute("PRAGMA journal_mode = DELETE")
        except sqlite3.Error as error:
            destination.close()
            remove_event_file(target)
            raise write_error(target, error) from error
        finally:
            destination.close()

    def close(self) -> None:
        try:
            if not self.readonly:
                with contextlib.suppress(sqlite3.Error):
                    self.conn.execute("PRAGMA optimize")
                # Leave the file in rollback-journal mode when nobody writes it, so that a
                # read-only open (`check`, `export-json`, a read-only medium) creates no
                # -wal/-shm files beside it; opening for writing turns WAL back on. "database
                # is locked" (another program still has it open) just leaves WAL as it is.
                with contextlib.suppress(sqlite3.Error):
                    self.conn.execute("PRAGMA journal_mode = DELETE")
        finally:  # even interrupted (Ctrl+C): the last connection closed takes the -wal away
            self.conn.close()

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
