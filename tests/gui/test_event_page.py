"""The event page: typing is saved within a second, merges into one undo step, and undoes."""

from __future__ import annotations

import pytest
from gui_keys import type_text
from PySide6.QtCore import QDate, QEvent
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication

from facilitator_app.core.commands import add, update
from facilitator_app.core.model import Note, Participant
from facilitator_app.gui.widgets.event_page import EventPage
from facilitator_app.store import open_event

TITLE = "Rencontres « coopération » ’ €"


def on_disk(path):
    with open_event(path, readonly=True) as store:
        return store.event()


@pytest.fixture
def page(document, qtbot):
    widget = EventPage(document)
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_form_shows_the_event(page):
    assert page.title_edit.text() == "Rencontres des coopérations"
    assert page.place_edit.text() == "Le Solidarium"
    assert page.start_date_edit.date() == QDate(2026, 6, 11)
    assert page.end_date_edit.date() == QDate(2026, 6, 12)
    assert page.language_combo.currentData() == "fr"
    assert page.description_edit.toPlainText() == ""


def test_text_set_through_the_widget_is_saved_exactly(page, document, event_path, qtbot):
    page.title_edit.setText(TITLE)
    qtbot.waitUntil(lambda: on_disk(event_path).title == TITLE, timeout=1000)
    assert document.undo_stack.undoText() == "Edit event"


def test_typing_french_is_saved_within_a_second_as_one_undo_step(page, document, event_path, qtbot):
    page.title_edit.setFocus()
    page.title_edit.selectAll()
    type_text(page.title_edit, TITLE)
    assert page.title_edit.text() == TITLE
    qtbot.waitUntil(lambda: on_disk(event_path).title == TITLE, timeout=1000)
    assert document.undo_stack.count() == 1

    document.undo_stack.undo()
    assert on_disk(event_path).title == "Rencontres des coopérations"
    assert page.title_edit.text() == "Rencontres des coopérations"
    document.undo_stack.redo()
    assert on_disk(event_path).title == TITLE
    assert page.title_edit.text() == TITLE


def test_keystrokes_spread_over_several_saves_still_merge(page, document, event_path, qtbot):
    page.title_edit.setFocus()
    page.title_edit.end(False)
    for chunk in (" é", "té ", "2026"):
        type_text(page.title_edit, chunk)
        qtbot.waitUntil(lambda: not page._fields["title"].pending, timeout=1000)
    assert on_disk(event_path).title == "Rencontres des coopérations été 2026"
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    assert on_disk(event_path).title == "Rencontres des coopérations"
    assert page.title_edit.text() == "Rencontres des coopérations"


def test_focus_out_saves_at_once(page, event_path):
    page.place_edit.setFocus()
    page.place_edit.end(False)
    type_text(page.place_edit, " – Malakoff")
    assert page._fields["place"].pending
    QApplication.sendEvent(page.place_edit, QFocusEvent(QEvent.Type.FocusOut))
    assert on_disk(event_path).place == "Le Solidarium – Malakoff"


def test_each_field_is_saved(page, event_path, qtbot):
    page.subtitle_edit.setText("Deux jours pour coopérer")
    page.organisers_edit.setText("CRESS & Réseau des PTCE")
    page.description_edit.setPlainText("Ligne un\nLigne « deux »")
    page.start_date_edit.setDate(QDate(2026, 9, 24))
    page.end_date_edit.setDate(QDate(2026, 9, 25))
    page.language_combo.setCurrentIndex(page.language_combo.findData("en"))
    page.language_combo.activated.emit(page.language_combo.currentIndex())
    page.flush()
    event = on_disk(event_path)
    assert event.subtitle == "Deux jours pour coopérer"
    assert event.organisers == "CRESS & Réseau des PTCE"
    assert event.description == "Ligne un\nLigne « deux »"
    assert (event.start_date, event.end_date) == ("2026-09-24", "2026-09-25")
    assert event.language == "en"


def test_an_unset_date_is_stored_empty(page, document, event_path):
    page.end_date_edit.setDate(page.end_date_edit.minimumDate())
    assert page.end_date_edit.text() == "Not set"
    page.flush()
    assert on_disk(event_path).end_date == ""


def test_end_before_start_is_pointed_out(page):
    page.end_date_edit.setDate(QDate(2026, 6, 1))
    assert page.date_warning.isVisible()
    page.end_date_edit.setDate(QDate(2026, 6, 12))
    assert not page.date_warning.isVisible()


def test_outside_changes_reload_the_form_without_pushing(page, document):
    document.push(update(document.read.event_record(), place="Tiers-lieu « La Friche »"))
    assert page.place_edit.text() == "Tiers-lieu « La Friche »"
    assert document.undo_stack.count() == 1
    page.flush()
    assert document.undo_stack.count() == 1


def test_reload_keeps_the_cursor_of_the_field_being_typed_in(page, document, qtbot):
    edit = page.title_edit
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    edit.setCursorPosition(4)
    type_text(edit, "é")
    qtbot.waitUntil(lambda: not page._fields["title"].pending, timeout=1000)
    assert edit.text() == "Rencéontres des coopérations"
    assert edit.cursorPosition() == 5
    document.push(update(document.read.event_record(), place="Ailleurs"))  # another field changes
    assert edit.cursorPosition() == 5


def test_pending_typing_is_not_clobbered_by_a_reload(page, document):
    page.title_edit.setFocus()
    page.title_edit.end(False)
    type_text(page.title_edit, "!")
    document.push(update(document.read.event_record(), place="Ailleurs"))
    assert page.title_edit.text() == "Rencontres des coopérations!"
    page.flush()
    assert document.read.event_record().title == "Rencontres des coopérations!"


def test_key_figures_follow_the_document(page, document):
    assert page._count_labels["participants"].text() == "3"
    assert page._count_labels["organisations"].text() == "2"
    assert page._count_labels["sessions"].text() == "3"
    assert page._count_labels["notes"].text() == "2"
    document.push(add(Participant(name="Zoé Abadie")))
    session = document.read.all_sessions()[0]
    document.push(add(Note(session_id=session.id, text="Une idée")))
    assert page._count_labels["participants"].text() == "4"
    assert page._count_labels["notes"].text() == "3"
