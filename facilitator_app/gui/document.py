"""`EventDocument`: the open event as the window sees it, and the only way the GUI writes.

`push(command)` applies a core command to the store (one SQLite transaction, so the edit is
in the file at once), puts it on the undo stack and emits `changed(ChangeSet)`; views refresh
only what the change set names. Reads go through the query methods below, so widgets and
item models never touch the store or SQL. A write that fails (read-only medium, full disk)
emits `failed(sentence)` and leaves both the file and the undo stack as they were.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from facilitator_app.core.commands import ChangeSet, Command
from facilitator_app.core.errors import RecolteError
from facilitator_app.core.model import (
    Attachment,
    CafeTable,
    Category,
    Event,
    Note,
    Organisation,
    Participant,
    Record,
    Round,
    Session,
)
from facilitator_app.core.text import sort_key
from facilitator_app.i18n import tr
from facilitator_app.store import EventStore

if TYPE_CHECKING:
    from facilitator_app.core.cafe import Cafe
    from facilitator_app.core.merge import Conflict
    from facilitator_app.core.snapshot import EventSnapshot

__all__ = ["EventDocument"]

R = TypeVar("R", bound=Record)
_MERGE_ID = 1


class _UndoCommand(QUndoCommand):
    """Adapts a core command (and the inverse it returned) to Qt's undo stack."""

    def __init__(self, document: EventDocument, command: Command, inverse: Command) -> None:
        super().__init__(tr(command.label))
        self._document = document
        self._redo = command
        self._undo = inverse
        self._first = True  # push() already applied it

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        applied = self._document._apply(self._redo)
        if applied is not None:
            self._undo = applied[0]

    def undo(self) -> None:
        applied = self._document._apply(self._undo)
        if applied is not None:
            self._redo = applied[0]

    def id(self) -> int:
        return _MERGE_ID if self._redo.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, _UndoCommand) or other._redo.merge_key != self._redo.merge_key:
            return False
        self._redo = other._redo  # keep our inverse: undo goes back to before the first keystroke
        return True


class EventDocument(QObject):
    changed = Signal(object)  # ChangeSet
    saved = Signal(object)  # datetime of the last write that reached the file
    failed = Signal(str)  # one sentence for the person

    def __init__(self, store: EventStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = QUndoStack(self)
        self.last_saved: datetime | None = None

    @property
    def path(self) -> Any:
        return self.store.path

    @property
    def readonly(self) -> bool:
        return self.store.readonly

    # -- writing --------------------------------------------------------------------------

    def _apply(self, command: Command) -> tuple[Command, ChangeSet] | None:
        """Apply one command: its inverse and what changed, or None when it failed (and
        `failed` was emitted)."""
        try:
            inverse, changes = command.apply(self.store)
        except RecolteError as error:
            self.failed.emit(str(error))
            return None
        if changes.ids:
            self.last_saved = datetime.now()
            self.saved.emit(self.last_saved)
            self.changed.emit(changes)
        return inverse, changes

    def push(self, command: Command) -> bool:
        """Apply `command`, record it for undo; False (and `failed` emitted) if it failed.

        An edit that changes nothing (a session dropped at its own place) leaves no undo step.
        """
        applied = self._apply(command)
        if applied is None:
            return False
        inverse, changes = applied
        if changes.ids:
            self.undo_stack.push(_UndoCommand(self, command, inverse))
        return True

    def external_write(self, ids: frozenset[str] = frozenset()) -> None:
        """Another connection (a merge on the thread pool) wrote to the file: move the
        clock past its greatest stamp, so later edits here stamp later, and tell every view
        to reload (`ids`: the records written, when known)."""
        from facilitator_app.core.model import RECORD_TYPES
        from facilitator_app.store.copies import greatest_stamp

        self.store.clock.observe(greatest_stamp(self.store.conn))
        kinds = frozenset(t.KIND for t in RECORD_TYPES) | {"conflict"}
        self.last_saved = datetime.now()
        self.saved.emit(self.last_saved)
        self.changed.emit(ChangeSet(kinds, frozenset(ids)))

    def now(self) -> str:
        """Local time as ISO text, for `created_at`."""
        return datetime.now().isoformat(timespec="seconds")

    # -- reading --------------------------------------------------------------------------

    def event_record(self) -> Event:
        """The event's properties (not `event()`, which is QObject's event handler)."""
        return self.store.event()

    def get(self, record_type: type[R], record_id: str | None) -> R | None:
        return self.store.get(record_type, record_id) if record_id else None

    def sessions(self) -> list[Session]:
        return self.store.sessions()

    def notes(self, session_id: str) -> list[Note]:
        return self.store.notes(session_id)

    def categories(self, session_id: str) -> list[Category]:
        return self.store.categories(session_id)

    def tables(self, session_id: str) -> list[CafeTable]:
        return self.store.all(CafeTable, session_id=session_id, order_by="number")

    def rounds(self, session_id: str) -> list[Round]:
        return self.store.all(Round, session_id=session_id, order_by="number")

    def attachments(self, session_id: str) -> list[Attachment]:
        """The files (paperboard photos…) of a session, in their order, originals included."""
        return self.store.all(Attachment, session_id=session_id, order_by="position, rowid")

    def snapshot(self) -> EventSnapshot:
        """The live event as printed documents read it, safe to hand to another thread."""
        from facilitator_app.core.snapshot import EventSnapshot

        return EventSnapshot.from_records(self.store.snapshot())

    def search(self, query: str, *, limit: int | None = None) -> list[Note]:
        """Notes matching `query`, accents, case and ligatures ignored, in programme order."""
        return self.store.search(query, limit=limit)

    def participants(self) -> list[Participant]:
        return sorted(self.store.all(Participant), key=lambda p: sort_key(p.name))

    def organisations(self) -> list[Organisation]:
        return sorted(self.store.all(Organisation), key=lambda o: sort_key(o.name))

    def cafe(self, session_id: str) -> Cafe:
        """The world café `session_id` with its tables, rounds, people and seats (or NotACafe)."""
        from facilitator_app.core.cafe import load_cafe  # the planner loads with the first café

        return load_cafe(self.store, session_id)

    def next_position(self, record_type: type[Record], **scope: Any) -> int:
        return self.store.next_position(record_type, **scope)

    def conflicts(self) -> list[Conflict]:
        """The versions made apart that nobody has chosen between yet, oldest first."""
        return self.store.conflicts()

    def counts(self) -> dict[str, int]:
        return self.store.counts()

    def close(self) -> None:
        self.undo_stack.clear()
        self.store.close()
