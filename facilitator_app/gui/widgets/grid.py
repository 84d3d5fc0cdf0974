"""`GridEditor`: a grid session as columns of cards (« À maintenir / À arrêter / À créer »…).

Columns sit side by side in a horizontal scroll area, each a header (double-click to rename,
a menu to move or delete it), a list of cards and an « Add a card… » box (type, Enter; what
is typed there is kept as the draft `card/<column id>` until then, and becomes a card when
the event closes, like the capture box's text: `gui/drafts.py`). Cards
are drawn as sticky notes with a votes badge whose − and + buttons count dot votes. Cards
move by drag and drop, between and within columns, or from the keyboard: Ctrl+Left/Right to
the neighbouring column, Ctrl+Up/Down within it; F2 or Enter edits the text in place (saved
while typing), Delete deletes, + and − count votes. A grid with no column offers the presets.
Every gesture is one command pushed through `GridBoard` (gui/models/grid.py): undoable.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.core.grids import PRESETS, GridPreset
from facilitator_app.core.model import Session
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.drafts import DraftKeeper
from facilitator_app.gui.jobs import Job
from facilitator_app.gui.models.grid import NOTE_ID_ROLE, VOTES_ROLE, CardListModel, GridBoard
from facilitator_app.gui.widgets.grid_cards import CardDelegate
from facilitator_app.gui.widgets.text_limit import limit_length
from facilitator_app.i18n import tr, tr_count

__all__ = ["GridEditor", "CardList", "ColumnWidget"]


class CardList(QListView):
    """The cards of one column; keyboard gestures are handed to the editor."""

    def __init__(self, editor: GridEditor, model: CardListModel) -> None:
        super().__init__()
        self._editor = editor
        self.setObjectName("cardList")
        self.setModel(model)
        self.setItemDelegate(CardDelegate(self))
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragDropOverwriteMode(False)
        self.setDropIndicatorShown(True)
        self.setMouseTracking(True)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setStyleSheet("QListView { background: transparent; }")

    def model(self) -> CardListModel:
        return cast("CardListModel", super().model())

    def current_note_id(self) -> str | None:
        index = self.currentIndex()
        return index.data(NOTE_ID_ROLE) if index.isValid() else None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, note_id = event.key(), self.current_note_id()
        ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        moves: dict[int, tuple[int, int]] = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0)}
        moves |= {Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}
        if ctrl and key in moves:
            if note_id is not None:
                self._editor.move_card(note_id, *moves[key])
            return
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and not event.modifiers():
            self._editor.focus_neighbour(self.model().column_id, moves[key][0])
            return
        if note_id is not None and self.state() != QAbstractItemView.State.EditingState:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.edit(self.currentIndex())
                return
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self._editor.board.delete_cards([note_id])
                return
            if event.text() in ("+", "-", "−"):
                step = 1 if event.text() == "+" else -1
                votes = int(self.currentIndex().data(VOTES_ROLE) or 0)
                self.model().setData(self.currentIndex(), votes + step, VOTES_ROLE)
                return
        super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()  # wrapped cards are measured again at the new width


class ColumnWidget(QFrame):
    """One column: its header, its cards and the box that adds one."""

    def __init__(self, editor: GridEditor, column_id: str | None) -> None:
        super().__init__()
        self._editor = editor
        self.column_id = column_id
        self.setObjectName("gridColumn")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#gridColumn { background: #eef1f4; border-radius: 6px; }")
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 30)
        self.title = QLabel()
        self.title.setObjectName("columnTitle")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.title.setToolTip(tr("Double-click to rename") if column_id else "")
        self.title.installEventFilter(self)
        self.rename_edit = QLineEdit()
        self.rename_edit.setObjectName("columnRename")
        self.rename_edit.hide()
        self.rename_edit.installEventFilter(self)
        self.rename_edit.editingFinished.connect(self.finish_rename)
        self.count = QLabel()
        self.count.setStyleSheet("color: #607d8b;")
        self.menu_button = QToolButton()
        self.menu_button.setText("⋯")
        self.menu_button.setAutoRaise(True)
        self.menu_button.setToolTip(tr("Column actions"))
        self.menu_button.setStyleSheet("QToolButton::menu-indicator { image: none; }")
        self.menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        policy = self.menu_button.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # « Not sorted » lines up with the other columns
        self.menu_button.setSizePolicy(policy)
        self.menu_button.setVisible(column_id is not None)
        menu = QMenu(self.menu_button)
        menu.addAction(tr("Rename"), self.start_rename)
        menu.addAction(tr("Move left"), lambda: editor.shift_column(column_id, -1))
        menu.addAction(tr("Move right"), lambda: editor.shift_column(column_id, 1))
        menu.addSeparator()
        menu.addAction(tr("Delete column"), lambda: editor.board.delete_column(column_id or ""))
        self.menu_button.setMenu(menu)
        self.cards = CardList(editor, editor.board.model(column_id))
        self.add_edit = limit_length(QLineEdit())
        self.add_edit.setObjectName("addCard")
        self.add_edit.setPlaceholderText(tr("Add a card…"))
        self.add_edit.returnPressed.connect(self.add_card)
        self.add_edit.setEnabled(editor.board.document.editable)
        board = editor.board
        self.draft = DraftKeeper(
            board.document,
            f"card/{column_id or 'unsorted'}",
            text=self.add_edit.text,
            context=lambda: {"session_id": board.session_id, "column_id": column_id},
            parent=self,
        )
        if (saved := self.draft.saved()) is not None:  # typed before a crash
            self.add_edit.setText(saved.text)
        self.add_edit.textChanged.connect(lambda _text: self.draft.touch())
        board.document.closing.connect(self._commit_on_close)
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.rename_edit, 1)
        heading.addWidget(self.menu_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(heading)
        layout.addWidget(self.count)
        layout.addWidget(self.cards, 1)
        layout.addWidget(self.add_edit)
        model = self.cards.model()
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.dataChanged):
            signal.connect(self.update_header)
        self.update_header()

    def update_header(self, *_args: object) -> None:
        self.title.setText(self._editor.board.column_name(self.column_id))
        self.cards.setAccessibleName(tr("Cards of {column}", column=self.title.text()))
        self.add_edit.setAccessibleName(tr("New card in {column}", column=self.title.text()))
        cards = self.cards.model().cards()
        votes = sum(n.votes for n in cards)
        parts = [tr_count(len(cards), "1 card", "{n} cards")]
        if votes:
            parts.append(tr_count(votes, "1 vote", "{n} votes"))
        self.count.setText(" · ".join(parts))

    def add_card(self) -> None:
        board = self._editor.board
        if board.add_card(self.column_id, self.add_edit.text(), draft=self.draft.box):
            self.add_edit.clear()
            self.draft.committed()

    def _commit_on_close(self) -> None:
        if self.add_edit.text().strip() and self._editor.board.document.editable:
            self.add_card()

    def start_rename(self) -> None:
        if self.column_id is None or not self._editor.board.document.editable:
            return
        self.rename_edit.setText(self.title.text())
        self.title.hide()
        self.rename_edit.show()
        self.rename_edit.selectAll()
        self.rename_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def finish_rename(self, *, keep: bool = True) -> None:
        if not self.rename_edit.isVisible():
            return
        self.rename_edit.hide()
        self.title.show()
        if keep and self.column_id is not None:
            self._editor.board.rename_column(self.column_id, self.rename_edit.text())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.title and event.type() == QEvent.Type.MouseButtonDblClick:
            self.start_rename()
            return True
        if (
            watched is self.rename_edit
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Escape
        ):
            self.finish_rename(keep=False)
            return True
        return super().eventFilter(watched, event)


class GridEditor(QWidget):
    """The grid page of a session: columns of cards, a toolbar, and presets when empty."""

    # the scroll area, by a name that hides QWidget.scroll(dx, dy), which nothing here calls
    scroll: QScrollArea  # type: ignore[assignment]

    def __init__(self, document: EventDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.board = GridBoard(document, self)
        self.columns: dict[str | None, ColumnWidget] = {}
        self.add_column_button = QPushButton(tr("Add column"))
        self.add_column_button.clicked.connect(self.add_column)
        self.presets_button = QToolButton()
        self.presets_button.setText(tr("Presets"))
        self.presets_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        presets = QMenu(self.presets_button)
        for preset in PRESETS:
            presets.addAction(
                tr(preset.name),
                lambda p=preset: self.board.apply_preset(p),  # type: ignore[misc]  # untyped default
            )
        self.presets_button.setMenu(presets)
        hint = QLabel(
            tr("Ctrl+arrows move a card · double-click or F2 edits · + and − count votes")
        )
        hint.setStyleSheet("color: #607d8b;")
        bar = QHBoxLayout()
        bar.addWidget(self.add_column_button)
        bar.addWidget(self.presets_button)
        bar.addStretch(1)
        bar.addWidget(hint)
        bar.addLayout(self._export_buttons(document))

        self.empty = QFrame()
        self.empty.setObjectName("gridEmpty")
        empty_layout = QVBoxLayout(self.empty)
        message = QLabel(tr("This grid has no columns yet. Start from a preset:"))
        message.setWordWrap(True)
        empty_layout.addWidget(message)
        self.preset_buttons: list[QPushButton] = []
        for preset in PRESETS:
            button = QPushButton(tr(preset.name))
            button.setToolTip(" · ".join(preset.column_names()))
            button.clicked.connect(lambda _checked=False, p=preset: self.apply_preset(p))
            self.preset_buttons.append(button)
            empty_layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        empty_layout.addStretch(1)

        self.strip = QWidget()
        self.strip_layout = QHBoxLayout(self.strip)
        self.strip_layout.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(self.strip)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.empty)
        layout.addWidget(self.scroll, 1)
        self.board.columns_changed.connect(self._build_columns)
        document.editable_changed.connect(self._show_editable)
        self._build_columns()

    def _export_buttons(self, document: EventDocument) -> QHBoxLayout:
        """Export CSV and Print…: the grid as a spreadsheet, or printed (issue 15)."""
        from facilitator_app.gui.page_exports import PageExport

        self.exports = PageExport(self, document)
        self.csv_button = QPushButton(tr("Export CSV…"))
        self.csv_button.setToolTip(tr("The cards, one a row, for a spreadsheet"))
        self.csv_button.clicked.connect(lambda: self.export_csv())
        self.print_button = QPushButton(tr("Print…"))
        self.print_button.setToolTip(tr("This grid as a PDF: its columns side by side"))
        self.print_button.clicked.connect(lambda: self.print_grid())
        buttons = QHBoxLayout()
        buttons.addWidget(self.csv_button)
        buttons.addWidget(self.print_button)
        return buttons

    def install_icons(self) -> None:
        from facilitator_app.gui.icons import icon  # qtawesome: after the first paint

        self.csv_button.setIcon(icon("csv"))
        self.print_button.setIcon(icon("print"))

    def export_csv(self, out: Path | None = None) -> Job | None:
        from facilitator_app.gui.page_documents import export_grid_csv

        if self.board.session_id is None:
            return None
        return export_grid_csv(self.exports, self.board.grid, out=out)

    def print_grid(self, out: Path | None = None, *, wait: bool = False) -> Job | None:
        from facilitator_app.gui.page_documents import print_session

        session = self.board.document.read.get(Session, self.board.session_id or "")
        return None if session is None else print_session(self.exports, session, out=out, wait=wait)

    def _show_editable(self, editable: bool) -> None:
        for column in self.columns.values():
            column.add_edit.setEnabled(editable)
        self._build_columns()

    def set_session(self, session_id: str | None) -> None:
        self.board.set_session(session_id)
        self._build_columns()

    # -- columns --------------------------------------------------------------------------

    def _build_columns(self) -> None:
        keys = self.board.column_ids()
        for key in [k for k in self.columns if k not in keys]:
            gone = self.columns.pop(key)
            gone.draft.flush()  # its « Add a card… » text stays in the file for next time
            gone.deleteLater()
        while self.strip_layout.count():
            self.strip_layout.takeAt(0)
        for key in keys:
            if key not in self.columns:
                self.columns[key] = ColumnWidget(self, key)
            self.columns[key].update_header()
            self.strip_layout.addWidget(self.columns[key], 1)
            self.columns[key].show()  # now, not when the layout gets to it: a rename may start
        self.columns = {key: self.columns[key] for key in keys}  # left to right
        has_session = self.board.session_id is not None
        self.empty.setVisible(has_session and not self.board.has_columns())
        self.scroll.setVisible(bool(keys))
        for widget in (self.add_column_button, self.presets_button):
            widget.setEnabled(has_session and self.board.document.editable)
        for widget in (self.csv_button, self.print_button):  # read-only files too
            widget.setEnabled(has_session)

    def apply_preset(self, preset: GridPreset) -> None:
        self.board.apply_preset(preset)

    def add_column(self) -> None:
        """A new column at the right, its name ready to be typed."""
        column_id = self.board.add_column(tr("New column"))
        if column_id in self.columns:
            self.columns[column_id].start_rename()

    def shift_column(self, column_id: str | None, step: int) -> None:
        if column_id is not None:
            index = [c.id for c in self.board.grid.columns].index(column_id)
            self.board.move_column(column_id, max(0, index + step))

    # -- cards ----------------------------------------------------------------------------

    def move_card(self, note_id: str, dx: int, dy: int) -> bool:
        """Move a card to the neighbouring column (dx) or up and down its own (dy)."""
        keys = self.board.column_ids()
        source = self.board.column_of(note_id)
        row = self.board.model(source).row_of(note_id)
        target, index = source, row + dy
        if dx:
            at = keys.index(source) + dx
            if not 0 <= at < len(keys):
                return False
            target = keys[at]
            index = min(row, len(self.board.grid.cards_in(target)))
        elif not 0 <= index < len(self.board.grid.cards_in(source)):
            return False
        moved = self.board.move_cards([note_id], target, index)
        self.select_card(note_id)
        return moved

    def select_card(self, note_id: str) -> bool:
        """Make a card current in its column and give that column the focus."""
        column = self.columns.get(self.board.column_of(note_id))
        if column is None:
            return False
        index = column.cards.model().index(column.cards.model().row_of(note_id))
        column.cards.setCurrentIndex(index)
        column.cards.scrollTo(index)
        column.cards.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def focus_neighbour(self, column_id: str | None, step: int) -> None:
        keys = self.board.column_ids()
        at = keys.index(column_id) + step
        if 0 <= at < len(keys):
            cards = self.columns[keys[at]].cards
            if not cards.currentIndex().isValid() and cards.model().rowCount():
                cards.setCurrentIndex(cards.model().index(0))
            cards.setFocus(Qt.FocusReason.OtherFocusReason)
