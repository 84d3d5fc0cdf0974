"""Nothing typed is lost: the capture boxes keep their text in the file as a draft within a
second, the text comes back after a crash, and closing the event commits it as a note.
Editors that save while typing write the edit itself within a second, even while typing
goes on without a pause."""

from __future__ import annotations

import pytest
from gui_keys import press_enter, type_text
from PySide6.QtCore import QEvent
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox
from sessions import session_titled

from facilitator_app.core.commands import add
from facilitator_app.core.model import CafeTable, Category, Organisation, Round, Session
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.main_window import MainWindow
from facilitator_app.gui.models.people import OrganisationsModel
from facilitator_app.gui.save_timer import LONGEST_MS, SaveTimer
from facilitator_app.gui.widgets.people_page import OrganisationsPage
from facilitator_app.gui.widgets.round_table import RoundTablePanel
from facilitator_app.gui.widgets.table_synthesis import TableSynthesisEditor
from facilitator_app.store import open_event
from facilitator_app.store.drafts import list_drafts, load_draft, save_draft

TYPED = "Mutualiser un poste « coordination » à l’échelle du réseau"
PRESENTATION = "Lieu de vies et de fabrication coopératif à Malakoff depuis 2016"
SYNTHESIS = "Trois pistes : mutualiser, former, essaimer en 2027"


def draft_in_file(path, box="capture"):
    with open_event(path, readonly=True) as store:
        return load_draft(store, box)


def notes_in_file(path, session_id):
    with open_event(path, readonly=True) as store:
        return [n.text for n in store.session_notes(session_id)]


@pytest.fixture
def cafe(document):
    """The world café with a second table, round and category, as a note-taker meets it."""
    session = next(s for s in document.read.all_sessions() if s.kind == "world_cafe")
    for record in (
        Category(session_id=session.id, name="Actions", position=1),
        CafeTable(session_id=session.id, number=2, theme="Créativité"),
        Round(session_id=session.id, number=2, minutes=20),
    ):
        document.push(add(record))
    document.undo_stack.clear()
    return session


def open_window(document, settings, qtbot) -> MainWindow:
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    window.show()
    return window


def close_window(window: MainWindow) -> None:
    """What the application does when the window closes (`Recolte.close_window`)."""
    window.close_for_good()
    window.document.close()


def test_typing_in_the_capture_box_reaches_the_file_as_a_draft(
    document, settings, event_path, cafe, qtbot
):
    window = open_window(document, settings, qtbot)
    window.sidebar.select_session(cafe.id)
    capture = window.session_view.capture
    capture.table_pick.setCurrentIndex(capture.table_pick.findText("Table 2 · Créativité"))
    capture.round_pick.setCurrentIndex(capture.round_pick.findText("Round 2"))
    capture.set_category(2)
    capture.set_kind("action")
    capture.author.setEditText("Rémy Jacquot")
    type_text(capture.text, TYPED)

    qtbot.waitUntil(lambda: draft_in_file(event_path) is not None, timeout=1000)
    draft = draft_in_file(event_path)
    assert draft.text == TYPED
    table = next(t for t in document.read.session_tables(cafe.id) if t.number == 2)
    round_ = next(r for r in document.read.session_rounds(cafe.id) if r.number == 2)
    category = next(c for c in document.read.session_categories(cafe.id) if c.name == "Actions")
    assert draft.context == {
        "session_id": cafe.id,
        "kind": "action",
        "author": "Rémy Jacquot",
        "table_id": table.id,
        "round_id": round_.id,
        "category_id": category.id,
    }
    assert document.undo_stack.count() == 0  # a draft is not an edit

    press_enter(capture.text)  # the note is made and its draft goes, in one transaction
    assert notes_in_file(event_path, cafe.id)[-1] == TYPED
    assert draft_in_file(event_path) is None
    assert document.undo_stack.count() == 1
    qtbot.wait(LONGEST_MS + 200)
    assert draft_in_file(event_path) is None  # no late write brings it back


def test_emptying_the_box_deletes_the_draft(document, settings, event_path, qtbot):
    window = open_window(document, settings, qtbot)
    capture = window.session_view.capture
    type_text(capture.text, "Une idée")
    qtbot.waitUntil(lambda: draft_in_file(event_path) is not None, timeout=1000)
    capture.text.clear()
    qtbot.waitUntil(lambda: draft_in_file(event_path) is None, timeout=1000)


def test_after_a_crash_the_box_shows_the_text_in_its_session_and_places(
    event_path, settings, qtbot
):
    """A draft left by a killed window: the event opens on that session, the text, type,
    author, table, round and category back as they were."""
    with open_event(event_path) as store:
        cafe = next(s for s in store.all_sessions() if s.kind == "world_cafe")
        table = store.put(CafeTable(session_id=cafe.id, number=2, theme="Créativité"))
        round_ = store.put(Round(session_id=cafe.id, number=2, minutes=20))
        category = store.session_categories(cafe.id)[0]
        save_draft(
            store,
            "capture",
            TYPED,
            {
                "session_id": cafe.id,
                "kind": "question",
                "author": "Élise Œuvrard",
                "table_id": table.id,
                "round_id": round_.id,
                "category_id": category.id,
            },
        )
    settings.set_last_session(event_path, "an-older-session")
    document = EventDocument(open_event(event_path))
    try:
        window = open_window(document, settings, qtbot)
        capture = window.session_view.capture
        assert window.session_view.session.id == cafe.id
        assert capture.text.text() == TYPED
        assert capture.kind.currentData() == "question"
        assert capture.author.currentText() == "Élise Œuvrard"
        assert capture.table_pick.currentData() == table.id
        assert capture.round_pick.currentData() == round_.id
        assert capture.category_pick.currentData() == category.id
        press_enter(capture.text)
        with open_event(event_path, readonly=True) as store:
            note = store.session_notes(cafe.id)[-1]
            assert list_drafts(store) == []
        assert (note.text, note.kind, note.author) == (TYPED, "question", "Élise Œuvrard")
        assert (note.table_id, note.round_id, note.category_id) == (
            table.id,
            round_.id,
            category.id,
        )
    finally:
        document.close()


def test_closing_the_window_with_text_in_the_box_commits_it_as_a_note(
    document, settings, event_path, qtbot
):
    window = open_window(document, settings, qtbot)
    opening = session_titled(document, "Ouverture")
    window.sidebar.select_session(opening.id)
    type_text(window.session_view.capture.text, "Une phrase pas fi")  # no pause, no Enter
    close_window(window)
    assert notes_in_file(event_path, opening.id)[-1] == "Une phrase pas fi"
    assert draft_in_file(event_path) is None


def test_text_that_cannot_become_a_note_on_close_stays_a_draft(
    document, settings, event_path, qtbot
):
    window = open_window(document, settings, qtbot)
    capture = window.session_view.capture
    type_text(capture.text, "Sans séance")
    capture.set_session(None)  # nowhere to put the note: it is kept for next time
    close_window(window)
    draft = draft_in_file(event_path)
    assert draft is not None and draft.text == "Sans séance"


def test_the_text_follows_the_box_to_another_session(document, settings, event_path, qtbot):
    window = open_window(document, settings, qtbot)
    first, second = document.read.all_sessions()[:2]
    window.sidebar.select_session(first.id)
    type_text(window.session_view.capture.text, "Mauvaise séance")
    window.sidebar.select_session(second.id)  # picked the right session before Enter
    assert window.session_view.capture.text.text() == "Mauvaise séance"
    qtbot.waitUntil(lambda: drafted_for(event_path) == second.id, timeout=1000)
    press_enter(window.session_view.capture.text)
    assert notes_in_file(event_path, second.id)[-1] == "Mauvaise séance"


def drafted_for(path) -> str | None:
    draft = draft_in_file(path)
    return draft.context.get("session_id") if draft else None


def test_the_round_table_capture_keeps_a_draft_and_commits_it_on_close(
    document, event_path, tmp_path, qtbot
):
    table = next(s for s in document.read.all_sessions() if s.kind == "round_table")
    panel = RoundTablePanel(document)
    qtbot.addWidget(panel)
    panel.set_session(table.id)
    grégoire = next(p for p in document.read.all_participants() if p.name.startswith("Grégoire"))
    assert panel.add_speaker(grégoire.id)
    type_text(panel.capture.text, "1")  # picks Grégoire
    type_text(panel.capture.text, "L’ESS, c’est « demain »")
    qtbot.waitUntil(lambda: draft_in_file(event_path, "speaker-capture") is not None, timeout=1000)
    draft = draft_in_file(event_path, "speaker-capture")
    assert draft.text == "L’ESS, c’est « demain »"
    assert draft.context == {"session_id": table.id, "speaker_id": grégoire.id, "kind": "quote"}

    # the file as a crash would leave it: a new panel on it shows the text again, the
    # speaker and the type included
    crashed = tmp_path / "crashed.recolte"
    document.store.backup_to(crashed)
    again = EventDocument(open_event(crashed))
    try:
        restored = RoundTablePanel(again)
        qtbot.addWidget(restored)
        restored.set_session(table.id)
        assert restored.capture.text.text() == "L’ESS, c’est « demain »"
        assert restored.capture.speaker_id() == grégoire.id
        assert restored.capture.kind.currentData() == "quote"
    finally:
        again.close()

    document.close()  # the text in the box becomes the note
    with open_event(event_path, readonly=True) as store:
        said = [n for n in store.session_notes(table.id) if n.text == "L’ESS, c’est « demain »"]
        assert list_drafts(store) == []
    assert len(said) == 1
    assert (said[0].speaker_id, said[0].kind) == (grégoire.id, "quote")


def test_the_session_question_is_kept_while_typed_and_offered_again(
    document, settings, event_path, qtbot, monkeypatch
):
    from facilitator_app.gui.dialogs.session_dialog import SessionDialog

    opening = session_titled(document, "Ouverture")
    box = f"session/{opening.id}/question"
    dialog = SessionDialog(opening, document=document, settings=settings)
    qtbot.addWidget(dialog)
    dialog.question.setFocus()
    type_text(dialog.question, "Qu’attendez-vous de ces deux jours ?")
    qtbot.waitUntil(lambda: draft_in_file(event_path, box) is not None, timeout=1000)
    dialog.deleteLater()  # Récolte stopped here: neither OK nor Cancel

    again = SessionDialog(opening, document=document, settings=settings)
    qtbot.addWidget(again)
    assert again.question.toPlainText() == "Qu’attendez-vous de ces deux jours ?"
    assert not again.restored.isHidden()
    again.reject()  # Cancel throws the text away
    assert draft_in_file(event_path, box) is None

    # through the window: typed, OK, the session has it and no draft is left
    window = open_window(document, settings, qtbot)
    window.sidebar.select_session(opening.id)

    def answer(dialog: QDialog) -> int:
        type_text(dialog.question, "Pourquoi coopérer ?")
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
        return dialog.result()

    monkeypatch.setattr(SessionDialog, "exec", answer)
    window.edit_session()
    with open_event(event_path, readonly=True) as store:
        assert store.require(Session, opening.id).question == "Pourquoi coopérer ?"
        assert list_drafts(store) == []


def test_steady_typing_is_saved_without_waiting_for_a_pause(qtbot):
    """Keys every 100 ms never leave the 300 ms pause a debounce waits for: the text is
    still written, by the deadline set at the first unsaved keystroke."""
    saves = []
    timer = SaveTimer(lambda: saves.append(1), None)
    timer.touch()
    first = timer.deadline_ms()
    qtbot.wait(150)
    timer.touch()
    assert 0 <= timer.deadline_ms() <= first  # a new keystroke does not push the deadline
    for _ in range(12):
        if saves:
            break
        qtbot.wait(100)
        timer.touch()
    assert saves


def test_a_cell_editor_saves_while_typing_goes_on(document, event_path, qtbot):
    page = OrganisationsPage(document)
    qtbot.addWidget(page)
    page.show()
    treso = next(o for o in document.read.all_organisations() if o.name == "La Tréso")
    row = page.model.row_of(treso.id)
    index = page.proxy.mapFromSource(page.model.index(row, OrganisationsModel.PRESENTATION))
    page.table.setFocus()
    page.table.setCurrentIndex(index)
    page.table.edit(index)
    editor = page.table.focusWidget()
    words = PRESENTATION.split(" ")

    def presentation():
        with open_event(event_path, readonly=True) as store:
            return store.require(Organisation, treso.id).presentation

    for word in words:  # steady typing: a word every 100 ms, no pause
        type_text(editor, word + " ")
        qtbot.wait(100)
    assert presentation()  # written while typing went on
    QApplication.sendEvent(editor, QFocusEvent(QEvent.Type.FocusOut))


def test_the_table_synthesis_saves_while_typing_goes_on(document, event_path, qtbot):
    cafe = next(s for s in document.read.all_sessions() if s.kind == "world_cafe")
    editor = TableSynthesisEditor(document)
    qtbot.addWidget(editor)
    editor.set_session(cafe.id)
    editor.editor.setFocus()

    def synthesis():
        with open_event(event_path, readonly=True) as store:
            return store.all(CafeTable, session_id=cafe.id)[0].synthesis

    for word in SYNTHESIS.split(" "):
        type_text(editor.editor, word + " ")
        qtbot.wait(100)
    assert synthesis()  # written while typing went on
    document.close()
    assert synthesis() == SYNTHESIS + " "


def test_a_card_typed_in_a_grid_column_is_kept_and_committed_on_close(
    document, settings, event_path, tmp_path, qtbot
):
    from facilitator_app.gui.widgets.grid import GridEditor

    session = Session(title="Atelier : la formalisation", kind="grid", day="2026-06-12")
    document.push(add(session))
    column = Category(session_id=session.id, name="À créer", position=0)
    document.push(add(column))
    editor = GridEditor(document)
    qtbot.addWidget(editor)
    editor.set_session(session.id)
    box = editor.columns[column.id].add_edit
    type_text(box, "Un fonds commun « coopération »")
    qtbot.waitUntil(
        lambda: draft_in_file(event_path, f"card/{column.id}") is not None, timeout=1000
    )
    assert draft_in_file(event_path, f"card/{column.id}").context == {
        "session_id": session.id,
        "column_id": column.id,
    }

    # the file as a crash leaves it: the event opens on the grid, the text back in its column
    crashed = tmp_path / "crashed.recolte"
    document.store.backup_to(crashed)
    again = EventDocument(open_event(crashed))
    try:
        window = open_window(again, settings, qtbot)
        assert window.session_view.session.id == session.id
        grid = window.session_view.show_page("grid")
        assert grid.columns[column.id].add_edit.text() == "Un fonds commun « coopération »"
    finally:
        again.close()

    document.close()  # closing makes the card
    with open_event(event_path, readonly=True) as store:
        cards = [n for n in store.session_notes(session.id) if n.category_id == column.id]
        assert list_drafts(store) == []
    assert [c.text for c in cards] == ["Un fonds commun « coopération »"]
