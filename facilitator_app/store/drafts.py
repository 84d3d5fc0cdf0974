"""Drafts: what is being typed in a box of the window and is not an edit yet, kept in the file.

One row of the `drafts` table (schema step 0006) per box: `box` names it (`capture`, the
capture box under the notes; `session/<id>/question`, the question in a session's
properties…), `text` is what the box holds, `context` what committing it later needs (the
session, table, round, category, type, author or speaker of a note), `saved_at` when it was
written (local time). A draft is written in its own transaction, so with `synchronous=FULL`
it is on disk when `save_draft` returns; empty text deletes it.

Drafts are not records: they are never stamped, merged, exported or counted, and a copy
prepared for a note-taker does not carry them (`clear_drafts`). This is the only module that
knows the table.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from facilitator_app.store.event_store import EventStore

__all__ = ["Draft", "save_draft", "load_draft", "delete_draft", "list_drafts", "clear_drafts"]


@dataclass(frozen=True, slots=True)
class Draft:
    """The text of one box and what committing it needs."""

    box: str
    text: str
    context: Mapping[str, Any] = field(default_factory=dict)
    saved_at: str = ""


def save_draft(
    store: EventStore, box: str, text: str, context: Mapping[str, Any] | None = None
) -> None:
    """Keep `text` as the draft of `box` (replacing the previous one); blank text deletes it.

    Raises `ReadOnlyFile` when the file cannot be written, like any write.
    """
    if not text.strip():
        delete_draft(store, box)
        return
    values = json.dumps(dict(context or {}), ensure_ascii=False, sort_keys=True)
    saved_at = datetime.now().isoformat(timespec="microseconds")
    with store.transaction():
        store.conn.execute(
            "INSERT INTO drafts (box, text, context, saved_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(box) DO UPDATE SET text = excluded.text, "
            "context = excluded.context, saved_at = excluded.saved_at",
            (box, text, values, saved_at),
        )


def delete_draft(store: EventStore, box: str) -> None:
    """Forget the draft of `box` (the text was committed, or emptied); nothing if none."""
    with store.transaction():
        store.conn.execute("DELETE FROM drafts WHERE box = ?", (box,))


def load_draft(store: EventStore, box: str) -> Draft | None:
    row = store.conn.execute(
        "SELECT box, text, context, saved_at FROM drafts WHERE box = ?", (box,)
    ).fetchone()
    return _draft(row) if row else None


def list_drafts(store: EventStore, *, prefix: str = "") -> list[Draft]:
    """The drafts whose box starts with `prefix`, the latest saved first."""
    rows = store.conn.execute(
        "SELECT box, text, context, saved_at FROM drafts WHERE substr(box, 1, ?) = ? "
        "ORDER BY saved_at DESC, box",
        (len(prefix), prefix),
    )
    return [_draft(row) for row in rows]


def clear_drafts(conn: sqlite3.Connection) -> int:
    """Delete every draft of the file open on `conn`, inside the caller's transaction (a
    copy prepared for a note-taker must not carry the facilitator's unfinished text); how
    many there were."""
    return conn.execute("DELETE FROM drafts").rowcount


def _draft(row: tuple[str, str, str, str]) -> Draft:
    box, text, context, saved_at = row
    try:
        values = json.loads(context)
    except ValueError:
        values = {}
    return Draft(box, text, values if isinstance(values, dict) else {}, saved_at)
