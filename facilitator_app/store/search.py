"""Full-text search over every note, with SQLite FTS5.

FTS5's `unicode61` tokenizer folds case and accents but not the French ligatures (`œ`, `æ`),
so both sides go through `core.text.fold` first: the index holds the folded text of each
note (its text, author and tags) under the note's rowid, and a query is folded the same way,
so `coeur` finds `cœur`, `ecole` finds `École` and `oeuvre` finds `Œuvre`. Each word of a
query is a prefix, so the results narrow as the person types.

The index is written by `EventStore.put`/`put_many` in the same transaction as the note, so
an edit, an import or a merge can never leave it behind; schema step 0004 fills it for files
made before it existed.
"""

from __future__ import annotations

import re
import sqlite3

from facilitator_app.core.model import Note
from facilitator_app.core.text import fold

__all__ = ["index_note", "index_all_notes", "match_expression", "note_body", "FTS_TABLE"]

FTS_TABLE = "notes_fts"
_WORD = re.compile(r"\w+")


def note_body(note: Note) -> str:
    """What a note is found by: its text, its author and its tags, folded."""
    return fold(" ".join((note.text, note.author, *note.tags)))


def index_note(conn: sqlite3.Connection, note: Note) -> None:
    """Bring the index in step with `note`, just written to the notes table."""
    row = conn.execute("SELECT rowid FROM notes WHERE id = ?", (note.id,)).fetchone()
    conn.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = ?", (row[0],))
    if not note.deleted:
        conn.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, body) VALUES (?, ?)", (row[0], note_body(note))
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
    words = _WORD.findall(fold(query))
    if not words:
        return None
    return " ".join(f'"{word}"*' for word in words)
