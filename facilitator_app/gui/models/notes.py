"""`NotesModel`: the notes of one session as a table (text, type, author, table, category, votes).

Idea-tree nodes are listed depth first and indented under their parent, so the outline reads
as the tree; a world café's notes are listed table by table (`model.table_note_order`), so a
note just taken for Table 2 lands among Table 2's. Editing a cell pushes an `update` command.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from facilitator_app.core.commands import ChangeSet, edit_note_text, update
from facilitator_app.core.model import NOTE_KINDS, Note, note_order, table_note_order
from facilitator_app.core.vocabulary import note_kind_label, table_label
from facilitator_app.gui.document import EventDocument
from facilitator_app.i18n import N_, tr

__all__ = ["NotesModel", "Column", "NOTE_ID_ROLE"]

NOTE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


class Column:
    TEXT, KIND, AUTHOR, TABLE, CATEGORY, VOTES = range(6)
    HEADERS = (N_("Note"), N_("Type"), N_("Author"), N_("Table"), N_("Category"), N_("Votes"))


def _depth_first(notes: list[Note]) -> list[tuple[Note, int]]:
    children: dict[str | None, list[Note]] = {}
    ids = {n.id for n in notes}
    for note in notes:
        parent = note.parent_id if note.parent_id in ids else None
        children.setdefault(parent, []).append(note)
    ordered: list[tuple[Note, int]] = []

    def walk(parent: str | None, depth: int) -> None:
        for note in children.get(parent, []):
            ordered.append((note, depth))
            walk(note.id, depth + 1)

    walk(None, 0)
    return ordered


class NotesModel(QAbstractTableModel):
    def __init__(self, document: EventDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._session_id: str | None = None
        self._rows: list[tuple[Note, int]] = []
        self._tables: dict[str, str] = {}
        self._categories: dict[str, str] = {}
        self._numbers: dict[str, int] = {}  # a world café's table id → its number
        document.changed.connect(self._on_changed)

    def set_session(self, session_id: str | None) -> None:
        self._session_id = session_id
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        if self._session_id is None:
            self._rows, self._tables, self._categories = [], {}, {}
        else:
            self._tables, self._categories = self._read_labels()
            self._rows = _depth_first(self._document.read.session_notes(self._session_id))
            if self._numbers and not any(depth for _, depth in self._rows):
                self._rows.sort(key=lambda row: self._order(row[0]))
        self.endResetModel()

    def _order(self, note: Note) -> tuple[object, ...]:
        """Where a note sits in the list: with its table in a world café, else by position."""
        if self._numbers:
            return table_note_order(note, self._numbers)
        return note_order(note)

    def _read_labels(self) -> tuple[dict[str, str], dict[str, str]]:
        assert self._session_id is not None
        session_tables = self._document.read.session_tables(self._session_id)
        self._numbers = {t.id: t.number for t in session_tables}
        tables = {t.id: table_label(t.number, t.theme) for t in session_tables}
        return tables, {
            c.id: c.name for c in self._document.read.session_categories(self._session_id)
        }

    def _on_changed(self, changes: ChangeSet) -> None:
        if not self._session_id:
            return
        if changes.touches("table", "category"):
            tables, categories = self._read_labels()
            if tables.keys() != self._tables.keys() or categories.keys() != self._categories.keys():
                self.reload()  # a column may show or hide
                return
            if (tables, categories) != (self._tables, self._categories):
                self._tables, self._categories = tables, categories  # a theme, a name
                if self._rows:
                    last = len(self._rows) - 1
                    self.dataChanged.emit(
                        self.index(0, Column.TABLE), self.index(last, Column.CATEGORY)
                    )
        if changes.touches("note"):
            for note_id in changes.ids:
                if not self._update_row(note_id):
                    self.reload()
                    return

    def _update_row(self, note_id: str) -> bool:
        """Apply one changed note to the rows in place; False when only a reload will do.

        Capture adds notes one by one to long sessions: re-reading the whole session on
        every Enter would make typing wait for the view.
        """
        note = self._document.read.get(Note, note_id)
        row = self.row_of(note_id)
        if note is None:
            return True  # another kind of record
        if note.parent_id is not None:
            return False  # tree order and depth: recompute
        belongs = note.session_id == self._session_id and not note.deleted
        if row < 0 and not belongs:
            return True
        if row >= 0 and not belongs:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()
            return True
        if row >= 0:
            if self._order(self._rows[row][0])[:-2] != self._order(note)[:-2]:
                return False  # it moves: another position, or another table
            self._rows[row] = (note, 0)
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
            return True
        if any(depth for _, depth in self._rows):
            return False
        key = self._order(note)
        row = next(
            (r for r, (n, _) in enumerate(self._rows) if self._order(n) > key), len(self._rows)
        )
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, (note, 0))
        self.endInsertRows()
        return True

    def has_tables(self) -> bool:
        return bool(self._tables)

    def has_categories(self) -> bool:
        return bool(self._categories)

    def has_votes(self) -> bool:
        return any(note.votes for note, _ in self._rows)

    def _display(self, note: Note, depth: int, column: int) -> object:
        if column == Column.TEXT:
            return ("    " * depth + ("↳ " if depth else "")) + note.text
        if column == Column.KIND:
            return note_kind_label(note.kind)
        if column == Column.AUTHOR:
            return note.author
        if column == Column.TABLE:
            return self._tables.get(note.table_id or "", "")
        if column == Column.CATEGORY:
            return self._categories.get(note.category_id or "", "")
        if column == Column.VOTES:
            return note.votes or ""
        return None

    def column_texts(self, column: int, rows: range | None = None, *, most: int = 200) -> set[str]:
        """The texts `column` shows in `rows` (all), at most `most` rows spread over them:
        what the column's width is fitted to, read without asking the view."""
        rows = range(len(self._rows)) if rows is None else rows
        step = max(1, len(rows) // most)
        return {str(self._display(*self._rows[row], column)) for row in rows[::step]}

    def note_at(self, row: int) -> Note:
        return self._rows[row][0]

    def row_of(self, note_id: str) -> int:
        return next((r for r, (n, _) in enumerate(self._rows) if n.id == note_id), -1)

    # -- QAbstractTableModel ------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(Column.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(Column.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        note, depth = self._rows[index.row()]
        column = index.column()
        if role == NOTE_ID_ROLE:
            return note.id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(note, depth, column)
        if role == Qt.ItemDataRole.EditRole:
            return {
                Column.TEXT: note.text,
                Column.KIND: note.kind,
                Column.AUTHOR: note.author,
                Column.VOTES: note.votes,
            }.get(column)
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.TEXT:
            return note.text
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.VOTES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        note = self.note_at(index.row())
        column = index.column()
        if column == Column.TEXT:
            text = str(value).strip()
            if not text or text == note.text:
                return False
            return self._document.push(edit_note_text(note, text))
        if column == Column.KIND and value in NOTE_KINDS and value != note.kind:
            return self._document.push(update(note, label="Change note type", kind=value))
        if column == Column.AUTHOR and str(value).strip() != note.author:
            return self._document.push(update(note, label="Edit note", author=str(value).strip()))
        if column == Column.VOTES:
            try:
                votes = max(0, int(value))
            except (TypeError, ValueError):
                return False
            if votes != note.votes:
                return self._document.push(update(note, label="Count votes", votes=votes))
        return False

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in (Column.TEXT, Column.KIND, Column.AUTHOR, Column.VOTES):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags
