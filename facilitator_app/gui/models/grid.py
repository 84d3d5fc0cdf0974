"""`GridBoard` and `CardListModel`: one grid session as columns of cards, for `GridEditor`.

`GridBoard` keeps the `core.grids.Grid` picture of the session shown, rebuilds it when the
document says notes or categories changed, and turns the editor's gestures into commands
pushed on the document. Each column (« Not sorted » included, when it holds cards) has its
own `CardListModel`, a list of cards that supports in-place text and vote edits and drag and
drop of note ids. A column model updates row by row (inserted, removed, edited) so a card
being edited keeps its editor while the text is saved; only a new order resets it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from facilitator_app.core.commands import ChangeSet, Command, delete, edit_note_text
from facilitator_app.core.grids import Grid, GridPreset, set_votes
from facilitator_app.core.model import Note
from facilitator_app.gui.document import EventDocument
from facilitator_app.i18n import tr, tr_count

__all__ = ["GridBoard", "CardListModel", "NOTE_ID_ROLE", "VOTES_ROLE", "MIME_TYPE"]

NOTE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
VOTES_ROLE = Qt.ItemDataRole.UserRole + 2  # read and write a card's dot votes
MIME_TYPE = "application/x-recolte-note-ids"  # a JSON list of note ids

Index = QModelIndex | QPersistentModelIndex


class GridBoard(QObject):
    """The grid of one session; emits `columns_changed` when its columns (or names) change."""

    columns_changed = Signal()

    def __init__(self, document: EventDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._session_id: str | None = None
        self._grid: Grid | None = None
        self._models: dict[str | None, CardListModel] = {}
        self._shape: tuple[tuple[str | None, str], ...] = ()
        document.changed.connect(self._on_changed)

    @property
    def session_id(self) -> str | None:
        return self._session_id

    @property
    def grid(self) -> Grid:
        assert self._grid is not None, "no session"
        return self._grid

    def set_session(self, session_id: str | None) -> None:
        if session_id != self._session_id:
            self._session_id = session_id
            self.reload()

    def reload(self) -> None:
        sid = self._session_id
        if sid is None:
            self._grid = None
        else:
            self._grid = Grid.build(
                sid,
                self.document.read.session_categories(sid),
                self.document.read.session_notes(sid),
            )
        keys = self.column_ids()
        for key in keys:
            if key not in self._models:
                self._models[key] = CardListModel(self, key)
        for key in list(self._models):
            if key not in keys:
                self._models.pop(key).deleteLater()
        for key in keys:
            self._models[key].set_cards(self.grid.cards_in(key))
        shape = tuple((key, self.column_name(key)) for key in keys)
        if shape != self._shape:
            self._shape = shape
            self.columns_changed.emit()

    def _on_changed(self, changes: ChangeSet) -> None:
        if self._session_id is not None and changes.touches("note", "category", "session"):
            self.reload()

    # -- reading --------------------------------------------------------------------------

    def has_columns(self) -> bool:
        return self._grid is not None and bool(self._grid.columns)

    def column_ids(self) -> list[str | None]:
        return self._grid.column_ids() if self._grid is not None else []

    def column_name(self, column_id: str | None) -> str:
        column = self._grid.column(column_id) if self._grid is not None else None
        return column.name if column is not None else tr("Not sorted")

    def model(self, column_id: str | None) -> CardListModel:
        return self._models[column_id]

    def column_of(self, note_id: str) -> str | None:
        return self.grid.column_of(note_id)

    # -- writing --------------------------------------------------------------------------

    def push(self, command: Command | None, *, draft: str | None = None) -> bool:
        return command is not None and self.document.push(command, draft=draft)

    def move_cards(self, note_ids: Sequence[str], column_id: str | None, index: int) -> bool:
        return self.push(self.grid.move_cards(note_ids, column_id, index))

    def add_card(self, column_id: str | None, text: str, *, draft: str | None = None) -> str | None:
        """Add a card at the bottom of a column; its note id, or None if nothing was added.
        `draft`: the box the text was typed in, whose draft goes in the same transaction."""
        command = self.grid.add_card(column_id, text, created_at=self.document.now())
        if command is None or not self.push(command, draft=draft):
            return None
        return command.record.id

    def delete_cards(self, note_ids: Sequence[str]) -> bool:
        notes = [self.grid.card(i) for i in note_ids]
        if not notes:
            return False
        if len(notes) == 1:
            return self.push(delete(notes, label="Delete note"))
        return self.push(delete(notes, label="Delete notes"))

    def set_votes(self, note_id: str, votes: int) -> bool:
        return self.push(set_votes(self.grid.card(note_id), votes))

    def apply_preset(self, preset: GridPreset) -> bool:
        return self.push(self.grid.apply_preset(preset))

    def add_column(self, name: str) -> str | None:
        command = self.grid.add_column(name)
        return command.record.id if command is not None and self.push(command) else None

    def rename_column(self, column_id: str, name: str) -> bool:
        return self.push(self.grid.rename_column(column_id, name))

    def delete_column(self, column_id: str) -> bool:
        return self.push(self.grid.delete_column(column_id))

    def move_column(self, column_id: str, index: int) -> bool:
        return self.push(self.grid.move_column(column_id, index))


class CardListModel(QAbstractListModel):
    """The cards of one column, top to bottom."""

    def __init__(self, board: GridBoard, column_id: str | None) -> None:
        super().__init__(board)
        self.board = board
        self.column_id = column_id
        self._cards: list[Note] = []

    def set_cards(self, cards: Sequence[Note]) -> None:
        new_ids = [n.id for n in cards]
        for row in reversed(range(len(self._cards))):  # cards that left the column
            if self._cards[row].id not in new_ids:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._cards[row]
                self.endRemoveRows()
        kept = [n.id for n in self._cards]
        if kept != [i for i in new_ids if i in set(kept)]:  # a new order: start afresh
            self.beginResetModel()
            self._cards = list(cards)
            self.endResetModel()
            return
        for row, note in enumerate(cards):
            if row < len(self._cards) and self._cards[row].id == note.id:
                if self._cards[row] != note:
                    self._cards[row] = note
                    self.dataChanged.emit(self.index(row), self.index(row))
            else:  # a card that joined the column
                self.beginInsertRows(QModelIndex(), row, row)
                self._cards.insert(row, note)
                self.endInsertRows()

    def cards(self) -> list[Note]:
        return list(self._cards)

    def note(self, index: Index) -> Note | None:
        return self._cards[index.row()] if index.isValid() else None

    def row_of(self, note_id: str) -> int:
        return next((r for r, n in enumerate(self._cards) if n.id == note_id), -1)

    # -- QAbstractListModel -------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._cards)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not (0 <= index.row() < len(self._cards)):
            return None
        note = self._cards[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return note.text
        if role == Qt.ItemDataRole.ToolTipRole:
            votes = tr_count(note.votes, "1 vote", "{n} votes")
            return f"{note.text}\n{votes}"
        if role == NOTE_ID_ROLE:
            return note.id
        if role == VOTES_ROLE:
            return note.votes
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        note = self.note(index)
        if note is None:
            return False
        if role == VOTES_ROLE:
            try:
                return self.board.set_votes(note.id, int(value))
            except (TypeError, ValueError):
                return False
        if role != Qt.ItemDataRole.EditRole:
            return False
        text = " ".join(str(value).split())
        if not text or text == note.text:
            return False  # an emptied card is deleted with the Delete key, not by erasing it
        return self.board.push(edit_note_text(note, text))

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.board.document.editable:
            flags |= Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsDragEnabled
        return flags

    # -- drag and drop --------------------------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        data = QMimeData()
        data.setData(MIME_TYPE, json.dumps([self._cards[r].id for r in rows]).encode())
        return data

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return (
            data.hasFormat(MIME_TYPE)
            and action in (Qt.DropAction.MoveAction, Qt.DropAction.CopyAction)
            and not parent.isValid()
            and self.board.document.editable
        )

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        """Move the dropped cards here, above `row` (-1: at the bottom); one undo step."""
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        try:
            ids = [str(i) for i in json.loads(bytes(data.data(MIME_TYPE).data()).decode())]
        except ValueError:
            return False
        known = {n.id for n in self.board.grid.all_cards()}
        ids = [i for i in ids if i in known]
        if not ids:
            return False
        row = len(self._cards) if row < 0 else row
        above = sum(1 for n in self._cards[:row] if n.id in ids)  # leave their place first
        self.board.move_cards(ids, self.column_id, row - above)
        return False  # the board moved them: the view must not remove the dragged rows

    def removeRows(self, row: int, count: int, parent: Index = QModelIndex()) -> bool:
        return False  # cards leave a column through commands only
