"""A lock file beside the event so that two windows or programs do not write one file unknowingly.

`EVENT.recolte.lock` holds who opened the file: user, host, process id, time, and on Linux
the process's start time and the boot id, which tell a live owner from a process id that a
crash freed and the system gave to another program. `owner_state` sorts a lock into:

- stale: its owner no longer runs on this computer (dead, pid reused, rebooted since); taken
  over silently;
- alive: its owner runs here, confirmed; `FileLocked(alive=True)`;
- unconfirmed: another computer (a shared folder), or a platform that cannot tell a reused
  pid; `FileLocked(alive=False)`, which the window offers to open anyway and the command line
  writes with `--force`.

A lock that cannot be written whole (a full disk) is removed and reported as `DiskFull`; a
folder that cannot be written at all (a read-only medium) takes no lock, since nobody can
write the event there either.
"""

from __future__ import annotations

import errno
import getpass
import json
import os
import time
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from facilitator_app.core.errors import DiskFull, FileLocked
from facilitator_app.i18n import tr
from facilitator_app.store.machine import boot_id, host_name, process_alive, process_start_time

__all__ = ["EventLock", "LockOwner", "OwnerState", "lock_path", "owner_state"]

_FULL = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


class OwnerState(Enum):
    STALE = "stale"
    ALIVE = "alive"
    UNCONFIRMED = "unconfirmed"


@dataclass(frozen=True, slots=True)
class LockOwner:
    """What a lock file says about the program that took it."""

    user: str = ""
    host: str = ""
    pid: int | None = None
    since: str = ""
    boot: str | None = None  # /proc/sys/kernel/random/boot_id when it was taken
    started: int | None = None  # the owner's start time, /proc/<pid>/stat field 22

    @classmethod
    def me(cls) -> LockOwner:
        pid = os.getpid()
        return cls(
            user=getpass.getuser(),
            host=host_name(),
            pid=pid,
            since=time.strftime("%Y-%m-%d %H:%M"),
            boot=boot_id(),
            started=process_start_time(pid),
        )

    @classmethod
    def from_json(cls, data: Any) -> LockOwner | None:
        if not isinstance(data, dict):
            return None

        def text(key: str) -> str:
            value = data.get(key)
            return value if isinstance(value, str) else ""

        def number(key: str) -> int | None:
            value = data.get(key)
            return value if isinstance(value, int) and not isinstance(value, bool) else None

        return cls(
            user=text("user"),
            host=text("host"),
            pid=number("pid"),
            since=text("since"),
            boot=text("boot") or None,
            started=number("started"),
        )

    def to_json(self) -> str:
        return json.dumps(
            {
                "user": self.user,
                "host": self.host,
                "pid": self.pid,
                "since": self.since,
                "boot": self.boot,
                "started": self.started,
            },
            ensure_ascii=False,
        )

    def describe(self) -> str:
        """`marie@portable (2026-06-11 09:12)`, for the sentences that name the owner."""
        who = f"{self.user or '?'}@{self.host or '?'}"
        return f"{who} ({self.since})" if self.since else who


def owner_state(owner: LockOwner | None) -> OwnerState:
    """Whether the program that took a lock still runs, as far as this computer can tell."""
    if owner is None or owner.pid is None:
        return OwnerState.STALE  # a lock that was never written whole
    if owner.host != host_name():
        return OwnerState.UNCONFIRMED  # another computer: its processes cannot be seen
    boot = boot_id()
    if owner.boot and boot and owner.boot != boot:
        return OwnerState.STALE  # restarted since: nothing from then still runs
    alive = process_alive(owner.pid)
    if alive is False:
        return OwnerState.STALE
    if alive is None:
        return OwnerState.UNCONFIRMED
    started = process_start_time(owner.pid)
    if owner.started is not None and started is not None:
        # the same pid, started at another time: the owner died and its pid was reused
        return OwnerState.ALIVE if started == owner.started else OwnerState.STALE
    return OwnerState.UNCONFIRMED  # a lock without a start time (older Récolte, no /proc)


def _disk_full(path: Path) -> DiskFull:
    return DiskFull(
        tr("The disk holding {path} is full: free some space, then try again.", path=path)
    )


class EventLock:
    def __init__(self, path: Path) -> None:
        self.event_path = Path(path)
        self.path = lock_path(self.event_path)
        self._held = False

    @property
    def held(self) -> bool:
        return self._held

    def owner(self) -> LockOwner | None:
        try:
            return LockOwner.from_json(json.loads(self.path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            return None

    def acquire(self, *, force: bool = False) -> None:
        """Take the lock. Raises `FileLocked` when a program that may be alive holds it and
        `force` is off (`alive` says whether it is confirmed running here), `DiskFull` when
        not even the lock fits on the disk. A folder that cannot be written takes no lock."""
        me = LockOwner.me()
        data = me.to_json().encode("utf-8")
        for _ in range(3):
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                owner = self.owner()
                state = owner_state(owner)
                if force or state is OwnerState.STALE:
                    self.path.unlink(missing_ok=True)
                    continue
                assert owner is not None
                raise FileLocked(
                    tr("The event is open elsewhere: {who}", who=owner.describe()),
                    owner=owner.describe(),
                    alive=state is OwnerState.ALIVE,
                ) from None
            except OSError as error:
                if error.errno in _FULL:
                    raise _disk_full(self.event_path) from error
                return  # a read-only medium or folder: nobody can write the event there
            try:
                written = os.write(fd, data)
                if written != len(data):
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            except OSError as error:
                os.close(fd)
                self.path.unlink(missing_ok=True)  # never a lock that says nobody
                if error.errno in _FULL:
                    raise _disk_full(self.event_path) from error
                return
            os.close(fd)
            self._held = True
            return

    def release(self) -> None:
        if self._held:
            owner = self.owner()
            if owner and owner.pid == os.getpid() and owner.host == host_name():
                self.path.unlink(missing_ok=True)
            self._held = False
