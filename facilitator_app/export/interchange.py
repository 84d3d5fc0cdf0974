"""JSON interchange, version 1 (CONTRACT §2): the whole event as one readable UTF-8 document.

`export_json` writes every record, tombstones included, so a copy can be merged later;
`import_json` creates a new event file from such a document after checking its format, its
records and every reference between them, naming the record at fault. Keys this version does
not know are kept (in each record's `extra`, and top-level ones in the file's meta table) and
written back on export, so export → import → export gives the same document.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any

from facilitator_app.core.clock import parse_stamp
from facilitator_app.core.errors import AlreadyExists, InvalidImport, NewerFormat
from facilitator_app.core.model import (
    BY_COLLECTION,
    Attachment,
    Event,
    Record,
    record_fields,
)
from facilitator_app.export.writing import write_atomically
from facilitator_app.i18n import tr

__all__ = [
    "FORMAT",
    "VERSION",
    "document_from_records",
    "records_from_document",
    "export_json",
    "import_json",
]

FORMAT = "recolte"
VERSION = 1
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


def _record_to_json(record: Record) -> dict[str, Any]:
    item: dict[str, Any] = {}
    for name in record_fields(type(record)):
        if name == "extra":
            continue
        value = getattr(record, name)
        if isinstance(value, tuple):
            value = list(value)
        if isinstance(record, Attachment) and name == "data":
            item["data_base64"] = base64.b64encode(value).decode("ascii")
        else:
            item[name] = value
    item.update(record.extra)
    return item


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
    document["event"] = _record_to_json(events[0])
    for name in _COLLECTIONS:
        items = sorted(records.get(name, []), key=lambda r: r.id)
        document[name] = [_record_to_json(r) for r in items]
    if versions:
        document["versions"] = [
            {"collection": r.COLLECTION, "record": _record_to_json(r)}
            for r in sorted(versions, key=lambda r: (r.id, r.updated_at))
        ]
    for key, value in (extra or {}).items():
        document.setdefault(key, value)
    return document


def export_json(store: Any, out: str | Path, *, anonymise: bool = False) -> Path:
    """Write the event of `store` as JSON to `out`, atomically (a crash leaves no half file).

    With `anonymise`, the copy to share outside the event (`export.anonymise`), marked with
    a top-level `"anonymised": true`.
    """
    extra = json.loads(store.meta().get(_META_EXTRA, "{}"))
    records = store.snapshot()
    versions = store.kept_versions()
    if anonymise:
        from facilitator_app.export.anonymise import AnonymiseLabels, Anonymiser

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
        self.items.append(message)

    def raise_if_any(self) -> None:
        if self.items:
            first = self.items[0]
            more = len(self.items) - 1
            message = (
                first if not more else tr("{first} (and {n} more problems)", first=first, n=more)
            )
            raise InvalidImport(message, problems=self.items)


def _where(collection: str, index: int | None, item: Any) -> str:
    ident = item.get("id") if isinstance(item, dict) else None
    place = collection if index is None else f"{collection}[{index}]"
    return f"{place} ({ident})" if ident else place


def _coerce(
    record_type: type[Record], item: dict[str, Any], where: str, problems: _Problems
) -> Record | None:
    known = set(record_fields(record_type)) - {"extra"}
    if record_type is Attachment:
        known.discard("data")  # the JSON carries it as data_base64; a "data" key is foreign
    defaults = {f.name: f for f in fields(record_type)}
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in item.items():
        if record_type is Attachment and key == "data_base64":
            try:
                values["data"] = base64.b64decode(value, validate=True)
            except (ValueError, TypeError):
                problems.add(tr("{where}: data_base64 is not valid base64.", where=where))
            continue
        if key not in known:
            extra[key] = value
            continue
        values[key] = value
    for required in ("id", "updated_at", "deleted"):
        if required not in values:
            problems.add(tr("{where}: the field {field} is missing.", where=where, field=required))
            return None
    try:
        uuid.UUID(str(values["id"]))
    except ValueError:
        problems.add(tr("{where}: id is not a UUID.", where=where))
    try:
        parse_stamp(str(values["updated_at"]))
    except ValueError:
        problems.add(tr("{where}: updated_at is not a clock stamp.", where=where))
    for name, value in list(values.items()):
        default = defaults[name].default
        if isinstance(default, tuple):  # tags, participant_ids
            if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
                problems.add(
                    tr("{where}: {field} must be a list of texts.", where=where, field=name)
                )
                return None
            values[name] = tuple(value)
        elif isinstance(default, bool) and not isinstance(value, bool):
            problems.add(tr("{where}: {field} must be true or false.", where=where, field=name))
        elif isinstance(default, int) and not isinstance(default, bool):
            if not isinstance(value, int) or isinstance(value, bool):
                problems.add(
                    tr("{where}: {field} must be a whole number.", where=where, field=name)
                )
        elif isinstance(default, str) and not isinstance(value, str):
            problems.add(tr("{where}: {field} must be a text.", where=where, field=name))
        elif default is None and value is not None and name == "capacity":
            if not isinstance(value, int) or isinstance(value, bool):
                problems.add(
                    tr("{where}: {field} must be a whole number.", where=where, field=name)
                )
        elif default is None and value is not None and not isinstance(value, str):
            problems.add(tr("{where}: {field} must be an id or null.", where=where, field=name))
    return record_type(**values, extra=extra)


def records_from_document(document: Any) -> tuple[dict[str, list[Record]], dict[str, Any]]:
    """Check a CONTRACT §2 document and turn it into records (and its unknown top-level keys).

    Raises `NewerFormat` for a later version and `InvalidImport` listing every problem found.
    """
    problems = _Problems()
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InvalidImport(tr('This JSON file is not a Récolte export (no "format": "recolte").'))
    version = document.get("version")
    if not isinstance(version, int):
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
    missing = [k for k in ("event", *_COLLECTIONS) if k not in document]
    if missing:
        raise InvalidImport(tr("The export lacks the key(s): {keys}.", keys=", ".join(missing)))
    records: dict[str, list[Record]] = {}
    if not isinstance(document["event"], dict):
        raise InvalidImport(tr('"event" must be an object.'))
    event = _coerce(Event, document["event"], "event", problems)
    records["event"] = [event] if event else []
    for name in _COLLECTIONS:
        items = document[name]
        if not isinstance(items, list):
            problems.add(tr('"{key}" must be a list.', key=name))
            continue
        record_type = BY_COLLECTION[name]
        records[name] = []
        for index, item in enumerate(items):
            where = _where(name, index, item)
            if not isinstance(item, dict):
                problems.add(tr("{where} must be an object.", where=where))
                continue
            record = _coerce(record_type, item, where, problems)
            if record is not None:
                records[name].append(record)
    problems.raise_if_any()
    _check_references(records, problems)
    problems.raise_if_any()
    known = {"format", "version", "event", *_COLLECTIONS}
    extra = {k: v for k, v in document.items() if k not in known}
    return records, extra


def _check_references(records: dict[str, list[Record]], problems: _Problems) -> None:
    ids = {name: {r.id for r in items} for name, items in records.items()}
    seen: set[str] = set()
    for name, items in records.items():
        for index, record in enumerate(items):
            if record.id in seen:
                problems.add(
                    tr(
                        "{where}: the id is used twice.",
                        where=_where(name, index, {"id": record.id}),
                    )
                )
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
                            where=_where(name, index, {"id": record.id}),
                            field=field_name,
                            value=value,
                            target=target,
                        )
                    )


def import_json(source: str | Path, target: str | Path) -> Path:
    """Create the event file `target` from the JSON export `source`; never overwrites a file."""
    from facilitator_app.store import write_new_event

    source, target = Path(source), Path(target)
    if target.exists():
        raise AlreadyExists(tr("{path} already exists; choose another name.", path=target))
    try:
        document = json.loads(source.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise InvalidImport(tr("There is no file {path}.", path=source)) from None
    except UnicodeDecodeError:
        raise InvalidImport(tr("{path} is not UTF-8 text.", path=source)) from None
    except json.JSONDecodeError as error:
        raise InvalidImport(
            tr(
                "{path} is not valid JSON (line {line}, column {column}).",
                path=source,
                line=error.lineno,
                column=error.colno,
            )
        ) from None
    records, extra = records_from_document(document)
    meta = {_META_EXTRA: json.dumps(extra, ensure_ascii=False)} if extra else None
    return write_new_event(target, records, meta=meta)
