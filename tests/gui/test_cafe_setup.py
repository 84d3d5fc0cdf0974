"""The world café set-up panel and its models, on a real event file.

The fixture's café « World café « fonctions » » has one table (« Animation »), one round
(25 minutes), one category (« Missions ») and three participants, none of them chosen.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from gui_keys import type_text
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLineEdit,
    QSpinBox,
    QStyle,
    QStyledItemDelegate,
)

from facilitator_app.core.commands import add, delete, update
from facilitator_app.core.model import CafeTable, Category, Participant, Round, Session
from facilitator_app.gui.models.cafe import (
    CafeParticipantsModel,
    CategoriesModel,
    RoundsModel,
    TablesModel,
)
from facilitator_app.gui.models.people import PeopleProxyModel
from facilitator_app.gui.widgets.cafe_setup import CafeSetupPanel
from facilitator_app.store import open_event

CHECKED = Qt.CheckState.Checked.value
UNCHECKED = Qt.CheckState.Unchecked.value
CHECK = Qt.ItemDataRole.CheckStateRole


def cafe_of(document) -> Session:
    return next(s for s in document.read.all_sessions() if s.kind == "world_cafe")


def person(document, name: str) -> Participant:
    return next(p for p in document.read.all_participants() if p.name == name)


def on_disk(path, record_type, session_id):
    """The live records of one café as another program reading the file would see them."""
    with open_event(path, readonly=True) as store:
        records = store.all(record_type, session_id=session_id)
    key = "position" if record_type is Category else "number"
    return sorted(records, key=lambda r: getattr(r, key))


def session_on_disk(path, session_id) -> Session:
    with open_event(path, readonly=True) as store:
        session = store.require(Session, session_id)
    # the store reads a non-empty id list back as a list: compare as a tuple
    return replace(session, participant_ids=tuple(session.participant_ids))


def column(model, col: int = 0, role=Qt.ItemDataRole.DisplayRole) -> list:
    return [model.index(row, col).data(role) for row in range(model.rowCount())]


@pytest.fixture
def cafe(document) -> Session:
    return cafe_of(document)


@pytest.fixture
def panel(document, cafe, qtbot):
    widget = CafeSetupPanel(document)
    qtbot.addWidget(widget)
    widget.set_session(cafe.id)
    widget.resize(1000, 650)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def close_editor(view):
    editor = QApplication.focusWidget()
    view.commitData(editor)
    view.closeEditor(editor, QStyledItemDelegate.EndEditHint.SubmitModelCache)


# -- models -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "model_type", [TablesModel, RoundsModel, CategoriesModel, CafeParticipantsModel]
)
def test_models_pass_the_model_tester(document, cafe, qtmodeltester, model_type):
    model = model_type(document)
    qtmodeltester.check(model)  # without a session: no rows
    model.set_session(cafe.id)
    qtmodeltester.check(model, force_py=True)  # keeps watching while the document changes
    tables, rounds = TablesModel(document), RoundsModel(document)
    categories, people = CategoriesModel(document), CafeParticipantsModel(document)
    for other in (tables, rounds, categories, people):
        other.set_session(cafe.id)
    tables.append()
    tables.set_host(tables.record(1), person(document, "Rémy Jacquot").id)
    rounds.append()
    categories.append()
    categories.move(1, -1)
    people.choose_each()
    document.push(add(Participant(name="Zoé Abadie")))
    tables.remove([tables.record(0)])
    document.undo_stack.undo()
    document.undo_stack.undo()
    model.set_session(None)


def test_participants_proxy_passes_the_model_tester(document, cafe, qtmodeltester):
    people = CafeParticipantsModel(document)
    people.set_session(cafe.id)
    proxy = PeopleProxyModel()
    proxy.setSourceModel(people)
    proxy.sort(0)
    proxy.set_filter_text("é")
    qtmodeltester.check(proxy)


def test_tables_model_shows_the_cafe(document, cafe):
    model = TablesModel(document)
    model.set_session(cafe.id)
    gregoire = person(document, "Grégoire Simonnet")
    document.push(update(model.record(0), host_id=gregoire.id, capacity=8))
    assert column(model, TablesModel.NUMBER) == ["1"]
    assert column(model, TablesModel.THEME) == ["Animation"]
    assert column(model, TablesModel.HOST) == ["Grégoire Simonnet"]
    assert column(model, TablesModel.HOST, Qt.ItemDataRole.EditRole) == [gregoire.id]
    assert column(model, TablesModel.CAPACITY) == ["8"]
    number = model.index(0, TablesModel.NUMBER)
    assert not model.flags(number) & Qt.ItemFlag.ItemIsEditable
    assert model.headerData(TablesModel.THEME, Qt.Orientation.Horizontal) == "Theme or question"


def test_add_edit_remove_a_table_reach_the_file_and_undo(panel, document, cafe, event_path):
    panel.add_table()
    assert [(t.number, t.theme) for t in on_disk(event_path, CafeTable, cafe.id)] == [
        (1, "Animation"),
        (2, ""),
    ]
    assert document.undo_stack.undoText() == "Add table"
    close_editor(panel.tables_view)  # the new table's theme opened for typing

    model = panel.tables_model
    assert model.setData(model.index(1, TablesModel.THEME), "Créativité et « audace »")
    assert model.setData(model.index(1, TablesModel.CAPACITY), 7)
    assert document.undo_stack.undoText() == "Edit table"
    table = on_disk(event_path, CafeTable, cafe.id)[1]
    assert (table.theme, table.capacity) == ("Créativité et « audace »", 7)
    assert model.setData(model.index(1, TablesModel.CAPACITY), 0)  # « no limit »
    assert on_disk(event_path, CafeTable, cafe.id)[1].capacity is None

    animation_id = model.record(0).id
    panel.tables_view.selectRow(0)
    assert panel.remove_table_button.isEnabled()
    panel.remove_table_button.click()
    [kept] = on_disk(event_path, CafeTable, cafe.id)
    assert (kept.number, kept.theme) == (1, "Créativité et « audace »")  # numbered again
    assert document.undo_stack.undoText() == "Remove table"
    with open_event(event_path, readonly=True) as store:
        assert store.get(CafeTable, animation_id).deleted  # a tombstone, not a missing row

    document.undo_stack.undo()
    assert [(t.number, t.theme) for t in on_disk(event_path, CafeTable, cafe.id)] == [
        (1, "Animation"),
        (2, "Créativité et « audace »"),
    ]
    assert column(model, TablesModel.THEME) == ["Animation", "Créativité et « audace »"]
    document.undo_stack.redo()
    assert column(model, TablesModel.THEME) == ["Créativité et « audace »"]
    for _ in range(document.undo_stack.count()):
        document.undo_stack.undo()
    assert [t.theme for t in on_disk(event_path, CafeTable, cafe.id)] == ["Animation"]


def test_choosing_a_host_of_another_table_moves_them_in_one_undo_step(
    panel, document, cafe, event_path
):
    model = panel.tables_model
    panel.add_table()
    close_editor(panel.tables_view)
    elise = person(document, "Élise Œuvrard")
    assert model.setData(model.index(0, TablesModel.HOST), elise.id)
    steps = document.undo_stack.count()

    assert model.setData(model.index(1, TablesModel.HOST), elise.id)
    assert [t.host_id for t in on_disk(event_path, CafeTable, cafe.id)] == [None, elise.id]
    assert column(model, TablesModel.HOST) == ["", "Élise Œuvrard"]
    assert document.undo_stack.count() == steps + 1
    assert document.undo_stack.undoText() == "Edit table"

    document.undo_stack.undo()
    assert [t.host_id for t in on_disk(event_path, CafeTable, cafe.id)] == [elise.id, None]
    assert column(model, TablesModel.HOST) == ["Élise Œuvrard", ""]


def test_host_editor_lists_participants_and_says_who_hosts_elsewhere(panel, document, qtbot):
    model = panel.tables_model
    panel.add_table()
    close_editor(panel.tables_view)
    remy = person(document, "Rémy Jacquot")
    model.setData(model.index(0, TablesModel.HOST), remy.id)
    index = model.index(1, TablesModel.HOST)
    panel.tables_view.setCurrentIndex(index)
    panel.tables_view.edit(index)
    combo = panel.tables_view.findChild(QComboBox, "hostEditor")
    assert combo is not None
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "(no host)",
        "Élise Œuvrard",
        "Grégoire Simonnet",
        "Rémy Jacquot — hosts table 1",
    ]
    combo.setCurrentIndex(3)
    combo.activated.emit(3)
    assert column(model, TablesModel.HOST) == ["", "Rémy Jacquot"]


def test_rounds_add_edit_remove_reach_the_file_and_undo(panel, document, cafe, event_path):
    panel.add_round_button.click()
    assert [(r.number, r.minutes) for r in on_disk(event_path, Round, cafe.id)] == [
        (1, 25),
        (2, 25),  # as long as the last one
    ]
    assert document.undo_stack.undoText() == "Add round"
    model = panel.rounds_model
    assert model.setData(model.index(1, RoundsModel.MINUTES), 500)  # kept within 5–120
    assert model.setData(model.index(1, RoundsModel.QUESTION), "Qu’est-ce qui vous manque ?")
    second = on_disk(event_path, Round, cafe.id)[1]
    assert (second.minutes, second.question) == (120, "Qu’est-ce qui vous manque ?")
    assert document.undo_stack.undoText() == "Edit round"

    panel.rounds_view.selectRow(0)
    panel.remove_round_button.click()
    [left] = on_disk(event_path, Round, cafe.id)
    assert (left.number, left.minutes) == (1, 120)
    assert document.undo_stack.undoText() == "Remove round"
    document.undo_stack.undo()
    assert [(r.number, r.minutes) for r in on_disk(event_path, Round, cafe.id)] == [
        (1, 25),
        (2, 120),
    ]
    document.undo_stack.redo()
    assert column(model, RoundsModel.NUMBER) == ["1"]


def test_minutes_spin_editor_saves_while_changing(panel, cafe, event_path, qtbot):
    index = panel.rounds_model.index(0, RoundsModel.MINUTES)
    panel.rounds_view.setCurrentIndex(index)
    panel.rounds_view.edit(index)
    spin = panel.rounds_view.findChild(QSpinBox, "spinEditor")
    assert (spin.minimum(), spin.maximum(), spin.value()) == (5, 120, 25)
    spin.setValue(40)
    qtbot.waitUntil(lambda: on_disk(event_path, Round, cafe.id)[0].minutes == 40, timeout=1500)
    assert spin.value() == 40


def test_categories_add_rename_move_remove_and_undo(panel, document, cafe, event_path):
    def names():
        return [c.name for c in on_disk(event_path, Category, cafe.id)]

    panel.add_category_button.click()
    assert names() == ["Missions", "New category"]
    assert document.undo_stack.undoText() == "Add category"
    close_editor(panel.categories_view)
    model = panel.categories_model
    assert model.setData(model.index(1, 0), "Besoins d’accompagnement")
    assert not model.setData(model.index(1, 0), "  ")  # a category needs a name
    assert document.undo_stack.undoText() == "Edit category"

    panel.categories_view.setCurrentIndex(model.index(1, 0))
    assert panel.move_up_button.isEnabled() and not panel.move_down_button.isEnabled()
    panel.move_up_button.click()
    assert names() == ["Besoins d’accompagnement", "Missions"]
    assert column(model) == ["Besoins d’accompagnement", "Missions"]
    assert panel.categories_view.currentIndex().row() == 0  # the moved one stays current
    assert document.undo_stack.undoText() == "Move category"

    panel.remove_category_button.click()
    assert names() == ["Missions"]
    assert document.undo_stack.undoText() == "Remove category"
    document.undo_stack.undo()
    assert names() == ["Besoins d’accompagnement", "Missions"]
    document.undo_stack.undo()
    assert names() == ["Missions", "Besoins d’accompagnement"]


def test_default_categories_are_offered_when_there_is_none(panel, document, cafe, event_path):
    assert not panel.default_categories_button.isVisible()
    document.push(delete(panel.categories_model.records()))
    assert panel.default_categories_button.isVisible()
    assert "Missions" in panel.default_categories_button.toolTip()
    panel.default_categories_button.click()
    names = [c.name for c in on_disk(event_path, Category, cafe.id)]
    assert names == ["Missions", "Actions", "Support needs"]
    assert not panel.default_categories_button.isVisible()
    assert document.undo_stack.undoText() == "Add default categories"
    document.undo_stack.undo()
    assert on_disk(event_path, Category, cafe.id) == []
    assert panel.default_categories_button.isVisible()


def test_default_categories_in_french(document, cafe, monkeypatch):
    from facilitator_app import i18n

    monkeypatch.setitem(i18n._state, "catalog", {"Support needs": "Besoins d’accompagnement"})
    model = CategoriesModel(document)
    model.set_session(cafe.id)
    document.push(delete(model.records()))
    assert model.add_defaults()
    assert column(model) == ["Missions", "Actions", "Besoins d’accompagnement"]
    assert not model.add_defaults()  # only to an empty list


def test_french_theme_typed_in_the_cell_is_saved_intact(panel, document, cafe, event_path, qtbot):
    index = panel.tables_model.index(0, TablesModel.THEME)
    view = panel.tables_view
    view.setFocus()
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    type_text(editor, "Coopérer : l’œuvre « commune » à Saint-Étienne")
    expected = "Coopérer : l’œuvre « commune » à Saint-Étienne"
    qtbot.waitUntil(
        lambda: on_disk(event_path, CafeTable, cafe.id)[0].theme == expected, timeout=1500
    )
    assert editor.text() == expected  # the editor stays as typed
    assert document.undo_stack.count() == 1  # one typing run, one undo step
    document.undo_stack.undo()
    assert on_disk(event_path, CafeTable, cafe.id)[0].theme == "Animation"


# -- who takes part -----------------------------------------------------------------------


def test_everyone_takes_part_at_first(panel):
    model = panel.participants_model
    assert panel.every_radio.isChecked() and not panel.chosen_radio.isChecked()
    assert not panel.participants_view.isEnabled()
    assert column(model, 0, CHECK) == [Qt.CheckState.Checked] * 3
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsUserCheckable
    assert panel.summary_label.text() == "1 table · 1 round · 3 participants (≈ 3 per table)"


def test_choosing_participants_writes_their_ids_one_click_one_step(
    panel, document, cafe, event_path, qtbot
):
    model = panel.participants_model
    qtbot.mouseClick(panel.chosen_radio, Qt.MouseButton.LeftButton)
    everyone = tuple(p.id for p in document.read.all_participants())
    assert session_on_disk(event_path, cafe.id).participant_ids == everyone
    assert panel.chosen_radio.isChecked() and panel.participants_view.isEnabled()
    assert document.undo_stack.undoText() == "Choose participants"

    remy = person(document, "Rémy Jacquot")
    row = model.row_of(remy.id)
    assert model.setData(model.index(row, 0), UNCHECKED, CHECK)
    assert remy.id not in session_on_disk(event_path, cafe.id).participant_ids
    assert len(session_on_disk(event_path, cafe.id).participant_ids) == 2
    assert model.index(row, 0).data(CHECK) == Qt.CheckState.Unchecked
    assert panel.summary_label.text().startswith("1 table · 1 round · 2 participants")
    assert document.undo_stack.count() == 2

    qtbot.mouseClick(panel.every_radio, Qt.MouseButton.LeftButton)
    assert session_on_disk(event_path, cafe.id).participant_ids == ()
    assert model.index(row, 0).data(CHECK) == Qt.CheckState.Checked

    document.undo_stack.undo()
    assert panel.chosen_radio.isChecked()
    assert model.index(row, 0).data(CHECK) == Qt.CheckState.Unchecked
    document.undo_stack.undo()
    assert remy.id in session_on_disk(event_path, cafe.id).participant_ids
    document.undo_stack.undo()
    assert session_on_disk(event_path, cafe.id).participant_ids == ()
    assert panel.every_radio.isChecked()


def test_space_on_a_participant_toggles_their_check_box(panel, document, cafe, event_path, qtbot):
    panel.set_everyone(False)
    view = panel.participants_view
    proxy = panel.participants_proxy
    elise = person(document, "Élise Œuvrard")
    index = next(i for i in map(lambda r: proxy.index(r, 0), range(3)) if i.data() == elise.name)
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert elise.id not in session_on_disk(event_path, cafe.id).participant_ids
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert elise.id in session_on_disk(event_path, cafe.id).participant_ids


def test_hosts_always_take_part_checked_and_disabled(panel, document, cafe, event_path):
    model = panel.participants_model
    gregoire = person(document, "Grégoire Simonnet")
    panel.tables_model.setData(panel.tables_model.index(0, TablesModel.HOST), gregoire.id)
    panel.set_everyone(False)
    row = model.row_of(gregoire.id)
    index = model.index(row, 0)
    assert index.data(CHECK) == Qt.CheckState.Checked
    assert not model.flags(index) & Qt.ItemFlag.ItemIsEnabled
    assert "table 1" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert not model.setData(index, UNCHECKED, CHECK)

    # unchecking everyone else leaves the host alone, never « everyone » (an empty list)
    for other in ("Élise Œuvrard", "Rémy Jacquot"):
        assert model.setData(model.index(model.row_of(person(document, other).id), 0), 0, CHECK)
    assert session_on_disk(event_path, cafe.id).participant_ids == (gregoire.id,)
    assert len(model.taking_part()) == 1
    assert panel.chosen_radio.isChecked()
    assert panel.warning_label.text() == ""  # one table, one person


def test_participant_filter_ignores_accents_and_case(panel):
    proxy = panel.participants_proxy
    panel.participants_filter.setText("OEUVRARD elise")
    assert column(proxy) == ["Élise Œuvrard"]
    panel.participants_filter.setText("tréso")  # an organisation's name
    assert column(proxy) == ["Grégoire Simonnet"]
    panel.participants_filter.clear()
    assert proxy.rowCount() == 3


def test_keep_colleagues_apart_checkbox(panel, document, cafe, event_path, qtbot):
    check = panel.keep_apart_check
    assert not check.isChecked()
    assert "different tables" in check.toolTip()
    indicator = QPoint(check.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth) // 2, 0)
    indicator.setY(check.height() // 2)
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=indicator)
    assert session_on_disk(event_path, cafe.id).keep_colleagues_apart is True
    assert document.undo_stack.undoText() == "Keep colleagues apart"
    document.undo_stack.undo()
    assert session_on_disk(event_path, cafe.id).keep_colleagues_apart is False
    assert not check.isChecked()
    document.undo_stack.redo()
    assert check.isChecked()


# -- the panel ----------------------------------------------------------------------------


def test_summary_follows_the_document(panel, document, cafe):
    for number in (2, 3, 4):
        document.push(add(CafeTable(session_id=cafe.id, number=number)))
    assert panel.summary_label.text() == "4 tables · 1 round · 3 participants (≈ 1 per table)"
    assert panel.warning_label.text() == "Fewer participants than tables."
    for index in range(33):
        document.push(add(Participant(name=f"Personne {index}")))
    assert panel.summary_label.text() == "4 tables · 1 round · 36 participants (≈ 9 per table)"
    assert panel.warning_label.text() == ""
    for table in panel.tables_model.records():
        document.push(update(table, capacity=8))
    assert panel.warning_label.text() == "The tables seat 32 people at most."


def test_an_open_editor_survives_other_edits(panel, document, cafe):
    index = panel.tables_model.index(0, TablesModel.THEME)
    panel.tables_view.setCurrentIndex(index)
    panel.tables_view.edit(index)
    editor = panel.tables_view.focusWidget()
    assert isinstance(editor, QLineEdit)
    document.push(update(panel.tables_model.record(0), capacity=6))
    document.push(update(cafe_of(document), keep_colleagues_apart=True))
    assert panel.tables_view.state() == panel.tables_view.State.EditingState
    assert panel.tables_view.focusWidget() is editor


def test_no_session_shows_nothing(document, qtbot, cafe):
    widget = CafeSetupPanel(document)
    qtbot.addWidget(widget)
    assert widget.tables_model.rowCount() == 0
    assert not widget.scroll.widget().isEnabled()
    assert widget.summary_label.text() == ""
    assert widget.add_table() is None
    widget.set_session(cafe.id)
    assert widget.scroll.widget().isEnabled()
    widget.set_session(None)
    assert widget.tables_model.rowCount() == 0 and widget.categories_model.rowCount() == 0
    assert widget.selected(widget.tables_view) == []


def test_everything_fits_in_the_central_area(panel):
    assert not panel.scroll.verticalScrollBar().isVisible()
    assert not panel.scroll.horizontalScrollBar().isVisible()
    for view in (panel.tables_view, panel.rounds_view, panel.categories_view):
        assert view.height() >= 3 * view.verticalHeader().defaultSectionSize()
    assert panel.participants_view.height() > 100
    header = panel.tables_view.horizontalHeader()
    for col in range(panel.tables_model.columnCount()):
        title = panel.tables_model.headerData(col, Qt.Orientation.Horizontal)
        assert header.sectionSize(col) > panel.fontMetrics().horizontalAdvance(title)


def test_delete_key_removes_the_selected_round(panel, document, cafe, event_path, qtbot):
    panel.add_round()
    view = panel.rounds_view
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    view.selectRow(1)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert [r.number for r in on_disk(event_path, Round, cafe.id)] == [1]


def test_install_icons(panel):
    panel.install_icons()
    assert not panel.add_table_button.icon().isNull()
    assert not panel.remove_round_button.icon().isNull()


def test_readonly_event_cannot_be_changed(event_path, qtbot):
    from facilitator_app.gui.document import EventDocument

    document = EventDocument(open_event(event_path, readonly=True))
    try:
        widget = CafeSetupPanel(document)
        qtbot.addWidget(widget)
        widget.set_session(cafe_of(document).id)
        assert not widget.add_table_button.isEnabled()
        assert not widget.keep_apart_check.isEnabled()
        model = widget.tables_model
        assert not model.flags(model.index(0, TablesModel.THEME)) & Qt.ItemFlag.ItemIsEditable
        assert model.append() is None
    finally:
        document.close()
