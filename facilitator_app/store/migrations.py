"""Schema of a `.recolte` file, one `sqlite_utils.Migrations` step per change.

Released steps are never edited: a change of schema is a new step at the end, and
`SCHEMA_VERSION` (written to `PRAGMA user_version`) counts the steps, so a file made by a
newer Récolte is recognised and refused before anything is written to it. `APPLICATION_ID`
(`PRAGMA application_id`) marks a SQLite file as a Récolte event.

Foreign keys are DEFERRABLE INITIALLY DEFERRED: an import or a merge may write records in any
order inside one transaction, and SQLite checks the references at commit.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from facilitator_app.core.clock import join_clocks
from facilitator_app.store.search import index_all_notes

if TYPE_CHECKING:
    import sqlite_utils

__all__ = ["APPLICATION_ID", "SCHEMA_VERSION", "apply_migrations"]

APPLICATION_ID = 0x52434C54  # "RCLT"

_COMMON = """
    id TEXT PRIMARY KEY NOT NULL,
    updated_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    extra TEXT NOT NULL DEFAULT '{}'"""


def _ref(table: str) -> str:
    return f"REFERENCES {table}(id) DEFERRABLE INITIALLY DEFERRED"


_INITIAL_SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
CREATE TABLE event ({_COMMON},
    title TEXT NOT NULL DEFAULT '', subtitle TEXT NOT NULL DEFAULT '',
    place TEXT NOT NULL DEFAULT '', start_date TEXT NOT NULL DEFAULT '',
    end_date TEXT NOT NULL DEFAULT '', language TEXT NOT NULL DEFAULT 'fr',
    description TEXT NOT NULL DEFAULT '', organisers TEXT NOT NULL DEFAULT '');
CREATE TABLE sessions ({_COMMON},
    title TEXT NOT NULL DEFAULT '', kind TEXT NOT NULL DEFAULT 'plenary',
    day TEXT NOT NULL DEFAULT '', start TEXT NOT NULL DEFAULT '', "end" TEXT NOT NULL DEFAULT '',
    room TEXT NOT NULL DEFAULT '', question TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0);
CREATE TABLE organisations ({_COMMON},
    name TEXT NOT NULL DEFAULT '', type TEXT NOT NULL DEFAULT '', place TEXT NOT NULL DEFAULT '',
    website TEXT NOT NULL DEFAULT '', presentation TEXT NOT NULL DEFAULT '');
CREATE TABLE participants ({_COMMON},
    name TEXT NOT NULL DEFAULT '', organisation_id TEXT {_ref("organisations")},
    role TEXT NOT NULL DEFAULT '', email TEXT NOT NULL DEFAULT '',
    consent_listed INTEGER NOT NULL DEFAULT 0, consent_photo INTEGER NOT NULL DEFAULT 0);
CREATE TABLE tables ({_COMMON},
    session_id TEXT NOT NULL {_ref("sessions")}, number INTEGER NOT NULL DEFAULT 1,
    theme TEXT NOT NULL DEFAULT '', host_id TEXT {_ref("participants")}, capacity INTEGER,
    synthesis TEXT NOT NULL DEFAULT '');
CREATE TABLE rounds ({_COMMON},
    session_id TEXT NOT NULL {_ref("sessions")}, number INTEGER NOT NULL DEFAULT 1,
    minutes INTEGER NOT NULL DEFAULT 20, question TEXT NOT NULL DEFAULT '');
CREATE TABLE seats ({_COMMON},
    session_id TEXT NOT NULL {_ref("sessions")}, round_id TEXT NOT NULL {_ref("rounds")},
    table_id TEXT NOT NULL {_ref("tables")},
    participant_id TEXT NOT NULL {_ref("participants")});
CREATE TABLE categories ({_COMMON},
    session_id TEXT NOT NULL {_ref("sessions")}, name TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0);
CREATE TABLE notes ({_COMMON},
    session_id TEXT NOT NULL {_ref("sessions")}, text TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT 'idea', author TEXT NOT NULL DEFAULT '',
    table_id TEXT {_ref("tables")}, round_id TEXT {_ref("rounds")},
    category_id TEXT {_ref("categories")}, parent_id TEXT {_ref("notes")},
    votes INTEGER NOT NULL DEFAULT 0, position INTEGER NOT NULL DEFAULT 0,
    tags TEXT NOT NULL DEFAULT '[]', created_at TEXT NOT NULL DEFAULT '');
CREATE TABLE attachments ({_COMMON},
    note_id TEXT {_ref("notes")}, session_id TEXT {_ref("sessions")},
    filename TEXT NOT NULL DEFAULT '', media_type TEXT NOT NULL DEFAULT '',
    data BLOB NOT NULL DEFAULT x'');
CREATE TABLE fiches ({_COMMON},
    title TEXT NOT NULL DEFAULT '', body TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT 'fiche', position INTEGER NOT NULL DEFAULT 0);
CREATE INDEX sessions_by_day ON sessions(day, position);
CREATE INDEX participants_by_organisation ON participants(organisation_id);
CREATE INDEX tables_by_session ON tables(session_id);
CREATE INDEX rounds_by_session ON rounds(session_id);
CREATE INDEX seats_by_session ON seats(session_id, round_id);
CREATE INDEX categories_by_session ON categories(session_id);
CREATE INDEX notes_by_session ON notes(session_id, position);
CREATE INDEX notes_by_parent ON notes(parent_id);
CREATE INDEX attachments_by_note ON attachments(note_id);
CREATE INDEX attachments_by_session ON attachments(session_id);
"""


def _build_migrations() -> sqlite_utils.Migrations:
    import sqlite_utils  # costs ~0.1 s: only when a file is created or upgraded

    migrations = sqlite_utils.Migrations("recolte")

    @migrations(name="0001_initial")
    def initial(db: sqlite_utils.Database) -> None:
        for statement in _INITIAL_SCHEMA.split(";"):
            if statement.strip():
                db.execute(statement)

    @migrations(name="0002_child_key_indexes")
    def child_key_indexes(db: sqlite_utils.Database) -> None:
        # SQLite looks a parent's children up by these columns on every insert or delete of
        # the parent while deferred foreign keys are pending: without an index each lookup
        # scans the child table, and writing a large event took quadratic time.
        for statement in _CHILD_KEY_INDEXES.split(";"):
            if statement.strip():
                db.execute(statement)

    @migrations(name="0003_world_cafe_setup")
    def world_cafe_setup(db: sqlite_utils.Database) -> None:
        db.execute("ALTER TABLE sessions ADD COLUMN participant_ids TEXT NOT NULL DEFAULT '[]'")
        db.execute(
            "ALTER TABLE sessions ADD COLUMN keep_colleagues_apart INTEGER NOT NULL DEFAULT 0"
        )
        db.execute("ALTER TABLE seats ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0")

    @migrations(name="0004_editors_and_search")
    def editors_and_search(db: sqlite_utils.Database) -> None:
        for statement in _EDITORS.split(";"):
            if statement.strip():
                db.execute(statement)
        index_all_notes(db.conn)

    @migrations(name="0005_merge_conflicts")
    def merge_conflicts(db: sqlite_utils.Database) -> None:
        for statement in _MERGE.split(";"):
            if statement.strip():
                db.execute(statement)

    @migrations(name="0006_trust")
    def trust(db: sqlite_utils.Database) -> None:
        _record_clocks(db)
        for statement in _TRUST.split(";"):
            if statement.strip():
                db.execute(statement)
        _conflicts_as_versions(db)

    return migrations


_EDITORS = f"""
ALTER TABLE sessions ADD COLUMN speaker_ids TEXT NOT NULL DEFAULT '[]';
ALTER TABLE sessions ADD COLUMN moderator_id TEXT {_ref("participants")};
ALTER TABLE notes ADD COLUMN speaker_id TEXT {_ref("participants")};
ALTER TABLE attachments ADD COLUMN table_id TEXT {_ref("tables")};
ALTER TABLE attachments ADD COLUMN round_id TEXT {_ref("rounds")};
ALTER TABLE attachments ADD COLUMN caption TEXT NOT NULL DEFAULT '';
ALTER TABLE attachments ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
CREATE INDEX sessions_by_moderator ON sessions(moderator_id);
CREATE INDEX notes_by_speaker ON notes(speaker_id);
CREATE INDEX attachments_by_table ON attachments(table_id);
CREATE INDEX attachments_by_round ON attachments(round_id);
CREATE VIRTUAL TABLE notes_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')
"""

_CHILD_KEY_INDEXES = """
CREATE INDEX tables_by_host ON tables(host_id);
CREATE INDEX seats_by_round ON seats(round_id);
CREATE INDEX seats_by_table ON seats(table_id);
CREATE INDEX seats_by_participant ON seats(participant_id);
CREATE INDEX notes_by_table ON notes(table_id);
CREATE INDEX notes_by_round ON notes(round_id);
CREATE INDEX notes_by_category ON notes(category_id);
"""

# Merging copies (store/merging.py): `conflicts` keeps each version that lost a concurrent
# edit, one row per losing version (id = record id @ its stamp, so a merge done twice adds
# nothing); `merged_copies` remembers, per prepared copy, the latest stamp already merged and
# the devices that edited it, so collecting a copy again flags only what is new.
_MERGE = """
CREATE TABLE conflicts (id TEXT PRIMARY KEY NOT NULL,
    record_kind TEXT NOT NULL, record_id TEXT NOT NULL,
    winner_json TEXT NOT NULL, loser_json TEXT NOT NULL,
    source_name TEXT NOT NULL DEFAULT '', source_won INTEGER NOT NULL DEFAULT 0,
    held_from TEXT NOT NULL DEFAULT '',
    merged_at TEXT NOT NULL DEFAULT '', resolved INTEGER NOT NULL DEFAULT 0);
CREATE INDEX conflicts_by_record ON conflicts(record_id);
CREATE TABLE merged_copies (copy_id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL DEFAULT '', base_stamp TEXT NOT NULL DEFAULT '',
    seen_stamp TEXT NOT NULL DEFAULT '', nodes TEXT NOT NULL DEFAULT '[]',
    merged_at TEXT NOT NULL DEFAULT '')
"""

# Step 0006 (issue 12, trust in the data):
# - every record carries `clock`, its version vector (core.clock.join_clocks): one stamp per
#   device, the latest edit of the record known from that device; before this step a record
#   knew only its own edit;
# - `versions` keeps the versions of a record that were made apart from the one in its table
#   and lost to it (core.merge: a merge is a join of these states, in any order); the
#   `conflicts` and `merged_copies` of step 0005 guessed where copies parted: their unresolved
#   conflicts become versions, and both tables go;
# - `drafts` holds what is being typed in a box of this file's window, not yet an edit
#   (`box`: which box; `context`: what committing it needs, as JSON);
# - `devices` names the device ids found in stamps (each opening of a file for writing mints
#   one): the copy it was for and the computer, for the conflict view.
_RECORD_TABLES = (
    "event",
    "sessions",
    "organisations",
    "participants",
    "tables",
    "rounds",
    "seats",
    "categories",
    "notes",
    "attachments",
    "fiches",
)

_TRUST = """
CREATE TABLE versions (record_id TEXT NOT NULL, stamp TEXT NOT NULL,
    collection TEXT NOT NULL, record_json TEXT NOT NULL,
    PRIMARY KEY (record_id, stamp)) WITHOUT ROWID;
CREATE TABLE drafts (box TEXT PRIMARY KEY NOT NULL, text TEXT NOT NULL DEFAULT '',
    context TEXT NOT NULL DEFAULT '{}', saved_at TEXT NOT NULL DEFAULT '');
CREATE TABLE devices (node TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL DEFAULT '',
    host TEXT NOT NULL DEFAULT '', first_seen TEXT NOT NULL DEFAULT '') WITHOUT ROWID
"""


def _record_clocks(db: sqlite_utils.Database) -> None:
    for table in _RECORD_TABLES:
        db.execute(f"ALTER TABLE {table} ADD COLUMN clock TEXT NOT NULL DEFAULT '[]'")
        db.execute(f"UPDATE {table} SET clock = json_array(updated_at)")


def _conflicts_as_versions(db: sqlite_utils.Database) -> None:
    kinds = {
        "event": "event",
        "session": "sessions",
        "organisation": "organisations",
        "participant": "participants",
        "table": "tables",
        "round": "rounds",
        "seat": "seats",
        "category": "categories",
        "note": "notes",
        "attachment": "attachments",
        "fiche": "fiches",
    }
    rows = db.execute(
        "SELECT record_kind, record_id, loser_json FROM conflicts WHERE resolved = 0"
    ).fetchall()
    for kind, record_id, loser_json in rows:
        table = kinds.get(kind)
        stamp = json.loads(loser_json).get("updated_at")
        if table is None or not isinstance(stamp, str):
            continue
        held = db.execute(f"SELECT updated_at, clock FROM {table} WHERE id = ?", [record_id])
        row = held.fetchone()
        if row is None or row[0] == stamp:
            continue
        db.execute(
            "INSERT OR IGNORE INTO versions (record_id, stamp, collection, record_json) "
            "VALUES (?, ?, ?, ?)",
            [record_id, stamp, table, loser_json],
        )
        clock = json.dumps(list(join_clocks(json.loads(row[1]), [stamp])))
        db.execute(f"UPDATE {table} SET clock = ? WHERE id = ?", [clock, record_id])
    db.execute("DROP TABLE conflicts")
    db.execute("DROP TABLE merged_copies")


SCHEMA_VERSION = 6  # the number of steps in _build_migrations()


def apply_migrations(db: sqlite_utils.Database) -> None:
    """Bring a file up to SCHEMA_VERSION, each step in its own transaction."""
    _build_migrations().apply(db)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
