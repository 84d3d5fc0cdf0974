"""A lock file beside the event so that two windows or programs do not write one file unknowingly.

`EVENT.recolte.lock` holds who opened the file (user, host, process id, time). A lock left
by a process that no longer runs on this computer is stale and taken over silently; a live
one raises `FileLocked`, which the GUI turns into a question ("open anyway?").
"""

from __future__ import annotations

import getpass
import json
import os
import time
from pathlib import Path

from facilitator_app.core.errors import FileLocked
from facilitator_app.i18n import tr

__all__ = ["EventLock", "lock_path"]


def _host() -> str:
    return os.uname().nodename if hasattr(os, "uname") else os.environ.get("COMPUTERNAME", "")


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class EventLock:
    def __init__(self, path: Path) -> None:
        self.path = lock_path(path)
        self._held = False

    def _read_owner(self) -> dict[str, object] | None:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def _is_stale(self, owner: dict[str, object] | None) -> bool:
        if owner is None:
            return True
        if owner.get("host") != _host():
            return False  # another computer (a shared folder): trust it
        pid = owner.get("pid")
        return not isinstance(pid, int) or not _process_alive(pid)

    def acquire(self, *, force: bool = False) -> None:
        """Take the lock; raises FileLocked when someone else holds it and `force` is off."""
        me = {
            "user": getpass.getuser(),
            "host": _host(),
            "pid": os.getpid(),
            "since": time.strftime("%Y-%m-%d %H:%M"),
        }
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                owner = self._read_owner()
                if force or self._is_stale(owner):
                    self.path.unlink(missing_ok=True)
                    continue
                who = f"{owner.get('user')}@{owner.get('host')} ({owner.get('since')})"
                raise FileLocked(
                    tr("The event is open elsewhere: {who}", who=who), owner=who
                ) from None
            except OSError:
                return  # read-only folder: nobody else can write there either
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(me, handle)
            self._held = True
            return

    def release(self) -> None:
        if self._held:
            owner = self._read_owner()
            if owner and owner.get("pid") == os.getpid():
                self.path.unlink(missing_ok=True)
            self._held = False
