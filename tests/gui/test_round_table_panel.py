"""Round-table panel: speakers, moderator, capture of attributed quotes, notes corrected,
re-attributed and deleted; everything reaches the file and comes back with undo/redo."""

from __future__ import annotations

import pytest
from gui_keys import press_enter, type_text
from PySide6.QtCore import QMimeData, QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QPlainTextEdit

from facilitator_app.core.commands import add_note, update
from facilitator_app.core.model import Note, Participant, Session
from facilitator_app.gui.models.round_table import (
    COUNT_ROLE,
    ORGANISATION_ROLE,
    SPEAKER_ROLE,
    SpeakersModel,
    SpokenNotesModel,
)
from facilitator_app.gui.widgets.round_table import RoundTablePanel
from facilitator_app.store import open_event


def round_table(document) -> Session:
    return next(s for s in document.read.all_sessions() if s.kind == "round_table")


def person(document, first_name: str) -> Participant:
    return next(p for p in document.read.all_participants() if p.name.startswith(first_name))


def saved_session(path) -> Session:
    with open_event(path, readonly=True) as store:
        return next(s for s in store.all_sessions() if s.kind == "round_table")


def saved_note(path, note_id) -> Note:
    with open_event(path, readonly=True) as store:
        return store.require(Note, note_id)


@pytest.fixture
def panel(qtbot, document):
    widget = RoundTablePanel(document)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.set_session(round_table(document).id)
    widget.show()
    return widget


@pytest.fixture
def speaking(panel, document):
    """Rémy, Grégoire, then Élise speak; the panel is ready."""
    for first in ("Rémy", "Grégoire", "Élise"):
        assert panel.add_speaker(person(document, first).id)
    return panel


def said(document, text, who=None, kind="quote", position=0) -> Note:
    command = add_note(
        session_id=round_table(document).id,
        text=text,
        kind=kind,
        author=who.name if who else "",
        speaker_id=who.id if who else None,
        position=position,
        created_at=document.now(),
    )
    assert document.push(command)
    return document.read.get(Note, command.record.id)


def test_models_pass_the_model_tester(qtmodeltester, document, speaking):
    rémy = person(document, "Rémy")
    said(document, "Un alignement des planètes", rémy)
    said(document, "Tour de table", kind="observation", position=1)
    speakers = SpeakersModel(document)
    speakers.set_session(round_table(document).id)
    notes = SpokenNotesModel(document)
    notes.set_session(round_table(document).id)
    assert speakers.rowCount() == 3 and notes.rowCount() == 2
    qtmodeltester.check(speakers)
    qtmodeltester.check(notes)
    assert speakers.data(speakers.index(0), ORGANISATION_ROLE) == "Le 6b"
    assert speakers.data(speakers.index(0), COUNT_ROLE) == 1


def test_speakers_and_moderator_reach_the_file_and_undo_redo(panel, document, event_path, qtbot):
    ids = {first: person(document, first).id for first in ("Rémy", "Grégoire", "Élise")}
    # accents ignored: « elise oeuv » finds « Élise Œuvrard »
    type_text(panel.add_speaker_edit, "elise oeuv")
    assert panel.completer.completionCount() == 1
    press_enter(panel.add_speaker_edit)
    assert panel.add_speaker_edit.text() == ""
    assert panel.add_speaker(ids["Rémy"]) and panel.add_speaker(ids["Grégoire"])
    assert not panel.add_speaker(ids["Rémy"])  # already speaks: no undo step
    assert saved_session(event_path).speaker_ids == (ids["Élise"], ids["Rémy"], ids["Grégoire"])
    assert [panel.speakers_model.data(panel.speakers_model.index(r)) for r in range(3)] == [
        "Élise Œuvrard",
        "Rémy Jacquot",
        "Grégoire Simonnet",
    ]

    panel.speakers_view.setCurrentIndex(panel.speakers_model.index(2))
    assert panel.move_selected_speaker(-1)
    assert panel.move_selected_speaker(-1)
    assert not panel.move_selected_speaker(-1)  # already first
    assert saved_session(event_path).speaker_ids == (ids["Grégoire"], ids["Élise"], ids["Rémy"])

    panel.moderator.setCurrentIndex(panel.moderator.findText("Rémy Jacquot"))
    panel.moderator.activated.emit(panel.moderator.currentIndex())
    assert saved_session(event_path).moderator_id == ids["Rémy"]
    assert document.undo_stack.undoText() == "Set moderator"

    steps = document.undo_stack.count()
    document.undo_stack.undo()  # moderator
    assert saved_session(event_path).moderator_id is None
    assert panel.moderator.currentText() == "No moderator"
    document.undo_stack.undo()  # second move
    document.undo_stack.undo()  # first move
    assert saved_session(event_path).speaker_ids == (ids["Élise"], ids["Rémy"], ids["Grégoire"])
    for _ in range(3):
        document.undo_stack.redo()
    assert document.undo_stack.count() == steps
    saved = saved_session(event_path)
    assert saved.speaker_ids == (ids["Grégoire"], ids["Élise"], ids["Rémy"])
    assert saved.moderator_id == ids["Rémy"]
    assert panel.moderator.currentText() == "Rémy Jacquot"

    panel.speakers_view.setCurrentIndex(panel.speakers_model.index(1))
    assert panel.remove_selected_speakers()
    assert saved_session(event_path).speaker_ids == (ids["Grégoire"], ids["Rémy"])
    document.undo_stack.undo()
    assert saved_session(event_path).speaker_ids[1] == ids["Élise"]


def test_a_speaker_is_dragged_to_another_place(speaking, document, event_path):
    model = speaking.speakers_model
    data = model.mimeData([model.index(2)])  # Élise, dropped before the first row
    model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    names = [model.data(model.index(r)) for r in range(3)]
    assert names == ["Élise Œuvrard", "Rémy Jacquot", "Grégoire Simonnet"]
    data = model.mimeData([model.index(0)])  # and back below the last one
    model.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, QModelIndex())
    assert saved_session(event_path).speaker_ids[-1] == person(document, "Élise").id
    assert not model.dropMimeData(QMimeData(), Qt.DropAction.MoveAction, 0, 0, QModelIndex())


def test_a_guest_speaker_typed_in_full_becomes_a_participant(panel, document, event_path):
    type_text(panel.add_speaker_edit, "Pascal Andriot")
    press_enter(panel.add_speaker_edit)
    guest = person(document, "Pascal")
    assert saved_session(event_path).speaker_ids == (guest.id,)
    document.undo_stack.undo()
    assert saved_session(event_path).speaker_ids == ()
    assert all(p.name != "Pascal Andriot" for p in document.read.all_participants())


def test_capture_a_quote_of_the_second_speaker(speaking, document, event_path):
    capture = speaking.capture
    assert capture.speaker_id() is None  # « No speaker » until one is picked
    type_text(capture.text, "2")  # the empty box: the digit picks Grégoire
    assert capture.text.text() == ""
    assert capture.speaker.currentText() == "2 · Grégoire Simonnet"
    assert capture.kind.currentData() == "quote"
    type_text(capture.text, "Une page à écrire ensemble, l’ESS c’est « demain » !")
    press_enter(capture.text)
    assert capture.text.text() == ""

    grégoire = person(document, "Grégoire")
    note = speaking.notes_model.note_at(speaking.notes_model.rowCount() - 1)
    stored = saved_note(event_path, note.id)
    assert stored.text == "Une page à écrire ensemble, l’ESS c’est « demain » !"
    assert (stored.kind, stored.speaker_id, stored.author) == (
        "quote",
        grégoire.id,
        "Grégoire Simonnet",
    )
    # the speaker stays for the next sentence; digits are text once the box has some
    type_text(capture.text, "En 3 leviers")
    assert capture.text.text() == "En 3 leviers"
    assert capture.speaker.currentText() == "2 · Grégoire Simonnet"

    # nobody: back to a plain note type; the person may still pick another type
    capture.speaker.setCurrentIndex(capture.speaker.count() - 1)
    assert capture.kind.currentData() == "idea"
    capture.set_kind("observation")
    capture.text.clear()
    type_text(capture.text, "Pause")
    press_enter(capture.text)
    last = speaking.notes_model.note_at(speaking.notes_model.rowCount() - 1)
    assert (last.kind, last.speaker_id, last.author) == ("observation", None, "")

    document.undo_stack.undo()
    document.undo_stack.undo()
    assert saved_note(event_path, note.id).deleted
    document.undo_stack.redo()
    assert not saved_note(event_path, note.id).deleted


def test_changing_the_speaker_of_a_note(speaking, document, event_path):
    rémy, élise = person(document, "Rémy"), person(document, "Élise")
    note = said(document, "L’ESS comme économie de demain.", rémy)
    assert speaking.select_note(note.id)
    assert speaking.note_speaker.currentData() == rémy.id
    speaking.note_speaker.setCurrentIndex(speaking.note_speaker.findData(élise.id))
    speaking.note_speaker.activated.emit(speaking.note_speaker.currentIndex())
    stored = saved_note(event_path, note.id)
    assert (stored.speaker_id, stored.author) == (élise.id, "Élise Œuvrard")
    row = speaking.notes_model.row_of(note.id)
    assert speaking.notes_model.index(row).data(SPEAKER_ROLE) == "Élise Œuvrard"
    counts = {
        speaking.speakers_model.data(
            speaking.speakers_model.index(r)
        ): speaking.speakers_model.data(speaking.speakers_model.index(r), COUNT_ROLE)
        for r in range(3)
    }
    assert counts == {"Rémy Jacquot": 0, "Grégoire Simonnet": 0, "Élise Œuvrard": 1}

    # the context menu offers the same choices
    menu = speaking.note_menu()
    said_by = menu.actions()[0].menu()
    nobody = next(a for a in said_by.actions() if a.text() == "No speaker")
    nobody.trigger()
    assert saved_note(event_path, note.id).speaker_id is None
    document.undo_stack.undo()
    document.undo_stack.undo()
    stored = saved_note(event_path, note.id)
    assert (stored.speaker_id, stored.author) == (rémy.id, "Rémy Jacquot")


def test_editing_in_place_and_deleting(speaking, document, event_path, qtbot):
    note = said(document, "Revoir les politiques publiques", person(document, "Rémy"))
    speaking.select_note(note.id)
    view = speaking.notes_view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = view.findChild(QPlainTextEdit, "spokenNoteEditor")
    assert editor is not None
    type_text(editor, " avec un autre imaginaire")
    qtbot.waitUntil(
        lambda: (
            saved_note(event_path, note.id).text
            == "Revoir les politiques publiques avec un autre imaginaire"
        ),
        timeout=3000,
    )
    press_enter(editor)
    assert view.findChild(QPlainTextEdit, "spokenNoteEditor") is None or not editor.isVisible()

    speaking.select_note(note.id)
    assert speaking.delete_selected_notes()
    assert saved_note(event_path, note.id).deleted
    assert speaking.notes_model.row_of(note.id) < 0
    document.undo_stack.undo()
    assert not saved_note(event_path, note.id).deleted
    assert speaking.notes_model.row_of(note.id) >= 0


def test_a_renamed_participant_shows_the_new_name(speaking, document):
    élise = person(document, "Élise")
    note = said(document, "Une page à écrire ensemble.", élise)
    document.push(update(élise, name="Élise Œuvrard-Diallo"))
    model = speaking.notes_model
    assert model.index(model.row_of(note.id)).data(SPEAKER_ROLE) == "Élise Œuvrard-Diallo"
    # the file keeps what was said
    assert document.read.get(Note, note.id).author == "Élise Œuvrard"
    speakers = speaking.speakers_model
    assert speakers.data(speakers.index(2)) == "Élise Œuvrard-Diallo"
    assert speaking.capture.speaker.itemText(2) == "3 · Élise Œuvrard-Diallo"


def test_the_same_session_again_changes_nothing(speaking, document):
    model = speaking.notes_model
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    speaking.set_session(round_table(document).id)
    assert resets == []
    speaking.set_session(None)
    assert model.rowCount() == 0 and speaking.speakers_model.rowCount() == 0


def test_typed_markup_is_shown_as_typed(speaking, document):
    note = said(document, "<b>Pas en gras</b> & « sans balise »", person(document, "Rémy"))
    index = speaking.notes_model.index(speaking.notes_model.row_of(note.id))
    delegate = speaking.notes_view.itemDelegate()
    html = delegate._html(index, QColor("grey"), speaking.font())
    assert "&lt;b&gt;Pas en gras&lt;/b&gt; &amp; « sans balise »" in html
    assert "Rémy Jacquot, Le 6b" in html  # the pull-quote's attribution


def test_a_read_only_file_offers_no_edit(qtbot, event_path):
    from facilitator_app.gui.document import EventDocument

    document = EventDocument(open_event(event_path, readonly=True))
    try:
        panel = RoundTablePanel(document)
        qtbot.addWidget(panel)
        panel.set_session(round_table(document).id)
        assert not panel.capture.isEnabled() and not panel.add_speaker_edit.isEnabled()
        assert not panel.add_speaker(person(document, "Rémy").id)
        assert document.undo_stack.count() == 0
    finally:
        document.close()
