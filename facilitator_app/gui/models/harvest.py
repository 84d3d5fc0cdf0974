"""`HarvestModel`: a world café's notes as a tree, table › category › note (or category › table).

Group rows say what they hold and how many notes (« Table 2 · Créativité — 12 notes »). Which
note goes in which group, in what order, and the groups' names are `core.harvest`'s rule (the
synthesis prints the same groups); this model maps them to rows.

The tree follows `document.changed` note by note: a captured note is inserted where it belongs
(with its new group rows if needed), a deleted one removed, an edited one updated in place, so
views keep their expanded rows, their selection and an open editor while the harvest grows.
Only a change of the groups themselves (a table or category added, removed or moved), a new
grouping or a new filter resets the model; a table's new theme or a category's new name only
changes the group rows' text. A note edited while a filter is on stays shown even if it no
longer matches: removing it would close the editor under the person's fingers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from facilitator_app.core.commands import ChangeSet, edit_note_text
from facilitator_app.core.harvest import Grouping, HarvestGroups
from facilitator_app.core.model import Note, note_order
from facilitator_app.core.text import fold
from facilitator_app.gui.document import EventDocument
from facilitator_app.i18n import N_, tr, tr_count

__all__ = [
    "HarvestModel",
    "Grouping",
    "HarvestColumn",
    "GroupPath",
    "NOTE_ID_ROLE",
    "TABLE_ID_ROLE",
    "GROUP_PATH_ROLE",
    "count_text",
]

NOTE_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # a note row's note id (None on group rows)
TABLE_ID_ROLE = Qt.ItemDataRole.UserRole + 2  # the table a row belongs to, when there is one
GROUP_PATH_ROLE = Qt.ItemDataRole.UserRole + 3  # a group row's keys from the top (None on notes)

Index = QModelIndex | QPersistentModelIndex
GroupPath = tuple[str | None, ...]  # (top key,) or (top key, sub key); None: no table/category


class HarvestColumn:
    TEXT, ROUND, AUTHOR = range(3)
    HEADERS = (N_("Note"), N_("Round"), N_("Author"))


def count_text(count: int) -> str:
    if count == 0:
        return tr("no notes")
    return tr_count(count, "1 note", "{n} notes")


@dataclass(eq=False, slots=True)
class _Node:
    """A row of the tree: a group (`note` is None; `key` its table or category id) or a note."""

    uid: int
    parent: _Node | None
    key: str | None = None
    note: Note | None = None
    children: list[_Node] = field(default_factory=list)

    def row(self) -> int:
        assert self.parent is not None
        return self.parent.children.index(self)

    def depth(self) -> int:
        depth, node = 0, self.parent
        while node is not None:
            depth, node = depth + 1, node.parent
        return depth

    def note_count(self) -> int:
        if self.note is not None:
            return 1
        return sum(child.note_count() for child in self.children)

    def path(self) -> GroupPath:
        keys: list[str | None] = []
        node: _Node | None = self
        while node is not None and node.parent is not None:
            keys.append(node.key)
            node = node.parent
        return tuple(reversed(keys))


class HarvestModel(QAbstractItemModel):
    """The notes of one world café, grouped two levels deep; note text is editable."""

    def __init__(self, document: EventDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._session_id: str | None = None
        self._grouping = Grouping.BY_TABLE
        self._words: tuple[str, ...] = ()
        self._root = _Node(0, None)
        self._nodes: dict[int, _Node] = {0: self._root}
        self._by_note: dict[str, _Node] = {}
        self._next_uid = 1
        self._groups = HarvestGroups((), ())  # the session's tables and categories
        self._rounds: dict[str, str] = {}  # round id → label
        document.changed.connect(self._on_changed)

    # -- what the views set ---------------------------------------------------------------

    @property
    def session_id(self) -> str | None:
        return self._session_id

    def set_session(self, session_id: str | None) -> None:
        self._session_id = session_id
        self.reload()

    def grouping(self) -> Grouping:
        return self._grouping

    def set_grouping(self, grouping: Grouping) -> None:
        grouping = Grouping(grouping)
        if grouping != self._grouping:
            self._grouping = grouping
            self.reload()

    def filter_text(self) -> str:
        return " ".join(self._words)

    def set_filter(self, text: str) -> None:
        """Show only the notes whose text or author holds every word (accents, case ignored)."""
        words = tuple(fold(text).split())
        if words != self._words:
            self._words = words
            self.reload()

    def is_filtering(self) -> bool:
        return bool(self._words)

    def reload(self) -> None:
        self.beginResetModel()
        self._root.children.clear()
        self._nodes = {0: self._root}
        self._by_note = {}
        self._groups, self._rounds = self._read_groups()
        if self._session_id is not None:
            notes = self._document.read.session_notes(self._session_id)
            kept = [n for n in notes if not n.deleted and self._matches(n)]
            # every table (or category) shows, even without notes, unless filtering
            for group in self._groups.group(kept, every_top=not self._words):
                top = self._new_node(self._root, key=group.key)
                self._root.children.append(top)
                for sub in group.groups:
                    node = self._new_node(top, key=sub.key)
                    top.children.append(node)
                    node.children = [self._new_node(node, note=note) for note in sub.notes]
        self.endResetModel()

    # -- reading the tree -------------------------------------------------------------------

    def note(self, index: Index) -> Note | None:
        node = self._node(index)
        return node.note if node is not None else None

    def notes_under(self, index: Index) -> list[Note]:
        """The note of a note row, or every note of a group row, in tree order."""
        node = self._node(index)
        found: list[Note] = []

        def walk(n: _Node) -> None:
            if n.note is not None:
                found.append(n.note)
            for child in n.children:
                walk(child)

        if node is not None:
            walk(node)
        return found

    def group_path(self, index: Index) -> GroupPath | None:
        node = self._node(index)
        return node.path() if node is not None and node.note is None else None

    def table_id(self, index: Index) -> str | None:
        """The table a row belongs to: a note's table, a table group's, a sub-group's table."""
        node = self._node(index)
        if node is None:
            return None
        if node.note is not None:
            return node.note.table_id if node.note.table_id in self._groups.tables else None
        path = node.path()
        level = 0 if self._grouping == Grouping.BY_TABLE else 1
        return path[level] if len(path) > level else None

    def index_of_note(self, note_id: str, column: int = 0) -> QModelIndex:
        node = self._by_note.get(note_id)
        return self._index(node, column) if node is not None else QModelIndex()

    def index_of_group(self, path: GroupPath) -> QModelIndex:
        node: _Node | None = self._root
        for key in path:
            node = next((c for c in node.children if c.note is None and c.key == key), None)
            if node is None:
                return QModelIndex()
        return self._index(node) if node is not None and node is not self._root else QModelIndex()

    def group_indexes(self) -> list[QModelIndex]:
        """Every group row, parents before their children."""
        found: list[QModelIndex] = []
        for top in self._root.children:
            found.append(self._index(top))
            found += [self._index(sub) for sub in top.children if sub.note is None]
        return found

    def note_count(self) -> int:
        return len(self._by_note)

    def has_rounds(self) -> bool:
        return any(n.note.round_id in self._rounds for n in self._by_note.values() if n.note)

    def has_authors(self) -> bool:
        return any(n.note.author for n in self._by_note.values() if n.note)

    # -- QAbstractItemModel -------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        node = self._node(parent) if parent.isValid() else self._root
        if node is None or not (0 <= row < len(node.children)) or not (0 <= column < 3):
            return QModelIndex()
        return self.createIndex(row, column, node.children[row].uid)

    def parent(self, child: Index | None = None) -> QModelIndex:
        if child is None:  # QObject.parent()
            return QObject.parent(self)  # type: ignore[return-value]
        node = self._node(child)
        if node is None or node.parent is None or node.parent is self._root:
            return QModelIndex()
        return self._index(node.parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        node = self._node(parent) if parent.isValid() else self._root
        return len(node.children) if node is not None else 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return len(HarvestColumn.HEADERS)

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:
        return self.rowCount(parent) > 0

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(HarvestColumn.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        node = self._node(index)
        if node is None:
            return None
        if role == NOTE_ID_ROLE:
            return node.note.id if node.note is not None else None
        if role == TABLE_ID_ROLE:
            return self.table_id(index)
        if role == GROUP_PATH_ROLE:
            return node.path() if node.note is None else None
        if node.note is None:
            return self._group_data(node, index.column(), role)
        note, column = node.note, index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == HarvestColumn.TEXT:
                return note.text
            if column == HarvestColumn.ROUND:
                return self._rounds.get(note.round_id or "", "")
            if column == HarvestColumn.AUTHOR:
                return note.author
        if role == Qt.ItemDataRole.ToolTipRole and column == HarvestColumn.TEXT:
            return note.text
        return None

    def _group_data(self, node: _Node, column: int, role: int) -> object:
        if column != HarvestColumn.TEXT:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{self._group_label(node)} — {count_text(node.note_count())}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._group_label(node)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        note = self.note(index)
        if note is None or role != Qt.ItemDataRole.EditRole:
            return False
        if index.column() != HarvestColumn.TEXT:
            return False
        text = str(value).strip()
        if not text or text == note.text:
            return False  # an emptied note is deleted with the Delete key, not by erasing it
        return self._document.push(edit_note_text(note, text))

    def flags(self, index: Index) -> Qt.ItemFlag:
        node = self._node(index)
        if node is None:
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if (
            node.note is not None
            and index.column() == HarvestColumn.TEXT
            and self._document.editable
        ):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    # -- following the document ----------------------------------------------------------

    def _on_changed(self, changes: ChangeSet) -> None:
        if self._session_id is None:
            return
        if changes.touches("table", "category", "round"):
            groups, rounds = self._read_groups()
            if not groups.same_keys(self._groups):
                self.reload()  # a group added, removed or moved
                return
            if rounds != self._rounds:  # rounds renumbered: the notes' Round column
                self._groups, self._rounds = groups, rounds
                self.reload()
                return
            if groups != self._groups:  # a theme, a category's name: the group rows' text
                self._groups = groups
                self._groups_renamed()
        if changes.touches("note"):
            for note_id in sorted(changes.ids):
                self._sync_note(note_id)

    def _sync_note(self, note_id: str) -> None:
        note = self._document.read.get(Note, note_id)
        if note is None:
            return  # the id of another kind of record
        node = self._by_note.get(note_id)
        belongs = note.session_id == self._session_id and not note.deleted
        if node is None:
            if belongs and self._matches(note):
                self._place(note, signals=True)
            return
        assert node.note is not None
        if not belongs:
            self._remove(node)
        elif self._groups.keys(node.note) == self._groups.keys(note) and note_order(
            node.note
        ) == note_order(note):
            node.note = note
            self.dataChanged.emit(self._index(node, 0), self._index(node, 2))
        else:  # moved to another group or place: kept shown, even when the filter is on
            self._remove(node)
            self._place(note, signals=True)

    def _read_groups(self) -> tuple[HarvestGroups, dict[str, str]]:
        sid = self._session_id
        tables = self._document.read.session_tables(sid) if sid else []
        categories = self._document.read.session_categories(sid) if sid else []
        rounds = self._document.read.session_rounds(sid) if sid else []
        labels = {r.id: tr("Round {n}", n=r.number) for r in rounds}
        return HarvestGroups(tables, categories, self._grouping), labels

    def _groups_renamed(self) -> None:
        """The group rows read differently; each is told alone, as a range of rows would
        have the view measure every wrapped note between them again."""
        for top in self._root.children:
            index = self._index(top)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])
            for sub in top.children:
                if sub.note is None:
                    index = self._index(sub)
                    self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])

    # -- the tree ------------------------------------------------------------------------

    def _group_label(self, node: _Node) -> str:
        return self._groups.label(node.depth() - 1, node.key)

    def _matches(self, note: Note) -> bool:
        if not self._words:
            return True
        haystack = fold(f"{note.text} {note.author}")
        return all(word in haystack for word in self._words)

    def _keeps_when_empty(self, node: _Node) -> bool:
        """Top rows of real tables (or categories) stay with « no notes », unless filtering."""
        return (
            node.parent is self._root
            and not self._words
            and node.key is not None
            and node.key in self._groups.top_keys()
        )

    def _new_node(
        self, parent: _Node, *, key: str | None = None, note: Note | None = None
    ) -> _Node:
        node = _Node(self._next_uid, parent, key=key, note=note)
        self._next_uid += 1
        self._nodes[node.uid] = node
        if note is not None:
            self._by_note[note.id] = node
        return node

    def _place(self, note: Note, *, signals: bool) -> None:
        """Add `note` under its groups, creating them; with `signals`, as one row insertion."""
        keys = self._groups.keys(note)
        parent = self._root
        for level, key in enumerate(keys):
            order = self._groups.order(level, key)
            children = parent.children
            group = next((c for c in children if c.key == key), None)
            if group is None:  # a new group holding the note: inserted in one go
                row = next(
                    (r for r, c in enumerate(children) if self._groups.order(level, c.key) > order),
                    len(children),
                )
                group = chain = self._new_node(parent, key=key)
                for sub_key in keys[level + 1 :]:
                    chain.children.append(self._new_node(chain, key=sub_key))
                    chain = chain.children[-1]
                chain.children.append(self._new_node(chain, note=note))
                self._insert(parent, row, group, signals=signals)
                return
            parent = group
        order_key = note_order(note)
        row = next(
            (
                r
                for r, c in enumerate(parent.children)
                if c.note is not None and note_order(c.note) > order_key
            ),
            len(parent.children),
        )
        self._insert(parent, row, self._new_node(parent, note=note), signals=signals)

    def _insert(self, parent: _Node, row: int, node: _Node, *, signals: bool) -> None:
        if signals:
            self.beginInsertRows(self._index(parent), row, row)
        parent.children.insert(row, node)
        if signals:
            self.endInsertRows()
            self._counts_changed(parent)

    def _remove(self, node: _Node) -> None:
        """Take a note row away, with the groups it leaves empty."""
        while (
            node.parent is not None
            and node.parent is not self._root
            and len(node.parent.children) == 1
            and not self._keeps_when_empty(node.parent)
        ):
            node = node.parent
        parent = node.parent
        assert parent is not None
        row = node.row()
        self.beginRemoveRows(self._index(parent), row, row)
        del parent.children[row]
        self._forget(node)
        self.endRemoveRows()
        self._counts_changed(parent)

    def _forget(self, node: _Node) -> None:
        self._nodes.pop(node.uid, None)
        if node.note is not None:
            self._by_note.pop(node.note.id, None)
        for child in node.children:
            self._forget(child)

    def _counts_changed(self, node: _Node) -> None:
        """The group rows from `node` up show a new count."""
        while node is not self._root and node is not None:
            index = self._index(node)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])
            node = node.parent  # type: ignore[assignment]

    def _node(self, index: Index) -> _Node | None:
        if not index.isValid() or index.model() is not self:
            return None
        return self._nodes.get(index.internalId())

    def _index(self, node: _Node, column: int = 0) -> QModelIndex:
        if node is self._root or node.parent is None:
            return QModelIndex()
        return self.createIndex(node.row(), column, node.uid)
