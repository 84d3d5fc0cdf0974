"""`SearchResultsModel`: the notes a search found, grouped by session in programme order.

Two levels: a session (its title, and how many notes matched), then its notes (one line of
the text around the first word found, and the author). Filled from `EventDocument.search`,
which folds accents, case and ligatures.

A `QStandardItemModel`, filled once per search: a view asks a model about two dozen things
of every row it paints (its parent, its flags, a dozen roles), and answering them from
Python cost more than the rest of the search together (1.7 ms of the 4.5 ms a repaint of
the list took at 100×, bench_scale.py); the items answer them in C++.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel

from facilitator_app.core.commands import ChangeSet
from facilitator_app.core.limits import shorten
from facilitator_app.core.model import Note, Session
from facilitator_app.core.text import excerpt, hit_spans, words
from facilitator_app.gui.document import EventDocument
from facilitator_app.i18n import tr

__all__ = ["SearchResultsModel", "NOTE_ID_ROLE", "HITS_ROLE"]

NOTE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
HITS_ROLE = Qt.ItemDataRole.UserRole + 2  # the words found in a note's line, to highlight
Index = QModelIndex | QPersistentModelIndex
_TOOLTIP_CHARS = 1_500
_NOTE_ID = int(NOTE_ID_ROLE)
_HITS = int(HITS_ROLE)


@dataclass(slots=True)
class _Group:
    session: Session
    item: QStandardItem
    notes: list[Note] = field(default_factory=list)


class SearchResultsModel(QStandardItemModel):
    """The hits of one query. The first PAGE come at once (a view shows a few dozen): a
    page of 500 cost more to read and lay out than the search itself; the rest, up to
    LIMIT, when the list is scrolled to its end (`load_rest`: not Qt's `fetchMore`, which
    a tree view calls as soon as it lays out its top rows)."""

    LIMIT = 500  # enough to read; more says "refine"
    PAGE = 40  # a list's worth with their sessions' rows (a list showing them all reads on)
    grown = Signal(int)  # load_rest added notes: how many the list holds now

    def __init__(self, document: EventDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._groups: list[_Group] = []
        self.query = ""
        self._words: list[str] = []
        self.truncated = False
        self._more = False  # hits beyond the first page, not read yet
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
        """Run `query`; the number of notes found (at most PAGE, more with `load_rest`)."""
        self.query = query
        self._words = words(query)
        notes = self._document.search(query, limit=self.PAGE + 1) if query.strip() else []
        self._more = self.truncated = len(notes) > self.PAGE
        self._groups, self._count = [], 0
        self.setRowCount(0)
        self._append(notes[: self.PAGE])
        return self._count

    def has_more(self) -> bool:
        """Whether hits beyond those held may be read (`load_rest`)."""
        return self._more

    def load_rest(self, *, upto: int | None = None) -> None:
        """More of the hits: up to `upto` held (a list that shows all it holds reads a page
        more), else up to LIMIT (the list was scrolled to its end)."""
        if not self._more:
            return
        goal = self.LIMIT if upto is None else min(upto, self.LIMIT)
        notes = self._document.search(self.query, limit=goal + 1)
        self.truncated = len(notes) > goal
        self._more = self.truncated and goal < self.LIMIT
        self._append(notes[self._count : goal])
        self.grown.emit(self._count)

    def found(self) -> int:
        """How many notes the list holds."""
        return self._count

    def _append(self, notes: list[Note]) -> None:
        """Add `notes` (in programme order, after those held) to their sessions' groups; the
        new sessions' rows in one insertion, each with its notes already under it."""
        new: list[QStandardItem] = []
        for session_id, run in groupby(notes, key=lambda note: note.session_id):
            hits = list(run)
            if self._groups and self._groups[-1].session.id == session_id:
                group = self._groups[-1]
            else:
                session = self._session(session_id)
                if session is None:
                    continue  # only while the file is being closed
                item = QStandardItem()  # its session: session_id_at
                group = _Group(session, item)
                self._groups.append(group)
                new.append(item)
            group.item.appendRows([self._note_item(note) for note in hits])
            group.notes.extend(hits)
            title = group.session.title or tr("(untitled)")
            group.item.setText(f"{title} ({len(group.notes)})")
            self._count += len(hits)
        if new:
            self.invisibleRootItem().appendRows(new)

    def _note_item(self, note: Note) -> QStandardItem:
        line = excerpt(note.text, self._words, width=80)  # where the words are
        item = QStandardItem(f"{line} — {note.author}" if note.author else line)
        item.setData(note.id, _NOTE_ID)  # the items' flags say editable: the view does not edit
        item.setData(hit_spans(line, self._words), _HITS)
        return item

    def refresh(self) -> None:
        self.search(self.query)

    def first_note(self) -> QModelIndex:
        return self.index(0, 0, self.index(0, 0)) if self._groups else QModelIndex()

    def note_at(self, index: Index) -> Note | None:
        parent = index.parent() if index.isValid() else QModelIndex()
        if not parent.isValid():
            return None
        return self._groups[parent.row()].notes[index.row()]

    def session_id_at(self, index: Index) -> str | None:
        """The session of a session's row or of one of its notes."""
        if not index.isValid():
            return None
        parent = index.parent()
        return self._groups[(parent if parent.isValid() else index).row()].session.id

    def tooltip(self, index: Index) -> str | None:
        """A note's text for its tooltip (asked when one is shown, not for every row)."""
        note = self.note_at(index)
        return shorten(note.text, _TOOLTIP_CHARS) if note else None  # 5 MB freezes the window
