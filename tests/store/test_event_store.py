"""EventStore: records written to a real .recolte file come back exactly as they were."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from facilitator_app.core.errors import AlreadyExists, DamagedFile, NotFound, ReadOnlyFile
from facilitator_app.core.model import (
    RECORD_TYPES,
    Attachment,
    CafeTable,
    Category,
    Event,
    Fiche,
    Note,
    Organisation,
    Participant,
    Round,
    Seat,
    Session,
)
from facilitator_app.store import create_event, open_event, write_new_event

FRENCH = "é è à ç œ Œ ’ «\u202fguillemets\u202f» 12\u202f€ 🎉🌱 — ÉCOLE"
BYTES = bytes(range(256)) + b"\x00\x00\xff"


def every_kind_of_record() -> list:
    """One record of each type, French text everywhere, tags, bytes, booleans and None."""
    session = Session(
        title=f"Café {FRENCH}",
        kind="world_cafe",
        day="2026-06-11",
        start="10:00",
        end="11:30",
        room="Salle « Œ »",
        question="Qu’est-ce qu’on fait ?",
        position=2,
    )
    organisation = Organisation(
        name="Coopérative Œuvre & Cœur",
        type="SCIC",
        place="Beauvais",
        website="https://cœur.example",
        presentation=FRENCH,
    )
    host = Participant(
        name="Françoise Çelik",
        organisation_id=organisation.id,
        role="Hôtesse",
        email="francoise@example.org",
        consent_listed=True,
        consent_photo=False,
    )
    loner = Participant(name="Noël Ærø", organisation_id=None, consent_photo=True)
    table = CafeTable(
        session_id=session.id,
        number=3,
        theme="Gouvernance partagée",
        host_id=host.id,
        capacity=None,
        synthesis=FRENCH,
    )
    round_ = Round(session_id=session.id, number=2, minutes=25, question="Et après ?")
    seat = Seat(
        session_id=session.id, round_id=round_.id, table_id=table.id, participant_id=loner.id
    )
    category = Category(session_id=session.id, name="Moyens (€)", position=1)
    parent = Note(
        session_id=session.id,
        text=FRENCH,
        kind="quote",
        author="Françoise Çelik",
        table_id=table.id,
        round_id=round_.id,
        category_id=category.id,
        votes=4,
        position=0,
        tags=("priorité", "à suivre", "🎯", ""),
        created_at="2026-06-11T10:12:00",
    )
    child = Note(
        session_id=session.id,
        text="Sous-idée\nsur deux lignes\tet une tabulation",
        parent_id=parent.id,
        position=1,
        kind="action",
    )
    photo = Attachment(
        note_id=parent.id, filename="paperboard été.jpg", media_type="image/jpeg", data=BYTES
    )
    programme = Attachment(
        session_id=session.id, filename="programme.pdf", media_type="application/pdf", data=b""
    )
    fiche = Fiche(title="Fiche « coopération »", body=FRENCH, kind="exercise", position=3)
    gone = Note(session_id=session.id, text="supprimée", deleted=True)
    return [
        session,
        organisation,
        host,
        loner,
        table,
        round_,
        seat,
        category,
        parent,
        child,
        photo,
        programme,
        fiche,
        gone,
    ]


@pytest.fixture
def full_event(tmp_path):
    """A new file holding one record of every type; returns (path, the records as written)."""
    path = tmp_path / "tout.recolte"
    event = Event(
        title=f"Rencontres {FRENCH}",
        subtitle="Été",
        place="Lachapelle-aux-Pots",
        start_date="2026-06-11",
        end_date="2026-06-12",
        language="fr",
        description=FRENCH,
        organisers="L’Équipage",
        extra={"inconnu": {"garde": ["ça", 1, None, True]}},
    )
    with create_event(path, event) as store:
        written = [store.event()]
        written += [store.put(record) for record in every_kind_of_record()]
    return path, written


def test_every_record_type_survives_close_and_reopen(full_event):
    path, written = full_event
    assert {type(r) for r in written} == set(RECORD_TYPES)
    with open_event(path) as store:
        for record in written:
            assert store.get(type(record), record.id) == record
        event = store.event()
    assert event.title.startswith("Rencontres é è à ç œ Œ ’ «\u202f")
    assert event.extra == {"inconnu": {"garde": ["ça", 1, None, True]}}


def test_values_keep_their_types(full_event):
    path, written = full_event
    with open_event(path, readonly=True) as store:
        parent = next(n for n in store.all(Note) if n.kind == "quote")
        assert parent.tags == ("priorité", "à suivre", "🎯", "")
        assert isinstance(parent.tags, tuple)
        assert parent.votes == 4 and isinstance(parent.votes, int)
        photo = next(a for a in store.all(Attachment) if a.note_id)
        assert photo.data == BYTES and isinstance(photo.data, bytes)
        assert next(a for a in store.all(Attachment) if a.session_id).data == b""
        host, loner = store.all(Participant)
        assert host.consent_listed is True and host.consent_photo is False
        assert loner.organisation_id is None and loner.consent_photo is True
        table = store.all(CafeTable)[0]
        assert table.capacity is None and table.host_id == host.id


def test_stamps_are_new_and_increasing_on_every_put(tmp_path):
    with create_event(tmp_path / "e.recolte", Event(title="É")) as store:
        session = store.put(Session(title="a", updated_at="ignored"))
        first = session.updated_at
        again = store.put(replace(session, title="b"))
        assert again.updated_at > first
        assert store.get(Session, session.id).updated_at == again.updated_at


def test_edits_after_reopening_come_after_the_latest_stamp_in_the_file(tmp_path):
    """A file edited on a laptop whose clock is ahead (by less than a day): my next edit
    must still come after it."""
    ahead = (datetime.now(UTC) + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    soon = f"{ahead}-0007-aaaaaaaaaaaaaaaa"
    path = tmp_path / "futur.recolte"
    with create_event(path, Event(title="x")) as store:
        session = store.put(Session(title="a"))
        store.put_many([replace(session, title="venue d’un peu plus tard", updated_at=soon)])
    with open_event(path) as store:
        edited = store.put(replace(store.require(Session, session.id), title="ici"))
    assert edited.updated_at > soon


def test_a_stamp_years_ahead_does_not_hide_a_later_edit_beside_it(tmp_path):
    """A note from a laptop set to 2099 and one from a laptop two hours ahead in the same
    table: the clock follows the second, so my next edit still comes after it."""
    ahead = (datetime.now(UTC) + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    soon = f"{ahead}-0001-bbbbbbbbbbbbbbbb"
    future = "2099-01-01T00:00:00.000Z-0007-aaaaaaaaaaaaaaaa"
    path = tmp_path / "deux horloges.recolte"
    with create_event(path, Event(title="x")) as store:
        session = store.put(Session(title="a"))
        store.put_many(
            [
                Note(session_id=session.id, text="de 2099", updated_at=future),
                Note(session_id=session.id, text="de tout à l’heure", updated_at=soon),
            ]
        )
    with open_event(path) as store:
        assert store.put(Note(session_id=session.id, text="ici")).updated_at > soon


def test_a_stamp_from_a_clock_set_years_ahead_does_not_drag_later_edits_along(tmp_path):
    """One laptop set to 2099 must not stamp every later edit 2099: the clock ignores it,
    and the edit made after it still replaces it (its clock has seen it)."""
    future = "2099-01-01T00:00:00.000Z-0007-aaaaaaaaaaaaaaaa"
    path = tmp_path / "futur.recolte"
    with create_event(path, Event(title="x")) as store:
        session = store.put(Session(title="a"))
        store.put_many([replace(session, title="venue du futur", updated_at=future)])
    with open_event(path) as store:
        edited = store.put(replace(store.require(Session, session.id), title="ici"))
        other = store.put(Session(title="b"))
        assert store.require(Session, session.id).title == "ici"
    assert edited.updated_at < "2098" and other.updated_at < "2098"
    assert future in edited.clock


def test_tombstones_are_kept_but_hidden(full_event):
    path, _ = full_event
    with open_event(path) as store:
        notes = store.all(Note)
        everything = store.all(Note, include_deleted=True)
        assert "supprimée" not in [n.text for n in notes]
        assert [n.text for n in everything if n.deleted] == ["supprimée"]
        assert store.counts()["notes"] == 2
        victim = notes[0]
        store.put(replace(victim, deleted=True))
        assert victim.id not in {n.id for n in store.all(Note)}
        assert store.counts()["notes"] == 1
        assert store.get(Note, victim.id).deleted
        assert victim.id not in {n.id for n in store.session_notes(victim.session_id)}
    with open_event(path, readonly=True) as store:  # still there after reopening
        assert len(store.all(Note, include_deleted=True)) == 3
        assert {n.id for n in store.snapshot()["notes"]} == {n.id for n in everything}


def test_filters_and_ordering(store):
    sessions = store.all_sessions()
    assert [(s.day, s.position) for s in sessions] == sorted((s.day, s.position) for s in sessions)
    cafe = next(s for s in sessions if s.kind == "world_cafe")
    assert [c.name for c in store.session_categories(cafe.id)] == ["Missions", "Moyens"]
    assert [n.position for n in store.session_notes(cafe.id)] == [0, 1, 2]
    assert store.next_position(Note, session_id=cafe.id) == 3
    assert [p.name for p in store.all(Participant, organisation_id=None)] == ["Noël Çelik"]
    with pytest.raises(ValueError):
        store.all(Note, colour="rouge")


def test_require_names_the_missing_record(store):
    with pytest.raises(NotFound, match="00000000-0000-4000-8000-000000000000"):
        store.require(Note, "00000000-0000-4000-8000-000000000000")
    assert store.get(Note, "00000000-0000-4000-8000-000000000000") is None


def test_pragmas_after_open(event_file):
    with open_event(event_file) as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL: commits fsync


def test_pragmas_after_create(tmp_path):
    with create_event(tmp_path / "neuf.recolte", Event(title="Neuf")) as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.meta()["format"] == "recolte"


def test_a_failed_transaction_leaves_the_file_untouched(store):
    before = store.snapshot()
    with pytest.raises(RuntimeError), store.transaction():
        store.put(Fiche(title="à moitié"))
        store.put(replace(store.event(), title="changé"))
        raise RuntimeError("crash in the middle of an edit")
    assert store.snapshot() == before


def test_a_reference_to_nothing_is_refused_at_commit(store):
    before = store.snapshot()
    with pytest.raises(sqlite3.IntegrityError):
        store.put(Note(session_id="00000000-0000-4000-8000-000000000000", text="orpheline"))
    assert store.snapshot() == before


def test_read_only_store_refuses_writes(event_file):
    before = event_file.read_bytes()
    with open_event(event_file, readonly=True) as store:
        with pytest.raises(ReadOnlyFile):
            store.put(Fiche(title="non"))
        assert store.counts()["sessions"] == 6
    assert event_file.read_bytes() == before


def test_create_never_replaces_a_file(event_file):
    before = event_file.read_bytes()
    with pytest.raises(AlreadyExists, match="petites rencontres.recolte"):
        create_event(event_file, Event(title="écrase"))
    assert event_file.read_bytes() == before


def test_write_new_event_never_replaces_a_file(event_file, demo_content):
    from facilitator_app.core.demo import build_demo

    before = event_file.read_bytes()
    with pytest.raises(AlreadyExists):
        write_new_event(event_file, build_demo(content=demo_content))
    assert event_file.read_bytes() == before


def test_write_new_event_is_all_or_nothing(tmp_path):
    session = Session(title="s")
    records = {
        "event": [Event(title="x", updated_at="2026-06-11T09:00:00.000Z-0000-aaaa")],
        "sessions": [replace(session, updated_at="2026-06-11T09:00:00.000Z-0001-aaaa")],
        "notes": [Note(session_id="nowhere", updated_at="2026-06-11T09:00:00.000Z-0002-aaaa")],
    }
    target = tmp_path / "cible.recolte"
    with pytest.raises(DamagedFile):
        write_new_event(target, records)
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no file, no .part, no journal
    records["notes"] = [replace(records["notes"][0], session_id=session.id)]
    write_new_event(target, records)
    with open_event(target, readonly=True) as store:
        assert store.require(Note, records["notes"][0].id).updated_at == (
            "2026-06-11T09:00:00.000Z-0002-aaaa"
        )  # stamps kept as given


def test_backup_copy_is_a_sound_identical_event(store, tmp_path):
    copy = tmp_path / "copie.recolte"
    store.backup_to(copy)
    with open_event(copy, readonly=True) as backup:
        assert backup.check() == []
        assert backup.snapshot() == store.snapshot()
