"""The idea-tree editor: an outline driven by the keyboard as an outliner is, written to the
file at once and undone step by step, with the tree drawn beside it."""

from __future__ import annotations

import time

import pytest
from gui_keys import press_enter, type_text
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from facilitator_app.core import ideas
from facilitator_app.core.commands import add, batch, delete, update
from facilitator_app.core.model import Note, Session
from facilitator_app.gui.models.idea_tree import IdeaColumn, IdeaTreeModel
from facilitator_app.gui.widgets.idea_tree import IdeaTreeEditor
from facilitator_app.gui.widgets.idea_tree_drawing import MIN_READABLE_SCALE
from facilitator_app.store import open_event

QUESTION = "Comment amorcer, maintenir et renforcer les coopérations ?"
START = ["Amorcer", "  Se rencontrer", "  Partager une vision", "    Des valeurs", "Maintenir"]


@pytest.fixture
def tree(document):
    """An idea tree: Amorcer (Se rencontrer, Partager une vision (Des valeurs)), Maintenir."""
    session = Session(title="Arbre à idées", kind="idea_tree", day="2026-06-12", question=QUESTION)
    document.push(add(session))
    ids: dict[str, str] = {}

    def node(text, parent=None, position=0, votes=0):
        note = Note(
            session_id=session.id,
            text=text,
            parent_id=ids.get(parent),
            position=position,
            votes=votes,
            created_at="2026-06-12T10:00:00",
        )
        document.push(add(note))
        ids[text] = note.id

    node("Amorcer"), node("Maintenir", position=1)
    node("Se rencontrer", "Amorcer", 0, votes=3)
    node("Partager une vision", "Amorcer", 1, votes=7)
    node("Des valeurs", "Partager une vision", 0)
    document.undo_stack.clear()
    return {"session": session, "ids": ids}


@pytest.fixture
def editor(qtbot, document, tree):
    widget = IdeaTreeEditor(document)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.set_session(tree["session"].id)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def file_outline(path, session_id) -> list[str]:
    """The tree as indented text, read from the file by another connection."""
    with open_event(path, readonly=True) as store:
        forest = ideas.build_forest(store.session_notes(session_id), session_id=session_id)
    return ["  " * forest.depth(i) + forest.notes[i].text for i in forest.walk()]


def model_outline(model, parent=None, depth=0) -> list[str]:
    parent = parent or QModelIndex()
    found = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        found.append("  " * depth + index.data())
        found += model_outline(model, index, depth + 1)
    return found


def select(editor, tree, text):
    editor.select_node(tree["ids"][text])
    editor.outline.setFocus()


def key(qtbot, editor, k, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(editor.outline, k, modifier)


def grow(document, forest, session_id, count):
    """`count` more ideas with long texts, spread over the tree, in one edit."""
    parents = list(forest.walk())
    commands = []
    for k in range(count):
        command = ideas.add_child(
            forest,
            parents[k % len(parents)],
            session_id=session_id,
            created_at="t",
            text=f"Idée n° {k} : coopérer « autrement » sur le territoire",
            index=0,
        )
        commands.append(command.commands[0])
    document.push(batch(commands, label="Add idea"))


def shown_rect(drawing):
    return drawing.mapToScene(drawing.viewport().rect()).boundingRect()


def open_editor(qtbot, editor) -> QLineEdit:
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit), timeout=1000)
    return QApplication.focusWidget()


def test_model_passes_the_model_tester_while_the_tree_changes(qtmodeltester, document, tree):
    model = IdeaTreeModel(document)
    qtmodeltester.check(model)  # no session: no rows
    model.set_session(tree["session"].id)
    qtmodeltester.check(model, force_py=True)  # keeps watching every change below
    ids = tree["ids"]
    sid = tree["session"].id
    document.push(ideas.add_child(model.forest(), ids["Maintenir"], session_id=sid, created_at="t"))
    document.push(ideas.indent(model.forest(), ids["Maintenir"]))
    document.push(ideas.move(model.forest(), ids["Partager une vision"], None, 0))
    document.push(ideas.delete_subtree(model.forest(), ids["Amorcer"]))
    document.push(update(document.read.get(Note, ids["Des valeurs"]), text="Des valeurs communes"))
    for _ in range(5):
        document.undo_stack.undo()
    assert model_outline(model) == START
    for _ in range(5):
        document.undo_stack.redo()
    assert model_outline(model) == ["Partager une vision", "  Des valeurs communes"]
    model.set_session(None)
    assert model.rowCount() == 0


def test_columns_show_text_type_and_votes(document, tree):
    model = IdeaTreeModel(document)
    model.set_session(tree["session"].id)
    amorcer = model.index(0, 0)
    vision = model.index(1, IdeaColumn.VOTES, amorcer)
    assert vision.data() == "7" and vision.data(Qt.ItemDataRole.EditRole) == 7
    assert model.index(1, IdeaColumn.KIND, amorcer).data() == "Idea"
    assert model.setData(model.index(1, IdeaColumn.KIND, amorcer), "question")
    assert model.setData(vision, 9)
    assert not model.setData(vision, -2) and not model.setData(vision, 9)  # nothing to push
    stored = document.read.get(Note, tree["ids"]["Partager une vision"])
    assert (stored.kind, stored.votes) == ("question", 9)
    assert model.index(1, IdeaColumn.KIND, amorcer).data() == "Question"
    assert document.undo_stack.count() == 2
    text = model.index(1, IdeaColumn.TEXT, amorcer)
    assert text.data(Qt.ItemDataRole.ToolTipRole) == "Partager une vision"  # if cut short


def test_outline_text_takes_the_width_type_and_votes_leave(editor):
    sizes = editor.splitter.sizes()
    assert sizes[0] / sum(sizes) == pytest.approx(0.45, abs=0.02)
    header = editor.outline.header()
    kind, votes = header.sectionSize(IdeaColumn.KIND), header.sectionSize(IdeaColumn.VOTES)
    text = header.sectionSize(IdeaColumn.TEXT)
    assert text + kind + votes == editor.outline.viewport().width()
    assert kind < 150 and votes < 80 and text > 300


def test_enter_adds_a_sibling_opened_for_typing(qtbot, editor, document, event_path, tree):
    sid = tree["session"].id
    select(editor, tree, "Se rencontrer")
    key(qtbot, editor, Qt.Key.Key_Return)
    line = open_editor(qtbot, editor)
    type_text(line, "Être présent au cœur du réseau")  # replaces the selected placeholder
    press_enter(line)
    wanted = ["Amorcer", "  Se rencontrer", "  Être présent au cœur du réseau"]
    wanted += ["  Partager une vision", "    Des valeurs", "Maintenir"]
    qtbot.waitUntil(lambda: file_outline(event_path, sid) == wanted, timeout=2000)
    assert editor.current_id() not in tree["ids"].values()  # the new idea stays selected
    document.undo_stack.undo()  # the typing
    document.undo_stack.undo()  # the new idea
    assert file_outline(event_path, sid) == START
    document.undo_stack.redo()
    document.undo_stack.redo()
    assert file_outline(event_path, sid) == wanted


def test_tab_shift_tab_and_delete_reshape_the_tree_in_the_file(
    qtbot, editor, document, event_path, tree
):
    sid = tree["session"].id
    select(editor, tree, "Partager une vision")
    key(qtbot, editor, Qt.Key.Key_Tab)
    indented = ["Amorcer", "  Se rencontrer", "    Partager une vision", "      Des valeurs"]
    assert file_outline(event_path, sid) == [*indented, "Maintenir"]
    assert editor.current_id() == tree["ids"]["Partager une vision"]  # still selected
    key(qtbot, editor, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    key(qtbot, editor, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    outdented = ["Amorcer", "  Se rencontrer", "Partager une vision", "  Des valeurs"]
    assert file_outline(event_path, sid) == [*outdented, "Maintenir"]
    key(qtbot, editor, Qt.Key.Key_Delete)
    assert file_outline(event_path, sid) == ["Amorcer", "  Se rencontrer", "Maintenir"]
    assert editor.current_id() == tree["ids"]["Maintenir"]  # the next one is selected
    assert [document.undo_stack.text(i) for i in range(4)] == [
        "Indent",
        "Outdent",
        "Outdent",
        "Delete idea",
    ]
    document.undo_stack.undo()
    assert file_outline(event_path, sid) == [*outdented, "Maintenir"]
    for _ in range(3):
        document.undo_stack.undo()
    assert file_outline(event_path, sid) == START
    assert model_outline(editor.model) == START
    for _ in range(4):
        document.undo_stack.redo()
    assert file_outline(event_path, sid) == ["Amorcer", "  Se rencontrer", "Maintenir"]


def test_insert_and_ctrl_keys_add_under_and_move(qtbot, editor, event_path, tree):
    sid = tree["session"].id
    select(editor, tree, "Maintenir")
    key(qtbot, editor, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert file_outline(event_path, sid)[0] == "Maintenir"
    key(qtbot, editor, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    key(qtbot, editor, Qt.Key.Key_Insert)
    line = open_editor(qtbot, editor)
    type_text(line, "Formaliser")
    press_enter(line)
    qtbot.waitUntil(lambda: file_outline(event_path, sid)[-1] == "  Formaliser", timeout=2000)
    qtbot.waitUntil(lambda: not isinstance(QApplication.focusWidget(), QLineEdit))
    key(qtbot, editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    line = open_editor(qtbot, editor)
    assert line.text() == "New idea" and line.selectedText() == "New idea"
    assert file_outline(event_path, sid)[-2:] == ["  Formaliser", "    New idea"]


def test_typing_french_is_saved_intact_without_losing_the_editor(
    qtbot, editor, document, event_path, tree
):
    resets = []
    editor.model.modelReset.connect(lambda: resets.append(1))
    note_id = tree["ids"]["Des valeurs"]
    select(editor, tree, "Des valeurs")
    key(qtbot, editor, Qt.Key.Key_F2)
    line = open_editor(qtbot, editor)
    type_text(line, "Être présent")
    qtbot.waitUntil(lambda: document.read.get(Note, note_id).text == "Être présent", timeout=2000)
    assert QApplication.focusWidget() is line  # the save left the editor open
    type_text(line, " au cœur du réseau")
    assert line.text() == "Être présent au cœur du réseau"
    press_enter(line)

    def saved():
        with open_event(event_path, readonly=True) as store:
            return store.get(Note, note_id).text == "Être présent au cœur du réseau"

    qtbot.waitUntil(saved, timeout=2000)
    assert resets == []
    document.undo_stack.undo()  # one typing run, one undo step
    assert document.read.get(Note, note_id).text == "Des valeurs"


def test_tab_while_typing_saves_then_indents(qtbot, editor, event_path, tree):
    select(editor, tree, "Maintenir")
    key(qtbot, editor, Qt.Key.Key_F2)
    line = open_editor(qtbot, editor)
    type_text(line, "Maintenir ensemble")
    qtbot.keyClick(line, Qt.Key.Key_Tab)
    wanted = [*START[:-1], "  Maintenir ensemble"]
    qtbot.waitUntil(lambda: file_outline(event_path, tree["session"].id) == wanted, timeout=2000)
    line = open_editor(qtbot, editor)  # typing goes on in the same idea
    assert line.text() == "Maintenir ensemble" and not line.hasSelectedText()


def test_dropping_rows_reparents_and_refuses_cycles(document, tree, event_path):
    model = IdeaTreeModel(document)
    model.set_session(tree["session"].id)
    ids = tree["ids"]
    vision = model.index_of(ids["Partager une vision"])
    mime = model.mimeData([vision, model.index_of(ids["Partager une vision"], 2)])
    move = Qt.DropAction.MoveAction
    valeurs = model.index_of(ids["Des valeurs"])
    assert not model.canDropMimeData(mime, move, -1, 0, valeurs)  # under its own child
    assert not model.dropMimeData(mime, move, -1, 0, valeurs)
    assert model.canDropMimeData(mime, move, -1, 0, model.index_of(ids["Maintenir"]))
    model.dropMimeData(mime, move, -1, 0, model.index_of(ids["Maintenir"]))  # onto: last child
    sid = tree["session"].id
    moved = ["Amorcer", "  Se rencontrer", "Maintenir", "  Partager une vision", "    Des valeurs"]
    assert file_outline(event_path, sid) == moved
    model.dropMimeData(
        model.mimeData([model.index_of(ids["Des valeurs"])]), move, 0, 0, QModelIndex()
    )
    assert file_outline(event_path, sid)[0] == "Des valeurs"  # between rows: the first branch
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert file_outline(event_path, sid) == START


def test_drawing_shows_the_question_and_one_box_per_idea(qtbot, editor, document, tree):
    drawing = editor.drawing
    assert drawing.root_item().text == QUESTION
    assert sorted(drawing.node_ids()) == sorted(tree["ids"].values())
    document.push(ideas.delete_subtree(editor.model.forest(), tree["ids"]["Partager une vision"]))
    qtbot.waitUntil(lambda: len(drawing.node_ids()) == 3, timeout=1000)
    items = drawing.scene().items()
    assert sum(1 for i in items if isinstance(getattr(i, "note_id", None), str)) == 3
    # a click on a box selects the idea in the outline, the outline's selection is highlighted
    item = drawing.item_of(tree["ids"]["Maintenir"])
    point = drawing.mapFromScene(item.sceneBoundingRect().center())
    qtbot.mouseClick(drawing.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert editor.current_id() == tree["ids"]["Maintenir"]
    assert item.highlighted
    select(editor, tree, "Amorcer")
    assert drawing.item_of(tree["ids"]["Amorcer"]).highlighted and not item.highlighted


def test_an_empty_tree_starts_with_enter(qtbot, document, event_path):
    session = Session(title="Nouvel arbre", kind="idea_tree", question="Et demain ?")
    document.push(add(session))
    widget = IdeaTreeEditor(document)
    qtbot.addWidget(widget)
    widget.set_session(session.id)
    widget.show()
    assert widget.model.rowCount() == 0 and not widget.indent_action.isEnabled()
    widget.outline.setFocus()
    qtbot.keyClick(widget.outline, Qt.Key.Key_Return)
    line = open_editor(qtbot, widget)
    type_text(line, "Rêver")
    press_enter(line)
    qtbot.waitUntil(lambda: file_outline(event_path, session.id) == ["Rêver"], timeout=2000)
    assert document.undo_stack.text(document.undo_stack.count() - 2) == "Add branch"


def test_a_small_tree_is_first_shown_whole(qtbot, editor):
    editor.resize(1600, 800)  # the first view follows the window until the person moves it
    drawing = editor.drawing
    qtbot.waitUntil(lambda: drawing.viewport().width() > 800, timeout=1000)
    assert shown_rect(drawing).contains(drawing.scene().itemsBoundingRect())
    assert MIN_READABLE_SCALE <= drawing.transform().m11() <= 1.25


@pytest.fixture
def big_editor(qtbot, document, tree):
    """The editor opened on the tree grown to 65 ideas."""
    sid = tree["session"].id
    grow(document, ideas.build_forest(document.read.session_notes(sid), session_id=sid), sid, 60)
    widget = IdeaTreeEditor(document)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.set_session(sid)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_a_big_tree_is_first_shown_readable_and_fit_shows_it_all(qtbot, document, big_editor):
    widget, sid = big_editor, big_editor.model.session_id
    drawing = widget.drawing
    assert len(drawing.node_ids()) == 65
    everything = drawing.scene().itemsBoundingRect()
    # readable, the question in the middle, the rest a scroll away
    assert drawing.transform().m11() == pytest.approx(MIN_READABLE_SCALE)
    root = drawing.mapFromScene(drawing.root_item().sceneBoundingRect().center())
    assert (root - drawing.viewport().rect().center()).manhattanLength() <= 2
    assert not shown_rect(drawing).contains(everything)

    widget.fit_action.trigger()
    assert drawing.transform().m11() < MIN_READABLE_SCALE
    assert shown_rect(drawing).contains(everything)
    document.push(ideas.add_child(widget.model.forest(), None, session_id=sid, created_at="t"))
    qtbot.waitUntil(lambda: len(drawing.node_ids()) == 66, timeout=1000)
    assert shown_rect(drawing).contains(drawing.scene().itemsBoundingRect())  # still all

    # once zoomed, a redraw keeps the scale and the place shown
    drawing.zoom(2.5)
    qtbot.wait(20)  # the scroll bars come back
    scale, centre = drawing.transform().m11(), shown_rect(drawing).center()
    document.push(ideas.add_child(widget.model.forest(), None, session_id=sid, created_at="t"))
    qtbot.waitUntil(lambda: len(drawing.node_ids()) == 67, timeout=1000)
    assert drawing.transform().m11() == scale
    assert (shown_rect(drawing).center() - centre).manhattanLength() < 6  # a pixel or two


def test_an_idea_picked_out_of_sight_is_brought_into_view_and_stays(qtbot, big_editor):
    drawing = big_editor.drawing
    far = max(drawing.node_ids(), key=lambda i: abs(drawing.item_of(i).sceneBoundingRect().x()))
    box = drawing.item_of(far).sceneBoundingRect()
    assert not shown_rect(drawing).contains(box)
    big_editor.select_node(far)
    assert shown_rect(drawing).contains(box)
    assert drawing.transform().m11() == pytest.approx(MIN_READABLE_SCALE)
    big_editor.resize(1100, 760)  # no jump back to the question
    qtbot.waitUntil(lambda: drawing.viewport().width() < 620, timeout=1000)
    assert drawing.mapToScene(drawing.viewport().rect()).intersects(box)


def test_a_hundred_ideas_redraw_quickly(qtbot, editor, document, tree):
    grow(document, editor.model.forest(), tree["session"].id, 100)
    editor.redraw()
    started = time.perf_counter()
    editor.redraw()
    elapsed = time.perf_counter() - started
    assert len(editor.drawing.node_ids()) == 105
    assert elapsed < 0.25, f"redrawing 105 ideas took {elapsed * 1000:.0f} ms"


def test_deleting_the_session_nodes_leaves_the_empty_message(qtbot, editor, document, tree):
    notes = [document.read.get(Note, i) for i in tree["ids"].values()]
    document.push(delete(notes))
    assert editor.model.rowCount() == 0
    qtbot.waitUntil(lambda: editor.drawing.node_ids() == [], timeout=1000)
    assert editor.drawing.root_item().text == QUESTION


def test_outline_keys_win_over_window_shortcuts(qtbot, editor, document, tree):
    """The main window has F2 (rename session) and may have Delete: in the outline they act
    on the idea."""
    from PySide6.QtGui import QAction, QKeySequence

    fired = []
    for sequence in ("F2", "Del", "Return"):
        action = QAction(editor)
        action.setShortcut(QKeySequence(sequence))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _=False, s=sequence: fired.append(s))
        editor.addAction(action)
    select(editor, tree, "Maintenir")
    key(qtbot, editor, Qt.Key.Key_F2)
    line = open_editor(qtbot, editor)
    assert line.text() == "Maintenir"
    qtbot.keyClick(line, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor.outline)
    key(qtbot, editor, Qt.Key.Key_Delete)
    assert fired == [] and document.read.get(Note, tree["ids"]["Maintenir"]).deleted
