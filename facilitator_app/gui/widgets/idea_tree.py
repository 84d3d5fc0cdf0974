"""`IdeaTreeEditor`: an idea tree edited as an outline beside its drawing.

On the left, the outline (`IdeaTreeModel` in an `IdeaOutline`): text, type and votes of each idea,
corrected in place and saved while typing, rows dragged to another parent. The keyboard
drives it as an outliner does: Enter adds an idea below the selected one and opens it, Tab
and Shift+Tab indent and outdent (also while typing), Insert or Ctrl+Enter adds an idea
under, Delete removes an idea with everything under it, Ctrl+Up/Down move it among its
siblings, F2 edits. Every edit is one undo step. On the right, the tree drawn as a mind map
(`IdeaTreeDrawing`), redrawn 150 ms after the last change; a click there selects in the
outline and the outline's selection is highlighted there.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QMenu,
    QSplitter,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.core import ideas
from facilitator_app.core.commands import ChangeSet
from facilitator_app.core.model import Session, new_id
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.jobs import Job
from facilitator_app.gui.models.idea_tree import IdeaColumn, IdeaTreeModel
from facilitator_app.gui.widgets.delegates import NoteKindDelegate
from facilitator_app.gui.widgets.idea_outline import (
    IdeaOutline,
    IdeaTextDelegate,
    VotesDelegate,
)
from facilitator_app.gui.widgets.idea_tree_drawing import IdeaTreeDrawing
from facilitator_app.i18n import tr

__all__ = ["IdeaTreeEditor", "REDRAW_DELAY_MS"]

REDRAW_DELAY_MS = 150


class IdeaTreeEditor(QWidget):
    """The idea tree of one session: outline on the left, drawing on the right."""

    drawing: IdeaTreeDrawing

    def __init__(self, document: EventDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._session_id: str | None = None
        self._icons_installed = False
        self._stale = False  # the drawing waits for the page to be shown
        self.model = IdeaTreeModel(document, self)
        self._setup_ui()
        self._connect()
        self._update_actions()

    # -- building -------------------------------------------------------------------------

    def _setup_ui(self) -> None:
        self.toolbar = QToolBar()
        self.toolbar.setObjectName("ideaTreeToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.add_branch_action = self._action(
            tr("Add branch"), tr("Add a top-level branch"), self.add_branch
        )
        self.add_child_action = self._action(
            tr("Add idea under"),
            tr("Add an idea under the selected one (Insert or Ctrl+Enter)"),
            self.add_child,
        )
        self.indent_action = self._action(
            tr("Indent"), tr("Put the idea under the one above it (Tab)"), self.indent
        )
        self.outdent_action = self._action(
            tr("Outdent"), tr("Put the idea back at its parent’s level (Shift+Tab)"), self.outdent
        )
        self.delete_action = self._action(
            tr("Delete"), tr("Delete the idea and everything under it (Del)"), self.delete_selected
        )
        self.toolbar.addSeparator()
        self.fit_action = self._action(
            tr("Fit drawing"), tr("Show the whole drawing"), lambda: self.drawing.fit_and_follow()
        )
        self._add_export_menu()

        self.outline = IdeaOutline()
        self.outline.setObjectName("ideaOutline")
        self.outline.setAccessibleName(tr("Ideas, as an outline"))
        self.outline.setModel(self.model)
        self.text_delegate = IdeaTextDelegate(self.outline)
        self.outline.setItemDelegateForColumn(IdeaColumn.TEXT, self.text_delegate)
        self.outline.setItemDelegateForColumn(IdeaColumn.KIND, NoteKindDelegate(self.outline))
        self.outline.setItemDelegateForColumn(IdeaColumn.VOTES, VotesDelegate(self.outline))
        self.outline.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.outline.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.outline.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.outline.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.outline.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.outline.setDropIndicatorShown(True)
        self.outline.setAllColumnsShowFocus(True)
        self.outline.setAlternatingRowColors(True)
        header = self.outline.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(IdeaColumn.TEXT, QHeaderView.ResizeMode.Stretch)
        for column in (IdeaColumn.KIND, IdeaColumn.VOTES):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

        self.drawing = IdeaTreeDrawing()
        self.drawing.setAccessibleName(tr("Drawing of the idea tree"))
        self._redraw = QTimer(self)
        self._redraw.setSingleShot(True)
        self._redraw.setInterval(REDRAW_DELAY_MS)
        self._redraw.timeout.connect(self.redraw)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.outline)
        self.splitter.addWidget(self.drawing)
        self.splitter.setStretchFactor(0, 9)  # the outline keeps about 45 % of the width
        self.splitter.setStretchFactor(1, 11)
        self.splitter.setSizes([4500, 5500])  # the first sizes, before any stretching
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.splitter, 1)

    def _action(self, text: str, tip: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.toolbar.addAction(action)
        return action

    def _add_export_menu(self) -> None:
        """Export ▾: a Freeplane map, an OPML outline, a PNG or an SVG of the drawing."""
        from facilitator_app.gui.page_documents import MINDMAP_FORMATS
        from facilitator_app.gui.page_exports import PageExport

        self.exports = PageExport(self, self._document)
        menu = QMenu(self)
        self.export_actions: dict[str, QAction] = {}
        for kind, (what, suffix, _filters) in MINDMAP_FORMATS.items():
            action = menu.addAction(f"{tr(what)} ({suffix})")
            action.triggered.connect(lambda _checked=False, k=kind: self.export_as(k))
            self.export_actions[kind] = action
        self.export_action = QAction(tr("Export"), self)
        self.export_action.setToolTip(tr("Save the tree as a mind map, an outline or a picture"))
        self.export_action.setMenu(menu)
        self.toolbar.addAction(self.export_action)
        button = self.toolbar.widgetForAction(self.export_action)
        if isinstance(button, QToolButton):
            button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
            button.setAccessibleName(tr("Export"))

    def export_as(self, kind: str, out: Path | None = None) -> Job | None:
        """Export the tree as `kind` (a key of `MINDMAP_FORMATS`); asks where when `out` is None."""
        from facilitator_app.gui.page_documents import export_idea_tree

        if self._session_id is None:
            return None
        return export_idea_tree(self.exports, self, kind, session_id=self._session_id, out=out)

    def _connect(self) -> None:
        self.outline.command.connect(self._run)
        self.text_delegate.tabbed.connect(self._tabbed)
        self.outline.selectionModel().selectionChanged.connect(self._selection_changed)
        self.outline.selectionModel().currentChanged.connect(lambda *_: self._update_actions())
        self.model.rowsInserted.connect(self._rows_inserted)
        self.model.rowsRemoved.connect(lambda *_: self._update_actions())
        self.model.rowsMoved.connect(lambda *_: self._update_actions())
        self.model.modelReset.connect(self._update_actions)
        self.drawing.node_clicked.connect(self.select_node)
        self.drawing.node_activated.connect(self._edit_node)
        self._document.changed.connect(self._on_changed)
        self._document.editable_changed.connect(lambda _editable: self._update_actions())

    def install_icons(self) -> None:
        """Icons for the buttons the icon table has (qtawesome loads on first show)."""
        from facilitator_app.gui.icons import ICONS, icon  # qtawesome: after the first paint

        for action, name in (
            (self.add_branch_action, "add"),
            (self.add_child_action, "add-child"),
            (self.indent_action, "indent"),
            (self.outdent_action, "outdent"),
            (self.delete_action, "delete"),
            (self.fit_action, "fit"),
            (self.export_action, "export"),
        ):
            if name in ICONS:
                action.setIcon(icon(name))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._icons_installed:
            self._icons_installed = True
            self.install_icons()
        if self._stale:
            self.redraw()

    def hideEvent(self, event: QHideEvent) -> None:
        if self._redraw.isActive():  # drawn again when shown: a hidden page costs nothing
            self._redraw.stop()
            self._stale = True
        super().hideEvent(event)

    # -- what the window calls ----------------------------------------------------------------

    def set_session(self, session_id: str | None) -> None:
        if session_id == self._session_id:
            return
        self._session_id = session_id
        self.model.set_session(session_id)
        self.outline.expandAll()
        self.drawing.reset_view()
        if self.isVisible():
            self.redraw()
        else:
            self._stale = True

    def current_id(self) -> str | None:
        return self.model.note_id(self.outline.currentIndex())

    def selected_ids(self) -> list[str]:
        rows = self.outline.selectionModel().selectedRows(IdeaColumn.TEXT)
        return [i for i in (self.model.note_id(r) for r in rows) if i is not None]

    def select_node(self, note_id: str) -> None:
        index = self.model.index_of(note_id)
        if not index.isValid():
            return
        flags = QItemSelectionModel.SelectionFlag
        self.outline.selectionModel().setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
        self.outline.scrollTo(index)

    def redraw(self) -> None:
        self._redraw.stop()
        self._stale = False
        session = self._document.read.get(Session, self._session_id)
        question = (session.question or session.title) if session else ""
        self.drawing.set_tree(question, self.model.forest())
        self.drawing.select_nodes(self.selected_ids())

    # -- edits ----------------------------------------------------------------------------

    def add_branch(self) -> bool:
        return self._add(None, None)

    def add_child(self) -> bool:
        current = self.current_id()
        return self._add(current, None) if current else self.add_branch()

    def add_sibling(self) -> bool:
        current = self.current_id()
        return self._add(None, current) if current else self.add_branch()

    def _add(self, parent_id: str | None, after_id: str | None) -> bool:
        if self._session_id is None or not self._document.editable:
            return False
        forest = self.model.forest()
        top = parent_id is None and (after_id is None or forest.parent_of(after_id) is None)
        text = tr("New branch") if top else tr("New idea")
        note_id, now = new_id(), self._document.now()
        if after_id is not None:
            command = ideas.add_sibling(
                forest, after_id, created_at=now, text=text, note_id=note_id
            )
        else:
            command = ideas.add_child(
                forest,
                parent_id,
                session_id=self._session_id,
                created_at=now,
                text=text,
                note_id=note_id,
            )
        if not self.model.push(command):
            return False
        self._edit_node(note_id)
        return True

    def indent(self) -> bool:
        current = self.current_id()
        done = current is not None and self.model.push(ideas.indent(self.model.forest(), current))
        if done:
            self.outline.expand(self.model.index_of(current).parent())
            self.outline.scrollTo(self.outline.currentIndex())
        return done

    def outdent(self) -> bool:
        current = self.current_id()
        return current is not None and self.model.push(ideas.outdent(self.model.forest(), current))

    def move_by(self, offset: int) -> bool:
        current = self.current_id()
        done = current is not None and self.model.push(
            ideas.shift(self.model.forest(), current, offset)
        )
        if done:
            self.outline.scrollTo(self.outline.currentIndex())
        return done

    def delete_selected(self) -> bool:
        current = self.current_id()
        chosen = self.selected_ids() or ([current] if current else [])
        if not chosen:
            return False
        forest = self.model.forest()
        command = ideas.delete_subtree(forest, chosen)
        after = self._neighbour(forest, chosen)
        if not self.model.push(command):
            return False
        if after is not None:
            self.select_node(after)
        return True

    @staticmethod
    def _neighbour(forest: ideas.Forest, doomed: list[str]) -> str | None:
        """The node to select once `doomed` are gone: the next sibling, the one before, the
        parent of the first deleted node."""
        first = doomed[0]
        siblings = forest.children_of(forest.parent_of(first))
        gone = {i for d in doomed for i in forest.subtree(d)}
        row = siblings.index(first)
        for candidate in (*siblings[row + 1 :], *reversed(siblings[:row])):
            if candidate not in gone:
                return candidate
        parent = forest.parent_of(first)
        return parent if parent not in gone else None

    def _run(self, name: str) -> None:
        actions = {
            "sibling": self.add_sibling,
            "child": self.add_child,
            "indent": self.indent,
            "outdent": self.outdent,
            "delete": self.delete_selected,
            "up": lambda: self.move_by(-1),
            "down": lambda: self.move_by(1),
        }
        actions[name]()

    def _tabbed(self, backwards: bool) -> None:
        """Tab while typing: the text is saved, the idea indented, and typing goes on."""
        current = self.current_id()
        if current is None:
            return
        self.outdent() if backwards else self.indent()
        QTimer.singleShot(0, self, lambda: self._edit_node(current, select_all=False))

    def _edit_node(self, note_id: str, *, select_all: bool = True) -> None:
        index = self.model.index_of(note_id)
        if not index.isValid():
            return
        self.outline.expand(index.parent())
        self.select_node(note_id)
        self.outline.setFocus(Qt.FocusReason.OtherFocusReason)
        self.outline.edit(index)
        editor = self.outline.indexWidget(index)
        if isinstance(editor, QLineEdit) and not select_all:
            editor.deselect()
            editor.end(False)

    # -- following the document and the selection --------------------------------------------

    def _on_changed(self, changes: ChangeSet) -> None:
        if self._session_id is None:
            return
        if changes.touches("note") or self._session_id in changes.ids:
            if self.isVisible():
                self._redraw.start()
            else:
                self._stale = True
            self._update_actions()

    def _rows_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        if parent.isValid():
            self.outline.expand(parent)  # an idea added or brought back is seen
        for row in range(first, last + 1):
            self.outline.expand(self.model.index(row, 0, parent))
        self._update_actions()

    def _selection_changed(self, *_args: object) -> None:
        self.drawing.select_nodes(self.selected_ids())
        self._update_actions()

    def _update_actions(self) -> None:
        writable = self._session_id is not None and self._document.editable
        forest = self.model.forest()
        current = self.current_id() if writable else None
        if current not in forest:  # a row on its way out while the model follows an edit
            current = None
        self.add_branch_action.setEnabled(writable)
        self.export_action.setEnabled(self._session_id is not None)  # read-only files too
        self.add_child_action.setEnabled(current is not None)
        self.indent_action.setEnabled(current is not None and forest.row(current) > 0)
        self.outdent_action.setEnabled(
            current is not None and forest.parent_of(current) is not None
        )
        self.delete_action.setEnabled(current is not None or bool(self.selected_ids()))
