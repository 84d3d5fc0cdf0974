"""EventLock: two windows or programs never write one event unknowingly."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator_app.core.errors import FileLocked
from facilitator_app.store.lock import EventLock, OwnerState, lock_path, owner_state


@pytest.fixture
def event(tmp_path):
    path = tmp_path / "rencontres été.recolte"
    path.write_bytes(b"")  # the lock does not read the event itself
    return path


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def write_lock(event, **owner) -> None:
    lock_path(event).write_text(json.dumps(owner), encoding="utf-8")


def test_lock_file_sits_beside_the_event_and_says_who(event):
    lock = EventLock(event)
    lock.acquire()
    path = event.with_name("rencontres été.recolte.lock")
    assert path.exists()
    owner = json.loads(path.read_text(encoding="utf-8"))
    assert owner["pid"] == os.getpid() and owner["host"] == socket.gethostname()
    assert owner["user"] and owner["since"]
    lock.release()
    assert not path.exists()


def test_second_acquire_raises_file_locked(event):
    first = EventLock(event)
    first.acquire()
    with pytest.raises(FileLocked) as caught:
        EventLock(event).acquire()
    assert caught.value.owner and socket.gethostname() in caught.value.owner
    assert "\n" not in str(caught.value)
    first.release()
    second = EventLock(event)
    second.acquire()  # free again once released
    second.release()


def test_lock_held_by_another_running_program(event):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path;"
            "from facilitator_app.store.lock import EventLock;"
            "lock = EventLock(Path(sys.argv[1])); lock.acquire(); print('pris', flush=True);"
            "sys.stdin.readline(); lock.release()",
            str(event),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "pris"
        with pytest.raises(FileLocked):
            EventLock(event).acquire()
    finally:
        holder.communicate("\n", timeout=10)
    assert not lock_path(event).exists()
    mine = EventLock(event)
    mine.acquire()
    mine.release()


def test_stale_lock_of_a_dead_process_is_taken_over(event):
    write_lock(
        event, user="quelqu’un", host=socket.gethostname(), pid=dead_pid(), since="2026-06-11 09:00"
    )
    lock = EventLock(event)
    lock.acquire()
    assert json.loads(lock_path(event).read_text(encoding="utf-8"))["pid"] == os.getpid()
    lock.release()
    assert not lock_path(event).exists()


def test_unreadable_lock_file_is_taken_over(event):
    lock_path(event).write_text("", encoding="utf-8")  # a crash while the lock was written
    lock = EventLock(event)
    lock.acquire()
    assert json.loads(lock_path(event).read_text(encoding="utf-8"))["pid"] == os.getpid()
    lock.release()


def test_lock_from_another_computer_is_trusted_unless_forced(event):
    write_lock(
        event,
        user="camille",
        host="portable-de-camille.invalid",
        pid=dead_pid(),
        since="2026-06-11 09:00",
    )
    with pytest.raises(FileLocked) as caught:
        EventLock(event).acquire()
    assert "camille@portable-de-camille.invalid" in caught.value.owner
    lock = EventLock(event)
    lock.acquire(force=True)  # "open anyway"
    assert json.loads(lock_path(event).read_text(encoding="utf-8"))["pid"] == os.getpid()
    lock.release()


def test_release_does_not_remove_someone_elses_lock(event):
    lock = EventLock(event)
    lock.acquire()
    write_lock(event, user="autre", host="ailleurs.invalid", pid=1, since="x")  # forced over
    lock.release()
    assert lock_path(event).exists()


def test_release_without_acquire_is_harmless(event):
    EventLock(event).release()
    assert not lock_path(event).exists()


# -- who is alive: a reused pid, another boot, another computer ------------------------------

linux_only = pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="process start times come from /proc (Linux)"
)


@pytest.fixture
def other_process():
    """A live process on this computer, other than the test."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield process.pid
    process.kill()
    process.wait()


def start_time(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[19])


@linux_only
def test_lock_records_the_boot_and_the_process_start_time(event):
    lock = EventLock(event)
    lock.acquire()
    owner = json.loads(lock_path(event).read_text(encoding="utf-8"))
    assert owner["boot"] == Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    assert owner["started"] == start_time(os.getpid())
    lock.release()


@linux_only
def test_a_pid_reused_by_another_program_is_a_stale_lock(event, other_process):
    """The owner crashed; its pid now belongs to another live program: taken over silently."""
    write_lock(
        event,
        user="marie",
        host=socket.gethostname(),
        pid=other_process,
        since="2026-06-11 09:00",
        boot=Path("/proc/sys/kernel/random/boot_id").read_text().strip(),
        started=start_time(other_process) - 500,  # the owner started earlier than this one
    )
    lock = EventLock(event)
    lock.acquire()
    assert json.loads(lock_path(event).read_text(encoding="utf-8"))["pid"] == os.getpid()
    lock.release()


@linux_only
def test_a_lock_from_before_the_last_restart_is_stale(event, other_process):
    write_lock(
        event,
        user="marie",
        host=socket.gethostname(),
        pid=other_process,
        since="2026-06-11 09:00",
        boot="00000000-0000-0000-0000-000000000000",
        started=start_time(other_process),
    )
    lock = EventLock(event)
    lock.acquire()
    lock.release()


@linux_only
def test_a_live_owner_on_this_computer_is_confirmed_alive(event, other_process):
    write_lock(
        event,
        user="marie",
        host=socket.gethostname(),
        pid=other_process,
        since="2026-06-11 09:00",
        boot=Path("/proc/sys/kernel/random/boot_id").read_text().strip(),
        started=start_time(other_process),
    )
    with pytest.raises(FileLocked) as caught:
        EventLock(event).acquire()
    assert caught.value.alive is True
    assert caught.value.owner == f"marie@{socket.gethostname()} (2026-06-11 09:00)"
    assert owner_state(EventLock(event).owner()) is OwnerState.ALIVE


def test_a_lock_without_start_time_on_a_live_pid_cannot_be_confirmed(event, other_process):
    """An older Récolte's lock, or a system without /proc: the pid alone proves nothing."""
    write_lock(event, user="marie", host=socket.gethostname(), pid=other_process, since="09:00")
    with pytest.raises(FileLocked) as caught:
        EventLock(event).acquire()
    assert caught.value.alive is False
    lock = EventLock(event)
    lock.acquire(force=True)
    lock.release()
    assert not lock_path(event).exists()


def test_a_lock_from_another_computer_cannot_be_confirmed(event):
    write_lock(event, user="camille", host="portable-de-camille.invalid", pid=4242, since="x")
    with pytest.raises(FileLocked) as caught:
        EventLock(event).acquire()
    assert caught.value.alive is False


def test_our_own_live_lock_is_confirmed_alive(event):
    first = EventLock(event)
    first.acquire()
    try:
        with pytest.raises(FileLocked) as caught:
            EventLock(event).acquire()
        assert caught.value.alive is (Path("/proc/self/stat").exists())
    finally:
        first.release()


def test_a_lock_file_of_garbage_is_stale(event):
    lock_path(event).write_text('{"pid": "douze", "host": 3}', encoding="utf-8")
    lock = EventLock(event)
    lock.acquire()
    lock.release()
