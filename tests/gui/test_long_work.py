"""Long work off the GUI thread: a large spreadsheet is read, checked and imported on the
thread pool with a progress bar, and note-taker copies are written there; Cancel leaves
nothing half-done (no partial import, no partial copy)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from facilitator_app.core.model import Participant
from facilitator_app.gui.dialogs import copies_dialog, import_dialog
from facilitator_app.gui.dialogs.copies_dialog import CopiesDialog
from facilitator_app.gui.dialogs.import_dialog import ImportDialog
from facilitator_app.store import open_event


def people_file(path: Path, rows: int) -> Path:
    lines = ["Prénom;Nom;Organisation;Courriel"]
    lines += [f"Inès;Participante {n};Tiers-lieu {n % 40};ines.{n}@exemple.fr" for n in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return path


def participants_in(path) -> int:
    with open_event(path, readonly=True) as store:
        return len(store.all(Participant))


@pytest.fixture
def threads(monkeypatch):
    """The threads the spreadsheet was read and the rows checked on."""
    seen: dict[str, str] = {}
    read, plan = import_dialog.read_table, import_dialog.plan_import

    def reading(*args, **kwargs):
        seen["read"] = threading.current_thread().name
        return read(*args, **kwargs)

    def planning(*args, **kwargs):
        seen.setdefault("plan", threading.current_thread().name)
        return plan(*args, **kwargs)

    monkeypatch.setattr(import_dialog, "read_table", reading)
    monkeypatch.setattr(import_dialog, "plan_import", planning)
    return seen


def test_a_large_import_runs_on_the_thread_pool_and_is_one_undo_step(
    qtbot, document, event_path, tmp_path, threads
):
    before = participants_in(event_path)
    dialog = ImportDialog(document)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.load(people_file(tmp_path / "inscriptions.csv", 5_000))  # 5,000 rows, 250 KB
    assert dialog.progress.isVisible()  # reading or checking
    qtbot.waitUntil(lambda: dialog.plan is not None and dialog.job is None, timeout=60_000)
    assert threads["read"] != threading.main_thread().name
    assert threads["plan"] != threading.main_thread().name
    assert not dialog.progress.isVisible()
    assert dialog.summary.text().startswith("To add: 5000")
    assert dialog.import_button.isEnabled()

    with qtbot.waitSignal(document.changed, timeout=60_000):
        dialog.accept()
        assert dialog.progress.isVisible() and not dialog.path.isEnabled()
        assert not document.editable  # no edit of the window meets the import's writing
    assert document.editable
    assert dialog.result() == ImportDialog.DialogCode.Accepted
    assert participants_in(event_path) == before + 5_000
    assert len(document.read.all_participants()) == before + 5_000  # the window sees them
    assert document.undo_stack.count() == 1
    assert document.undo_stack.undoText() == "Import participants"
    document.undo_stack.undo()
    assert participants_in(event_path) == before
    document.undo_stack.redo()
    assert participants_in(event_path) == before + 5_000


def test_cancelling_an_import_writes_nothing(qtbot, document, event_path, tmp_path):
    before = participants_in(event_path)
    dialog = ImportDialog(document)
    qtbot.addWidget(dialog)
    dialog.load(people_file(tmp_path / "inscriptions.csv", 20_000))
    qtbot.waitUntil(lambda: dialog.plan is not None and dialog.job is None, timeout=60_000)
    dialog.accept()
    assert dialog.job is not None
    dialog.reject()  # Cancel, while the import is planned again and written
    assert dialog.summary.text() == "Cancelling…"
    qtbot.waitUntil(lambda: dialog.job is None, timeout=60_000)
    assert dialog.problems.text() == "Import cancelled: nothing was imported."
    assert dialog.result() != ImportDialog.DialogCode.Accepted
    assert participants_in(event_path) == before
    assert document.undo_stack.count() == 0
    assert dialog.import_button.isEnabled()  # it can be tried again
    dialog.reject()  # and Cancel now closes


def test_cancel_while_the_rows_are_written_rolls_them_back(qtbot, document, event_path, tmp_path):
    """Cancel reaches into the SQL that writes (a progress handler interrupts it): the
    transaction is rolled back."""
    before = participants_in(event_path)
    dialog = ImportDialog(document)
    qtbot.addWidget(dialog)
    dialog.load(people_file(tmp_path / "inscriptions.csv", 20_000))
    qtbot.waitUntil(lambda: dialog.plan is not None and dialog.job is None, timeout=60_000)
    dialog.accept()
    job = dialog.job

    def cancel_when_writing(done: int, total: int) -> None:
        if done == total:  # checked again: the writing starts now
            job.cancel()

    job.progressed.connect(cancel_when_writing, Qt.ConnectionType.DirectConnection)
    qtbot.waitUntil(lambda: dialog.job is None, timeout=60_000)
    assert dialog.problems.text() == "Import cancelled: nothing was imported."
    assert participants_in(event_path) == before
    with open_event(event_path, readonly=True) as store:
        assert store.check() == []


def test_note_taker_copies_are_written_on_the_thread_pool(qtbot, document, tmp_path, monkeypatch):
    monkeypatch.setattr(CopiesDialog, "BACKGROUND_BYTES", 0)
    where: list[str] = []
    prepare = copies_dialog.prepare_copy

    def preparing(*args, **kwargs):
        where.append(threading.current_thread().name)
        return prepare(*args, **kwargs)

    monkeypatch.setattr(copies_dialog, "prepare_copy", preparing)
    key = tmp_path / "clé"
    key.mkdir()
    dialog = CopiesDialog(document, folder=key)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.count.setValue(3)
    assert dialog.write()
    assert dialog.progress.isVisible() and dialog.close_button.text() == "Cancel"
    assert not dialog.names.isEnabled() and not dialog.folder.isEnabled()
    qtbot.waitUntil(lambda: dialog.job is None, timeout=60_000)
    assert len(where) == 3 and threading.main_thread().name not in where
    assert [p.name for p in dialog.written] == [
        f"Rencontres des coopérations – Laptop {n}.recolte" for n in (1, 2, 3)
    ]
    assert "3 copies written" in dialog.status.text()
    assert dialog.close_button.text() == "Close" and not dialog.progress.isVisible()
    assert dialog.names.isEnabled() and dialog.folder.isEnabled()


def test_cancelling_the_copies_leaves_the_folder_as_it_was(qtbot, document, tmp_path, monkeypatch):
    monkeypatch.setattr(CopiesDialog, "BACKGROUND_BYTES", 0)
    key = tmp_path / "clé"
    key.mkdir()
    (key / "autre chose.txt").write_text("déjà là", encoding="utf-8")
    dialog = CopiesDialog(document, folder=key)
    qtbot.addWidget(dialog)
    dialog.count.setValue(4)
    prepare = copies_dialog.prepare_copy
    made: list[Path] = []

    def preparing(*args, **kwargs):
        made.append(prepare(*args, **kwargs))
        if len(made) == 2:
            dialog.job.cancel()  # what Cancel does, pressed while the second copy was written
        return made[-1]

    monkeypatch.setattr(copies_dialog, "prepare_copy", preparing)
    assert dialog.write()
    qtbot.waitUntil(lambda: dialog.job is None, timeout=60_000)
    assert len(made) == 2
    assert dialog.status.text() == "Cancelled: no copy was written."
    assert sorted(p.name for p in key.iterdir()) == ["autre chose.txt"]  # no copy, no .part
    assert dialog.written == []
    assert dialog.write_button.isEnabled()  # it can be tried again
