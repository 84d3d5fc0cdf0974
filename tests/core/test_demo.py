"""build_demo: a deterministic, sound event from seed content, scalable for benchmarks."""

from __future__ import annotations

import re
import uuid
from collections import Counter

import pytest

from facilitator_app.core.demo import build_demo
from facilitator_app.core.model import BY_COLLECTION, NOTE_KINDS
from facilitator_app.store import open_event, write_new_event

STAMP_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z-[0-9A-F]{4}-[0-9a-f]+$")


def all_records(records):
    return [r for items in records.values() for r in items]


def test_same_content_gives_the_same_event(demo_content):
    assert build_demo(content=demo_content) == build_demo(content=demo_content)
    assert build_demo(scale=2, content=demo_content) == build_demo(scale=2, content=demo_content)


def test_demo_follows_its_seed(demo_content):
    records = build_demo(content=demo_content)
    event = records["event"][0]
    assert event.title == demo_content["event"]["title"]  # French typography intact
    assert "\u202f" in event.title
    assert len(records["sessions"]) == len(demo_content["sessions"])
    assert len(records["participants"]) == len(demo_content["participants"])
    assert [s.day for s in records["sessions"]] == ["2026-06-11"] * 3 + ["2026-06-12"] * 3
    # every kind the seed names is known (an unknown one would read as "other")
    assert [s.kind for s in records["sessions"]] == [s["kind"] for s in demo_content["sessions"]]
    assert all(n.kind in NOTE_KINDS for n in records["notes"])
    quote = next(n for n in records["notes"] if n.kind == "quote")
    assert quote.author == "Élise Œuvrard"
    speaker = next(p for p in records["participants"] if p.id == quote.speaker_id)
    assert speaker.name == quote.author
    tree = [n for n in records["notes"] if n.parent_id or n.text == "Coopérer"]
    assert len(tree) == 4  # the idea tree keeps its parent links
    by_id = {n.id: n for n in records["notes"]}
    assert by_id[next(n for n in tree if n.text == "Un café ☕").parent_id].text == "Se connaître"


def test_records_are_well_formed(demo_content):
    records = build_demo(scale=2, content=demo_content)
    everything = all_records(records)
    ids = [r.id for r in everything]
    assert len(ids) == len(set(ids)), "ids must be unique"
    assert all(uuid.UUID(i) for i in ids)
    stamps = [r.updated_at for r in everything]
    assert all(STAMP_RE.match(s) for s in stamps)
    assert len(set(stamps)) == len(stamps)
    assert set(records) <= set(BY_COLLECTION)
    assert all(type(r) is BY_COLLECTION[name] for name, items in records.items() for r in items)


def test_demo_writes_a_sound_event_file(tmp_path, demo_content):
    path = tmp_path / "démo.recolte"
    write_new_event(path, build_demo(content=demo_content))
    with open_event(path, readonly=True) as store:
        assert store.check() == []
        counts = store.counts()
    assert counts["sessions"] == 6 and counts["participants"] == 4 and counts["notes"] == 13


@pytest.mark.parametrize("scale", [2, 3])
def test_scale_multiplies_the_event(demo_content, scale):
    one = build_demo(content=demo_content)
    many = build_demo(scale=scale, content=demo_content)
    for name in ("sessions", "participants", "notes", "tables", "rounds", "categories"):
        assert len(many[name]) == scale * len(one[name]), name
    assert len(many["event"]) == 1
    assert many["organisations"] == one["organisations"]
    days = Counter(s.day for s in many["sessions"])
    assert len(days) == 2 * scale  # each further edition gets days of its own
    assert many["event"][0].end_date == max(days)


def test_scale_below_one_is_refused(demo_content):
    with pytest.raises(ValueError):
        build_demo(scale=0, content=demo_content)


def test_the_shipped_demo_shows_every_editor():
    """Issue 5: a three-level idea tree, a three-column grid, a round table with quotes and
    speakers, a paperboard photo, and dot votes on tree nodes and grid cards."""
    records = build_demo()
    sessions = {s.kind: s for s in reversed(records["sessions"])}  # the first of each kind
    notes = records["notes"]
    by_id = {n.id: n for n in notes}

    def depth(note):
        return 1 + depth(by_id[note.parent_id]) if note.parent_id else 1

    tree = [n for n in notes if n.session_id == sessions["idea_tree"].id]
    assert max(depth(n) for n in tree) >= 3
    assert sum(1 for n in tree if n.parent_id and n.votes) >= 10

    grids = [s for s in records["sessions"] if s.kind == "grid"]
    columns = Counter(c.session_id for c in records["categories"])
    grid = next(s for s in grids if columns[s.id] == 3)
    cards = [n for n in notes if n.session_id == grid.id and n.category_id]
    assert len({n.category_id for n in cards}) == 3 and any(n.votes for n in cards)

    round_table = sessions["round_table"]
    people = {p.id: p for p in records["participants"]}
    assert len(round_table.speaker_ids) >= 4 and round_table.moderator_id in people
    quotes = [n for n in notes if n.session_id == round_table.id and n.kind == "quote"]
    assert quotes and all(q.speaker_id in round_table.speaker_ids for q in quotes)
    assert all(people[q.speaker_id].name == q.author for q in quotes)

    (photo,) = records["attachments"]
    assert photo.media_type == "image/jpeg" and photo.data[:2] == b"\xff\xd8"
    assert 50_000 < len(photo.data) < 1_000_000 and photo.caption
