"""store.backups: an event's rolling backups listed (newest first, damaged ones said) and
restored into a new file, never over one."""

from __future__ import annotations

from datetime import datetime

import pytest

from facilitator_app.core.errors import AlreadyExists
from facilitator_app.core.model import Event, Note, Session
from facilitator_app.store import create_event, open_event
from facilitator_app.store.backups import (
    backup_path,
    backups_of,
    list_backups,
    prune_backups,
    restore_backup,
)


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "backups"
    path.mkdir()
    return path


def make_backup(store, folder, when: datetime):
    path = backup_path(folder, "rencontres", when)
    store.backup_to(path)
    return path


def notes(path) -> list[str]:
    with open_event(path, readonly=True) as store:
        return [n.text for s in store.all_sessions() for n in store.session_notes(s.id)]


@pytest.fixture
def history(tmp_path, folder):
    """Three backups of « rencontres » a day apart, with 1, 2 and 3 notes."""
    event = tmp_path / "rencontres.recolte"
    store = create_event(event, Event(title="Rencontres d’été"))
    session = store.put(Session(title="Ouverture", kind="plenary"))
    paths = []
    for day in (10, 11, 12):
        store.put(Note(session_id=session.id, text=f"Note du {day} juin, « cœur »"))
        paths.append(make_backup(store, folder, datetime(2026, 6, day, 9, 30, 5)))
    event_id = store.event().id
    store.close()
    return event, event_id, paths


def test_backups_are_listed_newest_first_with_date_size_and_counts(history, folder):
    _event, event_id, paths = history
    listed = list_backups(folder, "rencontres", event_id=event_id)
    assert [b.path for b in listed] == paths[::-1]
    assert [b.made for b in listed] == [datetime(2026, 6, d, 9, 30, 5) for d in (12, 11, 10)]
    assert [b.notes for b in listed] == [3, 2, 1]
    assert all(b.sessions == 1 and b.title == "Rencontres d’été" for b in listed)
    assert all(b.size == b.path.stat().st_size > 0 and not b.damaged for b in listed)


def test_a_damaged_backup_is_listed_as_damaged_not_a_crash(history, folder):
    _event, event_id, paths = history
    data = bytearray(paths[1].read_bytes())
    data[4096 : 4096 + 4096] = b"\x00" * 4096
    paths[1].write_bytes(bytes(data))
    (folder / "rencontres-20260613-080000.recolte").write_bytes(b"")  # an empty one

    listed = list_backups(folder, "rencontres", event_id=event_id)
    assert [b.damaged for b in listed] == [True, False, True, False]
    assert "is empty" in listed[0].problem and "\n" not in listed[0].problem
    assert "damaged" in listed[2].problem
    assert listed[2].notes is None


def test_only_this_events_backups_are_listed(history, folder, tmp_path):
    _event, event_id, paths = history
    (tmp_path / "ailleurs").mkdir()
    other = create_event(tmp_path / "ailleurs" / "rencontres.recolte", Event(title="Autre"))
    stranger = make_backup(other, folder, datetime(2026, 6, 20, 10, 0, 0))  # same stem
    other.close()
    copy = backup_path(folder, "rencontres-copie", datetime(2026, 6, 21))
    copy.write_bytes(paths[0].read_bytes())  # STEM-copie's backups are not STEM's

    listed = list_backups(folder, "rencontres", event_id=event_id)
    assert stranger not in [b.path for b in listed]
    assert copy not in [b.path for b in listed]
    assert len(listed) == 3
    assert len(list_backups(folder, "rencontres")) == 4  # without an id: every name


def test_prune_keeps_the_latest(folder):
    for second in range(13):
        backup_path(folder, "rencontres", datetime(2026, 6, 1, 0, 0, second)).write_bytes(b"x")
    prune_backups(folder, "rencontres", keep=10)
    kept = backups_of(folder, "rencontres")
    assert len(kept) == 10
    assert kept[0].name == "rencontres-20260601-000003.recolte"


def test_restore_makes_a_new_sound_file_and_leaves_the_backup(history, tmp_path):
    event, _event_id, paths = history
    before = paths[0].read_bytes()
    target = tmp_path / "rencontres-restauré-2026-06-10-09h30.recolte"
    assert restore_backup(paths[0], target) == target
    assert notes(target) == ["Note du 10 juin, « cœur »"]
    with open_event(target, readonly=True) as store:
        assert store.check() == []
    assert paths[0].read_bytes() == before
    assert len(notes(event)) == 3  # the event itself is untouched
    assert sorted(p.name for p in tmp_path.glob("*restauré*")) == [target.name]


def test_restore_never_overwrites_a_file(history):
    event, _event_id, paths = history
    before = event.read_bytes()
    with pytest.raises(AlreadyExists) as caught:
        restore_backup(paths[0], event)
    assert "already exists" in str(caught.value)
    assert event.read_bytes() == before
    assert not list(event.parent.glob(".*.part*"))
