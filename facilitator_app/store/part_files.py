"""The temporary `.part` files an event file is built in before it is renamed into place
(import-json, a note-taker copy), and the removal of those a killed writer left behind.

A part is named after its target, the process that writes it and that process's computer:
`.NAME.<pid>@<host>.part`. Each writer, as it starts, removes the parts in its folder whose
writer is gone: same computer, process no longer running. A part of a live process, or of
another computer (a shared folder), is never touched. Their SQLite side files (-wal, -shm,
-journal) go with them. The unnamed `.NAME.part` of earlier versions is removed when NAME is
written again, as before.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable
from pathlib import Path

from facilitator_app.core.errors import AlreadyExists, ReadOnlyFile
from facilitator_app.i18n import tr
from facilitator_app.store.disk import remove_event_file, said_of
from facilitator_app.store.machine import host_name, process_alive

__all__ = ["part_path", "remove_stale_parts", "build_in_place"]

_PART = re.compile(
    r"\.(?P<name>.+)\.(?P<pid>\d{1,10})@(?P<host>[^@/\\]*)\.part(?:-wal|-shm|-journal)?"
)
_SIDE_FILES = ("", "-wal", "-shm", "-journal")
_ENDINGS = tuple(".part" + suffix for suffix in _SIDE_FILES)


def _safe_host() -> str:
    """This computer's name as it can stand in a file name."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", host_name())


def remove_stale_parts(folder: Path) -> list[Path]:
    """Remove the parts in `folder` left by writers of this computer that no longer run;
    returns the part files removed. Never raises: a folder that can't be read is left."""
    removed: list[Path] = []
    host = _safe_host()
    try:
        entries = [entry.name for entry in os.scandir(folder) if entry.name.endswith(_ENDINGS)]
    except OSError:
        return removed
    for name in entries:
        match = _PART.fullmatch(name)
        if match is None or match["host"] != host or process_alive(int(match["pid"])) is not False:
            continue
        try:
            (folder / name).unlink()
        except OSError:  # gone meanwhile, or not ours to remove
            continue
        if name.endswith(".part"):
            removed.append(folder / name)
    return removed


def part_path(target: Path) -> Path:
    """Where this process builds `target` before renaming it: `.NAME.<pid>@<host>.part`
    beside it. Stale parts of the folder, and the unnamed part an earlier version may have
    left for `target`, are removed first."""
    target = Path(target)
    remove_stale_parts(target.parent)
    for suffix in _SIDE_FILES:
        with contextlib.suppress(OSError):  # a read-only folder: the write that follows says so
            target.with_name(f".{target.name}.part{suffix}").unlink(missing_ok=True)
    return target.with_name(f".{target.name}.{os.getpid()}@{_safe_host()}.part")


def build_in_place(target: str | Path, build: Callable[[Path], None]) -> Path:
    """Make the event file `target` with `build(part)` under its part name, then rename it
    into place: never over an existing file, nothing left behind when building fails (a
    full disk, a bad reference, a crash), and a failure to write said of `target`, the file
    the person named (import-json, a note-taker copy, a restored backup)."""
    target = Path(target)
    if target.exists():
        raise AlreadyExists(tr("{path} already exists; choose another name.", path=target))
    partial = part_path(target)
    remove_event_file(partial)
    try:
        build(partial)
        if target.exists():
            raise AlreadyExists(tr("{path} already exists; choose another name.", path=target))
        os.replace(partial, target)
    except ReadOnlyFile as error:
        remove_event_file(partial)
        raise said_of(target, error) from error
    except BaseException:
        remove_event_file(partial)
        raise
    return target
