"""Opening an event whose lock another program holds, as the window asks about it.

The application (`Recolte`) and its recorded modals come from test_app.py; here the real lock
question is shown (its `exec` answers with a chosen button) so that its sentences are read.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from test_app import data_dir, lock_owner, modals, recolte  # noqa: F401

from facilitator_app.app import Recolte
from facilitator_app.store.lock import lock_path

REAL_ASK = Recolte._ask_locked
BOOT = Path("/proc/sys/kernel/random/boot_id")
linux_only = pytest.mark.skipif(not BOOT.exists(), reason="start times come from /proc (Linux)")


@pytest.fixture
def sleeper():
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield process.pid
    process.kill()
    process.wait()


def start_time(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[19])


@pytest.fixture
def asked(monkeypatch) -> list[dict]:
    """The real lock question; each `exec` is recorded and answered with `answer`'s button."""
    questions: list[dict] = []

    def fake_exec(box: QMessageBox) -> int:
        question = {
            "text": box.text(),
            "informative": box.informativeText(),
            "buttons": [b.text() for b in box.buttons()],
            "default": box.defaultButton().text(),
        }
        questions.append(question)
        wanted = questions_answer[0]
        next(b for b in box.buttons() if b.text() == wanted).click()
        return 0

    questions_answer = ["Open anyway"]
    monkeypatch.setattr(Recolte, "_ask_locked", REAL_ASK)
    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return questions


def test_a_lock_from_another_computer_offers_open_anyway_with_the_risk(
    recolte,  # noqa: F811
    event_path,
    asked,
):
    owner = {"user": "camille", "host": "portable.invalid", "pid": 4242, "since": "09:12"}
    lock_path(event_path).write_text(json.dumps(owner), encoding="utf-8")
    window = recolte.open_path(event_path)

    (question,) = asked
    assert "camille@portable.invalid (09:12)" in question["text"]
    assert "cannot tell whether that program is still running" in question["text"]
    risk = question["informative"]
    assert risk.count(".") == 1 and risk.endswith(".")  # one sentence
    assert "can be lost" in risk
    assert {"Open read-only", "Open anyway", "Cancel"} <= set(question["buttons"])
    assert question["default"] == "Open read-only"
    assert window is not None and window.document.editable
    assert lock_owner(event_path)["pid"] == os.getpid()


@linux_only
def test_a_live_owner_on_this_computer_is_named_as_such(
    recolte,  # noqa: F811
    event_path,
    asked,
    sleeper,
):
    owner = {
        "user": "marie",
        "host": socket.gethostname(),
        "pid": sleeper,
        "since": "09:12",
        "boot": BOOT.read_text().strip(),
        "started": start_time(sleeper),
    }
    lock_path(event_path).write_text(json.dumps(owner), encoding="utf-8")
    window = recolte.open_path(event_path)
    (question,) = asked
    assert "open in another window or program on this computer" in question["text"]
    assert question["informative"].count(".") == 1
    assert window is not None


@linux_only
def test_a_pid_reused_after_a_crash_opens_without_a_question(
    recolte,  # noqa: F811
    modals,  # noqa: F811
    event_path,
    sleeper,
):
    owner = {
        "user": "marie",
        "host": socket.gethostname(),
        "pid": sleeper,
        "since": "09:12",
        "boot": BOOT.read_text().strip(),
        "started": start_time(sleeper) - 700,
    }
    lock_path(event_path).write_text(json.dumps(owner), encoding="utf-8")
    window = recolte.open_path(event_path)
    assert modals.lock_questions == []  # the recorder fails on a question: none was asked
    assert window is not None and window.document.editable
    assert lock_owner(event_path)["pid"] == os.getpid()


def test_opening_on_a_read_only_medium_leaves_no_lock(
    recolte,  # noqa: F811
    modals,  # noqa: F811
    event_path,
):
    """A folder nobody can write: the lock is not taken, the event opens read-only."""
    if os.geteuid() == 0:
        pytest.skip("root writes anywhere: tests/reliability/test_full_disk.py mounts read-only")
    folder = event_path.parent
    os.chmod(folder, 0o555)
    try:
        window = recolte.open_path(event_path)
        assert window is not None and not window.document.editable
        assert not lock_path(event_path).exists()
        assert len(modals.informations) == 1
    finally:
        os.chmod(folder, 0o755)
