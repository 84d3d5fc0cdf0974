"""`VotesModel`: the notes of one session with where they sit and their dot votes.

The place of a note is its grid column (« Not sorted » for a grid card without one) or, in an
idea tree, the path of the nodes above it (« Amorcer › Animer… »), shown in grey. Rows follow
the session's own order (grid columns left to right, the tree depth first), or the ranking
(`core.grids.ranking`: most votes first, equal votes sharing a rank) when `set_ranking(True)`.
In an idea tree a top-level node with children is a branch heading (« Amorcer »): it
groups ideas and takes no votes (`HEADING_ROLE`, not editable, left out of the ranking and
the total). The Votes cell is editable; a count typed in pushes one undoable command. A new
count keeps the rows where they are (only `dataChanged`) unless the ranking reorders them.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from facilitator_app.core.commands import ChangeSet
from facilitator_app.core.grids import Grid, ranking, set_votes
from facilitator_app.core.model import Note, Session, note_order
from facilitator_app.gui.document import EventDocument
from facilitator_app.i18n import N_, tr

__all__ = ["VotesModel", "VotesColumn", "NOTE_ID_ROLE", "BAR_ROLE", "HEADING_ROLE", "node_path"]

NOTE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
BAR_ROLE = Qt.ItemDataRole.UserRole + 2  # in the ranking, votes as a share of the most (0–1)
HEADING_ROLE = Qt.ItemDataRole.UserRole + 3  # True on a branch heading, which takes no votes
Index = QModelIndex | QPersistentModelIndex
PLACE_COLOUR = QColor("#78909c")
STEP_WIDTH = 28  # characters kept of each node of a path


class VotesColumn:
    RANK, TEXT, PLACE, VOTES = range(4)
    HEADERS = (N_("Rank"), N_("Note"), N_("Where it sits"), N_("Votes"))


@dataclass(frozen=True, slots=True)
class _Row:
    note: Note
    place: str
    full_place: str
    rank: int = 0
    heading: bool = False


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= STEP_WIDTH else text[: STEP_WIDTH - 1].rstrip() + "…"


def node_path(note: Note, by_id: dict[str, Note], *, short: bool = True) -> str:
    """The nodes above `note` in its tree, top first: « Amorcer › Rendre visible le… »."""
    steps: list[str] = []
    seen = {note.id}
    parent = by_id.get(note.parent_id or "")
    while parent is not None and parent.id not in seen:
        seen.add(parent.id)
        steps.append(_short(parent.text) if short else parent.text)
        parent = by_id.get(parent.parent_id or "")
    return " › ".join(reversed(steps))


def _tree_order(notes: list[Note]) -> list[Note]:
    children: dict[str | None, list[Note]] = {}
    ids = {n.id for n in notes}
    for note in sorted(notes, key=note_order):
        children.setdefault(note.parent_id if note.parent_id in ids else None, []).append(note)
    ordered: list[Note] = []

    def walk(parent: str | None) -> None:
        for note in children.get(parent, []):
            ordered.append(note)
            walk(note.id)

    walk(None)
    return ordered


class VotesModel(QAbstractTableModel):
    def __init__(self, document: EventDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._session_id: str | None = None
        self._ranking = False
        self._rows: list[_Row] = []
        document.changed.connect(self._on_changed)

    @property
    def session_id(self) -> str | None:
        return self._session_id

    def set_session(self, session_id: str | None) -> None:
        self._session_id = session_id
        self.beginResetModel()
        self._rows = self._read()
        self.endResetModel()

    def is_ranking(self) -> bool:
        return self._ranking

    def set_ranking(self, on: bool) -> None:
        if on != self._ranking:
            self._ranking = on
            self.beginResetModel()
            self._rows = self._read()
            self.endResetModel()

    def _read(self) -> list[_Row]:
        sid = self._session_id
        session = self._document.read.get(Session, sid)
        if session is None or session.deleted:
            return []
        notes = [n for n in self._document.read.session_notes(session.id) if not n.deleted]
        categories = self._document.read.session_categories(session.id)
        names = {c.id: c.name for c in categories}
        by_id = {n.id: n for n in notes}
        if session.kind.spec.grid:
            ordered = Grid.build(session.id, categories, notes).all_cards()
        else:
            ordered = _tree_order(notes)
        parents = {n.parent_id for n in notes if n.parent_id in by_id}
        rows: list[_Row] = []
        for note in ordered:
            if note.category_id in names:
                place = full = names[note.category_id or ""]
            elif note.parent_id in by_id:
                place, full = node_path(note, by_id), node_path(note, by_id, short=False)
            else:
                place = full = tr("Not sorted") if session.kind.spec.grid else ""
            heading = not session.kind.spec.grid and not place and note.id in parents
            rows.append(_Row(note, place, full, heading=heading))
        if self._ranking:
            at = {row.note.id: row for row in rows}
            rows = [
                _Row(r.note, at[r.note.id].place, at[r.note.id].full_place, r.rank)
                for r in ranking(row.note for row in rows if not row.heading)
            ]
        return rows

    def _on_changed(self, changes: ChangeSet) -> None:
        if self._session_id is None or not changes.touches("note", "category", "session"):
            return
        rows = self._read()
        if [r.note.id for r in rows] != [r.note.id for r in self._rows]:
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()
            return
        changed = [
            i for i, (old, new) in enumerate(zip(self._rows, rows, strict=True)) if old != new
        ]
        self._rows = rows
        if changed:
            last = self.columnCount() - 1
            self.dataChanged.emit(self.index(min(changed), 0), self.index(max(changed), last))

    # -- reading --------------------------------------------------------------------------

    def note_at(self, row: int) -> Note:
        return self._rows[row].note

    def row_of(self, note_id: str) -> int:
        return next((r for r, row in enumerate(self._rows) if row.note.id == note_id), -1)

    def total_votes(self) -> int:
        return sum(row.note.votes for row in self._rows if not row.heading)

    def votable_count(self) -> int:
        """The rows that take votes (branch headings do not)."""
        return sum(not row.heading for row in self._rows)

    def is_heading(self, row: int) -> bool:
        return 0 <= row < len(self._rows) and self._rows[row].heading

    def has_places(self) -> bool:
        return any(row.place for row in self._rows)

    # -- QAbstractTableModel ------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(VotesColumn.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(VotesColumn.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == NOTE_ID_ROLE:
            return row.note.id
        if role == HEADING_ROLE:
            return row.heading
        if row.heading and column == VotesColumn.VOTES:
            return None  # a heading has no count, not even 0
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            shown = role == Qt.ItemDataRole.DisplayRole
            if column == VotesColumn.RANK:
                return (str(row.rank) if shown else row.rank) if row.rank else None
            if column == VotesColumn.TEXT:
                return row.note.text
            if column == VotesColumn.PLACE:
                return row.place
            if column == VotesColumn.VOTES:
                return str(row.note.votes) if shown else row.note.votes
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == VotesColumn.TEXT:
                return row.note.text
            if column == VotesColumn.PLACE:
                return row.full_place or None
        if role == Qt.ItemDataRole.ForegroundRole and column == VotesColumn.PLACE:
            return PLACE_COLOUR
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            VotesColumn.RANK,
            VotesColumn.VOTES,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == BAR_ROLE and column == VotesColumn.VOTES and self._ranking:
            most = max((r.note.votes for r in self._rows), default=0)
            return row.note.votes / most if most else 0.0
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        if index.column() != VotesColumn.VOTES or self.is_heading(index.row()):
            return False
        try:
            votes = int(str(value).strip())
        except ValueError:
            return False
        command = set_votes(self._rows[index.row()].note, votes)
        return command is not None and self._document.push(command)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.is_heading(index.row()):
            return Qt.ItemFlag.ItemIsEnabled  # a group title: neither selected nor counted
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == VotesColumn.VOTES and self._document.editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags
