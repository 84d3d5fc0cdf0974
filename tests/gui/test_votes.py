"""The votes page: counts typed in from the paper row after row (« 7 Enter 4 Enter… »), each
one undoable step in the file; the places of grid cards and idea-tree nodes; the ranking."""

from __future__ import annotations

import pytest
from gui_keys import press_enter, type_text
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from facilitator_app.core.commands import add, add_note
from facilitator_app.core.model import Category, Note, Session
from facilitator_app.gui.models.votes import BAR_ROLE, VotesColumn, VotesModel
from facilitator_app.gui.widgets.votes import VotesPanel
from facilitator_app.store import open_event


def votes_in_file(path, session_id) -> dict[str, int]:
    with open_event(path, readonly=True) as store:
        return {n.text: n.votes for n in store.session_notes(session_id)}


def push_note(document, session, text, position, **fields):
    command = add_note(
        session_id=session.id,
        text=text,
        position=position,
        created_at=document.now(),
        **fields,
    )
    document.push(command)
    return command.record


@pytest.fixture
def grid(document):
    """A grid of two columns, five cards with a few votes already counted."""
    session = Session(title="Freins et leviers", kind="grid", day="2026-06-12")
    document.push(add(session))
    obstacles = Category(session_id=session.id, name="Freins", position=0)
    levers = Category(session_id=session.id, name="Leviers", position=1)
    document.push(add(obstacles))
    document.push(add(levers))
    cards = [
        ("Le manque de temps", obstacles, 2),
        ("Être dans la compétition", obstacles, 0),
        ("Travailler avec des acteurs de confiance", levers, 0),
        ("Prendre le temps de bien construire", levers, 5),
        ("Se faire accompagner", levers, 0),
    ]
    for position, (text, column, votes) in enumerate(cards):
        push_note(document, session, text, position, category_id=column.id, votes=votes)
    document.undo_stack.clear()
    return session


@pytest.fixture
def tree(document):
    """An idea tree: Amorcer › Animer et créer des temps de convivialité › two ideas."""
    session = Session(title="Arbre à idées", kind="idea_tree", day="2026-06-11")
    document.push(add(session))
    root = push_note(document, session, "Amorcer", 0)
    branch = push_note(
        document,
        session,
        "Animer et créer des temps de convivialité",
        0,
        parent_id=root.id,
        votes=6,
    )
    push_note(document, session, "Un café d’accueil", 0, parent_id=branch.id, votes=3)
    push_note(document, session, "Des repas partagés", 1, parent_id=branch.id, votes=6)
    document.undo_stack.clear()
    return session


@pytest.fixture
def panel(qtbot, document, grid):
    page = VotesPanel(document)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.set_session(grid.id)
    page.show()
    qtbot.waitExposed(page)
    page.table.setFocus()
    return page


def column(model, col, role=Qt.ItemDataRole.DisplayRole):
    return [model.index(row, col).data(role) for row in range(model.rowCount())]


def open_editor(panel):
    return panel.table.indexWidget(panel.table.currentIndex())


def tally(panel, keys: str) -> None:
    """Type as the facilitator does: digits, « ⏎ » for Enter, « ⎋ » for Escape."""
    for key in keys:
        editor = open_editor(panel)
        if key == "⏎":
            press_enter(editor or panel.table)
        elif key == "⎋":
            target = editor or panel.table
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                event = QKeyEvent(kind, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)
                QApplication.sendEvent(target, event)
        else:
            type_text(editor or panel.table, key)


def test_the_model_passes_the_model_tester(qtmodeltester, document, grid, tree):
    model = VotesModel(document)
    qtmodeltester.check(model)
    model.set_session(grid.id)
    qtmodeltester.check(model, force_py=True)  # keeps watching the changes below
    first = document.read.get(Note, model.note_at(0).id)
    assert model.setData(model.index(0, VotesColumn.VOTES), "7")
    model.set_ranking(True)
    assert model.setData(model.index(4, VotesColumn.VOTES), 9)  # reorders the ranking
    assert not model.setData(model.index(0, VotesColumn.VOTES), "sept")
    assert not model.setData(model.index(0, VotesColumn.TEXT), "autre chose")
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert document.read.get(Note, first.id).votes == first.votes
    model.set_ranking(False)
    model.set_session(tree.id)
    push_note(document, tree, "Une nouvelle idée", 5)


def test_typing_counts_down_the_list_writes_them_in_the_file(
    qtbot, panel, document, grid, event_path
):
    table = panel.table
    table.setCurrentIndex(panel.model.index(1, VotesColumn.TEXT))  # « Être dans la compétition »
    tally(panel, "7⏎4⏎")
    counted = votes_in_file(event_path, grid.id)
    assert counted["Être dans la compétition"] == 7
    assert counted["Travailler avec des acteurs de confiance"] == 4
    assert counted["Le manque de temps"] == 2  # the rows around are left alone
    assert table.currentIndex().row() == 3 and table.currentIndex().column() == VotesColumn.VOTES
    assert open_editor(panel) is None  # waiting for the next count
    tally(panel, "12⏎")
    assert votes_in_file(event_path, grid.id)["Prendre le temps de bien construire"] == 12
    assert table.currentIndex().row() == 4
    assert panel.total.text() == "Total: 25 votes on 5 notes"
    assert document.undo_stack.count() == 3  # one step a count
    document.undo_stack.undo()
    assert votes_in_file(event_path, grid.id)["Prendre le temps de bien construire"] == 5
    document.undo_stack.redo()
    assert votes_in_file(event_path, grid.id)["Prendre le temps de bien construire"] == 12


def test_escape_leaves_the_count_as_it_was(panel, document, grid, event_path):
    panel.table.setCurrentIndex(panel.model.index(0, VotesColumn.VOTES))
    tally(panel, "9⎋")
    assert votes_in_file(event_path, grid.id)["Le manque de temps"] == 2
    assert document.undo_stack.count() == 0
    tally(panel, "2⏎")  # the same count again: nothing to undo, but the list moves on
    assert document.undo_stack.count() == 0
    assert panel.table.currentIndex().row() == 1


def test_letters_do_not_open_the_count(panel):
    panel.table.setCurrentIndex(panel.model.index(0, VotesColumn.TEXT))
    type_text(panel.table, "a")
    assert open_editor(panel) is None


def test_grid_cards_show_their_column(panel):
    assert column(panel.model, VotesColumn.PLACE) == ["Freins"] * 2 + ["Leviers"] * 3
    assert column(panel.model, VotesColumn.VOTES) == ["2", "0", "0", "5", "0"]
    assert column(panel.model, VotesColumn.VOTES, Qt.ItemDataRole.EditRole) == [2, 0, 0, 5, 0]
    assert panel.table.isColumnHidden(VotesColumn.RANK)
    assert panel.total.text() == "Total: 7 votes on 5 notes"


def test_tree_nodes_show_their_path(qtbot, document, tree):
    model = VotesModel(document)
    model.set_session(tree.id)
    assert column(model, VotesColumn.TEXT) == [
        "Amorcer",
        "Animer et créer des temps de convivialité",
        "Un café d’accueil",
        "Des repas partagés",
    ]
    assert column(model, VotesColumn.PLACE) == [
        "",
        "Amorcer",
        "Amorcer › Animer et créer des temps d…",
        "Amorcer › Animer et créer des temps d…",
    ]
    tip = model.index(2, VotesColumn.PLACE).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "Amorcer › Animer et créer des temps de convivialité"
    assert model.index(2, VotesColumn.PLACE).data(Qt.ItemDataRole.ForegroundRole) is not None


def test_the_ranking_puts_the_most_voted_first_with_shared_ranks(qtbot, panel, document, tree):
    panel.set_session(tree.id)
    qtbot.mouseClick(panel.ranking_button, Qt.MouseButton.LeftButton)
    model = panel.model
    assert model.is_ranking() and not panel.table.isColumnHidden(VotesColumn.RANK)
    assert column(model, VotesColumn.TEXT) == [
        "Animer et créer des temps de convivialité",
        "Des repas partagés",
        "Un café d’accueil",
    ]  # « Amorcer », a branch heading, takes no votes: it is not ranked
    assert column(model, VotesColumn.RANK) == ["1", "1", "3"]
    assert [model.index(r, VotesColumn.VOTES).data(BAR_ROLE) for r in range(3)] == [
        1.0,
        1.0,
        0.5,
    ]
    panel.table.setCurrentIndex(model.index(2, VotesColumn.VOTES))  # « Un café d’accueil »
    tally(panel, "8⏎")
    assert column(model, VotesColumn.TEXT)[0] == "Un café d’accueil"  # ranked again at once
    assert panel.table.currentIndex().row() == 1  # the row after it in the new order
    panel.set_ranking(False)
    assert not panel.ranking_button.isChecked()
    assert model.index(0, VotesColumn.RANK).data() is None
