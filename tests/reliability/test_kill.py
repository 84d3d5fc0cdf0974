"""SIGKILL of a real window while it types: the file stays sound and loses under a second.

Twenty times, a real Récolte window (a subprocess, offscreen, with its own home and data
folders) opens a real event file and types notes into the capture box, a key every 40 ms
and Enter after each note (`typing_window.py`); at a random moment of its first 2.6 s
of typing (fixed seed) it is killed with SIGKILL, as a battery death or `kill -9` would.
Then `facilitator-app check` must pass on the file, and what the file holds (the notes, then
the capture box's draft) must be the text typed up to at most one second before the kill.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import facilitator_app
from facilitator_app.core.model import Event, Session
from facilitator_app.store import create_event, open_event
from facilitator_app.store.drafts import load_draft

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is a POSIX signal")

HERE = Path(__file__).resolve().parent
ROOT = Path(facilitator_app.__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))
from typing_window import typing_stream  # noqa: E402

RUNS = 20
INTERVAL_MS = 40
LONGEST_LOSS_MS = 1000
SEED = 20260611


def environment(home: Path) -> dict[str, str]:
    """A window that touches nothing of the user's: its own home, settings and data."""
    return {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "QT_QPA_PLATFORM": "offscreen",
        "LANGUAGE": "en",
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def new_event(path: Path) -> str:
    store = create_event(path, Event(title="Fiabilité"))
    session = store.put(
        Session(title="Plénière", kind="plenary", day="2026-06-11", start="09:00", end="10:00")
    )
    store.close()
    return session.id


class Typist:
    """The window process and the lines it printed, read as they come."""

    def __init__(self, event: Path, home: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(HERE / "typing_window.py"), str(event), str(INTERVAL_MS)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=environment(home),
            cwd=home,
        )
        self.ready = threading.Event()
        self.typed: dict[int, float] = {}  # index in the stream → time it was handled
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.strip() == "ready":
                self.ready.set()
            elif len(fields := line.split()) == 2:  # not a line cut by the kill
                self.typed[int(fields[0])] = float(fields[1])
        self.ready.set()  # the process ended: never wait for ever

    def kill(self) -> float:
        os.kill(self.process.pid, signal.SIGKILL)
        killed_at = time.time()
        self.process.wait(timeout=30)
        self._reader.join(timeout=30)  # the lines printed before the kill, all of them
        return killed_at


def kept_text(path: Path, session_id: str) -> str:
    """What the file holds of the typing: each note and its Enter, then the box's draft."""
    with open_event(path, readonly=True) as store:
        notes = store.session_notes(session_id)
        draft = load_draft(store, "capture")
    return "".join(note.text + "\n" for note in notes) + (draft.text if draft else "")


def common_prefix(a: str, b: str) -> int:
    size = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        size += 1
    return size


def one_run(folder: Path, typist: Typist, session_id: str, killed_at: float, stream: str):
    """Check the killed window's file (in the background), and measure what it lost."""
    event = folder / "fiabilite.recolte"
    check = subprocess.Popen(
        [sys.executable, "-m", "facilitator_app", "check", str(event)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=environment(folder),
    )
    kept = kept_text(event, session_id)
    saved = common_prefix(kept, stream)
    assert saved == len(kept), f"{folder.name}: the file holds text never typed: {kept!r}"
    assert typist.typed, f"{folder.name}: nothing was typed before the kill"
    typed = max(typist.typed) + 1
    # from the first keystroke missing in the file to the kill
    lost_ms = 0.0 if saved >= typed else (killed_at - typist.typed[saved]) * 1000
    return check, lost_ms, typed, saved


def test_sigkill_while_typing_loses_under_a_second_and_leaves_a_sound_file(tmp_path):
    """Two windows at a time (the runs are independent; two cores), killed apart."""
    stream = typing_stream()
    rng = random.Random(SEED)
    runs = []
    for pair in range(0, RUNS, 2):
        started = []
        for run in (pair, pair + 1):
            folder = tmp_path / f"run{run:02d}"
            folder.mkdir()
            session_id = new_event(folder / "fiabilite.recolte")
            started.append((folder, Typist(folder / "fiabilite.recolte", folder), session_id))
        for folder, typist, _ in started:
            assert typist.ready.wait(timeout=60), f"{folder.name}: the window did not start"
            assert typist.process.poll() is None, f"{folder.name}: the window stopped"
        begin = time.monotonic()
        deadlines = sorted((rng.uniform(0.2, 2.6), index) for index in range(2))
        for delay, index in deadlines:
            time.sleep(max(0.0, begin + delay - time.monotonic()))
            folder, typist, session_id = started[index]
            killed_at = typist.kill()
            runs.append(one_run(folder, typist, session_id, killed_at, stream))

    checked = [(check.communicate(timeout=120)[0], check.returncode) for check, *_ in runs]
    sound = sum(code == 0 for _, code in checked)
    worst = max(lost for _, lost, *_ in runs)
    notes = sum(stream[:saved].count("\n") for *_, saved in runs)
    print(
        f"\nSIGKILL while typing: {sound}/{RUNS} files pass check; worst typing lost "
        f"{worst:.0f} ms; {notes} notes committed; keys typed/kept per run: "
        + ", ".join(f"{typed}/{saved}" for _, _, typed, saved in runs)
    )
    assert sound == RUNS, [output for output, code in checked if code != 0]
    assert worst <= LONGEST_LOSS_MS, [lost for _, lost, *_ in runs]
