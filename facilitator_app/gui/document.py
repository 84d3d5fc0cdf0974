"""`EventDocument`: the open event as the window sees it, and the only way the GUI writes.

`push(command)` applies a core command to the store (one SQLite transaction, so the edit is
in the file at once), puts it on the undo stack and emits `changed(ChangeSet)`; views refresh
only what the change set names. Reads go through `read` (the event as
`core.reading.EventReader` gives it, each list in one fixed order) and the few queries below,
so widgets and item models never touch the store or SQL. A write that fails (read-only
medium, full disk) emits `failed(sentence)` and leaves both the file and the undo stack as
they were.

The document owns the store's lifetime (STYLE §18). `editable` says whether edits are
accepted (the file is writable, the document open, and no merge is writing under it), and
`editable_changed` tells widgets when that changes; `push` refuses an edit, in this one
place, when it is not. `flush()` emits `flushing`: boxes write now what waits to be saved
(debounced edits, drafts). `close()` flushes, emits `closing` (the last moment to write:
the capture box commits its text), then closes the store; afterwards writes are refused
without a word and the queries answer empty. Drafts (`save_draft`, `draft`…) keep what is
typed in a box before it is an edit: no undo step, no `changed`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from facilitator_app.core.commands import ChangeSet, Command
from facilitator_app.core.errors import RecolteError
from facilitator_app.core.model import RECORD_TYPES, Note, Record
from facilitator_app.core.reading import EventReader
from facilitator_app.core.snapshot import EventSnapshot
from facilitator_app.i18n import tr
from facilitator_app.store import EventStore
from facilitator_app.store import drafts as draft_rows
from facilitator_app.store.drafts import Draft

if TYPE_CHECKING:
    from facilitator_app.core.cafe import Cafe
    from facilitator_app.core.merge import Conflict

__all__ = ["EventDocument", "Draft"]

F = TypeVar("F", bound=Callable[..., Any])
_MERGE_ID = 1


def _query(empty: Callable[[], Any]) -> Callable[[F], F]:
    """A query that answers `empty()` once the document is closed, instead of failing on
    the closed file (a late timer, a view refreshing while the window goes away)."""

    def wrap(method: F) -> F:
        @functools.wraps(method)
        def read(self: EventDocument, *args: Any, **kwargs: Any) -> Any:
            if self.closed:
                return empty()
            return method(self, *args, **kwargs)

        return read  # type: ignore[return-value]

    return wrap


def _closed_cafe() -> Cafe:
    from facilitator_app.core.cafe import NotACafe  # the rotation planner: not at start-up

    raise NotACafe(tr("The event is closed."))


def _no_snapshot() -> EventSnapshot:
    return EventSnapshot.from_records({})


@functools.cache
def _closed_reader() -> EventReader:
    return _no_snapshot()


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
    editable_changed = Signal(bool)  # edits are accepted (True) or refused from now on
    flushing = Signal()  # write now what waits to be saved (debounced edits, drafts)
    closing = Signal()  # the store closes next: the last moment to write

    def __init__(self, store: EventStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = QUndoStack(self)
        self.last_saved: datetime | None = None
        self._closed = False
        self._suspended = False  # set_editable(False): a merge writes on another connection
        self._draft_failed = False

    @property
    def path(self) -> Any:
        return self.store.path

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def editable(self) -> bool:
        """Whether edits are accepted: the file is writable, the document is open and no
        other writer holds it (`set_editable`). Widgets read this and follow
        `editable_changed`; `push` refuses edits when it is False."""
        return not (self._closed or self._suspended or self.store.readonly)

    def set_editable(self, editable: bool) -> None:
        """Refuse edits for a while (False), e.g. while a merge or an import writes the file
        from another thread, then accept them again (True). A read-only or closed document
        stays read-only."""
        before = self.editable
        self._suspended = not editable
        if self.editable != before:
            self.editable_changed.emit(self.editable)

    # -- writing --------------------------------------------------------------------------

    def _refusal(self) -> str | None:
        """Why an edit cannot be made now, or None. A closed document refuses in silence:
        its window is gone."""
        if self._closed:
            return ""
        if self.store.readonly:
            return tr("{path} is open read-only.", path=self.store.path)
        if self._suspended:
            return tr("The event is being merged or imported; try again in a moment.")
        return None

    def _apply(self, command: Command) -> tuple[Command, ChangeSet] | None:
        """Apply one command: its inverse and what changed, or None when it was refused or
        failed (and `failed` was emitted, unless the document is closed)."""
        refusal = self._refusal()
        if refusal is not None:
            if refusal:
                self.failed.emit(refusal)
            return None
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

    def push(self, command: Command, *, draft: str | None = None) -> bool:
        """Apply `command`, record it for undo; False (and `failed` emitted) if it was
        refused or failed. With `draft`, the draft of that box (the text the command
        commits) is deleted in the same transaction: never both a note and its draft, never
        neither.

        An edit that changes nothing (a session dropped at its own place) leaves no undo step.
        """
        if draft is not None:
            applied = self._apply(_ClearingDraft(command, draft))
        else:
            applied = self._apply(command)
        if applied is None:
            return False
        inverse, changes = applied
        if changes.ids:
            self.undo_stack.push(_UndoCommand(self, command, inverse))
        return True

    def undo(self) -> None:
        """Undo the last edit, if edits are accepted now."""
        if self.editable:
            self.undo_stack.undo()

    def redo(self) -> None:
        if self.editable:
            self.undo_stack.redo()

    def applied_elsewhere(self, command: Command, inverse: Command, changes: ChangeSet) -> None:
        """`command` was applied to the file by another connection (a long import on the
        thread pool, `gui.jobs`): like a push, the views refresh what it changed and it
        becomes one undo step (its undo and redo run here); unlike a merge, it is no undo
        barrier (the edits before it stay undoable, as after any push)."""
        if self._closed:
            return
        self.store.catch_up()  # later edits stamp later
        if changes.ids:
            self.last_saved = datetime.now()
            self.saved.emit(self.last_saved)
            self.changed.emit(changes)
            self.undo_stack.push(_UndoCommand(self, command, inverse))

    def external_write(self, ids: frozenset[str] = frozenset()) -> None:
        """Another connection (a merge on the thread pool) wrote to the file: move the
        clock past its greatest stamp, so later edits here stamp later, and tell every view
        to reload (`ids`: the records written, when known).

        The merge is an undo barrier: the undo stack is emptied, so undoing an edit made
        before the merge can never put back half of a record the merge rewrote."""
        if self._closed:
            return
        self.undo_stack.clear()
        self.store.catch_up()
        kinds = frozenset(t.KIND for t in RECORD_TYPES) | {"conflict"}
        self.last_saved = datetime.now()
        self.saved.emit(self.last_saved)
        self.changed.emit(ChangeSet(kinds, frozenset(ids)))

    # -- drafts: what is typed before it is an edit ------------------------------------------

    def save_draft(self, box: str, text: str, context: Mapping[str, Any] | None = None) -> bool:
        """Keep `text` as the draft of `box` (blank text deletes it), on disk when this
        returns; no undo step, no `changed`. False when it was not written (read-only,
        closed, or the write failed: `failed` is emitted once, not at every keystroke)."""
        if not self.editable:
            return False
        try:
            draft_rows.save_draft(self.store, box, text, context)
        except RecolteError as error:
            if not self._draft_failed:
                self._draft_failed = True
                self.failed.emit(str(error))
            return False
        self._draft_failed = False
        return True

    def delete_draft(self, box: str) -> None:
        if self.editable:
            try:
                draft_rows.delete_draft(self.store, box)
            except RecolteError as error:
                self.failed.emit(str(error))

    @_query(lambda: None)
    def draft(self, box: str) -> Draft | None:
        return draft_rows.load_draft(self.store, box)

    @_query(list)
    def drafts(self, *, prefix: str = "") -> list[Draft]:
        """The drafts kept in the file (whose box starts with `prefix`), latest first."""
        return draft_rows.list_drafts(self.store, prefix=prefix)

    def now(self) -> str:
        """Local time as ISO text, for `created_at`."""
        return datetime.now().isoformat(timespec="seconds")

    # -- reading --------------------------------------------------------------------------

    @property
    def read(self) -> EventReader:
        """The event's records, each list in its fixed order (`core.reading.EventReader`):
        `document.read.session_notes(id)`… Once the document is closed, an empty event (a
        late timer, a view refreshing while the window goes away)."""
        return _closed_reader() if self._closed else self.store

    @_query(_no_snapshot)
    def snapshot(self) -> EventSnapshot:
        """The live event as printed documents read it, safe to hand to another thread."""
        return EventSnapshot.from_records(self.store.snapshot())

    @_query(list)
    def search(self, query: str, *, limit: int | None = None) -> list[Note]:
        """Notes matching `query`, accents, case and ligatures ignored, in programme order."""
        return self.store.search(query, limit=limit)

    @_query(_closed_cafe)
    def cafe(self, session_id: str) -> Cafe:
        """The world café `session_id` with its tables, rounds, people and seats (or NotACafe)."""
        from facilitator_app.core.cafe import load_cafe  # the planner loads with the first café

        return load_cafe(self.store, session_id)

    @_query(int)
    def next_position(self, record_type: type[Record], **scope: Any) -> int:
        return self.store.next_position(record_type, **scope)

    @_query(list)
    def conflicts(self) -> list[Conflict]:
        """The versions made apart that nobody has chosen between yet, oldest first."""
        return self.store.conflicts()

    @_query(dict)
    def counts(self, *collections: str) -> dict[str, int]:
        return self.store.counts(*collections)

    # -- lifetime -------------------------------------------------------------------------

    def prepare_writing(self) -> None:
        """Load what the first write needs (sqlite-utils, a tenth of a second; the file's
        latest stamp), so that the first note or draft saved does not wait for it; the window
        calls this once painted."""
        if self.editable:
            self.store.db  # noqa: B018 (made on first use)
            self.store.catch_up()

    def flush(self) -> None:
        """Ask every box to write now what waits to be saved (before a copy of the file is
        made, say)."""
        if not self._closed:
            self.flushing.emit()

    def close(self) -> None:
        """Flush, tell the views (`closing`), then close the store; nothing is written after.
        Calling it twice does nothing."""
        if self._closed:
            return
        self.flush()
        self.closing.emit()
        was_editable = self.editable
        self._closed = True
        self.undo_stack.clear()
        self.store.close()
        if was_editable:
            self.editable_changed.emit(False)


class _ClearingDraft:
    """A command applied together with the deletion of a draft, in one transaction."""

    def __init__(self, command: Command, box: str) -> None:
        self.command = command
        self.box = box
        self.label = command.label

    @property
    def merge_key(self) -> Any:
        return self.command.merge_key

    def apply(self, store: Any) -> tuple[Command, ChangeSet]:
        with store.transaction():
            applied = self.command.apply(store)
            draft_rows.delete_draft(store, self.box)
        return applied
