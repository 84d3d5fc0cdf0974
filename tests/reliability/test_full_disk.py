"""A full disk and a read-only medium, for real: a 2 MB tmpfs mounted for each test (root only).

What a person sees is one sentence, never a traceback; what is on the disk is never a lock
that names nobody, a half-written file or a damaged event:
- opening in the window on a full disk opens read-only and says why, with no lock left;
- `import-json` into a full disk and `export-json` onto it leave no file, not even hidden;
- an edit that cannot be written is said once, the event stays sound (`check`) and keeps every
  edit made before, and writing works again once space is freed;
- a read-only medium: the window opens read-only, takes no lock, and the commands that would
  write say so in one line.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from cli_run import run
from recorded_app import recorded_recolte

from facilitator_app.core.commands import add
from facilitator_app.core.limits import MAX_NOTE_CHARS
from facilitator_app.core.model import Note
from facilitator_app.store import open_event

FILLER = "remplissage.bin"


def one_sentence(result: subprocess.CompletedProcess) -> str:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@dataclass
class Disk:
    """A mounted 2 MB tmpfs."""

    folder: Path

    def fill(self) -> None:
        """Write until the disk says it is full, to the last page."""
        with (self.folder / FILLER).open("ab", buffering=0) as filler:
            for size in (65536, 4096, 512, 1):
                try:
                    while True:
                        filler.write(b"\0" * size)
                except OSError as error:
                    assert error.errno == errno.ENOSPC

    def free(self, size: int) -> None:
        filler = self.folder / FILLER
        os.truncate(filler, max(0, filler.stat().st_size - size))

    def free_bytes(self) -> int:
        info = os.statvfs(self.folder)
        return info.f_bavail * info.f_frsize

    def files(self) -> list[str]:
        return sorted(p.name for p in self.folder.iterdir() if p.name != FILLER)

    def read_only(self) -> None:
        subprocess.run(["mount", "-o", "remount,ro", str(self.folder)], check=True)


def _mount(folder: Path) -> None:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("a full disk is tested on a 2 MB tmpfs, which only root can mount")
    if shutil.which("mount") is None:
        pytest.skip("no mount command to make a 2 MB tmpfs")
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")


@pytest.fixture
def disk(tmp_path, request) -> Disk:
    folder = tmp_path / "clé pleine"
    folder.mkdir()
    _mount(folder)
    request.addfinalizer(lambda: subprocess.run(["umount", "-l", str(folder)], check=False))
    return Disk(folder)


@pytest.fixture
def on_disk(disk, event_file) -> Path:
    """The small event copied onto the tmpfs."""
    path = disk.folder / "rencontres d’été.recolte"
    shutil.copyfile(event_file, path)
    return path


def notes_of(path: Path) -> list[str]:
    with open_event(path, readonly=True) as store:
        return [n.text for s in store.all_sessions() for n in store.session_notes(s.id)]


# -- opening --------------------------------------------------------------------------------


def test_opening_in_the_window_on_a_full_disk_says_it_once_and_leaves_no_lock(
    qapp, qtbot, tmp_path, monkeypatch, disk, on_disk
):
    before = on_disk.read_bytes()
    disk.fill()
    recolte, told = recorded_recolte(qapp, tmp_path, monkeypatch)
    try:
        with qtbot.captureExceptions() as exceptions:
            window = recolte.open_path(on_disk)
        assert exceptions == []
        assert window is not None and not window.document.editable
        assert told.warnings == []
        (sentence,) = told.sentences
        assert "is full" in sentence and str(on_disk) in sentence
        assert "\n" not in sentence and sentence.endswith(".")
        assert disk.files() == [on_disk.name]  # no lock, not even an empty one
        assert window.session_view.session is not None  # the notes can still be read
    finally:
        recolte.quit()
    assert disk.files() == [on_disk.name]
    assert on_disk.read_bytes() == before


def test_a_lock_that_does_not_fit_is_removed(disk, on_disk):
    from facilitator_app.core.errors import DiskFull
    from facilitator_app.store.lock import EventLock

    disk.fill()
    with pytest.raises(DiskFull) as caught:
        EventLock(on_disk).acquire()
    assert "is full" in str(caught.value)
    assert disk.files() == [on_disk.name]


# -- creating and exporting -------------------------------------------------------------------


def test_import_json_into_a_full_disk_leaves_nothing(disk, event_file, tmp_path):
    source = tmp_path / "rencontres.json"
    assert run("export-json", event_file, source).returncode == 0
    disk.fill()
    disk.free(40_000)  # room to start the file, not to finish it
    target = disk.folder / "nouvelle.recolte"
    message = one_sentence(run("import-json", source, target))
    assert "The disk is full" in message and str(target) in message
    assert ".part" not in message
    assert disk.files() == []


def test_export_json_onto_a_full_disk_leaves_no_half_file(disk, event_file):
    disk.fill()
    disk.free(8192)  # less than the export needs
    out = disk.folder / "rencontres.json"
    message = one_sentence(run("export-json", event_file, out))
    assert message == f"facilitator-app: The disk is full: {out} could not be written."
    assert disk.files() == []


def test_a_backup_that_does_not_fit_leaves_nothing(
    qapp, qtbot, tmp_path, monkeypatch, disk, event_file
):
    import facilitator_app.app as app_module

    recolte, told = recorded_recolte(qapp, tmp_path, monkeypatch)
    monkeypatch.setattr(app_module, "_data_dir", lambda: disk.folder)
    try:
        window = recolte.open_path(event_file)
        disk.fill()
        disk.free(20_000)
        recolte._backup(window)
        assert told.sentences == []  # a backup that cannot be made does not disturb the work
        assert list((disk.folder / "backups").iterdir()) == []
    finally:
        recolte.quit()


# -- writing ----------------------------------------------------------------------------------


def test_an_edit_that_hits_a_full_disk_is_said_once_and_the_event_stays_sound(
    qapp, qtbot, tmp_path, monkeypatch, disk, on_disk
):
    disk.fill()
    disk.free(300_000)  # enough to open for writing (-wal, -shm) and type a little
    recolte, told = recorded_recolte(qapp, tmp_path, monkeypatch)
    try:
        window = recolte.open_path(on_disk)
        assert window is not None and window.document.editable
        document = window.document
        session = document.read.all_sessions()[0]
        assert document.push(add(Note(session_id=session.id, text="Avant : « ça tient »")))

        disk.fill()
        big = "Compte rendu très long de la table 3, où l’on a tout noté. " * 1500
        assert len(big) < MAX_NOTE_CHARS
        with qtbot.captureExceptions() as exceptions:
            assert not document.push(add(Note(session_id=session.id, text=big)))
            assert not document.push(add(Note(session_id=session.id, text=big + " (bis)")))
        assert exceptions == []
        (sentence,) = told.sentences  # once, not once per refused write
        assert sentence == f"The disk is full: {on_disk} could not be saved."
        assert window.saved_label.text() == "Not saved"
        assert document.undo_stack.count() == 1

        disk.free(500_000)
        assert document.push(add(Note(session_id=session.id, text="Après : « de la place »")))
        assert window.saved_label.text().startswith("Saved at")
    finally:
        recolte.quit()

    assert disk.files() == [on_disk.name]  # no lock, -wal or -shm left
    check = run("check", on_disk)
    assert check.returncode == 0, check.stderr
    assert "status=ok" in check.stdout
    texts = notes_of(on_disk)
    assert "Avant : « ça tient »" in texts and "Après : « de la place »" in texts
    assert not any(text.startswith("Compte rendu très long") for text in texts)


def test_a_full_disk_refuses_import_csv_in_one_sentence_and_keeps_the_event(
    disk, on_disk, tmp_path
):
    source = tmp_path / "inscrits.csv"
    rows = "".join(f"Personne {n} « {'é' * 200} »;Organisation {n}\n" for n in range(3000))
    source.write_text("Nom;Organisation\n" + rows, encoding="utf-8")
    disk.fill()
    disk.free(150_000)
    message = one_sentence(run("import-csv", on_disk, source))
    assert "is full" in message
    assert disk.files() == [on_disk.name]
    assert run("check", on_disk).returncode == 0


# -- a read-only medium -----------------------------------------------------------------------


def test_a_read_only_medium_opens_read_only_without_a_lock(
    qapp, qtbot, tmp_path, monkeypatch, disk, on_disk
):
    disk.read_only()
    before = on_disk.read_bytes()
    recolte, told = recorded_recolte(qapp, tmp_path, monkeypatch)
    try:
        with qtbot.captureExceptions() as exceptions:
            window = recolte.open_path(on_disk)
        assert exceptions == []
        assert window is not None and not window.document.editable
        (sentence,) = told.sentences
        assert str(on_disk) in sentence and "read-only" in sentence and "\n" not in sentence
        assert disk.files() == [on_disk.name]
    finally:
        recolte.quit()
    assert on_disk.read_bytes() == before

    source = tmp_path / "inscrits.csv"
    source.write_text("Nom\nAnaïs Lefèvre\n", encoding="utf-8")
    message = one_sentence(run("import-csv", on_disk, source))
    assert str(on_disk) in message
    assert on_disk.read_bytes() == before
    assert disk.files() == [on_disk.name]
