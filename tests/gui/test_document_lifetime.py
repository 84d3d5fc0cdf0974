"""The document owns its lifetime: views flush before it closes, nothing writes after, one
`editable` property that widgets follow, and a merge is an undo barrier."""

from __future__ import annotations

from dataclasses import replace

from gui_keys import type_text
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMessageBox

from facilitator_app.core.commands import add, edit_note_text, update
from facilitator_app.core.model import Note, Participant, Session
from facilitator_app.gui.actions import Act
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.main_window import MainWindow
from facilitator_app.gui.widgets.event_page import EventPage
from facilitator_app.gui.widgets.table_synthesis import TableSynthesisEditor
from facilitator_app.store import open_event


def in_file(path):
    with open_event(path, readonly=True) as store:
        return store.snapshot()


def test_close_flushes_then_says_closing_then_closes_the_store(document, event_path):
    heard = []
    document.flushing.connect(
        lambda: heard.append(("flushing", document.read.event_record().title))
    )
    document.closing.connect(lambda: heard.append(("closing", document.editable)))
    document.editable_changed.connect(lambda editable: heard.append(("editable", editable)))
    document.close()
    assert heard == [
        ("flushing", "Rencontres des coopérations"),
        ("closing", True),  # the last moment to write
        ("editable", False),
    ]
    assert document.closed and not document.editable
    document.close()  # twice: nothing more
    assert len(heard) == 3


def test_after_close_writes_are_refused_without_a_word_and_queries_answer_empty(
    document, event_path
):
    session = document.read.all_sessions()[0]
    before = in_file(event_path)
    document.close()
    failures = []
    document.failed.connect(failures.append)
    assert document.push(add(Note(session_id=session.id, text="Trop tard"))) is False
    assert document.save_draft("capture", "Trop tard") is False
    document.undo()
    assert failures == []
    assert in_file(event_path) == before
    assert list(document.read.all_sessions()) == []
    assert list(document.read.session_notes(session.id)) == []
    assert document.read.get(Session, session.id) is None
    assert document.read.event_record().title == ""
    assert document.counts() == {}
    assert document.drafts() == []
    assert document.next_position(Note, session_id=session.id) == 0


def test_a_pending_edit_of_the_event_page_is_saved_before_the_file_closes(
    document, event_path, qtbot
):
    """The flaky test's cause: the page's debounced save fired after the document closed
    ("Cannot operate on a closed database"). It is now written when the document closes."""
    page = EventPage(document)
    qtbot.addWidget(page)
    page.end_date_edit.setDate(QDate(2026, 6, 13))
    page.place_edit.setFocus()
    page.place_edit.end(False)
    type_text(page.place_edit, " – Malakoff")
    assert page._fields["end_date"].pending
    document.close()
    qtbot.wait(800)  # past every debounce: nothing fires on the closed file
    with open_event(event_path, readonly=True) as store:
        event = store.event()
    assert event.end_date == "2026-06-13"
    assert event.place == "Le Solidarium – Malakoff"


def test_a_pending_table_synthesis_is_saved_before_the_file_closes(document, event_path, qtbot):
    cafe = next(s for s in document.read.all_sessions() if s.kind == "world_cafe")
    editor = TableSynthesisEditor(document)
    qtbot.addWidget(editor)
    editor.set_session(cafe.id)
    editor.editor.setFocus()
    type_text(editor.editor, "Une coopération qui dure")
    document.close()
    qtbot.wait(800)
    tables = in_file(event_path)["tables"]
    assert tables[0].synthesis == "Une coopération qui dure"


def test_a_read_only_document_is_not_editable(event_path, qtbot):
    document = EventDocument(open_event(event_path, readonly=True))
    try:
        failures = []
        document.failed.connect(failures.append)
        assert not document.editable
        session = document.read.all_sessions()[0]
        assert document.push(update(session, title="Autre")) is False
        assert failures and "read-only" in failures[0]
    finally:
        document.close()


def test_widgets_follow_editable_changed(document, settings, qtbot, monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    window.show()
    page = EventPage(document)
    qtbot.addWidget(page)
    capture, actions = window.session_view.capture, window.actions_
    assert capture.isEnabled() and actions[Act.ADD_SESSION].isEnabled()
    assert not page.title_edit.isReadOnly()

    with qtbot.waitSignal(document.editable_changed) as signal:
        document.set_editable(False)  # e.g. a merge writes the file from another thread
    assert signal.args == [False]
    assert not capture.isEnabled()
    assert not actions[Act.ADD_SESSION].isEnabled()
    assert not actions[Act.EDIT_SESSION].isEnabled()
    assert page.title_edit.isReadOnly()
    assert "(read-only)" in window.windowTitle()
    assert window.saved_label.text() == "Read-only: changes cannot be saved"
    failures = []
    document.failed.connect(failures.append)
    session = document.read.all_sessions()[0]
    assert document.push(update(session, title="Pendant la fusion")) is False
    assert failures == warnings  # one sentence, shown, no traceback
    assert len(warnings) == 1 and "merged" in warnings[0]

    document.set_editable(True)
    assert capture.isEnabled() and actions[Act.ADD_SESSION].isEnabled()
    assert not page.title_edit.isReadOnly()
    assert "(read-only)" not in window.windowTitle()
    assert document.push(update(session, title="Après la fusion"))


def test_undo_and_redo_are_disabled_while_edits_are_refused(document, settings, qtbot):
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    document.push(add(Participant(name="Zoé Abadie")))
    assert window.actions_[Act.UNDO].isEnabled()
    document.set_editable(False)
    assert not window.actions_[Act.UNDO].isEnabled()
    window.actions_[Act.UNDO].trigger()
    document.set_editable(True)
    assert any(p.name == "Zoé Abadie" for p in document.read.all_participants())


def test_a_merge_is_an_undo_barrier(document, event_path):
    """Undoing an edit made before a merge must not put back half of what the merge wrote."""
    note = next(n for s in document.read.all_sessions() for n in document.read.session_notes(s.id))
    document.push(edit_note_text(note, "Texte d’avant la fusion"))
    assert document.undo_stack.canUndo()

    with open_event(event_path) as other:  # a merge writes on its own connection
        merged = replace(other.require(Note, note.id), text="Texte venu d’une copie", votes=3)
        other.put(merged)
    document.external_write(frozenset({note.id}))

    assert not document.undo_stack.canUndo()
    document.undo()
    document.undo_stack.undo()  # even straight on the stack: nothing to undo
    kept = document.read.get(Note, note.id)
    assert kept.text == "Texte venu d’une copie"
    assert kept.votes == 3
