"""The records an event is made of (DESIGN §3, CONTRACT §2), as frozen dataclasses.

Every record has a UUID `id` that is the same on every copy of the event, an `updated_at`
hybrid-logical-clock stamp (see `core.clock`) and a `deleted` tombstone: a deletion is a
record with `deleted=True`, never a missing row, so copies can be merged later. `clock` is
what the copy holding the record knows of its history: the latest stamp of an edit of this
record from each device (a version vector, `core.clock.join_clocks`), so that a merge tells
an edit made after another from one made apart without guessing (`core.merge`). `extra`
keeps the keys a newer or foreign JSON document carried that this version does not know,
so they are written back unchanged on export.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar

from facilitator_app.core.kinds import SessionKind

__all__ = [
    "Record",
    "Event",
    "Session",
    "Organisation",
    "Participant",
    "CafeTable",
    "Round",
    "Seat",
    "Category",
    "Note",
    "Attachment",
    "Fiche",
    "RECORD_TYPES",
    "BY_COLLECTION",
    "BY_KIND",
    "NOTE_KINDS",
    "FICHE_KINDS",
    "new_id",
    "note_order",
    "table_note_order",
    "record_fields",
]

NOTE_KINDS = ("idea", "quote", "decision", "question", "action", "observation")
FICHE_KINDS = ("fiche", "exercise")


def new_id() -> str:
    """A random UUID (version 4) as text."""
    import uuid  # imported here: `uuid` pulls in `platform`, which start-up does not need

    return str(uuid.uuid4())


@dataclass(frozen=True, slots=True, kw_only=True)
class Record:
    """Fields every record shares. `KIND` names the record, `COLLECTION` its JSON array."""

    KIND: ClassVar[str] = ""
    COLLECTION: ClassVar[str] = ""

    id: str = field(default_factory=new_id)
    updated_at: str = ""
    deleted: bool = False
    extra: dict[str, Any] = field(default_factory=dict, hash=False, repr=False)
    clock: tuple[str, ...] = field(default=(), repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Event(Record):
    KIND: ClassVar[str] = "event"
    COLLECTION: ClassVar[str] = "event"

    title: str = ""
    subtitle: str = ""
    place: str = ""
    start_date: str = ""  # ISO date
    end_date: str = ""
    language: str = "fr"
    description: str = ""
    organisers: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Session(Record):
    """One item of the programme; its `kind` says what it has besides notes (`core.kinds`)."""

    KIND: ClassVar[str] = "session"
    COLLECTION: ClassVar[str] = "sessions"

    title: str = ""
    kind: SessionKind = SessionKind.PLENARY
    day: str = ""  # ISO date
    start: str = ""  # HH:MM
    end: str = ""
    room: str = ""
    question: str = ""
    position: int = 0
    # world café: who takes part (empty: every participant) and whether people of one
    # organisation are kept at different tables
    participant_ids: tuple[str, ...] = ()
    keep_colleagues_apart: bool = False
    # round table and testimonies: who speaks (participants, in speaking order), who moderates
    speaker_ids: tuple[str, ...] = ()
    moderator_id: str | None = None

    def __post_init__(self) -> None:
        if type(self.kind) is not SessionKind:  # an identifier read from a file or the JSON
            object.__setattr__(self, "kind", SessionKind.parse(self.kind))


@dataclass(frozen=True, slots=True, kw_only=True)
class Organisation(Record):
    KIND: ClassVar[str] = "organisation"
    COLLECTION: ClassVar[str] = "organisations"

    name: str = ""
    type: str = ""
    place: str = ""
    website: str = ""
    presentation: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Participant(Record):
    KIND: ClassVar[str] = "participant"
    COLLECTION: ClassVar[str] = "participants"

    name: str = ""
    organisation_id: str | None = None
    role: str = ""
    email: str = ""
    consent_listed: bool = False  # may appear in the carnet's contacts and the synthesis
    consent_photo: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class CafeTable(Record):
    """A world-café table: a number, its theme or question, the host who stays."""

    KIND: ClassVar[str] = "table"
    COLLECTION: ClassVar[str] = "tables"

    session_id: str = ""
    number: int = 1
    theme: str = ""
    host_id: str | None = None
    capacity: int | None = None
    synthesis: str = ""  # the table's written synthesis


@dataclass(frozen=True, slots=True, kw_only=True)
class Round(Record):
    KIND: ClassVar[str] = "round"
    COLLECTION: ClassVar[str] = "rounds"

    session_id: str = ""
    number: int = 1
    minutes: int = 20
    question: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Seat(Record):
    """Participant × round → table in a world café's seating plan."""

    KIND: ClassVar[str] = "seat"
    COLLECTION: ClassVar[str] = "seats"

    session_id: str = ""
    round_id: str = ""
    table_id: str = ""
    participant_id: str = ""
    pinned: bool = False  # kept where it is when the plan is computed again


@dataclass(frozen=True, slots=True, kw_only=True)
class Category(Record):
    """A world-café harvest category or a grid column."""

    KIND: ClassVar[str] = "category"
    COLLECTION: ClassVar[str] = "categories"

    session_id: str = ""
    name: str = ""
    position: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Note(Record):
    """The unit of capture. Idea-tree nodes are notes with a `parent_id`."""

    KIND: ClassVar[str] = "note"
    COLLECTION: ClassVar[str] = "notes"

    session_id: str = ""
    text: str = ""
    kind: str = "idea"
    author: str = ""
    table_id: str | None = None
    round_id: str | None = None
    category_id: str | None = None
    parent_id: str | None = None
    votes: int = 0
    position: int = 0
    tags: tuple[str, ...] = ()
    created_at: str = ""
    speaker_id: str | None = None  # the participant who said it (a quote's `author`)


def note_order(note: Note) -> tuple[int, str, str]:
    """Where a note sits among its siblings (a session's notes, a column's cards, a node's
    children): by position, then by when it was written, then by id so the order is total."""
    return (note.position, note.created_at, note.id)


def table_note_order(
    note: Note, table_numbers: Mapping[str, int]
) -> tuple[bool, int, int, str, str]:
    """Where a world café's note sits in its notes list: with its own table's notes (by the
    table's number, the notes of no table last), then in `note_order`. A note taken for
    Table 2 after Table 5's is read among Table 2's."""
    number = table_numbers.get(note.table_id or "")
    return (number is None, number or 0, *note_order(note))


@dataclass(frozen=True, slots=True, kw_only=True)
class Attachment(Record):
    """A file stored inside the event (a paperboard photo…): the original bytes, untouched.

    It belongs to a session, and may be tied further to one table and round of a world café
    or to one note.
    """

    KIND: ClassVar[str] = "attachment"
    COLLECTION: ClassVar[str] = "attachments"

    note_id: str | None = None
    session_id: str | None = None
    filename: str = ""
    media_type: str = ""
    data: bytes = b""
    table_id: str | None = None
    round_id: str | None = None
    caption: str = ""
    position: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Fiche(Record):
    """A thematic sheet or an exercise (a prompt with space to write) for the carnet."""

    KIND: ClassVar[str] = "fiche"
    COLLECTION: ClassVar[str] = "fiches"

    title: str = ""
    body: str = ""
    kind: str = "fiche"
    position: int = 0


RECORD_TYPES: tuple[type[Record], ...] = (
    Event,
    Session,
    Organisation,
    Participant,
    CafeTable,
    Round,
    Seat,
    Category,
    Note,
    Attachment,
    Fiche,
)
BY_KIND: dict[str, type[Record]] = {t.KIND: t for t in RECORD_TYPES}
BY_COLLECTION: dict[str, type[Record]] = {t.COLLECTION: t for t in RECORD_TYPES}


def record_fields(record_type: type[Record]) -> tuple[str, ...]:
    """The field names of a record type, in declaration order (shared fields first)."""
    return tuple(f.name for f in fields(record_type))
