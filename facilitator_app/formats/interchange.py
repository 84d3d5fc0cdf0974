"""JSON interchange, version 1 (CONTRACT §2): the whole event as one readable UTF-8 document.

`export_json` writes every record, tombstones included, so a copy can be merged later;
`import_json` creates a new event file from such a document. What a document may hold is
said once, by `resources/schema` (`core.schema` validates against it); this module adds only
what a schema cannot say (real moments and the clock guard, references, duplicate ids,
idea-tree loops) and turns the records into dataclasses: `null` in an optional field is the
field's "no value", an attachment's name is reduced to a safe base name. Every problem names
the record at fault. Keys this version does not know are kept (in each record's `extra`, and
top-level ones in the file's meta table) and written back on export, so export → import →
export gives the same document.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any

from facilitator_app.core.clock import trusted_until
from facilitator_app.core.errors import AlreadyExists, InvalidImport, NewerFormat, RecolteError
from facilitator_app.core.ideas import parent_cycles
from facilitator_app.core.limits import MAX_MESSAGE_CHARS, shorten
from facilitator_app.core.model import BY_COLLECTION, Attachment, Note, Record
from facilitator_app.core.schema import (
    FORMAT,
    VERSION,
    quoted,
    record_as_json,
    schema_problems,
    stamp_problems,
    unsound_value,
    where,
)
from facilitator_app.core.text import safe_file_name
from facilitator_app.formats.anonymise import AnonymiseLabels, Anonymiser
from facilitator_app.formats.writing import write_atomically
from facilitator_app.i18n import tr
from facilitator_app.store.event_store import EventStore
from facilitator_app.store.files import write_new_event

__all__ = [
    "FORMAT",
    "VERSION",
    "document_from_records",
    "records_from_document",
    "versions_from_document",
    "export_json",
    "import_json",
    "read_document",
]

_META_EXTRA = "json_extra"
_COLLECTIONS = tuple(name for name in BY_COLLECTION if name != "event")

# field → the collection its id must be found in
_REFERENCES: dict[str, str] = {
    "session_id": "sessions",
    "organisation_id": "organisations",
    "participant_id": "participants",
    "host_id": "participants",
    "moderator_id": "participants",
    "speaker_id": "participants",
    "table_id": "tables",
    "round_id": "rounds",
    "category_id": "categories",
    "parent_id": "notes",
    "note_id": "notes",
}
# field holding a list of ids → the collection each must be found in
_LIST_REFERENCES: dict[str, str] = {
    "participant_ids": "participants",
    "speaker_ids": "participants",
}


def document_from_records(
    records: dict[str, list[Record]],
    *,
    extra: dict[str, Any] | None = None,
    versions: Sequence[Record] = (),
) -> dict[str, Any]:
    """The CONTRACT §2 document for a store snapshot (collection name → records), with the
    versions set aside beside the shown ones (`core.merge`), if any.

    Records are written by id, so that two files holding the same event give the same
    document whatever order their records were written in (merges in any order)."""
    events = records["event"]
    document: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    document["event"] = record_as_json(events[0])
    for name in _COLLECTIONS:
        items = sorted(records.get(name, []), key=lambda r: r.id)
        document[name] = [record_as_json(r) for r in items]
    if versions:
        document["versions"] = [
            {"collection": r.COLLECTION, "record": record_as_json(r)}
            for r in sorted(versions, key=lambda r: (r.id, r.updated_at))
        ]
    for key, value in (extra or {}).items():
        document.setdefault(key, value)
    return document


def export_json(store: EventStore, out: str | Path, *, anonymise: bool = False) -> Path:
    """Write the event of `store` as JSON to `out`, atomically (a crash leaves no half file).

    With `anonymise`, the copy to share outside the event (`export.anonymise`), marked with
    a top-level `"anonymised": true`.
    """
    extra = json.loads(store.meta().get(_META_EXTRA, "{}"))
    records = store.snapshot()
    versions = store.kept_versions()
    if anonymise:
        anonymiser = Anonymiser(records, AnonymiseLabels.translated())
        records, extra = anonymiser.records(), {**anonymiser.value(extra), "anonymised": True}
        versions = []  # another person's words, set aside: not for sharing outside
    document = document_from_records(records, extra=extra, versions=versions)
    out = Path(out)
    text = json.dumps(document, ensure_ascii=False, indent=1)
    return write_atomically(out, lambda path: path.write_text(text, encoding="utf-8"))


# -- reading ----------------------------------------------------------------------------------


class _Problems:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, message: str) -> None:
        self.items.append(shorten(message))

    def raise_if_any(self) -> None:
        if self.items:
            raise InvalidImport(_summary(self.items), problems=self.items)


def _summary(problems: list[str]) -> str:
    """The first problem, then how many others: one line of at most MAX_MESSAGE_CHARS."""
    first, more = problems[0], len(problems) - 1
    if not more:
        return shorten(first)
    frame = tr("{first} (and {n} more problems)", first="\0", n=more)
    return frame.replace("\0", shorten(first, max(20, MAX_MESSAGE_CHARS - len(frame) + 1)))


class _Reader:
    """How one record type is read: which JSON keys are its fields, what null means."""

    def __init__(self, record_type: type[Record]) -> None:
        self.record_type = record_type
        specs = {f.name: f for f in fields(record_type) if f.name != "extra"}
        if record_type is Attachment:
            del specs["data"]  # the JSON carries it as data_base64; a "data" key is foreign
        self.defaults = {name: f.default for name, f in specs.items()}  # null → the default
        self.lists = frozenset(n for n, f in specs.items() if isinstance(f.default, tuple))
        self.numbers = frozenset(
            n for n, f in specs.items() if f.type in ("int", "int | None", int)
        )

    def record(self, item: dict[str, Any], place: str, problems: _Problems) -> Record:
        """The record `item` (valid by the schema) stands for; what can't be stored is added
        to `problems`."""
        values: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        defaults = self.defaults
        for key, value in item.items():
            if key in defaults:
                if value is None:
                    value = defaults[key]
                elif key in self.lists:
                    value = tuple(value)
                    if not all(map(_encodable, value)):
                        problems.add(_unsound(place, key, tr("is not valid Unicode")))
                elif key in self.numbers and isinstance(value, float):
                    value = int(value)  # 3.0: the schema's integers include it
                elif type(value) is str and not _encodable(value):
                    problems.add(_unsound(place, key, tr("is not valid Unicode")))
                values[key] = value
            elif key == "data_base64" and self.record_type is Attachment:
                try:
                    values["data"] = base64.b64decode(value or "", validate=True)
                except ValueError:
                    problems.add(tr("{where}: data_base64 is not valid base64.", where=place))
            else:
                extra[key] = value
        for key, value in extra.items():  # kept as they came: they must be storable
            reason = unsound_value(key) or unsound_value(value)
            if reason:
                problems.add(_unsound(place, quoted(key), reason))
        if self.record_type is Attachment and values.get("filename"):
            values["filename"] = safe_file_name(values["filename"], fallback="attachment")
        return self.record_type(**values, extra=extra)


_READERS = {name: _Reader(record_type) for name, record_type in BY_COLLECTION.items()}


def _encodable(text: str) -> bool:
    """Whether a text can be written to a file: JSON can carry half of a UTF-16 pair
    (`\\ud800`), which no file encoding can."""
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _unsound(place: str, field: str, reason: str) -> str:
    return tr("{where}: {field} {reason}.", where=place, field=field, reason=reason)


def records_from_document(
    document: Any, *, source: str | Path | None = None, merging: bool = False
) -> tuple[dict[str, list[Record]], dict[str, Any]]:
    """Check a CONTRACT §2 document and turn it into records (and its unknown top-level keys).

    The document must validate against `resources/schema` (`core.schema`); then every stamp
    must be a real moment, none more than a day ahead of this computer's clock (`source`, the
    file it came from, is named then), every reference must point to a record of the right
    array, no id may be used twice and no idea-tree note may be its own ancestor — unless the
    document is a copy to be `merging`: two laptops that moved nodes under each other apart
    make a loop that merging keeps (readers break it, `core.ideas.build_forest`). Raises
    `NewerFormat` for a later version and `InvalidImport` listing every problem found.
    """
    problems = _Problems()
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InvalidImport(tr('This JSON file is not a Récolte export (no "format": "recolte").'))
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise InvalidImport(tr("This Récolte export has no version number."))
    if version > VERSION:
        raise NewerFormat(
            tr(
                "This export was made by a newer version of Récolte (format {found}, this "
                "version reads up to {supported}); update Récolte to import it.",
                found=version,
                supported=VERSION,
            ),
            found=version,
            supported=VERSION,
        )
    for invalid in schema_problems(document):
        problems.add(invalid.sentence)
    problems.raise_if_any()
    until = trusted_until()
    file = Path(source).name if source is not None else None
    records: dict[str, list[Record]] = {}
    for name in ("event", *_COLLECTIONS):
        items = [document[name]] if name == "event" else document[name]
        reader = _READERS[name]
        records[name] = []
        for index, item in enumerate(items):
            place = where(name, None if name == "event" else index, item)
            stamps = [("updated_at", item["updated_at"])]
            stamps += [(f"clock[{i}]", s) for i, s in enumerate(item.get("clock") or ())]
            for problem in stamp_problems(place, stamps, until, source=file):
                problems.add(problem)
            records[name].append(reader.record(item, place, problems))
    known = {"format", "version", "event", *_COLLECTIONS, "versions"}  # versions: below
    extra = {k: v for k, v in document.items() if k not in known}
    for key, value in extra.items():
        reason = unsound_value(key) or unsound_value(value)
        if reason:
            problems.add(tr("{field} {reason}.", field=quoted(key), reason=reason))
    problems.raise_if_any()
    _check_references(records, problems)
    if not merging:
        _check_cycles(records["notes"], problems)
    problems.raise_if_any()
    return records, extra


def versions_from_document(document: Any, *, source: str | Path | None = None) -> list[Record]:
    """The versions set aside that a document carries (its `versions` array, `core.merge`),
    as records; the document has passed `records_from_document`. Raises `InvalidImport` for
    a version stamped more than a day ahead, or one of a record the document lacks."""
    problems = _Problems()
    until = trusted_until()
    file = Path(source).name if source is not None else None
    ids = {item["id"] for name in _COLLECTIONS for item in document[name]} | {
        document["event"]["id"]
    }
    versions = []
    for index, item in enumerate(document.get("versions") or ()):
        record = item["record"]
        place = where("versions", index, record)
        for problem in stamp_problems(
            place, [("updated_at", record["updated_at"])], until, source=file
        ):
            problems.add(problem)
        if record["id"] not in ids:
            problems.add(tr("{where}: a version of no record of the document.", where=place))
        versions.append(_READERS[item["collection"]].record(record, place, problems))
    problems.raise_if_any()
    return versions


def _check_references(records: dict[str, list[Record]], problems: _Problems) -> None:
    ids = {name: {r.id for r in items} for name, items in records.items()}
    seen: set[str] = set()
    for name, items in records.items():
        for index, record in enumerate(items):
            place = where(name, None if name == "event" else index, {"id": record.id})
            if record.id in seen:
                problems.add(tr("{where}: the id is used twice.", where=place))
            seen.add(record.id)
            pointers = [(f, t, getattr(record, f, None)) for f, t in _REFERENCES.items()]
            pointers += [
                (f, t, value)
                for f, t in _LIST_REFERENCES.items()
                for value in getattr(record, f, ())
            ]
            for field_name, target, value in pointers:
                if value is not None and value not in ids[target]:
                    problems.add(
                        tr(
                            "{where}: {field} {value} points to no record in {target}.",
                            where=place,
                            field=field_name,
                            value=value,
                            target=target,
                        )
                    )


def _check_cycles(notes: list[Record], problems: _Problems) -> None:
    index = {note.id: i for i, note in enumerate(notes)}
    parents = {n.id: n.parent_id for n in notes if isinstance(n, Note) and not n.deleted}
    for cycle in parent_cycles(parents):
        first = min(cycle, key=index.__getitem__)
        problems.add(
            tr(
                "{where}: parent_id makes the note its own ancestor (the idea tree loops).",
                where=where("notes", index[first], {"id": first}),
            )
        )


def read_document(path: str | Path, *, missing: type[RecolteError] = InvalidImport) -> Any:
    """The JSON document in the file `path`, or one sentence saying why it can't be read
    (`missing` is raised when there is no such file)."""
    path = Path(path)

    def refuse_constant(name: str) -> None:
        raise InvalidImport(
            tr("{path} is not valid JSON ({value} is no JSON number).", path=path, value=name)
        )

    try:
        return json.loads(path.read_text(encoding="utf-8-sig"), parse_constant=refuse_constant)
    except FileNotFoundError:
        raise missing(tr("There is no file {path}.", path=path)) from None
    except UnicodeDecodeError:
        raise InvalidImport(tr("{path} is not UTF-8 text.", path=path)) from None
    except RecursionError:
        raise InvalidImport(tr("{path} is nested too deeply to be read.", path=path)) from None
    except json.JSONDecodeError as error:
        raise InvalidImport(
            tr(
                "{path} is not valid JSON (line {line}, column {column}).",
                path=path,
                line=error.lineno,
                column=error.colno,
            )
        ) from None


def import_json(source: str | Path, target: str | Path) -> Path:
    """Create the event file `target` from the JSON export `source`; never overwrites a file."""
    source, target = Path(source), Path(target)
    if target.exists():
        raise AlreadyExists(tr("{path} already exists; choose another name.", path=target))
    document = read_document(source)
    records, extra = records_from_document(document, source=source)
    versions = versions_from_document(document, source=source)
    meta = {_META_EXTRA: json.dumps(extra, ensure_ascii=False)} if extra else None
    return write_new_event(target, records, meta=meta, versions=versions)
