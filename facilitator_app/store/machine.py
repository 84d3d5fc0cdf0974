"""This computer and its processes, as the lock file and the `.part` files need them: the
computer's name, this boot of it, and whether a process id still names a running program."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["host_name", "boot_id", "process_alive", "process_start_time"]


def host_name() -> str:
    """This computer's name (no socket is opened: the system says it)."""
    return os.uname().nodename if hasattr(os, "uname") else os.environ.get("COMPUTERNAME", "")


def boot_id() -> str | None:
    """This boot of this computer (Linux); None where the system does not say."""
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
    except OSError:
        return None


def process_start_time(pid: int) -> int | None:
    """When process `pid` started, in clock ticks since boot (Linux); None if unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace")
        # "pid (command name) state ppid …": the name may hold spaces and parentheses
        return int(stat.rpartition(")")[2].split()[19])
    except (OSError, ValueError, IndexError):
        return None


def process_alive(pid: int) -> bool | None:
    """Whether a process `pid` runs here; None where it cannot be asked safely."""
    if os.name == "nt" or pid <= 0:
        return None  # os.kill(pid, 0) would terminate the process on Windows
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    except (OSError, OverflowError):
        return None
    return True
