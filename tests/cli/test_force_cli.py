"""The commands that write an event (`merge`, `import-csv`, `plan-rotation`) and its lock.

A lock whose owner is gone (its pid reused by another program) does not block them; one whose
owner cannot be confirmed alive (another computer, an older lock) or is alive is refused in
one sentence that names `--force`; `--force` writes anyway and says the risk in one line.
"""

from __future__ import annotations

import hashlib
import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from cli_run import one_line_error, run

from facilitator_app.core.model import Participant, Seat
from facilitator_app.store import open_event
from facilitator_app.store.lock import EventLock, lock_path

BOOT = Path("/proc/sys/kernel/random/boot_id")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def other_process():
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    yield process.pid
    process.kill()
    process.wait()


@pytest.fixture
def csv_file(tmp_path) -> Path:
    path = tmp_path / "inscrits.csv"
    path.write_text("Nom;Organisation\nAnaïs Lefèvre;La Tréso\n", encoding="utf-8")
    return path


@pytest.fixture
def copy_of(event_file, tmp_path) -> Path:
    """A hand copy of the event with one more participant, to merge back."""
    copy = tmp_path / "copie.recolte"
    copy.write_bytes(event_file.read_bytes())
    with open_event(copy) as store:
        store.put(Participant(name="Noé Bréhat"))
    return copy


def cafe_id(event: Path) -> str:
    with open_event(event, readonly=True) as store:
        return next(s.id for s in store.all_sessions() if s.kind == "world_cafe")


def commands(event: Path, csv_file: Path, copy: Path) -> dict[str, list]:
    return {
        "import-csv": ["import-csv", event, csv_file],
        "merge": ["merge", event, copy],
        "plan-rotation": ["plan-rotation", event, cafe_id(event), "--time-limit", 1],
    }


def written(name: str, event: Path) -> bool:
    with open_event(event, readonly=True) as store:
        if name == "import-csv":
            return "Anaïs Lefèvre" in {p.name for p in store.all(Participant)}
        if name == "merge":
            return "Noé Bréhat" in {p.name for p in store.all(Participant)}
        return bool(store.all(Seat))


def start_time(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[19])


NAMES = ["import-csv", "merge", "plan-rotation"]


@pytest.mark.parametrize("name", NAMES)
def test_a_lock_from_another_computer_is_refused_naming_force(name, event_file, csv_file, copy_of):
    owner = {"user": "camille", "host": "portable-de-camille.invalid", "pid": 4242}
    lock_path(event_file).write_text(json.dumps({**owner, "since": "2026-06-12 09:00"}))
    before = digest(event_file)
    args = commands(event_file, csv_file, copy_of)[name]

    message = one_line_error(run(*args))
    assert "camille@portable-de-camille.invalid" in message
    assert "cannot be confirmed" in message and "--force" in message
    assert digest(event_file) == before
    assert json.loads(lock_path(event_file).read_text())["user"] == "camille"

    result = run(*args, "--force")
    assert result.returncode == 0, result.stderr
    warning = result.stderr.strip().splitlines()
    assert len(warning) == 1 and "Traceback" not in result.stderr
    assert warning[0].startswith("facilitator-app: warning:")
    assert "camille@portable-de-camille.invalid" in warning[0] and "lost" in warning[0]
    assert written(name, event_file)
    assert not lock_path(event_file).exists()  # taken over, then released


@pytest.mark.parametrize("name", NAMES)
def test_a_pid_now_used_by_another_program_does_not_block(
    name, event_file, csv_file, copy_of, other_process
):
    """The owner crashed and the system gave its pid to another program: stale, no --force."""
    if not BOOT.exists():
        pytest.skip("process start times come from /proc (Linux)")
    owner = {
        "user": "marie",
        "host": socket.gethostname(),
        "pid": other_process,
        "since": "2026-06-12 09:00",
        "boot": BOOT.read_text().strip(),
        "started": start_time(other_process) - 1000,
    }
    lock_path(event_file).write_text(json.dumps(owner))
    result = run(*commands(event_file, csv_file, copy_of)[name])
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert written(name, event_file)
    assert not lock_path(event_file).exists()


@pytest.mark.parametrize("name", NAMES)
def test_a_live_owner_is_refused_and_force_says_the_stronger_risk(
    name, event_file, csv_file, copy_of
):
    lock = EventLock(event_file)  # this test process, alive, as an open window would be
    lock.acquire()
    try:
        before = digest(event_file)
        args = commands(event_file, csv_file, copy_of)[name]
        message = one_line_error(run(*args))
        assert "open elsewhere" in message and "--force" in message
        if BOOT.exists():
            assert "still running" in message and "close it first" in message
        assert digest(event_file) == before

        result = run(*args, "--force")
        assert result.returncode == 0, result.stderr
        (warning,) = result.stderr.strip().splitlines()
        if BOOT.exists():
            assert "still has" in warning and "either side" in warning
        assert written(name, event_file)
    finally:
        lock.release()


def test_force_without_a_lock_says_nothing(event_file, csv_file):
    result = run("import-csv", event_file, csv_file, "--force")
    assert result.returncode == 0 and result.stderr == ""
    assert not lock_path(event_file).exists()


def test_force_is_in_the_help_of_each_writing_command():
    for name in NAMES:
        result = run(name, "--help")
        assert "--force" in result.stdout, name
