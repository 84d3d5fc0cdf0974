"""Opening, creating and writing event files: what stands between a path and an `EventStore`.

`open_event(path)` checks, on a read-only connection, that the file is a sound Récolte event
of a format this version knows, then opens it for writing with the pragmas set (WAL,
`foreign_keys=ON`, `synchronous=FULL`: a committed edit is fsync'd when the commit returns)
and an older schema upgraded. `create_event` makes a new file; `write_new_event` builds one
from records (import-json, the demo) under a hidden name and renames it at the end.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from facilitator_app import __version__
from facilitator_app.core.errors import (
    AlreadyExists,
    DamagedFile,
    NewerFormat,
    NotAnEventFile,
    NotFound,
    ReadOnlyFile,
)
from facilitator_app.core.model import Event, Record
from facilitator_app.i18n import tr
from facilitator_app.store.disk import remove_event_file, write_error
from facilitator_app.store.event_store import EventStore
from facilitator_app.store.migrations import APPLICATION_ID, SCHEMA_VERSION, apply_migrations
from facilitator_app.store.part_files import build_in_place
from facilitator_app.store.versions import keep_versions

__all__ = ["open_event", "create_event", "write_new_event"]

_SQLITE_HEADER = b"SQLite format 3\x00"


def _connect(path: Path, *, readonly: bool) -> sqlite3.Connection:
    if readonly:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    else:
        conn = sqlite3.connect(path)
    conn.execute("PRAGMA busy_timeout = 3000")
    return conn


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
            _close(conn, writing=not readonly)
        _remove_made(side, made)
        text = str(error).lower()
        if "readonly" in text or "unable to open" in text:
            raise ReadOnlyFile(tr("{path} cannot be opened for writing.", path=path)) from error
        raise DamagedFile(tr("{path} is damaged and cannot be read.", path=path)) from error
    except BaseException:  # Ctrl+C or SIGTERM too: no connection left open (nor its -wal)
        if conn is not None:
            _close(conn, writing=not readonly)
        _remove_made(side, made)
        raise


def _close(conn: sqlite3.Connection, *, writing: bool) -> None:
    """Close a connection that an open gave up on. One opened for writing may have switched
    the file to WAL: switch it back first, as `EventStore.close` does, or the next read-only
    open (`check`, `export-json`) would leave a -wal and a -shm beside the event."""
    try:
        if writing:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()


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
        raise write_error(path, error) from error


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
        raise write_error(path, error) from error
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

    event = records["event"][0]
    if not isinstance(event, Event):
        raise TypeError(f"records['event'] holds a {type(event).__name__}, not an Event")

    def build(partial: Path) -> None:
        store = create_event(partial, event)
        try:
            store.put_many(r for name, items in records.items() if name != "event" for r in items)
            if versions:
                with store.transaction():
                    keep_versions(store.conn, versions)
            if meta:
                store.set_meta(meta)
        except sqlite3.IntegrityError as error:
            raise DamagedFile(
                tr("The records point to missing records ({detail}).", detail=error)
            ) from error
        finally:
            store.close()

    return build_in_place(path, build)  # a killed import's part goes with the next one


def _version() -> str:
    return __version__
