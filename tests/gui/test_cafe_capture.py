"""World-café capture: pick table and round once, a digit chooses the category, type, Enter."""

from __future__ import annotations

from gui_keys import press_enter, type_text

from facilitator_app.core.commands import add
from facilitator_app.core.model import CafeTable, Category, Round
from facilitator_app.gui.main_window import MainWindow
from facilitator_app.store import open_event


def test_capture_with_table_round_and_category_key(qtbot, document, settings, event_path):
    cafe = next(s for s in document.read.all_sessions() if s.kind == "world_cafe")
    for record in (
        Category(session_id=cafe.id, name="Actions", position=1),
        Category(session_id=cafe.id, name="Besoins d’accompagnement", position=2),
        CafeTable(session_id=cafe.id, number=2, theme="Créativité"),
        Round(session_id=cafe.id, number=2, minutes=20),
    ):
        document.push(add(record))
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    window.show()
    window.sidebar.select_session(cafe.id)
    capture = window.session_view.capture
    assert capture.table_pick.isVisible() and capture.category_pick.isVisible()

    capture.table_pick.setCurrentIndex(capture.table_pick.findText("Table 2 · Créativité"))
    capture.round_pick.setCurrentIndex(capture.round_pick.findText("Round 2"))
    type_text(capture.text, "3")  # empty box: the digit picks « Besoins d’accompagnement »
    assert capture.text.text() == ""
    assert capture.category_pick.currentText() == "3 · Besoins d’accompagnement"
    type_text(capture.text, "Se faire accompagner 2 fois par an : « DLA »")  # digits are text
    press_enter(capture.text)

    with open_event(event_path, readonly=True) as store:
        note = store.session_notes(cafe.id)[-1]
        table = store.get(CafeTable, note.table_id)
        round_ = store.get(Round, note.round_id)
        category = store.get(Category, note.category_id)
    assert note.text == "Se faire accompagner 2 fois par an : « DLA »"
    assert (table.number, round_.number, category.name) == (2, 2, "Besoins d’accompagnement")
    # the choices stay for the next note of the same table
    assert capture.table_pick.currentText() == "Table 2 · Créativité"
    assert capture.round_pick.currentText() == "Round 2"

    document.undo_stack.undo()
    with open_event(event_path, readonly=True) as store:
        assert note.id not in {n.id for n in store.session_notes(cafe.id)}
    document.undo_stack.redo()
    with open_event(event_path, readonly=True) as store:
        assert store.session_notes(cafe.id)[-1].id == note.id
    shown = window.session_view.model
    assert shown.data(shown.index(shown.row_of(note.id), 4)) == "Besoins d’accompagnement"


def test_sessions_without_tables_hide_the_pickers(qtbot, document, settings):
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    window.show()
    opening = next(s for s in document.read.all_sessions() if s.title == "Ouverture")
    window.sidebar.select_session(opening.id)
    capture = window.session_view.capture
    assert not capture.table_pick.isVisible() and not capture.category_pick.isVisible()
    type_text(capture.text, "1 idée")
    assert capture.text.text() == "1 idée"  # no category to choose: the digit is text
