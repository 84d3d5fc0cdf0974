"""EventStore.check(): the integrity report behind `check EVENT` and the GUI's repair prompt."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest

from facilitator_app.core.model import Note, Session
from facilitator_app.store import open_event

NOWHERE = "00000000-0000-4000-8000-00000000dead"


def tamper(path, sql: str, *params) -> None:
    """Change the file behind Récolte's back, as another tool or a bad copy would."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute(sql, params)
    conn.commit()
    conn.close()


def first_note(path) -> Note:
    with open_event(path, readonly=True) as store:
        return store.all(Note)[0]


def test_a_sound_file_has_no_problem(event_file):
    with open_event(event_file, readonly=True) as store:
        assert store.check() == []


def test_broken_reference_is_reported(event_file):
    note = first_note(event_file)
    tamper(event_file, "UPDATE notes SET session_id = ? WHERE id = ?", NOWHERE, note.id)
    with open_event(event_file, readonly=True) as store:
        problems = store.check()
    assert len(problems) == 1
    assert "notes" in problems[0] and "sessions" in problems[0]


def test_broken_reference_on_an_optional_link_is_reported(event_file):
    note = first_note(event_file)
    tamper(event_file, "UPDATE notes SET parent_id = ? WHERE id = ?", NOWHERE, note.id)
    with open_event(event_file, readonly=True) as store:
        problems = store.check()
    assert len(problems) == 1 and "notes" in problems[0]


@pytest.mark.parametrize("stamp", ["", "hier", "2026-06-12", "2026-06-12T09:41:07.513Z-XYZ-a"])
def test_bad_stamp_is_reported_with_the_record_id(event_file, stamp):
    note = first_note(event_file)
    tamper(event_file, "UPDATE notes SET updated_at = ? WHERE id = ?", stamp, note.id)
    with open_event(event_file, readonly=True) as store:
        problems = store.check()
    assert len(problems) == 1
    assert note.id in problems[0]


def test_bad_stamp_on_a_tombstone_is_reported_too(event_file):
    note = first_note(event_file)
    with open_event(event_file) as store:
        store.put(replace(note, deleted=True))
    tamper(event_file, "UPDATE notes SET updated_at = 'x' WHERE id = ?", note.id)
    with open_event(event_file, readonly=True) as store:
        problems = store.check()
    assert len(problems) == 1 and note.id in problems[0]


def test_unknown_kind_is_reported(event_file):
    note = first_note(event_file)
    tamper(event_file, "UPDATE notes SET kind = 'bidule' WHERE id = ?", note.id)
    tamper(event_file, "UPDATE sessions SET kind = 'apéro' WHERE rowid = 1")
    with open_event(event_file, readonly=True) as store:
        problems = store.check()
        session = store.all(Session)[0]
    assert len(problems) == 2
    assert any(note.id in p and "bidule" in p for p in problems)
    assert any(session.id in p and "apéro" in p for p in problems)


def test_a_second_event_row_is_reported(event_file):
    tamper(
        event_file,
        "INSERT INTO event (id, updated_at, title) "
        "VALUES ('11111111-1111-4111-8111-111111111111', "
        "'2026-06-11T09:00:00.000Z-0000-aaaa', 'Doublon')",
    )
    with open_event(event_file, readonly=True) as store:
        problems = store.check()
    assert len(problems) == 1 and "2" in problems[0]


def test_several_problems_are_all_reported(event_file):
    with open_event(event_file, readonly=True) as store:
        a, b = store.all(Note)[:2]
    tamper(event_file, "UPDATE notes SET table_id = ? WHERE id = ?", NOWHERE, a.id)
    tamper(event_file, "UPDATE notes SET updated_at = 'x' WHERE id = ?", b.id)
    with open_event(event_file, readonly=True) as store:
        assert len(store.check()) == 2


def test_a_search_index_out_of_step_is_reported(event_file):
    note = first_note(event_file)
    unindex = "DELETE FROM notes_fts WHERE rowid = (SELECT rowid FROM notes WHERE id = ?)"
    tamper(event_file, unindex, note.id)
    with open_event(event_file, readonly=True) as store:
        problems = store.check()
    assert len(problems) == 1 and "search index" in problems[0]


# -- what the schema refuses, found in a file written behind Récolte's back ------------------

FUTURE = "2099-01-01T00:00:00.000Z-0000-5f2c9a1e7b3d4c60"


def test_a_record_stamped_in_2099_is_reported(event_file):
    note = first_note(event_file)
    with open_event(event_file) as store:
        store.put_many([replace(note, updated_at=FUTURE, clock=(FUTURE,))])
    with open_event(event_file, readonly=True) as store:
        problems = store.check()
    assert len(problems) == 1
    assert note.id in problems[0] and "2099" in problems[0]


def test_a_clock_stamp_in_2099_is_reported(event_file):
    note = first_note(event_file)
    tamper(event_file, "UPDATE notes SET clock = ? WHERE id = ?", f'["{FUTURE}"]', note.id)
    with open_event(event_file, readonly=True) as store:
        problems = store.check()
    assert len(problems) == 1 and note.id in problems[0] and "2099" in problems[0]


def test_a_loop_made_by_two_laptops_moving_nodes_apart_is_no_damage(event_file, tmp_path):
    """Laptop 1 puts a under b, laptop 2 puts b under a: merged, the tree loops. The file
    is sound, and the tree shows each note once (the loop broken at one node)."""
    from facilitator_app.core.ideas import build_forest
    from facilitator_app.formats.copies import read_copies
    from facilitator_app.store.copies import prepare_copy
    from facilitator_app.store.merging import merge_into

    with open_event(event_file, readonly=True) as store:
        a, b = store.all(Note)[:2]
    one = prepare_copy(event_file, tmp_path / "un.recolte", name="Table 1")
    two = prepare_copy(event_file, tmp_path / "deux.recolte", name="Table 2")
    with open_event(one) as store:
        store.put(replace(store.require(Note, a.id), parent_id=b.id, session_id=b.session_id))
    with open_event(two) as store:
        store.put(replace(store.require(Note, b.id), parent_id=a.id))
    with open_event(event_file) as store:
        copies = read_copies([one, two], event_id=store.event().id)
        merge_into(store, copies)
        for copy in copies:
            copy.close()
        assert store.require(Note, a.id).parent_id == b.id
        assert store.require(Note, b.id).parent_id == a.id
        assert store.check() == []
        notes = store.all(Note, session_id=b.session_id)
    shown = build_forest(notes).walk()
    assert sorted(shown) == sorted(n.id for n in notes)


@pytest.mark.parametrize(
    ("table", "column", "value"),
    [
        ("sessions", "day", "2026-13-45"),
        ("sessions", "start", "25:00"),
        ("event", "start_date", "2026-02-30"),
        ("notes", "votes", -2),
        ("tables", "capacity", -1),
        ("fiches", "kind", "mémo"),
    ],
)
def test_a_value_the_schema_refuses_is_reported_with_its_record(event_file, table, column, value):
    with open_event(event_file, readonly=True) as store:
        ident = store.conn.execute(f"SELECT id FROM {table} LIMIT 1").fetchone()[0]
    tamper(event_file, f"UPDATE {table} SET {column} = ? WHERE id = ?", value, ident)
    with open_event(event_file, readonly=True) as store:
        problems = store.check()
    assert len(problems) == 1, problems
    assert ident in problems[0] and column in problems[0] and str(value) in problems[0]
