"""A file written by an older Récolte is upgraded when opened for writing, its data intact."""

from __future__ import annotations

import json
import sqlite3

import sqlite_utils

from facilitator_app.core.model import Event, Note, Session
from facilitator_app.store import create_event, open_event
from facilitator_app.store import migrations as schema


def _downgrade_to_first_format(path) -> None:
    """Make `path` look like a file from version 1 (before the later steps)."""
    with sqlite3.connect(path) as conn:
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND name IN "
            "('tables_by_host', 'seats_by_round', 'seats_by_table', 'seats_by_participant', "
            "'notes_by_table', 'notes_by_round', 'notes_by_category')"
        ).fetchall():
            conn.execute(f"DROP INDEX {name}")
        conn.execute("DROP TABLE notes_fts")
        conn.execute("DROP TABLE versions")
        conn.execute("DROP TABLE drafts")
        conn.execute("DROP TABLE devices")
        for (table,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%clock TEXT%'"
        ).fetchall():
            conn.execute(f"ALTER TABLE {table} DROP COLUMN clock")
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND name IN "
            "('sessions_by_moderator', 'notes_by_speaker', 'attachments_by_table', "
            "'attachments_by_round')"
        ).fetchall():
            conn.execute(f"DROP INDEX {name}")
        for table, column in (
            ("sessions", "speaker_ids"),
            ("sessions", "moderator_id"),
            ("notes", "speaker_id"),
            ("attachments", "table_id"),
            ("attachments", "round_id"),
            ("attachments", "caption"),
            ("attachments", "position"),
            ("sessions", "participant_ids"),
            ("sessions", "keep_colleagues_apart"),
            ("seats", "pinned"),
        ):
            conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name != '0001_initial'")
        conn.execute("PRAGMA user_version = 1")


def _indexes(path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}


def test_a_first_format_file_is_upgraded_on_open(tmp_path):
    path = tmp_path / "ancien.recolte"
    store = create_event(path, Event(title="Rencontres d’hier"))
    session = store.put(Session(title="Ouverture", day="2026-06-11"))
    note = store.put(Note(session_id=session.id, text="Être présent au cœur du réseau"))
    store.close()
    _downgrade_to_first_format(path)
    assert "notes_by_category" not in _indexes(path)

    with open_event(path, readonly=True) as old:  # read through an upgraded copy in memory
        assert old.get(Note, note.id).text == "Être présent au cœur du réseau"
        assert [n.id for n in old.search("coeur")] == [note.id]
    assert "notes_by_category" not in _indexes(path)

    with open_event(path) as upgraded:
        assert upgraded.get(Note, note.id).text == "Être présent au cœur du réseau"
        assert upgraded.check() == []
        assert [n.id for n in upgraded.search("etre present")] == [note.id]
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION == 6
    assert {"notes_by_category", "seats_by_participant", "tables_by_host"} <= _indexes(path)
    with sqlite3.connect(path) as conn:  # step 0006: versions and clocks, not conflicts
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert {"versions", "drafts", "devices"} <= tables
        assert not {"conflicts", "merged_copies"} & tables
        assert conn.execute("SELECT clock FROM notes").fetchone()[0] == f'["{note.updated_at}"]'
    applied = [m.name for m in schema._build_migrations().applied(sqlite_utils.Database(path))]
    assert applied == [
        "0001_initial",
        "0002_child_key_indexes",
        "0003_world_cafe_setup",
        "0004_editors_and_search",
        "0005_merge_conflicts",
        "0006_trust",
    ]
    with open_event(path) as upgraded:
        assert upgraded.get(Session, session.id).participant_ids == ()


def test_unresolved_conflicts_of_format_5_become_versions_kept(tmp_path):
    """Format 5 kept conflicts in a table of their own; format 6 keeps the losing version
    beside the record, so it is still listed, and its clock knows both."""
    path = tmp_path / "conflits.recolte"
    store = create_event(path, Event(title="Rencontres"))
    session = store.put(Session(title="Ouverture"))
    note = store.put(Note(session_id=session.id, text="version gardée"))
    store.close()
    loser = {
        "id": note.id,
        "updated_at": "2026-01-01T00:00:00.000Z-0000-abababababababab",
        "session_id": session.id,
        "text": "version mise de côté",
        "clock": [],
    }
    with sqlite3.connect(path) as conn:
        for table in ("versions", "drafts", "devices"):
            conn.execute(f"DROP TABLE {table}")
        for (table,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%clock TEXT%'"
        ).fetchall():
            conn.execute(f"ALTER TABLE {table} DROP COLUMN clock")
        for statement in schema._MERGE.split(";"):
            conn.execute(statement)
        conn.executemany(
            "INSERT INTO conflicts (id, record_kind, record_id, winner_json, loser_json, "
            "resolved) VALUES (?, 'note', ?, '{}', ?, ?)",
            [
                ("a", note.id, json.dumps(loser), 0),
                (
                    "b",
                    note.id,
                    json.dumps(
                        {
                            **loser,
                            "updated_at": loser["updated_at"][:-1] + "c",
                            "text": "déjà tranché",
                        }
                    ),
                    1,
                ),
            ],
        )
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0006_trust'")
        conn.execute("PRAGMA user_version = 5")
    with open_event(path) as upgraded:
        (conflict,) = upgraded.conflicts()
        assert (conflict.winner.text, conflict.loser.text) == (
            "version gardée",
            "version mise de côté",
        )
        assert set(upgraded.require(Note, note.id).clock) == {
            note.updated_at,
            loser["updated_at"],
        }
        assert upgraded.check() == []
