"""`EventStore`: one event in one SQLite file, read and written as record dataclasses.

`open_event(path)` checks that the file is a Récolte event of a format this version knows,
that SQLite finds it sound, then sets the pragmas (WAL, `foreign_keys=ON`, and
`synchronous=FULL`, so that every committed edit is on disk, fsync'd, when the commit
returns: NORMAL does not sync a commit under WAL, and a battery death could take the last
minutes back) and upgrades an older schema. `create_event(path, event)` makes a new file.
Every write is one transaction (`sqlite_utils` `db.atomic()`), and every record written
through `put` gets a new hybrid-logical-clock stamp and adds it to the record's `clock`
(what this copy knows of the record's history, `core.clock.join_clocks`), so the file always
holds the latest edit and a merge can tell it came after the versions it replaced.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from facilitator_app.core.clock import HybridClock, join_clocks
from facilitator_app.core.errors import (
    AlreadyExists,
    DamagedFile,
    DiskFull,
    NewerFormat,
    NotAnEventFile,
    NotFound,
    ReadOnlyFile,
)
from facilitator_app.core.merge import Conflict, Versions
from facilitator_app.core.model import (
    RECORD_TYPES,
    Category,
    Event,
    Note,
    Record,
    Session,
)
from facilitator_app.i18n import tr
from facilitator_app.store.codec import Codec, codec_for
from facilitator_app.store.migrations import APPLICATION_ID, SCHEMA_VERSION, apply_migrations
from facilitator_app.store.part_files import part_path
from facilitator_app.store.search import (
    find_rows,
    index_bodies,
    index_note,
    match_expression,
    row_body,
)
from facilitator_app.store.versions import (
    add_devices,
    keep_versions,
    kept_versions,
    list_conflicts,
    load_versions,
    read_clocks,
    with_own_stamps,
    write_versions,
)

if TYPE_CHECKING:
    import sqlite_utils

__all__ = ["EventStore", "open_event", "create_event", "write_new_event", "remove_event_file"]

R = TypeVar("R", bound=Record)

_SQLITE_HEADER = b"SQLite format 3\x00"
_COUNTED = ("sessions", "participants", "organisations", "notes", "tables", "rounds", "seats")


def _connect(path: Path, *, readonly: bool) -> sqlite3.Connection:
    if readonly:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    else:
        conn = sqlite3.connect(path)
    conn.execute("PRAGMA busy_timeout = 3000")
    return conn


def _host() -> str:
    return os.uname().nodename if hasattr(os, "uname") else os.environ.get("COMPUTERNAME", "")


def _naming(path: Path, error: ReadOnlyFile) -> ReadOnlyFile:
    """The same failure, said of `path` (a file built under a hidden name, then renamed)."""
    if isinstance(error, DiskFull):
        return DiskFull(tr("The disk is full: {path} could not be saved.", path=path))
    return ReadOnlyFile(tr("{path} cannot be written (read-only file or folder).", path=path))


def _write_error(path: Path, error: sqlite3.Error) -> ReadOnlyFile:
    if "full" in str(error).lower():
        return DiskFull(tr("The disk is full: {path} could not be saved.", path=path))
    return ReadOnlyFile(tr("{path} cannot be written (read-only file or folder).", path=path))


class EventStore:
    """Reads and writes the records of one event file. Not thread-safe: one per thread."""

    def __init__(self, conn: sqlite3.Connection, path: Path, *, readonly: bool) -> None:
        self.conn = conn
        self.path = path
        self.readonly = readonly
        self.clock = HybridClock()
        self._device_named = False
        self._db: sqlite_utils.Database | None = None
        for record_type in RECORD_TYPES:
            latest = conn.execute(f"SELECT max(updated_at) FROM {record_type.COLLECTION}")
            stamp = latest.fetchone()[0]
            if stamp:
                self.clock.observe(stamp)

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
            raise _write_error(self.path, error) from error

    # -- reading --------------------------------------------------------------------------

    def event(self) -> Event:
        row = self.conn.execute(codec_for(Event).select_sql + " LIMIT 1").fetchone()
        if row is None:
            raise DamagedFile(tr("{path} holds no event.", path=self.path))
        return codec_for(Event).from_row(row)  # type: ignore[return-value]

    def get(self, record_type: type[R], record_id: str) -> R | None:
        codec = codec_for(record_type)
        row = self.conn.execute(codec.select_sql + " WHERE id = ?", (record_id,)).fetchone()
        return codec.from_row(row) if row else None  # type: ignore[return-value]

    def require(self, record_type: type[R], record_id: str) -> R:
        record = self.get(record_type, record_id)
        if record is None:
            raise NotFound(tr("No {kind} with id {id}.", kind=record_type.KIND, id=record_id))
        return record

    def all(
        self,
        record_type: type[R],
        *,
        include_deleted: bool = False,
        order_by: str = "rowid",
        **where: Any,
    ) -> list[R]:
        """Records of one type; keyword arguments filter by column equality (None: IS NULL)."""
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
        sql += f" ORDER BY {order_by}"
        return [codec.from_row(row) for row in self.conn.execute(sql, params)]  # type: ignore[misc]

    def sessions(self) -> list[Session]:
        """The programme in order: by day, then position."""
        return self.all(Session, order_by="day, position, start, rowid")

    def notes(self, session_id: str) -> list[Note]:
        return self.all(Note, session_id=session_id, order_by="position, created_at, rowid")

    def categories(self, session_id: str) -> list[Category]:
        return self.all(Category, session_id=session_id, order_by="position, rowid")

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
        return [codec.from_row(row) for row in rows]  # type: ignore[misc]

    def counts(self) -> dict[str, int]:
        """Live records per collection, for `check` and the key figures."""
        return {
            name: self.conn.execute(f"SELECT count(*) FROM {name} WHERE deleted = 0").fetchone()[0]
            for name in _COUNTED
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
        """A new stamp of this device; the first one names the device in the file."""
        if not self._device_named:
            name = self.meta().get("copy_name") or self.path.stem
            first_seen = datetime.now().isoformat(timespec="seconds")
            add_devices(self.conn, {self.clock.node: (name, _host(), first_seen)})
            self._device_named = True
        return self.clock.tick()

    def _stamped(self, record: R, clocks: Mapping[str, Sequence[str]]) -> R:
        stamp = self._tick()
        clock = join_clocks(clocks.get(record.id, ()), (stamp,))
        return replace(record, updated_at=stamp, clock=clock)

    def _stamped_row(
        self, codec: Codec, record: Record, clocks: Mapping[str, Sequence[str]]
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
        from facilitator_app.store.integrity import problems

        return problems(self)

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
            raise _write_error(target, error) from error
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


def _check_header(path: Path) -> int:
    """Refuse what is not an SQLite file at all; returns the application id its header holds
    (bytes 68–71), which SQLite may read differently through a -wal file left beside it."""
    try:
        with path.open("rb") as handle:
            header = handle.read(72)
    except FileNotFoundError:
        raise NotFound(tr("There is no file {path}.", path=path)) from None
    except IsADirectoryError:
        raise NotAnEventFile(tr("{path} is a folder, not an event file.", path=path)) from None
    except OSError as error:
        raise NotAnEventFile(
            tr("{path} cannot be read: {reason}", path=path, reason=error.strerror)
        ) from None
    if header[: len(_SQLITE_HEADER)] != _SQLITE_HEADER:
        if not header:
            raise DamagedFile(tr("{path} is empty.", path=path))
        raise NotAnEventFile(tr("{path} is not a Récolte event file.", path=path))
    return int.from_bytes(header[68:72], "big") if len(header) == 72 else 0


def _checked_version(conn: sqlite3.Connection, path: Path, header_id: int) -> int:
    """The format version of a sound Récolte event, read on `conn`; raises the sentence for
    anything else (another database, a newer format, damage, no event)."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if app_id != APPLICATION_ID:
        wal = Path(f"{path}-wal")
        if header_id == APPLICATION_ID and wal.exists():
            # the file is an event, but SQLite reads it through a -wal of another database
            raise DamagedFile(
                tr(
                    "{path} cannot be read with the file {wal} beside it, which comes from "
                    "another database: move {wal} elsewhere, then open the event again.",
                    path=path,
                    wal=wal.name,
                )
            )
        raise NotAnEventFile(tr("{path} is not a Récolte event file.", path=path))
    if version > SCHEMA_VERSION:
        raise NewerFormat(
            tr(
                "{path} was made by a newer version of Récolte (format {found}, this "
                "version reads up to {supported}); update Récolte to open it.",
                path=path,
                found=version,
                supported=SCHEMA_VERSION,
            ),
            found=version,
            supported=SCHEMA_VERSION,
        )
    verdict = conn.execute("PRAGMA quick_check").fetchone()[0]
    if verdict != "ok":
        # SQLite's own report is several technical lines: the person gets one sentence
        raise DamagedFile(tr("{path} is damaged and cannot be read.", path=path))
    if conn.execute(f"SELECT count(*) FROM {Event.COLLECTION}").fetchone()[0] == 0:
        raise DamagedFile(tr("{path} holds no event.", path=path))
    return int(version)


def open_event(path: str | Path, *, readonly: bool = False) -> EventStore:
    """Open an existing event file, refusing foreign, damaged or newer files with one sentence.

    Every check runs on a read-only connection first: a connection that may write would,
    on closing, checkpoint a -wal file left beside the event into it (another database's
    pages over the event), and would switch a refused file to WAL. Only a sound event is
    then opened for writing.
    """
    path = Path(path)
    header_id = _check_header(path)
    side = [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm")]
    if header_id != APPLICATION_ID and not side[0].exists():
        raise NotAnEventFile(tr("{path} is not a Récolte event file.", path=path))
    made = [not p.exists() for p in side]  # side files the read-only check may create
    conn = None
    try:
        conn = _connect(path, readonly=True)
        version = _checked_version(conn, path, header_id)
        if not readonly:
            conn.close()
            conn = None
            conn = _connect(path, readonly=False)
            _prepare_for_writing(conn, path, upgrade=version < SCHEMA_VERSION)
        elif version < SCHEMA_VERSION:
            conn = _upgraded_copy_in_memory(conn)
        store = EventStore(conn, path, readonly=readonly)
        store.event()  # a file with no event row is damaged
        return store
    except sqlite3.DatabaseError as error:
        if conn is not None:
            conn.close()
        _remove_made(side, made)
        text = str(error).lower()
        if "readonly" in text or "unable to open" in text:
            raise ReadOnlyFile(tr("{path} cannot be opened for writing.", path=path)) from error
        raise DamagedFile(tr("{path} is damaged and cannot be read.", path=path)) from error
    except BaseException:  # Ctrl+C or SIGTERM too: no connection left open (nor its -wal)
        if conn is not None:
            conn.close()
        _remove_made(side, made)
        raise


def _remove_made(side: list[Path], made: list[bool]) -> None:
    """Remove the side files a refused open created: an empty -wal, a -shm (rebuilt from
    the -wal by the next connection), so that the folder is left as it was."""
    wal, shm = side
    with contextlib.suppress(OSError):
        if made[0] and wal.exists() and wal.stat().st_size == 0:
            wal.unlink()
        if made[1]:
            shm.unlink(missing_ok=True)


def _prepare_for_writing(conn: sqlite3.Connection, path: Path, *, upgrade: bool) -> None:
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        # up to 64 MB of pages in memory (2 MB by default, allocated as needed): an import
        # or a merge of 100,000 records spent half its time re-reading index pages
        conn.execute("PRAGMA cache_size = -65536")
        if upgrade:
            import sqlite_utils

            apply_migrations(sqlite_utils.Database(conn, execute_plugins=False))
    except sqlite3.OperationalError as error:
        raise _write_error(path, error) from error


def _upgraded_copy_in_memory(conn: sqlite3.Connection) -> sqlite3.Connection:
    """An older file opened read-only: read it through an upgraded copy held in memory, so
    the file itself is never written and every query sees the current schema."""
    import sqlite_utils

    copy = sqlite3.connect(":memory:")
    try:
        conn.backup(copy)
        apply_migrations(sqlite_utils.Database(copy, execute_plugins=False))
    except BaseException:
        copy.close()
        raise
    finally:
        conn.close()
    return copy


def create_event(path: str | Path, event: Event) -> EventStore:
    """Create a new event file holding `event`; refuses to replace an existing file."""
    path = Path(path)
    if path.exists():
        raise AlreadyExists(tr("{path} already exists; choose another name.", path=path))
    try:
        conn = _connect(path, readonly=False)
    except sqlite3.Error as error:
        raise _write_error(path, error) from error
    try:
        _prepare_for_writing(conn, path, upgrade=True)
        store = EventStore(conn, path, readonly=False)
        store.put(event, stamp=not event.updated_at)
        store.set_meta({"format": "recolte", "created_with": _version()})
        return store
    except BaseException:
        conn.close()
        remove_event_file(path)
        raise


def write_new_event(
    path: str | Path,
    records: dict[str, list[Record]],
    *,
    meta: dict[str, str] | None = None,
    versions: Sequence[Record] = (),
) -> Path:
    """Create the event file `path` from records (collection name → list), with the versions
    set aside beside them (`core.merge`), all or nothing.

    The file is built under a temporary name beside `path` and renamed at the end, so a
    failure (bad reference, full disk) leaves nothing behind and an existing file is never
    replaced.
    """
    path = Path(path)
    if path.exists():
        raise AlreadyExists(tr("{path} already exists; choose another name.", path=path))
    partial = part_path(path)  # a killed import's part is removed by the next one
    try:
        store = create_event(partial, records["event"][0])
    except ReadOnlyFile as error:  # name the file the person asked for, not the hidden one
        raise _naming(path, error) from error
    try:
        store.put_many(r for name, items in records.items() if name != "event" for r in items)
        if versions:
            with store.transaction():
                keep_versions(store.conn, versions)
        if meta:
            store.set_meta(meta)
        store.close()
        if path.exists():
            raise AlreadyExists(tr("{path} already exists; choose another name.", path=path))
        os.replace(partial, path)
    except sqlite3.IntegrityError as error:
        store.close()
        remove_event_file(partial)
        raise DamagedFile(
            tr("The records point to missing records ({detail}).", detail=error)
        ) from error
    except ReadOnlyFile as error:
        store.close()
        remove_event_file(partial)
        raise _naming(path, error) from error
    except BaseException:
        store.close()
        remove_event_file(partial)
        raise
    return path


def remove_event_file(path: str | Path) -> None:
    """Delete an event file with its SQLite side files (-wal, -shm), if there."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def _version() -> str:
    from facilitator_app import __version__

    return __version__
