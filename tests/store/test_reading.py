"""One read path: the store (sorting in SQL) and the snapshot (sorting in Python) answer every
`core.reading.EventReader` read alike, on the demo event with ties, accents and deletions."""

from __future__ import annotations

from dataclasses import replace

import pytest

from facilitator_app.core.demo import build_demo
from facilitator_app.core.model import (
    Attachment,
    CafeTable,
    Category,
    Note,
    Organisation,
    Participant,
    Round,
    Session,
)
from facilitator_app.core.reading import EventReader
from facilitator_app.core.snapshot import EventSnapshot
from facilitator_app.store import open_event, write_new_event

READS_OF_A_SESSION = (
    "session_notes",
    "session_categories",
    "session_tables",
    "session_rounds",
    "session_seats",
    "session_attachments",
)
READS_OF_THE_EVENT = ("all_sessions", "days", "all_participants", "all_organisations", "all_fiches")


def answers(reader: EventReader) -> dict[str, list]:
    """Every read the protocol offers, of every session and day, as plain lists."""
    found: dict[str, list] = {name: list(getattr(reader, name)()) for name in READS_OF_THE_EVENT}
    found["event_record"] = [reader.event_record()]
    for day in reader.days():
        found[f"day_sessions {day}"] = list(reader.day_sessions(day))
    for session in reader.all_sessions():
        for name in READS_OF_A_SESSION:
            found[f"{name} {session.title}"] = list(getattr(reader, name)(session.id))
    return found


@pytest.fixture
def event(tmp_path):
    """The demo event twice over (two editions: several days), then records that tie on
    every sort key but the id, names equal but for accents and case, and deletions."""
    path = tmp_path / "démo.recolte"
    write_new_event(path, build_demo(scale=2))
    with open_event(path) as store:
        cafe = next(s for s in store.all_sessions() if s.kind == "world_cafe")
        first = store.all_sessions()[0]
        twins = [
            replace(first, id=f"{letter}-{first.id}", title=f"Jumelle {letter}") for letter in "zab"
        ]
        people = [
            Participant(id="p-2", name="élodie Martin"),
            Participant(id="p-1", name="Élodie Martin"),
            Participant(id="p-3", name="Elodie Martin"),
            Participant(id="p-0", name="Elodie Martin"),
        ]
        same_place = [
            Note(id=f"n-{i}", session_id=cafe.id, text=f"ex æquo {i}", created_at="2026-06-11")
            for i in (3, 1, 2)
        ]
        store.put_many(
            [
                *twins,
                *people,
                Organisation(id="o-1", name="Œuvre commune"),
                Organisation(id="o-2", name="oeuvre commune"),
                *same_place,
                CafeTable(id="t-9", session_id=cafe.id, number=1, theme="Même numéro"),
                Round(id="r-9", session_id=cafe.id, number=1),
                Category(id="c-9", session_id=cafe.id, name="Même place", position=0),
                Attachment(id="a-2", session_id=cafe.id, filename="b.jpg", data=b"b"),
                Attachment(id="a-1", session_id=cafe.id, filename="a.jpg", data=b"a"),
            ],
            stamp=True,
        )
        store.put(replace(store.session_notes(cafe.id)[-1], deleted=True))
        store.put(replace(store.all_participants()[-1], deleted=True))
    return path


def test_the_store_and_its_snapshot_read_the_same_things_in_the_same_orders(event):
    with open_event(event, readonly=True) as store:
        from_file = answers(store)
        snapshot = EventSnapshot.from_records(store.snapshot())
    from_snapshot = answers(snapshot)
    assert from_file.keys() == from_snapshot.keys()
    for read, found in from_file.items():
        assert found == from_snapshot[read], read
    # the fixture's ties are there to be broken, and both broke them on the id
    assert [p.id for p in from_file["all_participants"] if "lodie" in p.name] == [
        "p-0",
        "p-3",
        "p-1",
        "p-2",
    ]
    assert len(from_file["days"]) > 1 and len(from_file) > 100


def test_each_list_is_in_its_documented_order(event):
    with open_event(event, readonly=True) as store:
        sessions = store.all_sessions()
        assert [(s.day, s.position, s.start, s.id) for s in sessions] == sorted(
            (s.day, s.position, s.start, s.id) for s in sessions
        )
        assert [s for d in store.days() for s in store.day_sessions(d)] == sessions
        cafe = next(s for s in sessions if s.kind == "world_cafe")
        notes = store.session_notes(cafe.id)
        assert [n.text for n in notes if n.text.startswith("ex æquo")] == [
            "ex æquo 1",
            "ex æquo 2",
            "ex æquo 3",
        ]
        assert all(not n.deleted for n in notes)
        tables = store.session_tables(cafe.id)
        assert [t.number for t in tables] == sorted(t.number for t in tables)
        assert [a.filename for a in store.session_attachments(cafe.id)][:2] == ["a.jpg", "b.jpg"]
        names = [o.name for o in store.all_organisations()]
        assert names.index("oeuvre commune") == names.index("Œuvre commune") - 1


def test_get_finds_deleted_records_in_both(event):
    with open_event(event, readonly=True) as store:
        gone = next(p for p in store.all(Participant, include_deleted=True) if p.deleted)
        snapshot = EventSnapshot.from_records(store.snapshot())
        for reader in (store, snapshot):
            assert reader.get(Participant, gone.id) == gone
            assert gone not in reader.all_participants()
            assert reader.get(Session, gone.id) is None  # another type
            assert reader.get(Participant, None) is None
        live = store.all_sessions()[3]
        assert snapshot.get(Session, live.id) == store.get(Session, live.id) == live


def test_an_empty_snapshot_is_an_empty_event():
    empty = EventSnapshot.from_records({})
    assert empty.event_record().title == ""
    assert list(empty.all_sessions()) == list(empty.days()) == []
    assert list(empty.session_notes("nothing")) == []
