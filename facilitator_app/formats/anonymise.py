"""Anonymised copies of an event, for sharing a synthesis or a JSON export outside the event.

`Anonymiser(records, labels)` reads every record of an event (collection → records, as
`EventStore.snapshot()` gives) and returns a copy in which nobody can be named:

* every participant becomes a pseudonym, « Participant·e 7KQ3 »: the code comes from a hash
  of the event's id and the participant's id, so the same person gets the same pseudonym on
  every export of the event, even after people were added (a code is lengthened only in the
  rare case two people of the event would share one). Numbering people in order would
  renumber everyone when a latecomer is added; role labels would name people of small
  organisations. A note's `author` that is no participant gets a pseudonym the same way,
  from its spelling;
* e-mail addresses are removed (the participants' `email` field, and inside every text:
  notes, syntheses, captions, fiches, presentations…) and so are phone numbers, French
  (`06 12 34 56 78`, `+33 6…`) or international (`+44 20 7946 0958`), each replaced by a
  label (« [courriel retiré] », « [téléphone retiré] »);
* a participant's full name written in any text (accents, case and hyphens ignored) is
  replaced by their pseudonym, and so is a note's `author`; a quote keeps its text and gets
  its speaker's pseudonym as author;
* nobody keeps a role (« Déléguée générale » of a small organisation names her); those who
  did not agree to be listed (`consent_listed` false) keep nothing but their pseudonym, the
  others keep their organisation (organisations are public and stay as they are, with their
  name and website), so the synthesis still says « Participant·e 7KQ3, La Tréso »;
* deleted records (tombstones) keep their id and references but lose their content: what
  was deleted is not shared;
* the event gets another id, derived from its own, so an anonymised copy can never be
  merged back into the real event and overwrite names with pseudonyms.

Photos and other attachments are kept as they are (their filename and caption are cleaned).
Only full names are recognised: a first name or a surname written alone stays.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any, TypeVar

from facilitator_app.core.model import Event, Note, Organisation, Participant, Record
from facilitator_app.core.snapshot import EventSnapshot
from facilitator_app.core.text import fold
from facilitator_app.i18n import N_
from facilitator_app.labels import translated_labels

__all__ = [
    "AnonymiseLabels",
    "Anonymiser",
    "anonymise_records",
    "anonymised_snapshot",
    "snapshot_records",
]

_NAMESPACE = uuid.UUID("5d0c4a8e-2b71-4f5e-9c3a-a11e0a5e0007")  # anonymised event ids
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's: no I, L, O or U to misread
_CODE_LENGTH = 4

_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(
    r"(?<![\w+])(?:"
    r"(?:\+|00)\s?33\s?(?:\(0\)\s?)?[1-9](?:[\s.-]?\d\d){4}"  # +33 6 12 34 56 78
    r"|0[1-9](?:[\s.-]?\d\d){4}"  # 06 12 34 56 78, 06.12.34.56.78
    r"|\+[1-9](?:[\s.-]?\(?\d\)?){6,14}"  # +44 20 7946 0958
    r")(?!\d)"
)
_SEPARATORS = r"[\s\-\u2010]+"  # between the words of a name: spaces or hyphens
# text fields that are not free text: kept as they are on every record
_STRUCTURE = frozenset(
    {
        "id",
        "updated_at",
        "kind",
        "day",
        "start",
        "end",
        "start_date",
        "end_date",
        "language",
        "media_type",
        "created_at",
    }
)
# organisations are public
_PUBLIC: dict[type[Record], frozenset[str]] = {Organisation: frozenset({"name", "website"})}


@dataclass(frozen=True, slots=True)
class AnonymiseLabels:
    """What replaces a person or a contact; already translated, `{code}` filled in."""

    pseudonym: str = N_("Participant {code}")
    email: str = N_("[e-mail removed]")
    phone: str = N_("[phone number removed]")

    @classmethod
    def translated(cls, language: str | None = None) -> AnonymiseLabels:
        return translated_labels(cls, language)


def _normal(folded: str) -> str:
    """A folded name with its words joined by one space (`anne-laure  x` → `anne laure x`)."""
    return " ".join(w for w in re.split(_SEPARATORS, folded) if w)


def _code(secret: str, key: str, length: int) -> str:
    number = int.from_bytes(hashlib.sha256(f"{secret}\x00{key}".encode()).digest()[:10], "big")
    chars = []
    for _ in range(length):
        number, digit = divmod(number, len(_ALPHABET))
        chars.append(_ALPHABET[digit])
    return "".join(chars)


def _codes(secret: str, keys: Sequence[str]) -> dict[str, str]:
    """A short code per key, lengthened for the keys that would otherwise share one."""
    codes: dict[str, str] = {}
    pending, length = sorted(set(keys)), _CODE_LENGTH
    while pending:
        found: dict[str, list[str]] = {}
        for key in pending:
            found.setdefault(_code(secret, key, length), []).append(key)
        taken = set(codes.values())
        pending = []
        for code, owners in found.items():
            if len(owners) == 1 and code not in taken:
                codes[owners[0]] = code
            else:
                pending += owners
        length += 1
    return codes


R = TypeVar("R", bound=Record)


def _of_type(records: Mapping[str, Sequence[Record]], name: str, kind: type[R]) -> list[R]:
    """The records of the collection `name`, which are all of type `kind`."""
    return [r for r in records.get(name, ()) if isinstance(r, kind)]


class Anonymiser:
    """The anonymised copy of one event's records; see the module's docstring for the rules."""

    def __init__(
        self, records: Mapping[str, Sequence[Record]], labels: AnonymiseLabels | None = None
    ) -> None:
        self._records = records
        self.labels = labels or AnonymiseLabels()
        self._secret = records["event"][0].id
        people = sorted(_of_type(records, "participants", Participant), key=lambda p: p.id)
        self._people = {p.id for p in people}
        self._named: dict[str, str] = {}  # normalised folded full name → participant id
        for person in people:
            name = _normal(fold(person.name))
            if len(name) >= 3:
                self._named.setdefault(name, person.id)
        words = sorted(self._named, key=len, reverse=True)  # the longest name first
        alternatives = "|".join(_SEPARATORS.join(map(re.escape, n.split(" "))) for n in words)
        self._names = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)") if words else None
        strangers = {
            self._stranger(note.author)
            for note in _of_type(records, "notes", Note)
            if self._is_stranger(note)
        }
        codes = _codes(self._secret, [p.id for p in people] + sorted(strangers))
        self._pseudonyms = {key: self.labels.pseudonym.format(code=c) for key, c in codes.items()}

    # -- people -----------------------------------------------------------------------------

    def pseudonym(self, participant_id: str) -> str:
        return self._pseudonyms.get(participant_id, "")

    @staticmethod
    def _stranger(author: str) -> str:
        return "author:" + _normal(fold(author))

    def _is_stranger(self, note: Note) -> bool:
        """An author who is no participant and whose text names nobody we know."""
        if not note.author.strip() or note.speaker_id in self._people:
            return False
        return _normal(fold(note.author)) not in self._named and not self._mentions(note.author)

    def _mentions(self, text: str) -> bool:
        if _EMAIL.search(text) or _PHONE.search(text):
            return True
        return bool(self._names and self._names.search(fold(text)))

    def author(self, note: Note) -> str:
        """Who wrote or said the note, as a pseudonym (or its text with names replaced)."""
        if note.speaker_id and note.speaker_id in self._pseudonyms:
            return self._pseudonyms[note.speaker_id]
        if not note.author.strip():
            return note.author
        named = self._named.get(_normal(fold(note.author)))
        if named is not None:
            return self._pseudonyms[named]
        if self._mentions(note.author):
            return self.text(note.author)
        return self._pseudonyms[self._stranger(note.author)]

    # -- text -------------------------------------------------------------------------------

    def text(self, text: str) -> str:
        """`text` without e-mail addresses, phone numbers or participants' full names."""
        if not text:
            return text
        text = _EMAIL.sub(self.labels.email, text)
        text = _PHONE.sub(self._phone, text)
        return self._replace_names(text)

    def _phone(self, found: re.Match[str]) -> str:
        digits = sum(c.isdigit() for c in found.group())
        return self.labels.phone if digits >= 9 else found.group()

    def _replace_names(self, text: str) -> str:
        if self._names is None or not self._names.search(fold(text)):
            return text
        folded: list[str] = []
        origin: list[int] = []  # for each folded character, where it comes from in `text`
        for index, char in enumerate(text):
            piece = fold(char)
            folded.append(piece)
            origin.extend([index] * len(piece))
        parts: list[str] = []
        last = 0
        for found in self._names.finditer("".join(folded)):
            start, end = origin[found.start()], origin[found.end() - 1] + 1
            while end < len(text) and not fold(text[end]):  # a combining accent that follows
                end += 1
            if start < last:
                continue
            parts += [text[last:start], self._pseudonyms[self._named[_normal(found.group())]]]
            last = end
        parts.append(text[last:])
        return "".join(parts)

    def value(self, value: Any) -> Any:
        """A JSON value (an unknown key's) with every text in it cleaned, at any depth."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.value(v) for v in value]
        if isinstance(value, dict):
            return {k: self.value(v) for k, v in value.items()}
        return value

    # -- records ----------------------------------------------------------------------------

    def records(self) -> dict[str, list[Record]]:
        """Every record of the event, anonymised, in the same collections and order."""
        return {name: [self.record(r) for r in items] for name, items in self._records.items()}

    def record(self, record: Record) -> Record:
        if record.deleted:
            return _emptied(record)
        changes: dict[str, Any] = {}
        public = _PUBLIC.get(type(record), frozenset())
        for item in fields(record):
            name, value = item.name, getattr(record, item.name)
            if name in _STRUCTURE or name in public or name.endswith(("_id", "_ids")):
                continue
            if isinstance(value, str):
                changes[name] = self.text(value)
            elif isinstance(value, tuple):  # tags
                changes[name] = tuple(self.text(v) for v in value)
        changes["extra"] = self.value(record.extra)
        if isinstance(record, Participant):
            changes.update(
                name=self.pseudonym(record.id),
                email="",
                role="",
                organisation_id=record.organisation_id if record.consent_listed else None,
            )
        elif isinstance(record, Note):
            changes["author"] = self.author(record)
        elif isinstance(record, Event):
            changes["id"] = str(uuid.uuid5(_NAMESPACE, record.id))
        return replace(record, **changes)


def _emptied(record: Record) -> Record:
    """A tombstone without its content: ids, references, numbers and kinds only."""
    kept: dict[str, Any] = {}
    for item in fields(record):
        name, value = item.name, getattr(record, item.name)
        structure = name in _STRUCTURE or name.endswith(("_id", "_ids"))
        if structure or not isinstance(value, str | bytes | tuple | dict):
            kept[name] = value  # ids, references, kinds, numbers, flags
    if isinstance(record, Event):
        kept["id"] = str(uuid.uuid5(_NAMESPACE, record.id))
    return type(record)(**kept)


def anonymise_records(
    records: Mapping[str, Sequence[Record]], labels: AnonymiseLabels | None = None
) -> dict[str, list[Record]]:
    """The anonymised copy of `records` (collection name → records)."""
    return Anonymiser(records, labels).records()


def snapshot_records(snapshot: EventSnapshot) -> dict[str, list[Record]]:
    """The live records a snapshot holds, by collection, as `EventStore.snapshot()` gives."""
    records: dict[str, list[Record]] = {
        "event": [snapshot.event],
        "sessions": list(snapshot.sessions),
        "organisations": list(snapshot.organisations),
        "participants": list(snapshot.participants),
        "fiches": list(snapshot.fiches),
    }
    grouped = {
        "tables": snapshot.tables,
        "rounds": snapshot.rounds,
        "seats": snapshot.seats,
        "categories": snapshot.categories,
        "notes": snapshot.notes,
        "attachments": snapshot.attachments,
    }
    for name, by_session in grouped.items():
        records[name] = [r for items in by_session.values() for r in items]
    return records


def anonymised_snapshot(
    source: EventSnapshot | Mapping[str, Sequence[Record]],
    labels: AnonymiseLabels | None = None,
) -> EventSnapshot:
    """The snapshot a printed document is built from, anonymised (the synthesis to share)."""
    records = snapshot_records(source) if isinstance(source, EventSnapshot) else source
    return EventSnapshot.from_records(anonymise_records(records, labels))
