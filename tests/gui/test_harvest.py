"""The harvest of a world café: notes grouped table × category (or the reverse), corrected in
place, deleted with the Delete key, filtered without caring for accents, and a written
synthesis per table saved while typing; the tree keeps its shape while the harvest grows."""

from __future__ import annotations

import pytest
from gui_keys import press_enter, type_text
from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QAbstractItemView

from facilitator_app.core.commands import add, add_note, delete, edit_note_text, update
from facilitator_app.core.model import CafeTable, Category, Note
from facilitator_app.gui.models.harvest import Grouping, HarvestModel
from facilitator_app.gui.widgets.harvest import HarvestView
from facilitator_app.store import open_event

MISSIONS_NOTE = "Être présent au cœur du réseau"  # the conftest's note: table 1, Missions


def in_file(path, record_type, record_id):
    with open_event(path, readonly=True) as store:
        return store.get(record_type, record_id)


def rows(model, parent=None):
    """The display text of the rows under `parent` (the top rows when None)."""
    parent = parent if parent is not None else QModelIndex()
    return [model.index(r, 0, parent).data() for r in range(model.rowCount(parent))]


@pytest.fixture
def cafe(document):
    """The conftest café, grown: three tables, three categories, 15 notes in all."""
    session = next(s for s in document.read.all_sessions() if s.kind == "world_cafe")
    table1 = document.read.session_tables(session.id)[0]
    missions = document.read.session_categories(session.id)[0]
    table2 = CafeTable(session_id=session.id, number=2, theme="Créativité")
    table3 = CafeTable(session_id=session.id, number=3, theme="Valorisation")
    actions = Category(session_id=session.id, name="Actions", position=1)
    needs = Category(session_id=session.id, name="Besoins d’accompagnement", position=2)
    for record in (table2, table3, actions, needs):
        document.push(add(record))
    placed = [(table2, missions)] * 7 + [(table2, actions)] * 5
    placed += [(table1, needs), (None, None)]
    for position, (table, category) in enumerate(placed, start=1):
        document.push(
            add_note(
                session_id=session.id,
                text=f"Idée n° {position} : « coopérer »",
                position=position,
                created_at=document.now(),
                table_id=table.id if table else None,
                category_id=category.id if category else None,
            )
        )
    document.undo_stack.clear()
    return {
        "session": session,
        "tables": (table1, table2, table3),
        "categories": (missions, actions, needs),
    }


@pytest.fixture
def view(qtbot, document, cafe):
    harvest = HarvestView(document)
    qtbot.addWidget(harvest)
    harvest.resize(1100, 700)
    harvest.set_session(cafe["session"].id)
    harvest.show()
    return harvest


def push_note(document, cafe, text, *, table=None, category=None):
    command = add_note(
        session_id=cafe["session"].id,
        text=text,
        position=document.next_position(Note, session_id=cafe["session"].id),
        created_at=document.now(),
        table_id=table.id if table else None,
        category_id=category.id if category else None,
    )
    assert document.push(command)
    return command.record.id


def test_model_passes_the_model_tester_while_the_harvest_changes(qtmodeltester, document, cafe):
    model = HarvestModel(document)
    qtmodeltester.check(model)  # no session: no rows
    model.set_session(cafe["session"].id)
    qtmodeltester.check(model, force_py=True)  # keeps watching every change below
    table1, table2, table3 = cafe["tables"]
    missions, actions, _needs = cafe["categories"]
    for grouping in (Grouping.BY_TABLE, Grouping.BY_CATEGORY):
        model.set_grouping(grouping)
        first = push_note(document, cafe, "Première note à la table 3", table=table3)
        push_note(document, cafe, "Dans un groupe existant", table=table2, category=actions)
        push_note(document, cafe, "Sans table ni catégorie")
        document.undo_stack.undo()  # removes a row from a group that stays
        document.undo_stack.undo()
        note = document.read.get(Note, first)
        document.push(edit_note_text(note, "Corrigée à la table 3"))
        document.push(update(document.read.get(Note, first), category_id=missions.id))  # moves
        document.push(delete(document.read.get(Note, first)))  # its groups go with it
        document.undo_stack.undo()
        model.set_filter("corrigee")
        model.set_filter("")
        document.push(add(CafeTable(session_id=cafe["session"].id, number=4)))  # a reset
        assert model.note_count() == len(document.read.session_notes(cafe["session"].id))
    missions_row = model.index(0, 0)  # by category: Missions › Table 1 › its note
    assert model.table_id(missions_row) is None
    assert model.table_id(model.index(0, 0, missions_row)) == table1.id
    assert model.table_id(model.index(0, 0, model.index(0, 0, missions_row))) == table1.id


def test_groups_show_their_counts_by_table_then_category(view, cafe):
    model = view.model
    assert rows(model) == [
        "Table 1 · Animation — 2 notes",
        "Table 2 · Créativité — 12 notes",
        "Table 3 · Valorisation — no notes",  # a table with nothing yet still shows
        "No table — 1 note",
    ]
    table2 = model.index(1, 0)
    assert rows(model, table2) == ["Missions — 7 notes", "Actions — 5 notes"]
    assert rows(model, model.index(0, 0)) == [
        "Missions — 1 note",
        "Besoins d’accompagnement — 1 note",
    ]
    assert rows(model, model.index(3, 0)) == ["No category — 1 note"]
    missions = model.index(0, 0, table2)
    assert rows(model, missions)[0] == "Idée n° 1 : « coopérer »"
    assert view.count.text() == "15 notes"


def test_switching_to_categories_then_tables_keeps_the_notes(qtbot, view, cafe):
    current = view.model.notes_under(view.model.index(1, 0))[2].id  # a note of table 2
    view.tree.setCurrentIndex(view.model.index_of_note(current))
    qtbot.mouseClick(view.by_category_button, Qt.MouseButton.LeftButton)
    model = view.model
    assert model.grouping() == Grouping.BY_CATEGORY
    assert rows(model) == [
        "Missions — 8 notes",
        "Actions — 5 notes",
        "Besoins d’accompagnement — 1 note",
        "No category — 1 note",
    ]
    assert rows(model, model.index(0, 0)) == [
        "Table 1 · Animation — 1 note",
        "Table 2 · Créativité — 7 notes",
    ]
    assert rows(model, model.index(3, 0)) == ["No table — 1 note"]
    assert model.note(view.tree.currentIndex()).id == current  # the same note stays current
    view.set_grouping(Grouping.BY_TABLE)
    assert view.by_table_button.isChecked()
    assert rows(model)[1] == "Table 2 · Créativité — 12 notes"


def test_a_note_corrected_in_place_is_saved_while_typing(qtbot, view, document, event_path):
    note = next(
        n for n in document.read.session_notes(view.model.session_id) if n.text == MISSIONS_NOTE
    )
    index = view.model.index_of_note(note.id)
    view.tree.setFocus()
    view.tree.setCurrentIndex(index)
    view.tree.edit(index)
    editor = view.tree.focusWidget()
    assert editor is not view.tree, "no editor opened"
    type_text(editor, " territorial, « là où ça se passe »")  # the cursor starts at the end
    wanted = MISSIONS_NOTE + " territorial, « là où ça se passe »"
    qtbot.waitUntil(lambda: in_file(event_path, Note, note.id).text == wanted, timeout=1000)
    assert editor.toPlainText() == wanted  # the save came back, the editor undisturbed
    assert editor.textCursor().position() == len(wanted)
    press_enter(editor)  # ends the correction; no line break in a note
    assert view.tree.state() != QAbstractItemView.State.EditingState
    assert view.model.index_of_note(note.id).data() == wanted
    assert document.undo_stack.count() == 1  # one typing run, one undo step
    document.undo_stack.undo()
    assert in_file(event_path, Note, note.id).text == MISSIONS_NOTE
    assert view.model.index_of_note(note.id).data() == MISSIONS_NOTE


def test_delete_key_removes_the_selected_notes_as_one_undo_step(qtbot, view, document, cafe):
    model = view.model
    table2 = model.index(1, 0)
    actions = model.index(1, 0, table2)
    doomed = [model.note(model.index(r, 0, actions)) for r in (0, 1)]
    selection = view.tree.selectionModel()
    flags = QItemSelectionModel.SelectionFlag
    selection.select(model.index(0, 0, actions), flags.ClearAndSelect | flags.Rows)
    selection.select(model.index(1, 0, actions), flags.Select | flags.Rows)
    selection.select(table2, flags.Select | flags.Rows)  # a group row: left alone
    view.tree.setFocus()
    qtbot.keyClick(view.tree, Qt.Key.Key_Delete)
    assert rows(model, table2) == ["Missions — 7 notes", "Actions — 3 notes"]
    assert model.index(1, 0).data() == "Table 2 · Créativité — 10 notes"
    assert document.undo_stack.count() == 1
    assert all(document.read.get(Note, n.id).deleted for n in doomed)
    document.undo_stack.undo()
    assert model.index(1, 0).data() == "Table 2 · Créativité — 12 notes"
    assert rows(model, model.index(1, 0, model.index(1, 0)))[:2] == [n.text for n in doomed]


def test_synthesis_typed_in_french_is_saved_within_a_second_and_undone(
    qtbot, view, document, cafe, event_path
):
    table2 = cafe["tables"][1]
    # choosing a note of table 2 in the tree shows table 2's synthesis
    note_index = view.model.index(0, 0, view.model.index(0, 0, view.model.index(1, 0)))
    view.tree.setCurrentIndex(note_index)
    assert view.synthesis.picker.currentText() == "Table 2 · Créativité"
    editor = view.synthesis.editor
    editor.setFocus()
    first = "La créativité naît de l’« utopie réalisable »"
    type_text(editor, first)
    qtbot.waitUntil(
        lambda: in_file(event_path, CafeTable, table2.id).synthesis == first, timeout=1000
    )
    # typing on after a save: the save's echo leaves the text and the cursor alone
    cursor = editor.textCursor()
    cursor.setPosition(len("La créativité"))
    editor.setTextCursor(cursor)
    type_text(editor, " collective")
    assert editor.textCursor().position() == len("La créativité collective")
    whole = "La créativité collective naît de l’« utopie réalisable »"
    qtbot.waitUntil(
        lambda: in_file(event_path, CafeTable, table2.id).synthesis == whole, timeout=1000
    )
    assert editor.toPlainText() == whole
    assert document.undo_stack.count() == 1  # one typing run
    assert document.undo_stack.undoText() == "Edit table synthesis"

    document.undo_stack.undo()
    assert in_file(event_path, CafeTable, table2.id).synthesis == ""
    assert editor.toPlainText() == ""  # reloaded from the file
    document.undo_stack.redo()
    assert editor.toPlainText() == whole
    # the table renamed while a few keys wait for their save: the keys stay, then are saved
    editor.moveCursor(QTextCursor.MoveOperation.End)
    type_text(editor, " ensemble")
    document.push(update(document.read.get(CafeTable, table2.id), theme="Créativité et récit"))
    assert editor.toPlainText() == whole + " ensemble"
    assert view.synthesis.picker.currentText() == "Table 2 · Créativité et récit"
    qtbot.waitUntil(
        lambda: in_file(event_path, CafeTable, table2.id).synthesis == whole + " ensemble",
        timeout=1000,
    )
    # another table, picked in the list, has its own text
    view.synthesis.set_table(cafe["tables"][2].id)
    assert editor.toPlainText() == ""


def test_the_filter_ignores_accents_and_case(view, document, cafe):
    view.filter_edit.setText("ETRE present COEUR")
    model = view.model
    assert model.note_count() == 1
    assert rows(model) == ["Table 1 · Animation — 1 note"]  # empty groups hide while filtering
    assert model.notes_under(model.index(0, 0))[0].text == MISSIONS_NOTE
    assert view.tree.isExpanded(model.index(0, 0, model.index(0, 0)))  # matches are in sight
    view.filter_edit.setText("n° 1")
    assert model.note_count() == 6  # n° 1, 10…14: every word, anywhere
    view.filter_edit.clear()
    assert model.note_count() == 15


def test_expansion_and_selection_survive_new_notes_and_resets(qtbot, view, document, cafe):
    model = view.model
    table1, table2, table3 = cafe["tables"]
    missions, actions, _needs = cafe["categories"]
    view.tree.collapse(model.index_of_group((table1.id,)))
    view.tree.collapse(model.index_of_group((table2.id, actions.id)))
    current = model.notes_under(model.index_of_group((table2.id, missions.id)))[3]
    view.tree.setCurrentIndex(model.index_of_note(current.id))

    push_note(document, cafe, "Encore une idée pour la table 1", table=table1, category=missions)
    push_note(document, cafe, "Et une pour les actions", table=table2, category=actions)
    new = push_note(document, cafe, "La première de la table 3", table=table3, category=actions)

    assert not view.is_expanded((table1.id,))
    assert view.is_expanded((table2.id,)) and view.is_expanded((table2.id, missions.id))
    assert not view.is_expanded((table2.id, actions.id))
    assert view.is_expanded((table3.id,)) and view.is_expanded((table3.id, actions.id))
    assert model.note(view.tree.currentIndex()).id == current.id
    assert model.index_of_group((table1.id,)).data() == "Table 1 · Animation — 3 notes"
    assert model.index_of_note(new).parent().data() == "Actions — 1 note"

    # a reset (a filter typed and cleared, a table renamed) puts everything back
    view.filter_edit.setText("idée")
    view.filter_edit.clear()
    document.push(update(table3, label="Edit", theme="Valorisation et récit"))
    assert model.index_of_group((table3.id,)).data() == "Table 3 · Valorisation et récit — 1 note"
    assert not view.is_expanded((table1.id,))
    assert not view.is_expanded((table2.id, actions.id))
    assert view.is_expanded((table2.id, missions.id))
    assert model.note(view.tree.currentIndex()).id == current.id
    assert view.tree.selectionModel().isRowSelected(
        view.tree.currentIndex().row(), view.tree.currentIndex().parent()
    )
