"""`SearchResultsModel`: the notes a search found, grouped by session in programme order.

Two levels: a session (its title, and how many notes matched), then its notes (one line of
the text around the first word found, and the author). Filled from `EventDocument.search`,
which folds accents, case and ligatures.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from facilitator_app.core.limits import shorten
from facilitator_app.core.model import Note, Session
from facilitator_app.core.text import excerpt, words
from facilitator_app.gui.document import EventDocument
from facilitator_app.i18n import tr

__all__ = ["SearchResultsModel", "NOTE_ID_ROLE", "SESSION_ID_ROLE"]

NOTE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SESSION_ID_ROLE = Qt.ItemDataRole.UserRole + 2
_NO_PARENT = 0xFFFFFFFF  # internalId of a session row; a note row stores its group number
Index = QModelIndex | QPersistentModelIndex
_TOOLTIP_CHARS = 1_500


@dataclass(frozen=True, slots=True)
class _Group:
    session: Session
    notes: list[Note]


class SearchResultsModel(QAbstractItemModel):
    LIMIT = 500  # enough to read; more says "refine"

    def __init__(self, document: EventDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._groups: list[_Group] = []
        self.query = ""
        self._words: list[str] = []
        self.truncated = False

    def search(self, query: str) -> int:
        """Run `query`; the number of notes found (at most LIMIT)."""
        self.beginResetModel()
        self.query = query
        self._words = words(query)
        notes = self._document.search(query, limit=self.LIMIT + 1) if query.strip() else []
        self.truncated = len(notes) > self.LIMIT
        notes = notes[: self.LIMIT]
        sessions = {s.id: s for s in self._document.read.all_sessions()}
        self._groups = []
        for note in notes:
            if not self._groups or self._groups[-1].session.id != note.session_id:
                self._groups.append(_Group(sessions[note.session_id], []))
            self._groups[-1].notes.append(note)
        self.endResetModel()
        return len(notes)

    def refresh(self) -> None:
        self.search(self.query)

    def first_note(self) -> QModelIndex:
        return self.index(0, 0, self.index(0, 0)) if self._groups else QModelIndex()

    def note_at(self, index: Index) -> Note | None:
        if not index.isValid() or index.internalId() == _NO_PARENT:
            return None
        return self._groups[index.internalId()].notes[index.row()]

    # -- Qt model interface -------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _NO_PARENT)
        return self.createIndex(row, column, parent.row())

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:
        if not child.isValid() or child.internalId() == _NO_PARENT:
            return QModelIndex()
        return self.createIndex(child.internalId(), 0, _NO_PARENT)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == _NO_PARENT and parent.column() == 0:
            return len(self._groups[parent.row()].notes)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 1

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if index.internalId() == _NO_PARENT:
            group = self._groups[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                title = group.session.title or tr("(untitled)")
                return f"{title} ({len(group.notes)})"
            if role == SESSION_ID_ROLE:
                return group.session.id
            return None
        note = self._groups[index.internalId()].notes[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            line = excerpt(note.text, self._words, width=90)  # where the words are
            return f"{line} — {note.author}" if note.author else line
        if role == Qt.ItemDataRole.ToolTipRole:
            return shorten(note.text, _TOOLTIP_CHARS)  # a tooltip of 5 MB freezes the window
        if role == NOTE_ID_ROLE:
            return note.id
        if role == SESSION_ID_ROLE:
            return note.session_id
        return None
