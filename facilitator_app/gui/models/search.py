"""`SearchResultsModel`: the notes a search found, grouped by session in programme order.

Two levels: a session (its title, and how many notes matched), then its notes (one line of
the text around the first word found, and the author). Filled from `EventDocument.search`,
which folds accents, case and ligatures.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from facilitator_app.core.commands import ChangeSet
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
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_DISPLAY, _TOOLTIP = int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.ToolTipRole)
_NOTE_ID, _SESSION_ID = int(NOTE_ID_ROLE), int(SESSION_ID_ROLE)
_ANSWERED = frozenset((_DISPLAY, _TOOLTIP, _NOTE_ID, _SESSION_ID))


@dataclass(frozen=True, slots=True)
class _Group:
    session: Session
    notes: list[Note]


class SearchResultsModel(QAbstractItemModel):
    """The hits of one query. The first PAGE come at once (a view shows a few dozen): a
    page of 500 cost more to read and lay out than the search itself; the rest, up to
    LIMIT, when the list is scrolled to its end (`load_rest`: not Qt's `fetchMore`, which
    a tree view calls as soon as it lays out its top rows)."""

    LIMIT = 500  # enough to read; more says "refine"
    PAGE = 60  # more than a list shows, with its sessions' rows
    grown = Signal(int)  # load_rest added notes: how many the list holds now

    def __init__(self, document: EventDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._groups: list[_Group] = []
        self.query = ""
        self._words: list[str] = []
        self.truncated = False
        self._more = False  # hits beyond the first page, not read yet
        self._lines: dict[str, str] = {}  # note id → its line, once shown
        self._count = 0
        # the sessions holding hits, read one by one as hits need them: reading the whole
        # programme (1,800 sessions at 100×) for every search cost more than the search
        self._sessions: dict[str, Session | None] = {}
        document.changed.connect(self._on_changed)

    def _on_changed(self, changes: ChangeSet) -> None:
        if changes.touches(Session.KIND):
            for session_id in changes.ids & self._sessions.keys():
                del self._sessions[session_id]

    def _session(self, session_id: str) -> Session | None:
        if session_id not in self._sessions:
            self._sessions[session_id] = self._document.read.get(Session, session_id)
        return self._sessions[session_id]

    def search(self, query: str) -> int:
        """Run `query`; the number of notes found (at most PAGE, more with `fetchMore`)."""
        self.beginResetModel()
        self.query = query
        self._words = words(query)
        notes = self._document.search(query, limit=self.PAGE + 1) if query.strip() else []
        self._more = self.truncated = len(notes) > self.PAGE
        self._groups, self._count, self._lines = [], 0, {}
        self._append(notes[: self.PAGE], signals=False)
        self.endResetModel()
        return self._count

    def has_more(self) -> bool:
        """Whether hits beyond those held may be read (`load_rest`)."""
        return self._more

    def load_rest(self) -> None:
        """The rest of the hits, up to LIMIT (the list was scrolled to its end)."""
        if not self._more:
            return
        self._more = False
        notes = self._document.search(self.query, limit=self.LIMIT + 1)
        self.truncated = len(notes) > self.LIMIT
        self._append(notes[self._count : self.LIMIT], signals=True)
        self.grown.emit(self._count)

    def found(self) -> int:
        """How many notes the list holds."""
        return self._count

    def _append(self, notes: list[Note], *, signals: bool) -> None:
        """Add `notes` (in programme order, after those held) to their sessions' groups."""
        for session_id, run in groupby(notes, key=lambda note: note.session_id):
            hits = list(run)
            if self._groups and self._groups[-1].session.id == session_id:
                row = len(self._groups) - 1
                group = self._groups[row]
                if signals:
                    first = len(group.notes)
                    self.beginInsertRows(self.index(row, 0), first, first + len(hits) - 1)
                group.notes.extend(hits)
            else:
                session = self._session(session_id)
                if session is None:
                    continue  # only while the file is being closed
                if signals:
                    self.beginInsertRows(QModelIndex(), len(self._groups), len(self._groups))
                self._groups.append(_Group(session, hits))
            self._count += len(hits)
            if signals:
                self.endInsertRows()

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
        # checked here rather than with hasIndex(), which calls back rowCount and
        # columnCount: the view lays out every row through this
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return (
                self.createIndex(row, 0, _NO_PARENT) if row < len(self._groups) else QModelIndex()
            )
        group = parent.row()
        if parent.internalId() == _NO_PARENT and row < len(self._groups[group].notes):
            return self.createIndex(row, 0, group)
        return QModelIndex()

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
        return _FLAGS

    def data(self, index: Index, role: int = _DISPLAY) -> object:
        # roles compared as plain ints: the view asks a dozen roles of every row it paints,
        # and reading `Qt.ItemDataRole.X` costs more than the rest of this method
        if role not in _ANSWERED or not index.isValid():
            return None
        role = int(role)
        if index.internalId() == _NO_PARENT:
            group = self._groups[index.row()]
            if role == _DISPLAY:
                title = group.session.title or tr("(untitled)")
                return f"{title} ({len(group.notes)})"
            return group.session.id if role == _SESSION_ID else None
        note = self._groups[index.internalId()].notes[index.row()]
        if role == _DISPLAY:
            if (shown := self._lines.get(note.id)) is None:  # asked at every repaint
                line = excerpt(note.text, self._words, width=80)  # where the words are
                shown = self._lines[note.id] = f"{line} — {note.author}" if note.author else line
            return shown
        if role == _TOOLTIP:
            return shorten(note.text, _TOOLTIP_CHARS)  # a tooltip of 5 MB freezes the window
        if role == _NOTE_ID:
            return note.id
        return note.session_id  # _SESSION_ID
