"""Several laptops, one event: prepare copies, edit them apart, collect them, settle a conflict."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from facilitator_app.core.commands import add, update
from facilitator_app.core.model import Event, Note, Session
from facilitator_app.gui.dialogs.collect_dialog import CollectDialog
from facilitator_app.gui.dialogs.conflicts_dialog import ConflictsDialog
from facilitator_app.gui.dialogs.copies_dialog import CopiesDialog
from facilitator_app.gui.merging import merge_job
from facilitator_app.store import create_event, open_event

TITLE = "Rencontres des coopérations"
V1 = "Être au cœur du réseau local"
V2 = "Être présent au cœur du réseau régional"


def _session(document, title: str) -> Session:
    return next(s for s in document.read.all_sessions() if s.title == title)


def _note(document, text: str) -> Note:
    for session in document.read.all_sessions():
        for note in document.read.session_notes(session.id):
            if note.text == text:
                return note
    raise AssertionError(text)


def _in_file(path: Path, note_id: str) -> Note:
    with open_event(path, readonly=True) as store:
        return store.get(Note, note_id)


def _edit(path: Path, note: Note, **fields) -> None:
    with open_event(path) as store:
        store.put(replace(store.get(Note, note.id), **fields))


@pytest.fixture
def key(tmp_path):
    folder = tmp_path / "cle"
    folder.mkdir()
    return folder


@pytest.fixture
def copies(document, key, qtbot):
    """Two laptops' copies written by the dialog, then edited apart."""
    opening = _session(document, "Ouverture")
    document.push(add(Note(session_id=opening.id, text="Des bancs partout", position=1)))
    dialog = CopiesDialog(document, folder=key)
    qtbot.addWidget(dialog)
    dialog.count.setValue(2)
    assert dialog.copy_names() == ["Laptop 1", "Laptop 2"]
    assert dialog.write()
    first, second = (key / f"{TITLE} – Laptop {n}.recolte" for n in (1, 2))
    assert dialog.written == [first, second]
    assert "2 copies written" in dialog.status.text()

    welcome = _note(document, "Bienvenue au Solidarium !")
    benches = _note(document, "Des bancs partout")
    shared = _note(document, "Être présent au cœur du réseau")
    _edit(first, welcome, text="Bienvenue à toutes et tous !")
    _edit(first, shared, text=V1)
    _edit(second, benches, deleted=True)
    with open_event(second) as store:
        store.put(Note(session_id=opening.id, text="Une idée de la table 2", position=2))
    time.sleep(0.01)  # stamps count milliseconds
    _edit(second, shared, text=V2)  # later than V1: it wins, V1 is set aside
    return first, second, welcome, benches, shared


def test_prepare_refuses_to_overwrite_and_names_tables(document, key, qtbot, copies):
    dialog = CopiesDialog(document, folder=key)
    qtbot.addWidget(dialog)
    dialog.count.setValue(2)
    before = sorted(key.iterdir())
    assert not dialog.write()
    assert "already exists" in dialog.status.text()
    assert sorted(key.iterdir()) == before

    dialog.by_table.setChecked(True)
    assert dialog.copy_names() == ["Table 1 · Animation"]
    assert dialog.write()
    copy = key / f"{TITLE} – Table 1 · Animation.recolte"
    with open_event(copy, readonly=True) as store:
        assert store.meta()["copy_name"] == "Table 1 · Animation"
        assert len(store.meta()["copy_id"]) == 36


def _collect(document, key, qtbot) -> CollectDialog:
    dialog = CollectDialog(document, folder=key)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.previews_pending(), timeout=10000)
    return dialog


def _texts(dialog: CollectDialog) -> dict[str, str]:
    return {
        Path(dialog.list.item(r).data(Qt.ItemDataRole.UserRole)).name: dialog.list.item(r).text()
        for r in range(dialog.list.count())
    }


def test_collect_merges_every_change_and_settles_the_conflict(
    document, event_path, key, qtbot, qtmodeltester, copies
):
    first, second, welcome, benches, shared = copies
    create_event(key / "autre.recolte", Event(title="Autre forum")).close()
    dialog = _collect(document, key, qtbot)
    qtmodeltester.check(dialog.list.model())

    texts = _texts(dialog)
    assert event_path.name not in texts
    assert texts[first.name].endswith("2 edits")
    assert texts[second.name].endswith("1 new note, 1 edit, 1 deletion, 1 conflict")
    assert "copy of another event (“Autre forum”)" in texts["autre.recolte"]
    assert dialog.checked_paths() == [first, second]
    foreign = dialog.list.item(0)
    assert foreign.text().startswith("autre.recolte")
    assert foreign.foreground().color().name() == "#b71c1c"
    assert not foreign.flags() & Qt.ItemFlag.ItemIsUserCheckable

    seen = []
    document.changed.connect(seen.append)
    dialog.start()
    assert not dialog.progress.isHidden()
    assert not document.editable  # another connection writes the file: no edit meanwhile
    qtbot.waitUntil(lambda: dialog.job is None, timeout=10000)
    assert document.editable
    assert "1 new conflicts" in dialog.status.text()

    # the file holds every change
    assert _in_file(event_path, welcome.id).text == "Bienvenue à toutes et tous !"
    assert _in_file(event_path, benches.id).deleted
    assert _in_file(event_path, shared.id).text == V2
    # the window sees them
    assert seen and seen[-1].touches("note", "session", "conflict")
    opening = _session(document, "Ouverture")
    texts = [n.text for n in document.read.session_notes(opening.id)]
    assert "Une idée de la table 2" in texts and "Des bancs partout" not in texts
    # later edits in the window stamp after everything merged
    merged = max(_in_file(event_path, n.id).updated_at for n in (welcome, benches, shared))
    assert document.push(update(document.read.get(Note, welcome.id), text="Bienvenue !"))
    assert document.read.get(Note, welcome.id).updated_at > merged
    # collected again: nothing left to bring
    qtbot.waitUntil(lambda: not dialog.previews_pending(), timeout=10000)
    assert _texts(dialog)[second.name].endswith("Nothing new")

    # the conflict view opened by itself
    view = dialog.conflicts_dialog
    assert isinstance(view, ConflictsDialog) and view.isVisible()
    assert len(view.conflicts()) == 1
    assert "World café « fonctions »" in view.list.item(0).text()
    assert "kept: “Laptop 2” · set aside: “Laptop 1”" in view.list.item(0).text()
    rows = {
        view.versions.item(r, 0).text(): (
            view.versions.item(r, 1).text(),
            view.versions.item(r, 2).text(),
        )
        for r in range(view.versions.rowCount())
    }
    assert rows["Text"] == (V2, V1)
    assert set(rows) >= {"From", "Device", "Edited at"}
    text_row = [view.versions.item(r, 0).text() for r in range(view.versions.rowCount())].index(
        "Text"
    )
    assert view.versions.item(text_row, 1).background().color().name() == "#fff3c4"
    assert view.versions.item(0, 1).background().style() == Qt.BrushStyle.NoBrush
    qtmodeltester.check(view.versions.model())

    # keep the other version instead: in the file, undoable, redoable
    view.pick_button.click()
    assert _in_file(event_path, shared.id).text == V1
    assert view.conflicts() == [] and view.empty.isVisible()
    document.undo_stack.undo()
    assert _in_file(event_path, shared.id).text == V2
    assert len(view.conflicts()) == 1
    document.undo_stack.redo()
    assert _in_file(event_path, shared.id).text == V1
    assert document.conflicts() == []


def test_keep_current_version_lets_the_other_go(document, event_path, key, qtbot, copies):
    shared = copies[4]
    dialog = _collect(document, key, qtbot)
    dialog.start()
    qtbot.waitUntil(lambda: dialog.job is None, timeout=10000)
    view = ConflictsDialog(document)
    qtbot.addWidget(view)
    view.show()
    assert len(view.conflicts()) == 1
    view.keep_button.click()
    assert view.conflicts() == []
    assert _in_file(event_path, shared.id).text == V2
    document.undo_stack.undo()
    assert len(view.conflicts()) == 1


def test_a_copy_of_another_event_is_refused_and_nothing_merged(
    document, event_path, key, qtbot, copies
):
    foreign = key / "autre.recolte"
    create_event(foreign, Event(title="Autre forum")).close()
    with open_event(event_path, readonly=True) as store:
        before = store.snapshot()
    job = merge_job(event_path, [copies[0], foreign])
    with qtbot.waitSignal(job.failed, timeout=10000) as failed:
        job.start()
    assert "copy of another event" in failed.args[0]
    with open_event(event_path, readonly=True) as store:
        assert store.snapshot() == before

    only_foreign = key / "seul"
    only_foreign.mkdir()
    foreign.rename(only_foreign / foreign.name)
    dialog = _collect(document, only_foreign, qtbot)
    assert dialog.checked_paths() == []
    assert not dialog.merge_button.isEnabled()


def test_an_empty_or_missing_folder_says_so(document, tmp_path, qtbot):
    dialog = CollectDialog(document, folder=tmp_path / "nulle-part")
    qtbot.addWidget(dialog)
    assert "does not exist" in dialog.status.text()
    empty = tmp_path / "vide"
    empty.mkdir()
    dialog.set_folder(empty)
    assert "No copy" in dialog.status.text()
    assert not dialog.merge_button.isEnabled()
