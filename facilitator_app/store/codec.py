"""Conversion between record dataclasses and SQLite rows, and the SQL that reads and writes them.

Column names are the dataclass field names; the table of a record type is its JSON
collection name. Booleans are stored as 0/1, `tags` and `extra` as JSON text, bytes as BLOBs.
"""

from __future__ import annotations

import json
import sqlite3
import typing
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from facilitator_app.core.model import Record, record_fields

__all__ = ["Codec", "codec_for", "chunks"]

CHUNK = 500  # values per `IN (?, …)`, well under SQLite's limit on parameters


T = TypeVar("T")
R = TypeVar("R", bound=Record)


def chunks(values: Sequence[T]) -> Iterator[Sequence[T]]:
    """`values` in slices small enough for one `IN (?, …)` each."""
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _quote(name: str) -> str:
    return f'"{name}"'


@dataclass(frozen=True, slots=True)
class Codec(Generic[R]):
    record_type: type[R]
    table: str
    columns: tuple[str, ...]
    bools: frozenset[str]
    jsons: frozenset[str]
    upsert_sql: str
    select_sql: str

    @property
    def stamp_columns(self) -> tuple[int, int]:
        """Where `updated_at` and `clock` are in a row."""
        return self.columns.index("updated_at"), self.columns.index("clock")

    def to_row(self, record: R) -> tuple[Any, ...]:
        values = []
        for name in self.columns:
            value = getattr(record, name)
            if name in self.jsons:  # most records carry no tags and no extra: no encoder
                if value == () or value == {}:
                    value = "[]" if isinstance(value, tuple) else "{}"
                else:
                    value = json.dumps(
                        list(value) if isinstance(value, tuple) else value, ensure_ascii=False
                    )
            elif name in self.bools:
                value = int(bool(value))
            values.append(value)
        return tuple(values)

    def from_row(self, row: sqlite3.Row | tuple[Any, ...]) -> R:
        values: dict[str, Any] = {}
        for name, value in zip(self.columns, row, strict=True):
            if name in self.jsons:  # most records carry no tags and no extra: skip the parser
                if value == "[]":
                    value = ()
                elif value == "{}":
                    value = {}
                else:
                    value = json.loads(value)
                    if isinstance(value, list):  # tags, participant_ids: tuples in records
                        value = tuple(value)
            elif name in self.bools:
                value = bool(value)
            values[name] = value
        return self.record_type(**values)


_CODECS: dict[type[Record], Codec[Any]] = {}


def codec_for(record_type: type[R]) -> Codec[R]:
    """The codec of `record_type`, built once (a dict, not `functools.cache`: mypy cannot
    see that a record class is hashable through the cache's signature)."""
    codec = _CODECS.get(record_type)
    if codec is None:
        codec = _CODECS[record_type] = _build(record_type)
    return codec


def _build(record_type: type[R]) -> Codec[R]:
    hints = typing.get_type_hints(record_type)
    columns = record_fields(record_type)
    bools = frozenset(n for n in columns if hints[n] is bool)
    jsons = frozenset(n for n in columns if typing.get_origin(hints[n]) in (tuple, dict))
    table = record_type.COLLECTION
    quoted = ", ".join(_quote(c) for c in columns)
    updates = ", ".join(f"{_quote(c)} = excluded.{_quote(c)}" for c in columns if c != "id")
    upsert = (
        f"INSERT INTO {table} ({quoted}) VALUES ({', '.join('?' * len(columns))}) "
        f"ON CONFLICT(id) DO UPDATE SET {updates}"
    )
    select = f"SELECT {quoted} FROM {table}"
    return Codec(record_type, table, columns, bools, jsons, upsert, select)
