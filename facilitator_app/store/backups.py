"""The rolling backups of an event: where they are named, listed, pruned and restored.

The window copies an event into the data folder's `backups/` each time it opens it, as
`STEM-YYYYMMDD-HHMMSS.recolte` (SQLite's backup API, `EventStore.backup_to`), and keeps the
latest of each stem: `BACKUPS_KEPT` unless the person chose another number (Preferences).
This module is the one place that knows that name: `backup_path` makes it, `backups_of`
finds a stem's own (not `STEM-copie`'s), `prune_backups` keeps the latest, `list_backups`
reads each one read-only for the Restore dialog (a damaged one is listed as damaged, with
its sentence), and `restore_backup` copies one into a new file, never over an existing one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from facilitator_app.core.errors import RecolteError
from facilitator_app.store.files import open_event
from facilitator_app.store.part_files import build_in_place

__all__ = [
    "BACKUPS_KEPT",
    "BACKUPS_KEPT_RANGE",
    "kept_count",
    "BackupInfo",
    "backup_path",
    "backups_of",
    "prune_backups",
    "list_backups",
    "restore_backup",
]

BACKUPS_KEPT = 10  # the default; a person may choose another number within the range below
BACKUPS_KEPT_RANGE = (1, 50)
_STAMP = "%Y%m%d-%H%M%S"


def _pattern(stem: str) -> re.Pattern[str]:
    return re.compile(re.escape(stem) + r"-(\d{8}-\d{6})\.recolte")


def backup_path(folder: Path, stem: str, when: datetime) -> Path:
    """The backup of the event `stem` made at `when`."""
    return Path(folder) / f"{stem}-{when.strftime(_STAMP)}.recolte"


def backups_of(folder: Path, stem: str) -> list[Path]:
    """The backups of the event `stem` in `folder`, oldest first."""
    own = _pattern(stem)
    try:
        names = [p for p in Path(folder).iterdir() if own.fullmatch(p.name)]
    except OSError:
        return []
    return sorted(names, key=lambda p: p.name)


def kept_count(keep: int) -> int:
    """`keep` brought into `BACKUPS_KEPT_RANGE`: the latest backup is always kept."""
    low, high = BACKUPS_KEPT_RANGE
    return min(max(int(keep), low), high)


def prune_backups(folder: Path, stem: str, *, keep: int = BACKUPS_KEPT) -> None:
    """Remove all but the `keep` latest backups of `stem` (at least one is kept)."""
    for path in backups_of(folder, stem)[: -kept_count(keep)]:
        path.unlink(missing_ok=True)


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """One backup as the Restore dialog lists it."""

    path: Path
    made: datetime
    size: int  # bytes
    notes: int | None = None  # live notes; None when it could not be read
    sessions: int | None = None
    title: str = ""
    problem: str | None = None  # why it cannot be restored (one sentence), or None

    @property
    def damaged(self) -> bool:
        return self.problem is not None


def list_backups(folder: Path, stem: str, *, event_id: str | None = None) -> list[BackupInfo]:
    """The backups of `stem`, newest first, each read read-only; with `event_id`, a backup
    of another event that happens to share the name is left out (a damaged one, which
    cannot say, is listed as damaged)."""
    found: list[BackupInfo] = []
    own = _pattern(stem)
    for path in reversed(backups_of(folder, stem)):
        match = own.fullmatch(path.name)
        assert match is not None
        made = datetime.strptime(match.group(1), _STAMP)
        info, other = _read_checked(path, made, event_id)
        if not other:
            found.append(info)
    return found


def _read_checked(path: Path, made: datetime, event_id: str | None) -> tuple[BackupInfo, bool]:
    """The backup's description, and whether it belongs to another event than `event_id`."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    try:
        with open_event(path, readonly=True) as store:
            event = store.event()
            counts = store.counts()
    except RecolteError as error:
        return BackupInfo(path, made, size, problem=str(error)), False
    info = BackupInfo(path, made, size, counts["notes"], counts["sessions"], event.title)
    return info, event_id is not None and event.id != event_id


def restore_backup(backup: Path, target: Path) -> Path:
    """Copy `backup` into the new event file `target` (never over an existing file): built
    under a hidden name beside it and renamed at the end, so a failure leaves nothing."""
    with open_event(backup, readonly=True) as store:
        return build_in_place(target, store.backup_to)
