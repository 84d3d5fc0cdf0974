"""`IdeaTreeModel`: an idea-tree session's notes as an editable outline (text, type, votes).

Rows are the nodes of `core.ideas.build_forest`: top-level branches at the top, their ideas
under them. Text, type and votes are edited in place, each edit pushed as a command; rows are
dragged to another parent or place (the mime data carries note ids, the drop pushes one move).

The model follows `document.changed` in place: it compares the tree it shows with the tree in
the file and turns the difference into row moves, insertions and removals, then `dataChanged`
for edited nodes. Views thus keep their expanded rows, their selection and an open editor
while someone types, indents or undoes; only a new session resets the model.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QIcon, QPixmap

from facilitator_app.core.commands import ChangeSet, Command
from facilitator_app.core.ideas import (
    Forest,
    branch_colour,
    build_forest,
    can_move,
    edit_text,
    move,
    set_kind,
    set_votes,
)
from facilitator_app.core.model import Note
from facilitator_app.core.vocabulary import note_kind_label
from facilitator_app.gui.document import EventDocument
from facilitator_app.i18n import N_, tr

__all__ = ["IdeaTreeModel", "IdeaColumn", "NOTE_ID_ROLE", "MIME_TYPE"]

NOTE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
MIME_TYPE = "application/x-recolte-idea-nodes"
Index = QModelIndex | QPersistentModelIndex


class IdeaColumn:
    TEXT, KIND, VOTES = range(3)
    HEADERS = (N_("Idea"), N_("Type"), N_("Votes"))


class IdeaTreeModel(QAbstractItemModel):
    """The nodes of one idea tree; `forest()` is the tree the rows show."""

    def __init__(self, document: EventDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._session_id: str | None = None
        self._forest = build_forest(())
        self._clear()
        self._uids: dict[str, int] = {}  # note id → internal id, kept for the model's life
        self._ids: dict[int, str] = {}
        self._swatches: dict[str, QIcon] = {}
        document.changed.connect(self._on_changed)

    def _clear(self) -> None:
        # the rows as they are shown; changed only between begin…/end… signals
        self._children: dict[str | None, list[str]] = {None: []}
        self._parents: dict[str, str | None] = {}
        self._notes: dict[str, Note] = {}

    # -- what the views use -----------------------------------------------------------------

    @property
    def session_id(self) -> str | None:
        return self._session_id

    def set_session(self, session_id: str | None) -> None:
        self._session_id = session_id
        self.beginResetModel()
        self._clear()
        self._forest = self._read()
        for parent in [None, *self._forest.walk()]:
            for child in self._forest.children_of(parent):
                self._adopt(child, parent, len(self._children[parent]))
        self.endResetModel()

    def forest(self) -> Forest:
        return self._forest

    def note(self, index: Index) -> Note | None:
        node_id = self._id(index)
        return self._notes.get(node_id) if node_id is not None else None

    def note_id(self, index: Index) -> str | None:
        return self._id(index)

    def index_of(self, note_id: str | None, column: int = 0) -> QModelIndex:
        if note_id is None or note_id not in self._parents:
            return QModelIndex()
        return self._index(note_id, column)

    def push(self, command: Command | None) -> bool:
        """Push an edit of the tree; False for none (a no-op) or a refused edit."""
        if command is None:
            return False
        return self._document.push(command)

    # -- QAbstractItemModel -----------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        kids = self._children.get(self._id(parent) if parent.isValid() else None)
        if kids is None or not (0 <= row < len(kids)) or not (0 <= column < 3):
            return QModelIndex()
        return self.createIndex(row, column, self._uids[kids[row]])

    def parent(self, child: Index | None = None) -> QModelIndex:
        if child is None:  # QObject.parent()
            return QObject.parent(self)  # type: ignore[return-value]
        node_id = self._id(child)
        if node_id is None or self._parents[node_id] is None:
            return QModelIndex()
        return self._index(self._parents[node_id])  # type: ignore[arg-type]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children.get(self._id(parent) if parent.isValid() else None, ()))

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return len(IdeaColumn.HEADERS)

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:
        return self.rowCount(parent) > 0

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(IdeaColumn.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        node_id = self._id(index)
        if node_id is None:
            return None
        note, column = self._notes[node_id], index.column()
        if role == NOTE_ID_ROLE:
            return note.id
        if column == IdeaColumn.TEXT:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                return note.text
            if role == Qt.ItemDataRole.ToolTipRole:
                return note.text
            if role == Qt.ItemDataRole.DecorationRole:
                return self._swatch(node_id)
            if role == Qt.ItemDataRole.FontRole and self._parents[node_id] is None:
                font = QFont()
                font.setBold(True)
                return font
        elif column == IdeaColumn.KIND:
            if role == Qt.ItemDataRole.DisplayRole:
                return note_kind_label(note.kind)
            if role == Qt.ItemDataRole.EditRole:
                return note.kind
        elif column == IdeaColumn.VOTES:
            if role == Qt.ItemDataRole.DisplayRole:
                return str(note.votes) if note.votes else ""
            if role == Qt.ItemDataRole.EditRole:
                return note.votes
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        note = self.note(index)
        if note is None or role != Qt.ItemDataRole.EditRole:
            return False
        column = index.column()
        if column == IdeaColumn.TEXT:
            return self.push(edit_text(note, str(value or "")))
        if column == IdeaColumn.KIND:
            return self.push(set_kind(note, str(value)))
        if column == IdeaColumn.VOTES:
            try:
                votes = int(str(value))
            except ValueError:
                return False
            return self.push(set_votes(note, votes))
        return False

    def flags(self, index: Index) -> Qt.ItemFlag:
        writable = self._document.editable and self._session_id is not None
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled if writable else Qt.ItemFlag.NoItemFlags
        if self._id(index) is None:
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if writable:
            flags |= Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsDragEnabled
            flags |= Qt.ItemFlag.ItemIsDropEnabled
        return flags

    # -- drag and drop ----------------------------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        ids = list(dict.fromkeys(i for i in map(self._id, indexes) if i is not None))
        mime.setData(MIME_TYPE, QByteArray("\n".join(ids).encode()))
        return mime

    def _dragged(self, data: QMimeData) -> list[str]:
        if not data.hasFormat(MIME_TYPE):
            return []
        ids = bytes(data.data(MIME_TYPE).data()).decode().split("\n")
        return ids if all(i in self._parents for i in ids) else []  # not another window's

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        ids = self._dragged(data)
        target = self._id(parent) if parent.isValid() else None
        return bool(ids) and self._document.editable and can_move(self._forest, ids, target)

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        ids = self._dragged(data)
        target = self._id(parent) if parent.isValid() else None
        siblings = self._forest.children_of(target)
        # onto a node: its last child (a last branch, on empty space); between rows: the
        # place counted without the dragged nodes
        index = len(siblings) if row < 0 else len([i for i in siblings[:row] if i not in ids])
        self.push(move(self._forest, ids, target, index))
        return False  # the command moved the rows; Qt must not remove the source rows

    # -- following the document ---------------------------------------------------------------

    def _read(self) -> Forest:
        notes = self._document.read.session_notes(self._session_id) if self._session_id else []
        return build_forest(notes, session_id=self._session_id)

    def _on_changed(self, changes: ChangeSet) -> None:
        if self._session_id is None or not changes.touches("note"):
            return
        forest = self._read()
        if forest == self._forest:
            return
        self._forest = forest
        self._follow(forest)

    def _follow(self, forest: Forest) -> None:
        """Turn the rows shown into `forest`: moves and insertions parents first, then the
        nodes left over are removed, then edited nodes are repainted."""
        order = forest.walk()
        for parent in [None, *order]:
            shown = self._children[parent]
            for row, child in enumerate(forest.children_of(parent)):
                if row < len(shown) and shown[row] == child:
                    continue
                if child in self._parents:
                    self._move(child, parent, row)
                else:
                    self.beginInsertRows(self.index_of(parent), row, row)
                    self._adopt(child, parent, row)
                    self.endInsertRows()
        for parent in [None, *order]:
            shown, keep = self._children[parent], len(forest.children_of(parent))
            if len(shown) > keep:
                self.beginRemoveRows(self.index_of(parent), keep, len(shown) - 1)
                for gone in shown[keep:]:
                    self._forget(gone)
                del shown[keep:]
                self.endRemoveRows()
        for node_id in order:
            note = forest.notes[node_id]
            if self._notes[node_id] != note:
                self._notes[node_id] = note
                self.dataChanged.emit(self._index(node_id, 0), self._index(node_id, 2))

    def _move(self, node_id: str, parent: str | None, row: int) -> None:
        old_parent = self._parents[node_id]
        old_row = self._children[old_parent].index(node_id)
        if not self.beginMoveRows(
            self.index_of(old_parent), old_row, old_row, self.index_of(parent), row
        ):  # cannot happen when parents are placed first; kept as a safe way out
            self.set_session(self._session_id)
            return
        del self._children[old_parent][old_row]
        self._children[parent].insert(row, node_id)
        self._parents[node_id] = parent
        self.endMoveRows()

    def _adopt(self, node_id: str, parent: str | None, row: int) -> None:
        self._children[parent].insert(row, node_id)
        self._children[node_id] = []
        self._parents[node_id] = parent
        self._notes[node_id] = self._forest.notes[node_id]
        if node_id not in self._uids:
            self._uids[node_id] = uid = len(self._uids) + 1
            self._ids[uid] = node_id

    def _forget(self, node_id: str) -> None:
        for child in self._children.pop(node_id, []):
            self._forget(child)
        self._parents.pop(node_id, None)
        self._notes.pop(node_id, None)

    # -- rows ------------------------------------------------------------------------------

    def _id(self, index: Index) -> str | None:
        if not index.isValid() or index.model() is not self:
            return None
        node_id = self._ids.get(index.internalId())
        return node_id if node_id in self._parents else None

    def _index(self, node_id: str, column: int = 0) -> QModelIndex:
        row = self._children[self._parents[node_id]].index(node_id)
        return self.createIndex(row, column, self._uids[node_id])

    def _swatch(self, node_id: str) -> QIcon:
        top = node_id
        while self._parents[top] is not None:
            top = self._parents[top]  # type: ignore[assignment]
        colour = branch_colour(self._children[None].index(top))
        if colour not in self._swatches:
            pixmap = QPixmap(10, 10)
            pixmap.fill(QColor(colour))
            self._swatches[colour] = QIcon(pixmap)
        return self._swatches[colour]
