"""The grid page: columns of cards moved with the keyboard and by drag and drop, cards added,
edited and deleted in place, columns from a preset, renamed and deleted; every change is in
the file and comes back with undo and redo."""

from __future__ import annotations

import pytest
from gui_keys import press_enter, type_text
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QPlainTextEdit, QStyleOptionViewItem
from pytestqt.modeltest import ModelTester

from facilitator_app.core.commands import add, add_note, update
from facilitator_app.core.model import Category, Note, Session
from facilitator_app.gui.models.grid import MIME_TYPE, VOTES_ROLE, CardListModel, GridBoard
from facilitator_app.gui.widgets.grid import GridEditor
from facilitator_app.store import open_event

COLUMNS = ("À maintenir", "À arrêter", "À créer")


def file_layout(path, session_id) -> dict[str, list[str]]:
    """Column name → card texts as the file has them (None: no column)."""
    with open_event(path, readonly=True) as store:
        names = {c.id: c.name for c in store.session_categories(session_id)}
        layout: dict[str, list[str]] = {name: [] for name in names.values()}
        notes = sorted(store.session_notes(session_id), key=lambda n: (n.position, n.created_at))
        for note in notes:
            layout.setdefault(names.get(note.category_id), []).append(note.text)
        return layout


def in_file(path, record_type, record_id):
    with open_event(path, readonly=True) as store:
        return store.get(record_type, record_id)


@pytest.fixture
def grid(document):
    """A grid session of three columns: two cards to keep, one to stop, none to create yet."""
    session = Session(title="Atelier : la formalisation", kind="grid", day="2026-06-12")
    document.push(add(session))
    columns = [Category(session_id=session.id, name=n, position=i) for i, n in enumerate(COLUMNS)]
    for column in columns:
        document.push(add(column))
    cards = [("Les conventions pluriannuelles", 0, 8), ("Les comités de projets", 0, 4)]
    cards += [("La mise en concurrence", 1, 5)]
    for position, (text, column, votes) in enumerate(cards):
        document.push(
            add_note(
                session_id=session.id,
                text=text,
                position=position,
                created_at=document.now(),
                category_id=columns[column].id,
                votes=votes,
            )
        )
    document.undo_stack.clear()
    return session


@pytest.fixture
def editor(qtbot, document, grid):
    page = GridEditor(document)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.set_session(grid.id)
    page.show()
    qtbot.waitExposed(page)
    return page


def column(editor, name):
    return next(c for c in editor.columns.values() if c.title.text() == name)


def card_id(document, grid, text):
    return next(n.id for n in document.read.session_notes(grid.id) if n.text == text)


@pytest.fixture
def model_testers(pytestconfig):
    """One model tester per model: a tester watches only the last model it checked."""
    testers: list[ModelTester] = []

    def check(model) -> None:
        tester = ModelTester(pytestconfig)
        tester.check(model, force_py=True)  # keeps watching the model's changes
        testers.append(tester)

    yield check
    for tester in testers:
        tester._cleanup()


def test_every_column_model_passes_the_model_tester(qtmodeltester, model_testers, document, grid):
    board = GridBoard(document)
    qtmodeltester.check(CardListModel(board, None))  # a column with no cards
    board.set_session(grid.id)
    for key in board.column_ids():
        model_testers(board.model(key))
    keep, stop, create = (c.id for c in board.grid.columns)
    first = card_id(document, grid, "Les conventions pluriannuelles")
    board.move_cards([first], create, 0)  # leaves one model, joins another
    board.move_cards([first], keep, 1)  # within a column: a new order
    new = board.add_card(stop, "Œuvrer ensemble")
    board.set_votes(new, 3)
    document.push(update(document.read.get(Note, new), text="Œuvrer ensemble à l’école"))
    board.delete_cards([new])
    document.undo_stack.undo()
    assert [n.text for n in board.model(stop).cards()] == [
        "La mise en concurrence",
        "Œuvrer ensemble à l’école",
    ]
    board.delete_column(stop)  # its cards go to « Not sorted »: a new model
    unsorted = board.model(None)
    model_testers(unsorted)
    assert unsorted.rowCount() == 2
    document.undo_stack.undo()
    assert None not in board.column_ids()


def test_columns_show_side_by_side_with_their_counts(editor):
    assert [c.title.text() for c in editor.columns.values()] == list(COLUMNS)
    assert column(editor, "À maintenir").count.text() == "2 cards · 12 votes"
    assert column(editor, "À créer").count.text() == "0 cards"
    assert not editor.empty.isVisible()


def test_ctrl_arrows_move_a_card_in_the_file_and_undo_redo_restore_it(
    qtbot, editor, document, grid, event_path
):
    keep = column(editor, "À maintenir").cards
    keep.setFocus()
    keep.setCurrentIndex(keep.model().index(1))  # « Les comités de projets »
    qtbot.keyClick(keep, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    moved = {
        "À maintenir": ["Les conventions pluriannuelles"],
        "À arrêter": ["La mise en concurrence", "Les comités de projets"],
        "À créer": [],
    }
    assert file_layout(event_path, grid.id) == moved
    stop = column(editor, "À arrêter").cards
    assert stop.hasFocus() and stop.currentIndex().data() == "Les comités de projets"
    qtbot.keyClick(stop, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(
        column(editor, "À créer").cards, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier
    )
    assert file_layout(event_path, grid.id)["À créer"] == ["Les comités de projets"]  # no further
    assert document.undo_stack.count() == 2
    document.undo_stack.undo()
    assert file_layout(event_path, grid.id) == moved
    document.undo_stack.undo()
    original = file_layout(event_path, grid.id)
    assert original["À maintenir"] == ["Les conventions pluriannuelles", "Les comités de projets"]
    assert [n.text for n in keep.model().cards()] == original["À maintenir"]
    document.undo_stack.redo()
    assert file_layout(event_path, grid.id) == moved
    assert [n.text for n in column(editor, "À arrêter").cards.model().cards()] == moved["À arrêter"]


def test_ctrl_up_and_down_reorder_a_column(qtbot, editor, document, grid, event_path):
    keep = column(editor, "À maintenir").cards
    keep.setFocus()
    keep.setCurrentIndex(keep.model().index(1))
    qtbot.keyClick(keep, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert file_layout(event_path, grid.id)["À maintenir"] == [
        "Les comités de projets",
        "Les conventions pluriannuelles",
    ]
    assert keep.currentIndex().data() == "Les comités de projets"  # the card stays current
    qtbot.keyClick(keep, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)  # already on top
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    assert file_layout(event_path, grid.id)["À maintenir"][0] == "Les conventions pluriannuelles"


def test_a_card_typed_in_french_under_a_column_is_saved_intact(editor, document, grid, event_path):
    create = column(editor, "À créer")
    type_text(create.add_edit, "Œuvrer ensemble à l’école")
    press_enter(create.add_edit)
    assert file_layout(event_path, grid.id)["À créer"] == ["Œuvrer ensemble à l’école"]
    assert create.add_edit.text() == ""  # ready for the next card
    assert create.count.text() == "1 card"
    press_enter(create.add_edit)  # nothing typed: nothing added
    assert document.undo_stack.count() == 1


def test_a_card_is_edited_in_place_and_saved_while_typing(
    qtbot, editor, document, grid, event_path
):
    keep = column(editor, "À maintenir").cards
    keep.setFocus()
    keep.setCurrentIndex(keep.model().index(1))
    qtbot.keyClick(keep, Qt.Key.Key_Return)
    box = keep.findChild(QPlainTextEdit, "cardEditor")
    assert box is not None and box.isVisible()
    type_text(box, " du réseau, œuvre commune")
    note_id = card_id(document, grid, "Les comités de projets")
    qtbot.waitUntil(lambda: in_file(event_path, Note, note_id).text.endswith("commune"))
    assert (
        in_file(event_path, Note, note_id).text == "Les comités de projets du réseau, œuvre commune"
    )
    press_enter(box)
    assert keep.currentIndex().data() == "Les comités de projets du réseau, œuvre commune"
    document.undo_stack.undo()
    assert in_file(event_path, Note, note_id).text == "Les comités de projets"


def test_delete_key_deletes_a_card_undoably(qtbot, editor, document, grid, event_path):
    stop = column(editor, "À arrêter").cards
    stop.setFocus()
    stop.setCurrentIndex(stop.model().index(0))
    qtbot.keyClick(stop, Qt.Key.Key_Delete)
    assert file_layout(event_path, grid.id)["À arrêter"] == []
    document.undo_stack.undo()
    assert file_layout(event_path, grid.id)["À arrêter"] == ["La mise en concurrence"]


def test_votes_are_counted_with_plus_minus_keys_and_the_badge(
    qtbot, editor, document, grid, event_path
):
    keep = column(editor, "À maintenir").cards
    keep.setFocus()
    index = keep.model().index(1)
    keep.setCurrentIndex(index)
    note_id = card_id(document, grid, "Les comités de projets")
    type_text(keep, "++-")
    assert in_file(event_path, Note, note_id).votes == 5
    assert index.data(VOTES_ROLE) == 5
    option = QStyleOptionViewItem()
    option.initFrom(keep.viewport())
    option.rect = keep.visualRect(index)
    _minus, _count, plus = keep.itemDelegate()._badges(option, 5)
    qtbot.mouseClick(keep.viewport(), Qt.MouseButton.LeftButton, pos=plus.center())
    assert in_file(event_path, Note, note_id).votes == 6
    assert column(editor, "À maintenir").count.text() == "2 cards · 14 votes"
    document.undo_stack.undo()
    assert in_file(event_path, Note, note_id).votes == 5


def test_cards_dropped_on_another_column_move_there(editor, document, grid, event_path):
    keep = column(editor, "À maintenir").cards.model()
    stop = column(editor, "À arrêter").cards.model()
    data = keep.mimeData([keep.index(0)])
    assert data.hasFormat(MIME_TYPE)
    assert stop.canDropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    stop.dropMimeData(data, Qt.DropAction.MoveAction, 1, 0, QModelIndex())
    assert file_layout(event_path, grid.id)["À arrêter"] == [
        "La mise en concurrence",
        "Les conventions pluriannuelles",
    ]
    keep_now = column(editor, "À maintenir").cards.model()
    data = keep_now.mimeData([keep_now.index(0)])
    keep_now.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0, QModelIndex())  # own column
    assert document.undo_stack.count() == 1  # dropped where it was: no step
    document.undo_stack.undo()
    assert file_layout(event_path, grid.id)["À maintenir"][0] == "Les conventions pluriannuelles"


def test_a_card_dragged_down_its_own_column(editor, document, grid, event_path):
    keep = column(editor, "À maintenir").cards.model()
    keep.dropMimeData(keep.mimeData([keep.index(0)]), Qt.DropAction.MoveAction, 2, 0, QModelIndex())
    assert file_layout(event_path, grid.id)["À maintenir"] == [
        "Les comités de projets",
        "Les conventions pluriannuelles",
    ]


def test_deleting_a_column_keeps_its_cards_in_not_sorted(editor, document, grid, event_path):
    stop_id = column(editor, "À arrêter").column_id
    editor.board.delete_column(stop_id)
    assert [c.title.text() for c in editor.columns.values()] == [
        "À maintenir",
        "À créer",
        "Not sorted",
    ]
    assert [n.text for n in editor.columns[None].cards.model().cards()] == [
        "La mise en concurrence"
    ]
    assert in_file(event_path, Category, stop_id).deleted
    document.undo_stack.undo()
    assert [c.title.text() for c in editor.columns.values()] == list(COLUMNS)
    assert file_layout(event_path, grid.id)["À arrêter"] == ["La mise en concurrence"]


def test_a_column_is_renamed_by_double_clicking_its_header(qtbot, editor, grid, event_path):
    create = column(editor, "À créer")
    qtbot.mouseDClick(create.title, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert create.rename_edit.isVisible()
    create.rename_edit.selectAll()
    type_text(create.rename_edit, "À inventer")
    press_enter(create.rename_edit)
    assert in_file(event_path, Category, create.column_id).name == "À inventer"
    assert create.title.text() == "À inventer" and create.title.isVisible()


def test_an_empty_grid_offers_the_presets(qtbot, document, event_path):
    session = Session(title="Atelier vide", kind="grid", day="2026-06-12")
    document.push(add(session))
    page = GridEditor(document)
    qtbot.addWidget(page)
    page.set_session(session.id)
    page.show()
    assert page.empty.isVisible() and not page.scroll.isVisible()
    assert [b.text() for b in page.preset_buttons] == [
        "Keep / Stop / Start",
        "Obstacles / Levers",
        "Expectations / Obstacles / Good practices",
    ]
    qtbot.mouseClick(page.preset_buttons[1], Qt.MouseButton.LeftButton)
    assert file_layout(event_path, session.id) == {"Obstacles": [], "Levers": []}
    assert [c.title.text() for c in page.columns.values()] == ["Obstacles", "Levers"]
    assert not page.empty.isVisible()
    document.undo_stack.undo()  # the whole preset is one step
    assert file_layout(event_path, session.id) == {}
    assert page.empty.isVisible()


def test_add_column_opens_its_name_for_typing(qtbot, editor, grid, event_path):
    qtbot.mouseClick(editor.add_column_button, Qt.MouseButton.LeftButton)
    new = list(editor.columns.values())[-1]
    assert new.rename_edit.isVisible()
    type_text(new.rename_edit, "Idées d’avenir")
    press_enter(new.rename_edit)
    assert list(file_layout(event_path, grid.id)) == [*COLUMNS, "Idées d’avenir"]
