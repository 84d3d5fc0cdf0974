"""Issue 15, defect 5: a new note lands with its own table's notes, fully visible and selected,
while the keyboard stays in the capture box for the next note."""

from __future__ import annotations

import pytest
from gui_keys import press_enter, type_text

from facilitator_app.core.demo import build_demo
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.main_window import MainWindow
from facilitator_app.store import open_event, write_new_event


@pytest.fixture
def demo(tmp_path, qtbot):
    path = tmp_path / "démo.recolte"
    write_new_event(path, build_demo())  # the real demo: five tables, notes at each
    document = EventDocument(open_event(path))
    yield document
    document.close()


def test_a_note_for_table_2_lands_among_table_2s_visible_and_selected(qtbot, demo, settings):
    cafe = next(s for s in demo.read.all_sessions() if s.kind == "world_cafe")
    numbers = {t.id: t.number for t in demo.read.session_tables(cafe.id)}
    window = MainWindow(demo, settings)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.sidebar.select_session(cafe.id)
    view, model = window.session_view.table, window.session_view.model
    assert model.rowCount() > 10
    capture = window.session_view.capture
    capture.table_pick.setCurrentIndex(
        next(
            i
            for i in range(capture.table_pick.count())
            if capture.table_pick.itemText(i).startswith("Table 2")
        )
    )
    capture.text.setFocus()
    type_text(capture.text, "Créer un « fonds commun » pour les tiers-lieux")
    press_enter(capture.text)
    qtbot.wait(50)  # the reveal runs once the view has laid the new row out

    note = next(n for n in demo.read.session_notes(cafe.id) if n.text.startswith("Créer un «"))
    assert numbers[note.table_id] == 2
    row = model.row_of(note.id)
    tables = [numbers.get(model.note_at(r).table_id or "") for r in range(model.rowCount())]
    assert tables[row - 1] == 2  # after Table 2's notes…
    assert tables[row + 1] == 3  # …and before Table 3's, not after Table 5's
    assert tables == sorted(tables, key=lambda n: (n is None, n or 0))

    shown = view.visualRect(model.index(row, 0))
    assert view.viewport().rect().contains(shown)  # fully in view, not half hidden
    assert [i.row() for i in view.selectionModel().selectedRows()] == [row]
    assert capture.text.hasFocus()  # the next note can be typed at once

    # the last table's note is the last row: shown whole at the bottom, not cut in half
    last = capture.table_pick.count() - 1
    capture.table_pick.setCurrentIndex(last)
    type_text(
        capture.text, "Une note de la dernière table, assez longue pour passer à la ligne " * 3
    )
    press_enter(capture.text)
    qtbot.wait(50)
    row = model.rowCount() - 1
    while model.note_at(row).table_id is None:
        row -= 1
    assert model.note_at(row).text.startswith("Une note de la dernière table")
    assert view.viewport().rect().contains(view.visualRect(model.index(row, 0)))
    assert [i.row() for i in view.selectionModel().selectedRows()] == [row]
    window.close_for_good()


def test_other_sessions_keep_the_programme_order(qtbot, document, settings):
    plenary = next(s for s in document.read.all_sessions() if s.kind == "plenary")
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    window.show()
    window.sidebar.select_session(plenary.id)
    capture = window.session_view.capture
    type_text(capture.text, "Dernière remarque")
    press_enter(capture.text)
    model = window.session_view.model
    assert model.note_at(model.rowCount() - 1).text == "Dernière remarque"
    window.close_for_good()
