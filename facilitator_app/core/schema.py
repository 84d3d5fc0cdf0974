"""The interchange schema, `resources/schema/recolte-1.schema.json`, as the one judge of what a
record may hold: import-json, the merge of JSON copies and `check` all validate through it.

The schema is compiled once per process, on first use, by fastjsonschema (generated Python
code: about twenty times faster than `jsonschema` on a large event; dates are asserted as real
calendar dates through its `format` hook). What a schema cannot say stays in code and is
shared here too: a stamp must be a moment that exists and not more than a day ahead of this
computer's clock (`stamp_problems`); the callers add references, duplicate ids and idea-tree
cycles. Every problem is one sentence naming the record (array, index, id) and the field,
with quoted values cut, at most `MAX_MESSAGE_CHARS` characters, on one line.
"""

from __future__ import annotations

import base64
import json
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from facilitator_app.core.clock import parse_stamp, too_far_ahead
from facilitator_app.core.limits import shorten
from facilitator_app.core.model import Attachment, Record, record_fields
from facilitator_app.i18n import N_, tr
from facilitator_app.paths import resource

__all__ = [
    "FORMAT",
    "VERSION",
    "SCHEMA_FILE",
    "MAX_DEPTH",
    "schema",
    "Problem",
    "schema_problems",
    "stamp_problems",
    "unsound_value",
    "record_as_json",
    "where",
    "quoted",
]

FORMAT = "recolte"
VERSION = 1
SCHEMA_FILE = "recolte-1.schema.json"
MAX_DEPTH = 100  # nesting of an unknown value kept as it came; deeper is refused
_ID_CHARS = 40  # an id is 36 characters; a longer "id" is cut in the record's name

# the schema's `title` of a definition → what a value there must be
_EXPECTED = {
    "UUID": N_("a UUID"),
    "UUID or null": N_("a UUID or null"),
    "list of UUIDs": N_("a list of UUIDs or null"),
    "clock stamp": N_("a clock stamp (YYYY-MM-DDTHH:MM:SS.mmmZ-CCCC-NODE)"),
    "list of clock stamps": N_("a list of clock stamps or null"),
    "text": N_("a text or null"),
    "note text": N_("a text or null"),
    "list of texts": N_("a list of texts or null"),
    "flag": N_("true, false or null"),
    "true or false": N_("true or false"),
    "whole number": N_("a whole number or null"),
    "count": N_("a whole number, zero or more, or null"),
    "date": N_("a date that exists (YYYY-MM-DD), empty or null"),
    "time": N_("a time from 00:00 to 23:59 (HH:MM), empty or null"),
    "base64": N_("base64 text or null"),
}
_TYPES = {
    "string": N_("a text"),
    "integer": N_("a whole number"),
    "number": N_("a number"),
    "boolean": N_("true or false"),
    "array": N_("a list"),
    "object": N_("an object"),
    "null": N_("null"),
}
# what splits a line (str.splitlines) or hides in one: escaped when a value is quoted
_UNPRINTABLE = frozenset(("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))


@dataclass(frozen=True, slots=True)
class Problem:
    """One departure from the schema: the record it is in, named as `where` names it (empty
    for the document itself), and the sentence that says it."""

    place: str
    sentence: str

    def __str__(self) -> str:
        return self.sentence


# -- the compiled schema ----------------------------------------------------------------------


@cache
def schema() -> dict[str, Any]:
    """The interchange schema as shipped in `resources/schema`."""
    loaded: dict[str, Any] = json.loads(resource("schema", SCHEMA_FILE).read_text(encoding="utf-8"))
    return loaded


def _is_real_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10  # fromisoformat also reads 20260612 and 2026-W24-5


@cache
def _validator() -> Callable[[Any], Any]:
    import fastjsonschema  # ~10 ms and 70 ms to compile: only when a document is checked

    return fastjsonschema.compile(
        schema(), formats={"date": _is_real_date}, use_default=False, fast_fail=False
    )


def schema_problems(document: Any, *, indexed: bool = True) -> list[Problem]:
    """Every way `document` departs from the schema, one sentence each (empty when it
    validates). `indexed`: records are named by their place in their array too (a file being
    imported), not only by id (an event file being checked)."""
    import fastjsonschema

    try:
        _validator()(document)
    except fastjsonschema.JsonSchemaValueException as error:
        errors = [error]
    except fastjsonschema.JsonSchemaValuesException as error:
        errors = list(error.errors)
    else:
        return []
    problems: list[Problem] = []
    seen: set[str | None] = set()
    for broken in errors:  # a value may break several rules (pattern and format): said once
        if broken.name not in seen:
            seen.add(broken.name)
            problems.extend(_problems(broken, document, indexed=indexed))
    return problems


# -- sentences --------------------------------------------------------------------------------


def quoted(value: Any, limit: int = 60) -> str:
    """`value` as a message quotes it: on one line, cut to `limit` characters, never the
    whole of a huge text or list."""
    if isinstance(value, str):
        text = "".join(
            c if unicodedata.category(c) not in _UNPRINTABLE else f"\\u{ord(c):04x}"
            for c in value[:limit]
        )
        if len(value) > limit or len(text) > limit:
            text = text[: limit - 1] + "…"
        return f"“{text}”"
    if value is None or isinstance(value, bool | int | float):
        return shorten(json.dumps(value), limit)
    if isinstance(value, list):
        return "[…]" if value else "[]"
    return "{…}" if value else "{}"


def where(collection: str, index: int | None, item: Any) -> str:
    """How a record is named in a message: `notes[3] (<id>)`, or `notes (<id>)` without index."""
    place = collection if index is None else f"{collection}[{index}]"
    ident = item.get("id") if isinstance(item, dict) else None
    if collection == "versions" and isinstance(item, dict) and isinstance(item.get("record"), dict):
        ident = item["record"].get("id")
    if isinstance(ident, str) and ident:
        if len(ident) <= _ID_CHARS and ident.isprintable():
            return f"{place} ({ident})"
        return f"{place} ({quoted(ident, _ID_CHARS)})"
    return place


def _expected(definition: Mapping[str, Any], rule: str | None) -> str:
    if rule == "enum":
        values = ", ".join("null" if v is None else str(v) for v in definition["enum"])
        return tr("one of {values}", values=values)
    if rule == "maximum":
        return tr(
            "a whole number from {low} to {high}",
            low=definition.get("minimum", "…"),
            high=definition["maximum"],
        )
    title = definition.get("title")
    if title in _EXPECTED:
        return tr(_EXPECTED[title])
    types = definition.get("type", ())
    types = [types] if isinstance(types, str) else list(types)
    if types:
        return tr(" or ").join(tr(_TYPES.get(t, t)) for t in types)
    return tr("a valid value")


def _field(parts: Iterable[str]) -> str:
    field = ""
    for part in parts:
        field += f"[{part}]" if part.isdigit() else (f".{part}" if field else part)
    return field


def _problems(error: Any, document: Any, *, indexed: bool) -> list[Problem]:
    return [
        Problem(place, shorten(sentence))
        for place, sentence in _sentences(error, document, indexed=indexed)
    ]


def _sentences(error: Any, document: Any, *, indexed: bool) -> list[tuple[str, str]]:
    parts = error.path[1:]  # ["notes", "3", "kind"]: "data" is the document itself
    definition = error.definition if isinstance(error.definition, dict) else {}
    rule = error.rule
    if not parts:
        missing = [k for k in definition.get("required", ()) if k not in document]
        return [("", tr("The export lacks the key(s): {keys}.", keys=", ".join(missing)))]
    collection, rest = parts[0], parts[1:]
    item: Any = None
    index: int | None = None
    if collection == "event":
        item = document.get("event")
    elif rest and rest[0].isdigit():
        index, rest = int(rest[0]), rest[1:]
        item = document[collection][index]
    else:
        sentence = tr(
            '"{key}" must be {expected}, not {value}.',
            key=collection,
            expected=_expected(definition, rule),
            value=quoted(error.value),
        )
        return [("", sentence)]
    place = where(collection, index if indexed else None, item)
    field = _field(rest)
    if rule == "required":
        value = error.value if isinstance(error.value, dict) else {}
        missing = [k for k in definition.get("required", ()) if k not in value]
        return [
            (place, tr("{where}: the field {field} is missing.", where=place, field=name))
            for name in (f"{field}.{k}" if field else k for k in missing)
        ]
    if rule == "anyOf" and definition.get("title") == "attachment":
        return [(place, tr("{where}: note_id or session_id must be set.", where=place))]
    if rule == "maxLength":
        sentence = tr(
            "{where}: {field} is longer than {limit} characters ({n}).",
            where=place,
            field=field,
            limit=definition["maxLength"],
            n=len(error.value),
        )
        return [(place, sentence)]
    if not field:
        sentence = tr(
            "{where} must be {expected}, not {value}.",
            where=place,
            expected=_expected(definition, rule),
            value=quoted(error.value),
        )
        return [(place, sentence)]
    sentence = tr(
        "{where}: {field} must be {expected}, not {value}.",
        where=place,
        field=field,
        expected=_expected(definition, rule),
        value=quoted(error.value),
    )
    return [(place, sentence)]


# -- what a schema cannot say -----------------------------------------------------------------


def stamp_problems(
    place: str, stamps: Iterable[tuple[str, str]], until: str, *, source: str | None = None
) -> list[str]:
    """The stamps of one record (field name, stamp), each of the schema's form, that are no
    real moment (30 February), or later than `until` (`core.clock.trusted_until()`): a device
    whose date was wrong made them, and they must not win every merge to come. `source` names
    the file they came from."""
    found = []
    for field, stamp in stamps:
        try:
            if stamp[8:10] > "28" or stamp.startswith("0000"):  # the schema checked the rest
                parse_stamp(stamp)
        except ValueError:
            found.append(
                tr(
                    "{where}: {field} must be {expected}, not {value}.",
                    where=place,
                    field=field,
                    expected=tr(_EXPECTED["clock stamp"]),
                    value=quoted(stamp),
                )
            )
            continue
        if too_far_ahead(stamp, until):
            moment = stamp[:24]
            if source:
                found.append(
                    tr(
                        "{where} in {file} is stamped {stamp}, over a day ahead of this "
                        "computer's clock.",
                        where=place,
                        file=quoted(source),
                        stamp=moment,
                    )
                )
            else:
                found.append(
                    tr(
                        "{where} is stamped {stamp}, over a day ahead of this computer's clock.",
                        where=place,
                        stamp=moment,
                    )
                )
            break  # one sentence per record
    return [shorten(sentence) for sentence in found]


def unsound_value(value: Any) -> str | None:
    """Why `value` (an unknown key or value read from JSON, kept as it came) cannot be stored,
    or None: a text holding half of a UTF-16 pair (JSON's `\\ud800`), which no file can
    encode, or lists and objects nested deeper than `MAX_DEPTH`. Walked without recursion."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        current, depth = stack.pop()
        if isinstance(current, str):
            if not current.isascii():
                try:
                    current.encode("utf-8")
                except UnicodeEncodeError:
                    return tr("is not valid Unicode")
        elif isinstance(current, dict | list):
            if depth >= MAX_DEPTH:
                return tr("is nested more than {n} levels deep", n=MAX_DEPTH)
            if isinstance(current, dict):
                stack.extend((key, depth) for key in current)
                stack.extend((child, depth + 1) for child in current.values())
            else:
                stack.extend((child, depth + 1) for child in current)
    return None


# -- records as the interchange writes them ---------------------------------------------------


_JSON_NAMES: dict[type[Record], tuple[tuple[str, str], ...]] = {}


def _json_names(record_type: type[Record]) -> tuple[tuple[str, str], ...]:
    """(JSON key, field) for each field a record writes, in order: an attachment's `data`
    is written as `data_base64`. Worked out once per type (a dict: mypy cannot see through
    `functools.cache` that a record class is hashable)."""
    names = _JSON_NAMES.get(record_type)
    if names is None:
        names = _JSON_NAMES[record_type] = tuple(
            ("data_base64" if name == "data" and record_type is Attachment else name, name)
            for name in record_fields(record_type)
            if name != "extra"
        )
    return names


def record_as_json(record: Record, *, data: bool = True) -> dict[str, Any]:
    """A record as CONTRACT §2 writes it: lists for tuples, an attachment's bytes in base64
    (left empty without `data`: `check` need not encode every photo), unknown keys last."""
    item: dict[str, Any] = {}
    for key, name in _json_names(type(record)):
        value = getattr(record, name)
        if type(value) is tuple:
            value = list(value)
        elif type(value) is bytes:
            value = base64.b64encode(value).decode("ascii") if data else ""
        item[key] = value
    item.update(record.extra)
    return item
