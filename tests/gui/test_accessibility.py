"""Keyboard and screen readers: Tab goes where the eye reads, and every control says its name.

The names are checked with the screenshot tool's own audit (`tools/screenshots.py`), which
asks Qt's accessibility interface what a screen reader would say.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFormLayout, QLineEdit, QPushButton, QWidget

from facilitator_app.gui.main_window import MainWindow

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
import screenshots  # noqa: E402  (tools/ is not a package)
from sessions import session_titled


@pytest.fixture
def window(qtbot, document, settings):
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    return window


def tab(qtbot, backwards: bool = False) -> QWidget:
    """Press Tab (Shift+Tab) where the focus is; the widget that has it then."""
    modifier = Qt.KeyboardModifier.ShiftModifier if backwards else Qt.KeyboardModifier.NoModifier
    key = Qt.Key.Key_Backtab if backwards else Qt.Key.Key_Tab
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)
    return QApplication.focusWidget()


def focus(qtbot, widget: QWidget) -> None:
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=2000)


def test_tab_walks_the_capture_bar_type_author_text_add(qtbot, window, document):
    window.sidebar.select_session(session_titled(document, "Ouverture").id)
    view = window.session_view
    capture = view.capture
    focus(qtbot, view.table)
    assert tab(qtbot) is capture.kind  # the list of notes, then the capture bar: type…
    assert QApplication.focusWidget() is capture.kind
    assert tab(qtbot) in (capture.author, capture.author.lineEdit())  # …author…
    assert tab(qtbot) is capture.text  # …the text…
    assert tab(qtbot) is capture.add_button  # …and Add
    focus(qtbot, capture.text)
    assert tab(qtbot, backwards=True) in (capture.author, capture.author.lineEdit())


def test_in_a_world_cafe_the_places_come_before_the_type(qtbot, window, document):
    window.sidebar.select_session(session_titled(document, "World café « fonctions »").id)
    view, capture = window.session_view, window.session_view.capture
    focus(qtbot, view.table)
    assert tab(qtbot) is capture.table_pick
    assert tab(qtbot) is capture.round_pick
    assert tab(qtbot) is capture.category_pick
    assert tab(qtbot) is capture.kind


def test_tab_leaves_a_table_of_the_cafe_set_up_for_its_buttons(qtbot, window, document):
    window.sidebar.select_session(session_titled(document, "World café « fonctions »").id)
    setup = window.session_view.show_page("setup")
    focus(qtbot, setup.tables_view)
    assert tab(qtbot).objectName() == "addTable"  # not the next cell of the table


def test_tab_leaves_the_participants_table(qtbot, window, document):
    window.sidebar.select_page("participants")
    page = window._pages["participants"]
    focus(qtbot, page.table)
    assert not page.table.isAncestorOf(tab(qtbot))
    assert QApplication.focusWidget() is not page.table


def test_every_control_of_the_session_pages_has_a_name(qtbot, window, document):
    shots = screenshots.Shooter(Path("."))
    window.sidebar.select_session(session_titled(document, "World café « fonctions »").id)
    for key in ("notes", "setup", "seating", "clock", "harvest", "photos"):
        window.session_view.show_page(key)
        qtbot.wait(50)
        shots.audit(key, window)
    for key in ("event", "participants", "organisations"):
        window.sidebar.select_page(key)
        qtbot.wait(50)
        shots.audit(key, window)
    assert shots.unnamed == []


def test_the_audit_reports_a_field_without_a_name(qtbot):
    """The audit can fail: a bare field is reported; a label's buddy or a name fixes it."""
    form = QWidget()
    qtbot.addWidget(form)
    bare, labelled, named = QLineEdit(), QLineEdit(), QLineEdit()
    named.setAccessibleName("Room")
    layout = QFormLayout(form)
    layout.addRow(bare)
    layout.addRow("Title", labelled)  # the label becomes the field's buddy
    layout.addRow(named)
    layout.addRow(QPushButton("Add"))
    form.show()
    shots = screenshots.Shooter(Path("."))
    shots.audit("form", form)
    assert shots.unnamed == ["form: QLineEdit -"]


def test_the_conflicts_view_closed_hears_no_more_of_the_document(qtbot, window, document):
    """Seen while screenshotting: closed (deleted on close), the view's slot still ran when
    the file turned read-only, and a traceback reached the person."""
    window.show_conflicts()
    from facilitator_app.gui.dialogs.conflicts_dialog import ConflictsDialog

    dialog = window.findChild(ConflictsDialog)
    dialog.close()
    qtbot.waitUntil(lambda: window.findChild(ConflictsDialog) is None, timeout=2000)
    document.editable_changed.emit(False)  # pytest-qt fails the test on an error in a slot
