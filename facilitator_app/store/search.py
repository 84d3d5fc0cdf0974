"""Full-text search over every note, with SQLite FTS5.

FTS5's `unicode61` tokenizer folds case and accents but not the French ligatures (`œ`, `æ`),
so both sides go through `core.text.fold` first: the index holds the folded text of each
note (its text, author and tags) under the note's rowid, and a query is folded the same way,
so `coeur` finds `cœur`, `ecole` finds `École` and `oeuvre` finds `Œuvre`. Each word of a
query is a prefix, so the results narrow as the person types.

The index is written by `EventStore.put`/`put_many` in the same transaction as the note, so
an edit, an import or a merge can never leave it behind; schema step 0004 fills it for files
made before it existed.

Results come in programme order (session by session, then by position), and notes of a
deleted session are not found. `find_rows` orders the hits' rowids one of two ways: from the
index, then each hit's note and session (cheap when few notes match), or, for a bounded
search that matches many notes (a common word at the window's limit), by walking the
programme in order and stopping at the limit, so that thousands of hits need not all be
looked up and sorted (tests/benchmarks/bench_search.py measures both); then it reads those
notes, so that no note's text goes through SQLite's sorter (a 5 MB note made every search
that met it slow). The index holds the first `MAX_NOTE_CHARS` characters of a note.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

from facilitator_app.core.limits import MAX_NOTE_CHARS
from facilitator_app.core.model import Note
from facilitator_app.core.text import fold, words
from facilitator_app.store.codec import chunks

__all__ = [
    "FTS_TABLE",
    "count_matches",
    "index_all_notes",
    "index_note",
    "index_bodies",
    "row_body",
    "match_expression",
    "note_body",
    "find_rows",
    "search_sql",
]

FTS_TABLE = "notes_fts"
_PROGRAMME_ORDER = "ORDER BY s.day, s.position, s.start, s.rowid, n.position, n.rowid"
# A bounded search walks the programme when more than this many times `limit` notes match:
# it then meets `limit` hits early instead of sorting every one (measured in bench_search).
_WALK_FACTOR = 5


def note_body(note: Note) -> str:
    """What a note is found by: its text (its first `MAX_NOTE_CHARS` characters: a longer
    note written before the limit would make every search that meets it slow), its author
    and its tags, folded."""
    return fold(" ".join((note.text[:MAX_NOTE_CHARS], note.author, *note.tags)))


def index_note(conn: sqlite3.Connection, note: Note) -> None:
    """Bring the index in step with `note`, just written to the notes table."""
    row = conn.execute("SELECT rowid FROM notes WHERE id = ?", (note.id,)).fetchone()
    conn.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = ?", (row[0],))
    if not note.deleted:
        conn.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, body) VALUES (?, ?)", (row[0], note_body(note))
        )


def row_body(text: str, author: str, tags: str) -> str:
    """`note_body` of a note row as the notes table holds it (`tags` as JSON text)."""
    text = text[:MAX_NOTE_CHARS]
    return fold(" ".join((text, author, *(_tags(tags) if tags != "[]" else ()))))


def index_bodies(
    conn: sqlite3.Connection, bodies: Mapping[str, str | None], *, new_after: int | None = None
) -> None:
    """Bring the index in step with many notes just written (an import, a merge): note id →
    its body, or None for a deleted note. Notes whose rowid is above `new_after` were just
    added, so the index holds nothing of them to remove.

    The rowids are looked up first, then the index is written with plain VALUES: an
    `INSERT INTO notes_fts … SELECT` goes through a temporary table and took five times as
    long for 20,000 notes (tests/benchmarks/bench_merge.py)."""
    rowids: dict[str, int] = {}
    ids = list(bodies)
    for chunk in chunks(ids):
        marks = ", ".join("?" * len(chunk))
        rowids.update(conn.execute(f"SELECT id, rowid FROM notes WHERE id IN ({marks})", chunk))
    conn.executemany(
        f"DELETE FROM {FTS_TABLE} WHERE rowid = ?",
        ((rowid,) for rowid in rowids.values() if new_after is None or rowid <= new_after),
    )
    conn.executemany(
        f"INSERT INTO {FTS_TABLE} (rowid, body) VALUES (?, ?)",
        ((rowids[i], body) for i, body in bodies.items() if body is not None),
    )


def index_all_notes(conn: sqlite3.Connection) -> None:
    """Rebuild the whole index from the notes table (schema step 0004)."""
    conn.execute(f"DELETE FROM {FTS_TABLE}")
    rows = conn.execute("SELECT rowid, text, author, tags FROM notes WHERE deleted = 0")
    conn.executemany(
        f"INSERT INTO {FTS_TABLE} (rowid, body) VALUES (?, ?)",
        (
            (rowid, note_body(Note(text=text, author=author, tags=tuple(_tags(tags)))))
            for rowid, text, author, tags in rows.fetchall()
        ),
    )


def _tags(text: str) -> list[str]:
    import json

    value = json.loads(text or "[]")
    return [str(tag) for tag in value] if isinstance(value, list) else []


def match_expression(query: str) -> str | None:
    """The FTS5 MATCH expression for what a person typed: every word, each as a prefix.

    None when the query holds no word at all (only spaces or punctuation).
    """
    found = words(query)
    if not found:
        return None
    return " ".join(f'"{word}"*' for word in found)


def find_rows(
    conn: sqlite3.Connection, columns: Sequence[str], expression: str, limit: int | None
) -> list[tuple[Any, ...]]:
    """`columns` of the notes matching `expression`, in programme order, at most `limit`.

    The notes are put in order by their rowids alone, then read: sorting whole rows copied
    every hit's text into SQLite's sorter, and a note of 5 MB made every search that met it
    six times slower (tests/store/test_note_search.py)."""
    if limit is None:
        ids = [rowid for (rowid,) in conn.execute(search_sql("n.rowid"), (expression,))]
    else:
        limit = max(int(limit), 0)
        threshold = _WALK_FACTOR * limit
        # Many matches: walk the programme and stop at the limit rather than sort them all.
        walk = count_matches(conn, expression, at_most=threshold + 1) > threshold
        sql = search_sql("n.rowid", walk=walk) + " LIMIT ?"
        ids = [rowid for (rowid,) in conn.execute(sql, (expression, limit))]
    selected = ", ".join(f'n."{column}"' for column in columns)
    rows: dict[int, tuple[Any, ...]] = {}
    for chunk in chunks(ids):
        marks = ", ".join("?" * len(chunk))
        sql = f"SELECT n.rowid, {selected} FROM notes n WHERE n.rowid IN ({marks})"
        rows.update((row[0], row[1:]) for row in conn.execute(sql, chunk))
    return [rows[rowid] for rowid in ids]


def count_matches(conn: sqlite3.Connection, expression: str, *, at_most: int) -> int:
    """How many indexed notes match, counting no further than `at_most` (index only: cheap)."""
    sql = f"SELECT count(*) FROM (SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ? LIMIT ?)"
    return int(conn.execute(sql, (expression, at_most)).fetchone()[0])


def search_sql(columns: str, *, walk: bool = False) -> str:
    """SELECT `columns` (of notes `n`) of the live notes of live sessions matching the one `?`
    parameter (a `match_expression`), in programme order; append a LIMIT as needed.

    `walk` reads the programme in order through the `sessions_by_day` and `notes_by_session`
    indexes, keeping the notes found in the index: fastest when most notes match and a LIMIT
    lets it stop early. Otherwise the index's hits are looked up and sorted."""
    if walk:
        return (
            f"SELECT {columns} FROM sessions s CROSS JOIN notes n ON n.session_id = s.id "
            f"WHERE s.deleted = 0 AND n.deleted = 0 AND n.rowid IN "
            f"(SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?) {_PROGRAMME_ORDER}"
        )
    return (
        f"SELECT {columns} FROM {FTS_TABLE} f JOIN notes n ON n.rowid = f.rowid "
        f"JOIN sessions s ON s.id = n.session_id "
        f"WHERE {FTS_TABLE} MATCH ? AND n.deleted = 0 AND s.deleted = 0 {_PROGRAMME_ORDER}"
    )
