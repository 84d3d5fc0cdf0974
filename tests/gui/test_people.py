"""The participants and organisations models and pages, on a real event file."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QStyledItemDelegate

from facilitator_app.core.commands import add, delete, update
from facilitator_app.core.model import Organisation, Participant
from facilitator_app.gui.models.people import (
    SORT_ROLE,
    OrganisationsModel,
    ParticipantsModel,
    PeopleProxyModel,
)
from facilitator_app.gui.widgets.people_page import OrganisationsPage, ParticipantsPage
from facilitator_app.store import open_event

NAME = ParticipantsModel.NAME


def on_disk(path, record_type):
    """The live records of one type as another program reading the file would see them."""
    with open_event(path, readonly=True) as store:
        return {r.name: r for r in store.all(record_type)}


def names(model) -> list[str]:
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def row_named(model, name: str) -> int:
    return names(model).index(name)


@pytest.fixture
def participants(document, qtbot):
    page = ParticipantsPage(document)
    qtbot.addWidget(page)
    page.resize(1000, 500)
    page.show()
    qtbot.waitExposed(page)
    return page


@pytest.fixture
def organisations(document, qtbot):
    page = OrganisationsPage(document)
    qtbot.addWidget(page)
    page.resize(1000, 500)
    page.show()
    qtbot.waitExposed(page)
    return page


# -- models -------------------------------------------------------------------------------


def test_models_pass_the_model_tester(document, qtmodeltester):
    qtmodeltester.check(ParticipantsModel(document))
    qtmodeltester.check(OrganisationsModel(document))


def test_proxy_passes_the_model_tester_while_filtering_and_sorting(document, qtmodeltester):
    proxy = PeopleProxyModel()
    proxy.setSourceModel(ParticipantsModel(document))
    proxy.sort(1, Qt.SortOrder.DescendingOrder)
    proxy.set_filter_text("e")
    qtmodeltester.check(proxy)


def test_models_still_pass_after_the_document_changes(document, qtmodeltester):
    model = ParticipantsModel(document)
    qtmodeltester.check(model, force_py=True)  # keeps watching while the model changes
    document.push(add(Participant(name="Zoé Abadie"), label="Add participant"))
    document.push(update(model.record(0), name="Aaron Œttinger"))
    document.push(delete([model.record(1), model.record(2)]))
    document.undo_stack.undo()
    document.undo_stack.undo()


def test_rows_follow_the_document_order_with_organisation_names(document):
    model = ParticipantsModel(document)
    assert names(model) == ["Élise Œuvrard", "Grégoire Simonnet", "Rémy Jacquot"]
    gregoire = model.index(1, ParticipantsModel.ORGANISATION)
    assert gregoire.data() == "La Tréso"
    treso = next(o for o in document.read.all_organisations() if o.name == "La Tréso")
    assert gregoire.data(Qt.ItemDataRole.EditRole) == treso.id
    assert model.index(0, ParticipantsModel.ORGANISATION).data() == ""
    assert model.record(1).name == "Grégoire Simonnet"
    assert model.headerData(ParticipantsModel.EMAIL, Qt.Orientation.Horizontal) == "E-mail"


def test_consents_are_check_boxes(document):
    model = ParticipantsModel(document)
    listed = model.index(row_named(model, "Grégoire Simonnet"), ParticipantsModel.LISTED)
    photo = model.index(row_named(model, "Grégoire Simonnet"), ParticipantsModel.PHOTO)
    assert listed.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert photo.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert listed.data() is None
    assert model.flags(photo) & Qt.ItemFlag.ItemIsUserCheckable
    assert not model.flags(photo) & Qt.ItemFlag.ItemIsEditable


def test_editing_a_cell_saves_to_the_file_and_undoes(document, event_path):
    model = ParticipantsModel(document)
    row = row_named(model, "Rémy Jacquot")
    assert model.setData(model.index(row, ParticipantsModel.ROLE), "Co-gérant « 6b »")
    assert on_disk(event_path, Participant)["Rémy Jacquot"].role == "Co-gérant « 6b »"
    assert document.undo_stack.count() == 1
    assert document.undo_stack.undoText() == "Edit participant"

    document.undo_stack.undo()
    assert on_disk(event_path, Participant)["Rémy Jacquot"].role == "Administrateur"
    assert model.index(row, ParticipantsModel.ROLE).data() == "Administrateur"
    document.undo_stack.redo()
    assert on_disk(event_path, Participant)["Rémy Jacquot"].role == "Co-gérant « 6b »"
    assert model.index(row, ParticipantsModel.ROLE).data() == "Co-gérant « 6b »"


def test_checking_a_consent_saves_and_undoes(document, event_path):
    model = ParticipantsModel(document)
    index = model.index(row_named(model, "Rémy Jacquot"), ParticipantsModel.PHOTO)
    assert model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert on_disk(event_path, Participant)["Rémy Jacquot"].consent_photo is True
    document.undo_stack.undo()
    assert on_disk(event_path, Participant)["Rémy Jacquot"].consent_photo is False
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked


def test_setting_the_same_value_or_an_empty_name_pushes_nothing(document):
    model = ParticipantsModel(document)
    assert model.setData(model.index(0, ParticipantsModel.ROLE), "Facilitatrice")
    assert not model.setData(model.index(0, NAME), "   ")
    assert document.undo_stack.count() == 0


def test_renaming_moves_the_row_and_keeps_persistent_indexes(document):
    model = ParticipantsModel(document)
    from PySide6.QtCore import QPersistentModelIndex

    remy = QPersistentModelIndex(model.index(row_named(model, "Rémy Jacquot"), NAME))
    elise = model.index(row_named(model, "Élise Œuvrard"), NAME)
    assert model.setData(elise, "Zélie Œuvrard")
    assert names(model) == ["Grégoire Simonnet", "Rémy Jacquot", "Zélie Œuvrard"]
    assert remy.data() == "Rémy Jacquot"


def test_organisation_edits_show_in_the_participants_table(document, event_path):
    participants = ParticipantsModel(document)
    organisations = OrganisationsModel(document)
    row = row_named(organisations, "La Tréso")
    assert organisations.setData(organisations.index(row, 0), "La Trésorerie")
    gregoire = participants.index(row_named(participants, "Grégoire Simonnet"), 1)
    assert gregoire.data() == "La Trésorerie"
    assert on_disk(event_path, Organisation)["La Trésorerie"].place == "Malakoff"
    assert document.undo_stack.undoText() == "Edit organisation"


def test_choosing_an_organisation_stores_its_id(document, event_path):
    model = ParticipantsModel(document)
    sixb = next(o for o in document.read.all_organisations() if o.name == "Le 6b")
    index = model.index(row_named(model, "Élise Œuvrard"), ParticipantsModel.ORGANISATION)
    assert model.setData(index, sixb.id)
    assert index.data() == "Le 6b"
    assert on_disk(event_path, Participant)["Élise Œuvrard"].organisation_id == sixb.id
    assert model.setData(index, "")
    assert on_disk(event_path, Participant)["Élise Œuvrard"].organisation_id is None


def test_sort_role_puts_accented_letters_with_their_base_letter(document):
    document.push(add(Participant(name="Emma Zola")))
    document.push(add(Participant(name="Fanny Ardant")))
    proxy = PeopleProxyModel()
    proxy.setSourceModel(ParticipantsModel(document))
    proxy.sort(NAME, Qt.SortOrder.AscendingOrder)
    assert names(proxy)[:3] == ["Élise Œuvrard", "Emma Zola", "Fanny Ardant"]
    assert proxy.index(0, NAME).data(SORT_ROLE).startswith("elise oeuvrard")


# -- pages --------------------------------------------------------------------------------


def test_heading_counts_the_rows(participants, organisations):
    assert participants.heading.text() == "3 participants"
    assert organisations.heading.text() == "2 organisations"


@pytest.mark.parametrize("typed", ["elise oeuvrard", "ŒUV", "oeuvrard elise", "ELISE"])
def test_filter_ignores_accents_case_and_ligatures(participants, typed):
    participants.filter_edit.setText(typed)
    assert names(participants.proxy) == ["Élise Œuvrard"]
    assert participants.heading.text() == "1 of 3 participants"
    participants.filter_edit.clear()
    assert participants.proxy.rowCount() == 3


def test_filter_looks_at_every_shown_column(participants):
    participants.filter_edit.setText("treso")  # the organisation's name, « La Tréso »
    assert names(participants.proxy) == ["Grégoire Simonnet"]
    assert participants.filter_edit.placeholderText() == "Filter…"


def test_filter_typed_key_by_key(participants, qtbot):
    participants.filter_edit.setFocus()
    for char in "ŒUV":
        event = QKeyEvent(
            QKeyEvent.Type.KeyPress, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char
        )
        QApplication.sendEvent(participants.filter_edit, event)
    assert participants.filter_edit.text() == "ŒUV"
    assert names(participants.proxy) == ["Élise Œuvrard"]


def test_add_button_creates_selects_and_edits_a_new_participant(
    participants, document, event_path, qtbot
):
    participants.filter_edit.setText("rémy")
    qtbot.mouseClick(participants.add_button, Qt.MouseButton.LeftButton)
    assert participants.filter_edit.text() == ""
    assert "New participant" in on_disk(event_path, Participant)
    assert participants.heading.text() == "4 participants"
    [selected] = participants.selected_records()
    assert selected.name == "New participant"
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    assert editor.text() == "New participant"

    editor.setText("Zoé Lefèvre")
    participants.table.commitData(editor)
    participants.table.closeEditor(editor, QStyledItemDelegate.EndEditHint.SubmitModelCache)
    people = on_disk(event_path, Participant)
    assert "Zoé Lefèvre" in people and "New participant" not in people
    assert participants.selected_records()[0].name == "Zoé Lefèvre"

    document.undo_stack.undo()  # the rename
    document.undo_stack.undo()  # the addition
    assert set(on_disk(event_path, Participant)) == {
        "Grégoire Simonnet",
        "Rémy Jacquot",
        "Élise Œuvrard",
    }
    assert participants.heading.text() == "3 participants"


def test_add_names_the_new_record_in_the_current_language(document, qtbot, monkeypatch):
    from facilitator_app import i18n

    monkeypatch.setitem(i18n._state, "catalog", {"New organisation": "Nouvelle organisation"})
    page = OrganisationsPage(document)
    qtbot.addWidget(page)
    record = page.add_record()
    assert record is not None
    assert document.read.get(Organisation, record.id).name == "Nouvelle organisation"


def test_delete_button_deletes_the_selection_as_one_undo_step(
    participants, document, event_path, qtbot
):
    table = participants.table
    proxy = participants.proxy
    assert not participants.delete_button.isEnabled()
    selection = table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    selection.select(proxy.index(row_named(proxy, "Élise Œuvrard"), 0), flags)
    selection.select(proxy.index(row_named(proxy, "Rémy Jacquot"), 0), flags)
    assert participants.delete_button.isEnabled()

    qtbot.mouseClick(participants.delete_button, Qt.MouseButton.LeftButton)
    assert set(on_disk(event_path, Participant)) == {"Grégoire Simonnet"}
    assert names(proxy) == ["Grégoire Simonnet"]
    assert participants.heading.text() == "1 participant"
    assert document.undo_stack.count() == 1
    assert document.undo_stack.undoText() == "Delete participants"

    document.undo_stack.undo()
    assert set(on_disk(event_path, Participant)) == {
        "Grégoire Simonnet",
        "Rémy Jacquot",
        "Élise Œuvrard",
    }
    assert participants.heading.text() == "3 participants"
    document.undo_stack.redo()
    assert names(proxy) == ["Grégoire Simonnet"]


def test_delete_key_in_the_table_deletes(participants, event_path, qtbot):
    table = participants.table
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    table.setCurrentIndex(
        participants.proxy.index(row_named(participants.proxy, "Rémy Jacquot"), 0)
    )
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert set(on_disk(event_path, Participant)) == {"Grégoire Simonnet", "Élise Œuvrard"}
    assert participants.selected_records()[0].name in {"Grégoire Simonnet", "Élise Œuvrard"}


def test_delete_key_in_an_open_editor_does_not_delete_the_row(participants, event_path, qtbot):
    table = participants.table
    index = participants.proxy.index(0, NAME)
    table.setCurrentIndex(index)
    table.edit(index)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.setCursorPosition(0)
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    assert editor.text() == "lise Œuvrard"
    assert len(on_disk(event_path, Participant)) == 3


def test_double_click_opens_an_editor(participants, qtbot):
    table = participants.table
    index = participants.proxy.index(0, ParticipantsModel.EMAIL)
    rect = table.visualRect(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert table.state() == table.State.EditingState


def test_organisation_combo_edits_through_the_view(participants, document, event_path, qtbot):
    table = participants.table
    proxy = participants.proxy
    index = proxy.index(row_named(proxy, "Élise Œuvrard"), ParticipantsModel.ORGANISATION)
    table.setCurrentIndex(index)
    table.edit(index)
    combo = table.findChild(QComboBox, "organisationEditor")
    assert combo is not None
    assert [combo.itemText(i) for i in range(combo.count())] == ["(none)", "La Tréso", "Le 6b"]
    assert combo.currentIndex() == 0
    combo.setCurrentIndex(2)
    combo.activated.emit(2)
    assert on_disk(event_path, Participant)["Élise Œuvrard"].organisation_id == (
        next(o.id for o in document.read.all_organisations() if o.name == "Le 6b")
    )
    assert index.data() == "Le 6b"


def test_deleting_an_organisation_empties_it_for_its_people_until_undo(
    organisations, document, event_path
):
    people = ParticipantsModel(document)
    gregoire = people.index(row_named(people, "Grégoire Simonnet"), 1)
    proxy = organisations.proxy
    organisations.table.selectRow(row_named(proxy, "La Tréso"))
    assert organisations.delete_selected() == 1
    assert gregoire.data() == ""
    assert on_disk(event_path, Participant)["Grégoire Simonnet"].organisation_id is not None
    assert document.undo_stack.undoText() == "Delete organisations"
    document.undo_stack.undo()
    assert gregoire.data() == "La Tréso"
    assert set(on_disk(event_path, Organisation)) == {"La Tréso", "Le 6b"}


def test_sorting_by_clicking_a_header(participants, qtbot):
    header = participants.table.horizontalHeader()
    assert participants.table.isSortingEnabled()
    assert names(participants.proxy) == ["Élise Œuvrard", "Grégoire Simonnet", "Rémy Jacquot"]
    section = header.sectionViewportPosition(ParticipantsModel.ORGANISATION) + 5
    pos = header.rect().center()
    pos.setX(section)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert names(participants.proxy) == ["Élise Œuvrard", "Grégoire Simonnet", "Rémy Jacquot"]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert names(participants.proxy) == ["Rémy Jacquot", "Grégoire Simonnet", "Élise Œuvrard"]


def test_table_looks_like_a_table(participants):
    table = participants.table
    assert table.alternatingRowColors()
    assert table.horizontalHeader().stretchLastSection()
    for column in range(4):
        title = participants.model.headerData(column, Qt.Orientation.Horizontal)
        assert table.columnWidth(column) > table.fontMetrics().horizontalAdvance(title)


def test_selection_survives_a_reset(participants, document):
    participants.select_record(participants.model.record(2).id)
    participants.proxy.sourceModel().beginResetModel()
    participants.proxy.sourceModel().endResetModel()
    assert [r.name for r in participants.selected_records()] == ["Rémy Jacquot"]
    assert participants.table.currentIndex() != QModelIndex()


def test_install_icons_gives_the_buttons_icons(participants):
    participants.install_icons()
    assert not participants.add_button.icon().isNull()
    assert not participants.delete_button.icon().isNull()
