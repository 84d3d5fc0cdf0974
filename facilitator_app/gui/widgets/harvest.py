"""`HarvestView`: what a world café produced, grouped, filtered, corrected and summed up per table.

On the left, the notes as a tree (table › category › note, or category › table › note with the
« By category » switch) with a filter that ignores accents and case; a note is corrected in
place (saved while typing) and deleted with the Delete key, both undoable. On the right, the
written synthesis of one table, picked in the list or by selecting a row of the tree, saved
while typing (400 ms after the last key, one undo step per typing run): `TableSynthesisEditor`,
in `table_synthesis.py`.

The harvest grows during capture, while facilitators read and correct it: new notes are
inserted without touching the rows around them, groups stay as the person expanded or
collapsed them (new groups open, so a new note is seen), and when the model must reset (new
grouping, filter, a table renamed) expansion, selection and the current row are put back.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QSplitter,
    QStyleOptionViewItem,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.core.commands import delete
from facilitator_app.core.model import Note
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.models.harvest import (
    NOTE_ID_ROLE,
    Grouping,
    GroupPath,
    HarvestColumn,
    HarvestModel,
    count_text,
)
from facilitator_app.gui.widgets.delegates import PlainTextDelegate
from facilitator_app.gui.widgets.table_synthesis import TableSynthesisEditor
from facilitator_app.i18n import tr

__all__ = ["HarvestView", "TableSynthesisEditor"]

AnyIndex = QModelIndex | QPersistentModelIndex
_RowKey = tuple[str, object]  # ("note", note id) or ("group", group path)


class _NoteDelegate(PlainTextDelegate):
    """Corrects a note in a box that wraps like the row, saved while typing; sizes wrapped rows.

    Enter (or a click elsewhere, or Tab) ends the correction, Escape leaves the editor; the box
    grows downwards while the text needs more lines. QTreeView measures rows without saying how
    wide the cell is, so long notes would be cut to one line: `sizeHint` is given the width of
    the text column less the indentation (the whole row for a group label, which spans it).
    """

    MARGIN = 1  # inside the box, so a one-line row holds it without clipping
    ONE_PARAGRAPH = True

    def __init__(self, tree: QTreeView) -> None:
        super().__init__(tree)
        self._tree = tree

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        depth, parent = 1 if self._tree.rootIsDecorated() else 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        spanned = self._tree.isFirstColumnSpanned(index.row(), index.parent())
        width = self._tree.viewport().width() if spanned else self._tree.columnWidth(0)
        sized = QStyleOptionViewItem(option)
        sized.rect = QRect(0, 0, max(width - depth * self._tree.indentation(), 40), 1)
        return super().sizeHint(sized, index)

    def make_editor(self, parent: QWidget) -> QPlainTextEdit:
        editor = super().make_editor(parent)
        editor.setObjectName("noteEditor")
        editor.setFrameShape(QFrame.Shape.NoFrame)
        editor.document().setDocumentMargin(self.MARGIN)
        editor.setContentsMargins(2, 0, 0, 0)  # the text stays where the row drew it
        editor.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        editor.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        editor.textChanged.connect(lambda: self._fit(editor))
        return editor

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> None:
        editor.setProperty("cellHeight", option.rect.height())
        editor.setGeometry(option.rect)
        if isinstance(editor, QPlainTextEdit):  # the editor createEditor made
            self._fit(editor)

    def _fit(self, editor: QPlainTextEdit) -> None:
        lines = max(1, int(editor.document().documentLayout().documentSize().height()))
        needed = lines * editor.fontMetrics().lineSpacing() + 2 * self.MARGIN
        height = max(int(editor.property("cellHeight") or 0), needed)
        bottom = editor.parentWidget().height() if editor.parentWidget() else height
        editor.resize(editor.width(), max(1, min(height, bottom - editor.y())))


class HarvestView(QWidget):
    """The harvest of one world café: grouped notes, a filter, and each table's synthesis."""

    def __init__(self, document: EventDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._collapsed: dict[Grouping, set[GroupPath]] = {g: set() for g in Grouping}
        self._restoring = False
        self._saved_current: _RowKey | None = None
        self._saved_selection: list[_RowKey] = []
        self.model = HarvestModel(document, self)
        self._setup_ui()
        self._connect()
        self._update_counts()

    # -- building -------------------------------------------------------------------------

    def _setup_ui(self) -> None:
        self.by_table_button = QToolButton()
        self.by_table_button.setObjectName("byTable")
        self.by_table_button.setText(tr("By table"))
        self.by_category_button = QToolButton()
        self.by_category_button.setObjectName("byCategory")
        self.by_category_button.setText(tr("By category"))
        self.grouping_buttons = QButtonGroup(self)
        self.grouping_buttons.setExclusive(True)
        for button in (self.by_table_button, self.by_category_button):
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
            self.grouping_buttons.addButton(button)
        self.by_table_button.setChecked(True)
        self.by_table_button.setToolTip(tr("Group the notes by table, then by category"))
        self.by_category_button.setToolTip(tr("Group the notes by category, then by table"))

        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("filter")
        self.filter_edit.setPlaceholderText(tr("Filter…"))
        self.filter_edit.setAccessibleName(tr("Filter the notes"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setMinimumWidth(self.fontMetrics().averageCharWidth() * 24)
        self.count = QLabel()
        self.count.setObjectName("harvestCount")

        self.tree = QTreeView()
        self.tree.setObjectName("harvestTree")
        self.tree.setAccessibleName(tr("Harvest"))
        self.tree.setModel(self.model)
        self.tree.setItemDelegateForColumn(HarvestColumn.TEXT, _NoteDelegate(self.tree))
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setAllColumnsShowFocus(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(HarvestColumn.TEXT, QHeaderView.ResizeMode.Stretch)
        for column in (HarvestColumn.ROUND, HarvestColumn.AUTHOR):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # wrapped rows are measured again once the text column stops changing width
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(100)
        self._relayout.timeout.connect(self.tree.doItemsLayout)
        header.sectionResized.connect(
            lambda column, _old, _new: column == HarvestColumn.TEXT and self._relayout.start()
        )
        delete_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.tree)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self.delete_selected)

        self.synthesis = TableSynthesisEditor(self._document)

        bar = QHBoxLayout()
        bar.setSpacing(0)
        bar.addWidget(self.by_table_button)
        bar.addWidget(self.by_category_button)
        bar.addSpacing(12)
        bar.addWidget(self.filter_edit, 1)
        bar.addSpacing(12)
        bar.addWidget(self.count)
        notes = QWidget()
        notes_layout = QVBoxLayout(notes)
        notes_layout.setContentsMargins(0, 0, 4, 0)
        notes_layout.addLayout(bar)
        notes_layout.addWidget(self.tree, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(notes)
        self.splitter.addWidget(self.synthesis)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    def _connect(self) -> None:
        self.by_table_button.toggled.connect(
            lambda on: self.set_grouping(Grouping.BY_TABLE) if on else None
        )
        self.by_category_button.toggled.connect(
            lambda on: self.set_grouping(Grouping.BY_CATEGORY) if on else None
        )
        self.filter_edit.textChanged.connect(self.model.set_filter)
        self.tree.expanded.connect(lambda index: self._remember(index, expanded=True))
        self.tree.collapsed.connect(lambda index: self._remember(index, expanded=False))
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.model.modelAboutToBeReset.connect(self._save_view_state)
        self.model.modelReset.connect(self._restore_view_state)
        self.model.rowsInserted.connect(self._rows_inserted)
        self.model.rowsRemoved.connect(lambda *_: self._update_counts())

    # -- what the window calls ----------------------------------------------------------------

    def set_session(self, session_id: str | None) -> None:
        """Show the harvest of `session_id`; the same session again changes nothing (the
        tree follows the document on its own, and keeps its rows open as they were)."""
        if session_id == self.model.session_id:
            return
        self.synthesis.set_session(session_id)
        self.model.set_session(session_id)

    def grouping(self) -> Grouping:
        return self.model.grouping()

    def set_grouping(self, grouping: Grouping) -> None:
        grouping = Grouping(grouping)
        button = self.by_table_button if grouping == Grouping.BY_TABLE else self.by_category_button
        if not button.isChecked():
            button.setChecked(True)  # comes back here through `toggled`
            return
        self.model.set_grouping(grouping)

    def selected_notes(self) -> list[Note]:
        notes: dict[str, Note] = {}
        for index in self.tree.selectionModel().selectedRows(HarvestColumn.TEXT):
            note = self.model.note(index)
            if note is not None:
                notes.setdefault(note.id, note)
        return list(notes.values())

    def delete_selected(self) -> bool:
        """Delete the selected notes (group rows are left alone) as one undo step."""
        notes = self.selected_notes()
        if not notes or not self._document.editable:
            return False
        if len(notes) == 1:
            return self._document.push(delete(notes, label="Delete note"))
        return self._document.push(delete(notes, label="Delete notes"))

    def is_expanded(self, path: GroupPath) -> bool:
        index = self.model.index_of_group(path)
        return index.isValid() and self.tree.isExpanded(index)

    def hideEvent(self, event: QHideEvent) -> None:
        self.synthesis.save()
        super().hideEvent(event)

    # -- keeping the person's view ------------------------------------------------------------

    def _remember(self, index: QModelIndex, *, expanded: bool) -> None:
        path = self.model.group_path(index)
        if self._restoring or self.model.is_filtering() or path is None:
            return
        collapsed = self._collapsed[self.model.grouping()]
        if expanded:
            collapsed.discard(path)
        else:
            collapsed.add(path)

    def _show_group(self, index: QModelIndex) -> None:
        """Expand a group row as remembered (all of them while filtering); one spanning cell."""
        path = self.model.group_path(index)
        if path is None:
            return
        self.tree.setFirstColumnSpanned(index.row(), index.parent(), True)
        wanted = self.model.is_filtering() or path not in self._collapsed[self.model.grouping()]
        if self.tree.isExpanded(index) != wanted:
            self.tree.setExpanded(index, wanted)

    def _rows_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        self._restoring = True
        try:
            if parent.isValid():
                self._show_group(parent)  # its first child: it can open now
            for row in range(first, last + 1):
                index = self.model.index(row, 0, parent)
                self._show_group(index)
                for sub_row in range(self.model.rowCount(index)):
                    self._show_group(self.model.index(sub_row, 0, index))
        finally:
            self._restoring = False
        self._update_counts()

    def _row_key(self, index: QModelIndex) -> _RowKey | None:
        if not index.isValid():
            return None
        note_id = index.data(NOTE_ID_ROLE)
        if note_id:
            return ("note", note_id)
        return ("group", self.model.group_path(index))

    def _index_of(self, key: _RowKey | None) -> QModelIndex:
        if key is None:
            return QModelIndex()
        kind, value = key
        if kind == "note":
            return self.model.index_of_note(str(value))
        path: GroupPath = tuple(cast("Iterable[str | None]", value))
        index = self.model.index_of_group(path)
        if not index.isValid() and len(path) == 2:  # the grouping was switched
            index = self.model.index_of_group((path[1], path[0]))
        return index

    def _save_view_state(self) -> None:
        self._saved_current = self._row_key(self.tree.currentIndex())
        self._saved_selection = [
            key
            for key in map(self._row_key, self.tree.selectionModel().selectedRows(0))
            if key is not None
        ]

    def _restore_view_state(self) -> None:
        self._restoring = True
        try:  # every group opened in one layout pass (one by one, each laid the tree out
            # again), then those the person closed
            groups = self.model.group_indexes()
            for index in groups:
                self.tree.setFirstColumnSpanned(index.row(), index.parent(), True)
            self.tree.expandAll()
            collapsed = self._collapsed[self.model.grouping()]
            if collapsed and not self.model.is_filtering():
                for index in groups:
                    if self.model.group_path(index) in collapsed:
                        self.tree.setExpanded(index, False)
        finally:
            self._restoring = False
        selection = QItemSelection()
        for key in self._saved_selection:
            index = self._index_of(key)
            if index.isValid():
                selection.select(index, index)
        flags = QItemSelectionModel.SelectionFlag
        selection_model = self.tree.selectionModel()
        current = self._index_of(self._saved_current)
        if current.isValid():
            selection_model.setCurrentIndex(current, flags.NoUpdate)
        selection_model.select(selection, flags.ClearAndSelect | flags.Rows)
        if current.isValid():
            self.tree.scrollTo(current)
        self._update_counts()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        table_id = self.model.table_id(current)
        if table_id is not None:
            self.synthesis.set_table(table_id)

    def _update_counts(self) -> None:
        self.count.setText(count_text(self.model.note_count()))
        self.tree.setColumnHidden(HarvestColumn.ROUND, not self.model.has_rounds())
        self.tree.setColumnHidden(HarvestColumn.AUTHOR, not self.model.has_authors())
