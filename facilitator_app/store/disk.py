"""What a write the disk refuses means to a person, and removing an event file.

SQLite says "database or disk is full" or "attempt to write a readonly database"; a person
is told, in one sentence, which file could not be saved and why (`write_error`), of the file
they named even when it was built under a hidden name (`said_of`). An event file is removed
with its SQLite side files (`remove_event_file`).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from facilitator_app.core.errors import DiskFull, ReadOnlyFile
from facilitator_app.i18n import tr

__all__ = ["write_error", "said_of", "remove_event_file"]


def _refused(path: Path, *, full: bool) -> ReadOnlyFile:
    if full:
        return DiskFull(tr("The disk is full: {path} could not be saved.", path=path))
    return ReadOnlyFile(tr("{path} cannot be written (read-only file or folder).", path=path))


def write_error(path: Path, error: sqlite3.Error) -> ReadOnlyFile:
    """The sentence for a write of `path` that SQLite refused."""
    return _refused(path, full="full" in str(error).lower())


def said_of(path: Path, error: ReadOnlyFile) -> ReadOnlyFile:
    """The same failure, said of `path` (a file built under a hidden name, then renamed)."""
    return _refused(path, full=isinstance(error, DiskFull))


def remove_event_file(path: str | Path) -> None:
    """Delete an event file with its SQLite side files (-wal, -shm), if there."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
