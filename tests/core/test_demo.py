"""build_demo: a deterministic, sound event from seed content, scalable for benchmarks."""

from __future__ import annotations

import re
import uuid
from collections import Counter

import pytest

from facilitator_app.core.demo import build_demo
from facilitator_app.core.model import BY_COLLECTION, NOTE_KINDS, SESSION_KINDS
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
    assert all(s.kind in SESSION_KINDS for s in records["sessions"])
    assert all(n.kind in NOTE_KINDS for n in records["notes"])
    quote = next(n for n in records["notes"] if n.kind == "quote")
    assert quote.author == "Élise Œuvrard"
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
