"""EventSnapshot: the live event in programme order, as the printed documents read it."""

from __future__ import annotations

from dataclasses import replace

from facilitator_app.core.demo import build_demo
from facilitator_app.core.snapshot import EventSnapshot


def test_snapshot_leaves_out_tombstones_and_keeps_the_programme_order(demo_content):
    records = build_demo(content=demo_content)
    first_note = records["notes"][0]
    records["notes"][0] = replace(first_note, deleted=True)
    snapshot = EventSnapshot.from_records(records)
    days = [(s.day, s.position) for s in snapshot.sessions]
    assert days == sorted(days) and len(snapshot.sessions) == len(records["sessions"])
    assert first_note.id not in {n.id for n in snapshot.session_notes(first_note.session_id)}
    names = [p.name for p in snapshot.participants]
    assert names == ["Élise Œuvrard", "Françoise Gaëlle", "Noël Çelik", "Rémy Jacquot"]
    someone = snapshot.participants[0]
    assert snapshot.participant(someone.id) is someone
    assert snapshot.participant(None) is None


def test_only_consenting_people_are_listed(demo_content):
    snapshot = EventSnapshot.from_records(build_demo(content=demo_content))
    listed = snapshot.listed_participants()
    assert listed and all(p.consent_listed for p in listed)
    assert len(listed) < len(snapshot.participants)
