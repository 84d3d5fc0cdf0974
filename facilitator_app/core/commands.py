"""Edits as data: each command's `apply(store)` performs the edit and returns its inverse.

Three generic commands cover every record: `AddRecord` (its inverse tombstones the record),
`UpdateRecord` (its inverse puts the old values back; a delete is `deleted=True`, so undoing a
delete restores the same id, fields and position) and `Batch` (several commands as one undo
step). `MoveSession` reorders the programme. The functions below name the edits the window
makes (`add_note`, `edit_note_text`, `delete`…), so callers read as the domain speaks.

Each command carries a `label`, an English message id the GUI translates for "Undo …".
The GUI wraps commands in one generic `QUndoCommand`; commands with the same `merge_key`
pushed one after another (typing in one field) merge into one undo step.

Every record a command writes passes `core.limits.check_text` first (no text over
`MAX_NOTE_CHARS`), so the window, the CLI and the imports meet the one rule. A `Batch` of
many adds and updates (an import of 100,000 participants, its undo) writes them with one
`put_many` rather than one `put` each: the same records, stamps and inverses, in one pass.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Protocol

from facilitator_app.core.limits import check_text
from facilitator_app.core.model import CafeTable, Category, Note, Record, Round, Session, new_id

if TYPE_CHECKING:
    from facilitator_app.core.reading import EventReader

__all__ = [
    "ChangeSet",
    "Command",
    "RecordStore",
    "AddRecord",
    "UpdateRecord",
    "Batch",
    "MoveSession",
    "add",
    "update",
    "delete",
    "add_note",
    "edit_note_text",
    "batch",
    "duplicate_session",
]


class RecordStore(Protocol):
    """What commands need from the store (implemented by `store.EventStore`)."""

    def get(self, record_type: type[Record], record_id: str) -> Any: ...
    def require(self, record_type: type[Record], record_id: str) -> Any: ...
    def put(self, record: Any, *, stamp: bool = True) -> Any: ...
    def put_many(self, records: Iterable[Any], *, stamp: bool = False) -> int: ...
    def all_sessions(self) -> Sequence[Session]: ...
    def transaction(self) -> Any: ...


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """Which record kinds and ids an edit touched, so views refresh only those."""

    kinds: frozenset[str] = frozenset()
    ids: frozenset[str] = frozenset()

    @classmethod
    def of(cls, *records: Record) -> ChangeSet:
        return cls(frozenset(r.KIND for r in records), frozenset(r.id for r in records))

    @classmethod
    def union(cls, changes: Iterable[ChangeSet]) -> ChangeSet:
        """All of `changes` at once (`a | b | c…` copies the growing sets at every step)."""
        kinds: set[str] = set()
        ids: set[str] = set()
        for change in changes:
            kinds.update(change.kinds)
            ids.update(change.ids)
        return cls(frozenset(kinds), frozenset(ids))

    def __or__(self, other: ChangeSet) -> ChangeSet:
        return ChangeSet(self.kinds | other.kinds, self.ids | other.ids)

    def touches(self, *kinds: str) -> bool:
        return not self.kinds.isdisjoint(kinds)


class Command(Protocol):
    """An edit as data (read-only: every command is a frozen dataclass)."""

    @property
    def label(self) -> str: ...

    def apply(self, store: RecordStore) -> tuple[Command, ChangeSet]: ...

    @property
    def merge_key(self) -> Hashable | None: ...


@dataclass(frozen=True, slots=True)
class AddRecord:
    record: Record
    label: str = "Add"

    def apply(self, store: RecordStore) -> tuple[Command, ChangeSet]:
        record, inverse = self.prepare(None)
        written = store.put(record)
        return inverse, ChangeSet.of(written)

    def prepare(self, current: Record | None) -> tuple[Record, Command]:
        """The record to write and the inverse command (`current` is not needed)."""
        record = self.record if not self.record.deleted else replace(self.record, deleted=False)
        check_text(record)
        inverse = UpdateRecord(type(record), record.id, (("deleted", True),), label=self.label)
        return record, inverse

    @property
    def merge_key(self) -> Hashable | None:
        return None


@dataclass(frozen=True, slots=True)
class UpdateRecord:
    """Set some fields of one record. `changes` is a tuple of (field, value) pairs."""

    record_type: type[Record]
    record_id: str
    changes: tuple[tuple[str, Any], ...]
    label: str = "Edit"
    mergeable: bool = field(default=False, compare=False)

    def apply(self, store: RecordStore) -> tuple[Command, ChangeSet]:
        record, inverse = self.prepare(store.require(self.record_type, self.record_id))
        written = store.put(record)
        return inverse, ChangeSet.of(written)

    def prepare(self, current: Record | None) -> tuple[Record, Command]:
        """The record to write, `current` changed, and the inverse command."""
        assert current is not None
        old = tuple((name, getattr(current, name)) for name, _ in self.changes)
        record = check_text(replace(current, **dict(self.changes)), before=current)
        inverse = UpdateRecord(
            self.record_type, self.record_id, old, label=self.label, mergeable=self.mergeable
        )
        return record, inverse

    @property
    def merge_key(self) -> Hashable | None:
        if not self.mergeable:
            return None
        return (self.record_type.KIND, self.record_id, tuple(n for n, _ in self.changes))


@dataclass(frozen=True, slots=True)
class Batch:
    """Several commands applied in order as one transaction and one undo step."""

    commands: tuple[Command, ...]
    label: str = "Edit"

    def apply(self, store: RecordStore) -> tuple[Command, ChangeSet]:
        inverses: list[Command] = []
        changes: list[ChangeSet] = []
        with store.transaction():
            run: list[AddRecord | UpdateRecord] = []
            for command in self.commands:
                if isinstance(command, AddRecord | UpdateRecord):
                    run.append(command)
                    continue
                changes.append(_write_run(store, run, inverses))
                run = []
                inverse, changed = command.apply(store)
                inverses.append(inverse)
                changes.append(changed)
            changes.append(_write_run(store, run, inverses))
        return Batch(tuple(reversed(inverses)), label=self.label), ChangeSet.union(changes)

    @property
    def merge_key(self) -> Hashable | None:
        return None


def _write_run(
    store: RecordStore, run: Sequence[AddRecord | UpdateRecord], inverses: list[Command]
) -> ChangeSet:
    """Apply consecutive adds and updates with one `put_many`, each record written once in
    its last state (an update of a record added or updated earlier in the run starts from
    that version); their inverses are appended to `inverses` in order."""
    if not run:
        return ChangeSet()
    if len(run) == 1:
        inverse, changed = run[0].apply(store)
        inverses.append(inverse)
        return changed
    pending: dict[tuple[type[Record], str], Record] = {}
    for command in run:
        if isinstance(command, AddRecord):
            key = (type(command.record), command.record.id)
            record, inverse = command.prepare(None)
        else:
            key = (command.record_type, command.record_id)
            current = pending.get(key) or store.require(command.record_type, command.record_id)
            record, inverse = command.prepare(current)
        pending[key] = record
        inverses.append(inverse)
    store.put_many(pending.values(), stamp=True)
    return ChangeSet(
        frozenset(record.KIND for record in pending.values()),
        frozenset(record.id for record in pending.values()),
    )


@dataclass(frozen=True, slots=True)
class MoveSession:
    """Move a session to `day` at `index` among that day's sessions, renumbering positions."""

    session_id: str
    day: str
    index: int
    label: str = "Move session"

    def apply(self, store: RecordStore) -> tuple[Command, ChangeSet]:
        moving = store.require(Session, self.session_id)
        sessions = [s for s in store.all_sessions() if s.id != moving.id]
        target = [s for s in sessions if s.day == self.day]
        index = max(0, min(self.index, len(target)))
        target.insert(index, replace(moving, day=self.day))
        steps: list[Command] = []
        for position, session in enumerate(target):
            current = store.require(Session, session.id)
            wanted = {"day": self.day, "position": position}
            changed = tuple((k, v) for k, v in wanted.items() if getattr(current, k) != v)
            if changed:
                steps.append(UpdateRecord(Session, session.id, changed))
        return Batch(tuple(steps), label=self.label).apply(store)

    @property
    def merge_key(self) -> Hashable | None:
        return None


# -- the edits the window makes, by name ------------------------------------------------------


def add(record: Record, *, label: str = "Add") -> AddRecord:
    return AddRecord(record, label=label)


def update(
    record: Record, *, label: str = "Edit", typing: bool = False, **changes: Any
) -> UpdateRecord:
    """Change fields of `record`; `typing` lets consecutive edits of one field merge."""
    return UpdateRecord(
        type(record), record.id, tuple(changes.items()), label=label, mergeable=typing
    )


def delete(records: Sequence[Record] | Record, *, label: str = "Delete") -> Command:
    """Tombstone one or several records as one undo step."""
    if isinstance(records, Record):
        records = [records]
    steps = tuple(UpdateRecord(type(r), r.id, (("deleted", True),), label=label) for r in records)
    return steps[0] if len(steps) == 1 else Batch(steps, label=label)


def add_note(
    *,
    session_id: str,
    text: str,
    position: int,
    created_at: str,
    kind: str = "idea",
    author: str = "",
    **fields: Any,
) -> AddRecord:
    note = Note(
        session_id=session_id,
        text=text,
        kind=kind,
        author=author,
        position=position,
        created_at=created_at,
        **fields,
    )
    return AddRecord(note, label="Add note")


def edit_note_text(note: Note, text: str) -> UpdateRecord:
    return update(note, label="Edit note", typing=True, text=text)


def batch(commands: Iterable[Command], *, label: str) -> Batch:
    return Batch(tuple(commands), label=label)


def duplicate_session(
    read: EventReader, session: Session, *, title: str, copy_id: str | None = None
) -> Batch:
    """A copy of `session` named `title`, just after it on its day, as one undo step.

    It copies what the session was set up with, so the copy is ready to run again (the same
    workshop in the afternoon, a second group): its fields (times, room, question, who takes
    part and speaks), its harvest categories or grid columns, a café's tables (number, theme,
    host, capacity) and rounds, and an idea tree's top-level branches (« Amorcer »…), which
    are its set-up rather than ideas. It leaves out what happened in it: notes, votes, photos,
    a table's written synthesis and the seating plan (computed for the people of the copy).
    The sessions after it on that day move down one place. `copy_id`: the copy's id.
    """
    copy = replace(session, id=copy_id or new_id(), title=title, position=session.position + 1)
    copy = replace(copy, updated_at="", clock=(), extra=dict(session.extra))
    steps: list[Command] = [
        update(s, position=s.position + 1)
        for s in read.day_sessions(session.day)
        if s.id != session.id and s.position > session.position
    ]
    steps.append(AddRecord(copy, label="Duplicate session"))
    for category in read.session_categories(session.id):
        steps.append(AddRecord(_copied(category, session_id=copy.id)))
    for table in read.session_tables(session.id):
        steps.append(AddRecord(_copied(table, session_id=copy.id, synthesis="")))
    for round_ in read.session_rounds(session.id):
        steps.append(AddRecord(_copied(round_, session_id=copy.id)))
    if session.kind.spec.tree:
        branches = [n for n in read.session_notes(session.id) if n.parent_id is None]
        for position, branch in enumerate(branches):
            steps.append(AddRecord(_branch_copy(branch, copy.id, position)))
    return Batch(tuple(steps), label="Duplicate session")


def _copied(record: CafeTable | Category | Round, **changes: Any) -> Record:
    """`record` under a new id, never stamped or merged, with `changes`."""
    return replace(record, id=new_id(), updated_at="", clock=(), **changes)


def _branch_copy(branch: Note, session_id: str, position: int) -> Note:
    return Note(
        session_id=session_id,
        text=branch.text,
        kind=branch.kind,
        position=position,
        created_at=branch.created_at,
    )
