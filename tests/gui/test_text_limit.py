"""A text too long for Récolte (over MAX_NOTE_CHARS) is refused in the window as it is pasted:
the box keeps what it had, one sentence says why, and nothing reaches the file. A long paste
under the limit is kept whole (Qt's line boxes used to cut it at 32,767 characters)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QPlainTextEdit, QToolTip
from sessions import session_titled

from facilitator_app.core.commands import add_note
from facilitator_app.core.limits import MAX_NOTE_CHARS
from facilitator_app.core.model import Note
from facilitator_app.gui.main_window import MainWindow
from facilitator_app.gui.widgets.table_synthesis import TableSynthesisEditor
from facilitator_app.gui.widgets.text_limit import limit_length, refusal
from facilitator_app.store import open_event

TOO_LONG = "Un compte rendu collé deux fois. " * 4_000  # 132,000 characters
LONG = "Un long verbatim. " * 2_500  # 45,000 characters: more than a QLineEdit takes


def notes_in_file(path, session_id: str) -> list[str]:
    with open_event(path, readonly=True) as store:
        return [n.text for n in store.session_notes(session_id)]


def paste(box, text: str) -> None:
    QApplication.clipboard().setText(text)
    box.paste()


def test_the_capture_box_refuses_a_paste_too_long_in_one_sentence(
    qtbot, document, settings, event_path
):
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    window.show()
    opening = session_titled(document, "Ouverture")
    window.sidebar.select_session(opening.id)
    box = window.session_view.capture.text
    box.setText("Début : ")
    box.end(False)
    paste(box, TOO_LONG)
    assert box.text() == "Début : "  # what was typed stays, the paste is not taken
    assert QToolTip.isVisible() and QToolTip.text() == refusal()
    assert "100,000" in refusal() and "\n" not in refusal()
    box.setText("")
    paste(box, LONG)
    assert len(box.text()) == len(LONG)  # kept whole, not cut at 32,767
    window.session_view.capture.commit()
    assert notes_in_file(event_path, opening.id)[-1] == LONG.strip()


def test_a_paste_too_long_into_a_note_editor_is_undone(qtbot, document, settings, event_path):
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    window.show()
    opening = session_titled(document, "Ouverture")
    window.sidebar.select_session(opening.id)
    table = window.session_view.table
    table.edit(window.session_view.model.index(0, 0))
    editor = table.focusWidget()
    before = editor.text()
    paste(editor, TOO_LONG)
    assert editor.text() == before
    assert QToolTip.text() == refusal()
    qtbot.wait(600)  # past the typing save
    assert notes_in_file(event_path, opening.id)[0] == "Bienvenue au Solidarium !"
    assert document.undo_stack.count() == 0


def test_a_multi_line_box_takes_text_up_to_the_limit_and_not_past_it(qtbot, document):
    cafe = session_titled(document, "World café « fonctions »")
    panel = TableSynthesisEditor(document)
    qtbot.addWidget(panel)
    panel.set_session(cafe.id)
    panel.show()
    box = panel.editor
    box.setFocus()
    paste(box, "x" * (MAX_NOTE_CHARS - 5))
    paste(box, "y" * 5)  # exactly at the limit: taken
    assert len(box.toPlainText()) == MAX_NOTE_CHARS
    paste(box, "z")  # one more: refused
    assert len(box.toPlainText()) == MAX_NOTE_CHARS and "z" not in box.toPlainText()
    assert QToolTip.text() == refusal()


def test_a_long_text_from_an_older_file_is_shown_and_can_be_shortened(qtbot):
    box = limit_length(QPlainTextEdit())
    qtbot.addWidget(box)
    box.setPlainText("a" * (MAX_NOTE_CHARS + 50))  # loaded, not typed: shown as it is
    assert len(box.toPlainText()) == MAX_NOTE_CHARS + 50
    cursor = box.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    cursor.deletePreviousChar()
    assert len(box.toPlainText()) == MAX_NOTE_CHARS + 49
    cursor.insertText("b")  # longer again than what was accepted: undone
    assert len(box.toPlainText()) == MAX_NOTE_CHARS + 49


def test_the_document_says_why_a_command_with_a_text_too_long_failed(qtbot, document, event_path):
    opening = session_titled(document, "Ouverture")
    failures: list[str] = []
    document.failed.connect(failures.append)
    command = add_note(
        session_id=opening.id, text="é" * (MAX_NOTE_CHARS + 1), position=5, created_at=""
    )
    assert not document.push(command)
    assert len(failures) == 1 and "100,001" in failures[0]
    assert document.read.get(Note, command.record.id) is None
    assert document.undo_stack.count() == 0
