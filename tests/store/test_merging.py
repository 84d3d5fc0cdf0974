"""Note-taker copies merged into an event file: prepare_copy, merge_into, preview_merge, the
versions made apart kept as conflicts and choosing between them (store/copies.py,
store/merging.py, store/versions.py), and the copies refused before anything is written
(formats/copies.py)."""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator_app.core.errors import (
    AlreadyExists,
    AnotherEvent,
    Cancelled,
    DamagedFile,
    InvalidImport,
    NewerFormat,
    NotAnEventFile,
    RecolteError,
)
from facilitator_app.core.merge import keep_version, merge_versions, pick_version
from facilitator_app.core.model import Event, Note
from facilitator_app.formats.copies import read_copies, read_copy
from facilitator_app.formats.interchange import export_json, import_json
from facilitator_app.store import create_event, open_event
from facilitator_app.store.copies import (
    COPY_ID,
    COPY_NAME,
    copy_from_records,
    copy_path,
    prepare_copy,
)
from facilitator_app.store.merging import merge_into, preview_merge


def laptop(event: Path, name: str) -> Path:
    return prepare_copy(event, copy_path(event.parent, event, name), name=name)


def notes_of(path: Path) -> dict[str, Note]:
    with open_event(path, readonly=True) as store:
        return {n.id: n for n in store.all(Note, include_deleted=True)}


def state(path: Path) -> dict[str, dict]:
    """Every record of the event, tombstones included, and the versions set aside."""
    with open_event(path, readonly=True) as store:
        records = {name: {r.id: r for r in rs} for name, rs in store.snapshot().items()}
        records["versions"] = {f"{r.id}@{r.updated_at}": r for r in store.kept_versions()}
    return records


def merge_files(target: Path, *paths: Path, **options):
    with open_event(target) as store:
        copies = read_copies(paths, event_id=store.event().id)
        try:
            return merge_into(store, copies, **options)
        finally:
            for copy in copies:
                copy.close()


def first_notes(path: Path, count: int) -> list[Note]:
    with open_event(path, readonly=True) as store:
        return sorted(store.all(Note), key=lambda n: n.id)[:count]


@pytest.fixture
def two_laptops(event_file):
    """Copies for two tables, then edited apart: table 1 edits a note; table 2 deletes
    another and adds one."""
    one, two = laptop(event_file, "Table 1"), laptop(event_file, "Table 2")
    edited, deleted = first_notes(event_file, 2)
    with open_event(one) as store:
        store.put(replace(edited, text="Être présent au cœur du réseau, relu"))
    with open_event(two) as store:
        store.put(replace(deleted, deleted=True))
        added = store.put(Note(session_id=edited.session_id, text="Nouvelle idée : un café"))
    return one, two, edited, deleted, added


# -- preparing a copy -----------------------------------------------------------------------


def test_a_copy_is_the_whole_event_with_a_name_of_its_own(event_file):
    before = event_file.read_bytes()
    copy = laptop(event_file, "Table 3 · Créativité")
    assert copy.name.endswith("Table 3 · Créativité.recolte")
    assert event_file.read_bytes() == before
    with open_event(copy, readonly=True) as store, open_event(event_file, readonly=True) as main:
        meta = store.meta()
        assert meta[COPY_NAME] == "Table 3 · Créativité"
        assert len(meta[COPY_ID]) == 36
        assert store.snapshot() == main.snapshot()
        assert store.check() == []
    other = laptop(event_file, "Table 4")
    with open_event(other, readonly=True) as store:
        assert store.meta()[COPY_ID] != meta[COPY_ID]


def test_a_copy_carries_the_conflicts_but_not_the_facilitators_drafts(event_file, two_laptops):
    one, two, edited, *_ = two_laptops
    with open_event(two) as store:
        store.put(replace(edited, text="version de la table 2"))
    merge_files(event_file, one, two)
    with open_event(event_file) as store:
        store.conn.execute("INSERT INTO drafts (box, text) VALUES ('capture/x', 'à moitié tapé')")
        store.conn.commit()
    third = laptop(event_file, "Table 3")
    with open_event(third, readonly=True) as store:
        assert [c.loser.text for c in store.conflicts()] == ["Être présent au cœur du réseau, relu"]
        assert store.conn.execute("SELECT count(*) FROM drafts").fetchone()[0] == 0


def test_a_copy_never_replaces_a_file(event_file, tmp_path):
    out = tmp_path / "déjà là.recolte"
    out.write_text("mes notes", encoding="utf-8")
    with pytest.raises(AlreadyExists):
        prepare_copy(event_file, out, name="Table 1")
    assert out.read_text(encoding="utf-8") == "mes notes"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_copy_names_are_safe_file_names(tmp_path):
    path = copy_path(tmp_path, tmp_path / "Rencontres.recolte", 'Table 2/3: "Nord"?')
    assert path.parent == tmp_path
    assert path.name == "Rencontres – Table 2-3- -Nord.recolte"


# -- merging --------------------------------------------------------------------------------


def test_two_laptops_merge_to_the_same_event_in_either_order_twice_over(
    event_file, tmp_path, two_laptops
):
    one, two, edited, deleted, added = two_laptops
    first, second = tmp_path / "ordre 1.recolte", tmp_path / "ordre 2.recolte"
    shutil.copyfile(event_file, first)
    shutil.copyfile(event_file, second)
    count = len(notes_of(event_file))

    report = merge_files(first, one, two)
    assert (report.added, report.updated, len(report.conflicts)) == (1, 2, 0)
    assert report.summary() == "added=1 updated=2 conflicts=0"
    assert [(c.name, c.added, c.updated) for c in report.copies] == [
        ("Table 1", 0, 1),
        ("Table 2", 1, 1),
    ]
    merge_files(second, two)
    merge_files(second, one)
    for again in (merge_files(first, one, two), merge_files(second, two, one)):
        assert again.summary() == "added=0 updated=0 conflicts=0"

    assert state(first) == state(second)
    notes = notes_of(first)
    assert len(notes) == count + 1  # nothing lost: the deleted note is a tombstone
    assert notes[edited.id].text == "Être présent au cœur du réseau, relu"
    assert notes[deleted.id].deleted
    assert notes[added.id].text == "Nouvelle idée : un café"
    with open_event(first, readonly=True) as store:
        assert store.check() == []
        assert [n.id for n in store.search("nouvelle idee cafe")] == [added.id]
        assert [n.id for n in store.search("coeur reseau relu")] == [edited.id]


def test_one_note_edited_on_both_laptops_is_a_conflict_with_both_versions_kept(
    event_file, two_laptops
):
    one, two, edited, *_ = two_laptops
    with open_event(two) as store:
        store.put(replace(edited, text="Être présent, version de la table 2"))
    merge_files(event_file, one)
    report = merge_files(event_file, two)
    assert report.summary() == "added=1 updated=2 conflicts=1"
    (conflict,) = report.conflicts
    assert conflict.record_kind == "note" and conflict.record_id == edited.id
    assert conflict.winner.text == "Être présent, version de la table 2"  # the later edit
    assert conflict.loser.text == "Être présent au cœur du réseau, relu"
    assert (conflict.winner_device, conflict.loser_device) == ("Table 2", "Table 1")
    assert notes_of(event_file)[edited.id].text == conflict.winner.text
    with open_event(event_file, readonly=True) as store:
        (kept,) = store.conflicts()
    assert (kept.id, kept.winner, kept.loser) == (conflict.id, conflict.winner, conflict.loser)
    # merging both again lists nothing twice, in either order, and writes nothing
    before = state(event_file)
    again = merge_files(event_file, two, one)
    assert again.summary() == "added=0 updated=0 conflicts=0" and not again.written
    assert state(event_file) == before
    with open_event(event_file, readonly=True) as store:
        assert len(store.conflicts()) == 1


def test_a_conflict_found_within_one_merge_names_both_copies(event_file, two_laptops):
    one, two, edited, *_ = two_laptops
    with open_event(two) as store:
        store.put(replace(edited, deleted=True))
    report = merge_files(event_file, one, two)
    (conflict,) = report.conflicts
    assert conflict.winner.deleted and conflict.loser.text.endswith("relu")
    assert (conflict.winner_device, conflict.loser_device) == ("Table 2", "Table 1")


def test_collecting_a_copy_again_after_more_capture_lists_no_false_conflict(event_file):
    copy = laptop(event_file, "Table 1")
    note, other = first_notes(event_file, 2)
    with open_event(copy) as store:
        store.put(replace(note, text="première relecture"))
    merge_files(event_file, copy)
    with open_event(event_file) as store:  # the facilitator edits what came back
        store.put(replace(store.require(Note, other.id), text="corrigé sur le poste principal"))
    with open_event(copy) as store:  # the note-taker goes on, on a copy that never saw it
        store.put(replace(store.require(Note, note.id), text="deuxième relecture"))
    report = merge_files(event_file, copy)
    assert report.summary() == "added=0 updated=1 conflicts=0"
    notes = notes_of(event_file)
    assert notes[note.id].text == "deuxième relecture"
    assert notes[other.id].text == "corrigé sur le poste principal"
    # …but an edit of the event over a note the copy edits again is one
    with open_event(event_file) as store:
        store.put(replace(store.require(Note, note.id), text="corrigé aussi"))
    with open_event(copy) as store:
        store.put(replace(store.require(Note, note.id), text="troisième relecture"))
    assert merge_files(event_file, copy).summary() == "added=0 updated=1 conflicts=1"


def test_the_preview_writes_nothing_and_says_what_each_copy_brings(event_file, two_laptops):
    one, two, *_ = two_laptops
    before = state(event_file)
    with open_event(event_file) as store:
        copies = read_copies([one, two], event_id=store.event().id)
        steps = []
        preview = preview_merge(store, copies, progress=lambda d, t: steps.append((d, t)))
        for copy in copies:
            copy.close()
    assert state(event_file) == before
    assert not preview.written and preview.summary() == "added=1 updated=2 conflicts=0"
    assert [c.brings for c in preview.copies] == [{"note": 1}, {"note": 2}]
    assert steps == [(0, 2), (1, 2), (2, 2)]
    assert merge_files(event_file, one, two).summary() == preview.summary()


def test_a_merge_says_which_records_changed(event_file, two_laptops):
    one, two, edited, deleted, added = two_laptops
    report = merge_files(event_file, one, two)
    assert report.written
    assert report.changed.touches("note") and not report.changed.touches("session")
    assert {edited.id, deleted.id, added.id} <= report.changed.ids


def test_a_cancelled_merge_leaves_the_event_untouched(event_file, two_laptops):
    one, two, *_ = two_laptops
    before = state(event_file)

    def cancel_before_writing(done: int, total: int) -> None:
        if done == total - 1:
            raise Cancelled("Merge cancelled.")

    with pytest.raises(Cancelled):
        merge_files(event_file, one, two, progress=cancel_before_writing)
    assert state(event_file) == before


def test_a_json_export_of_a_copy_merges_like_the_copy(event_file, tmp_path, two_laptops):
    one, two, edited, *_ = two_laptops
    with open_event(two) as store:
        store.put(replace(edited, text="version de la table 2"))
        export_json(store, tmp_path / "table 2.json")
    by_file, by_json = tmp_path / "fichier.recolte", tmp_path / "json.recolte"
    shutil.copyfile(event_file, by_file)
    shutil.copyfile(event_file, by_json)
    merge_files(by_file, one, two)
    report = merge_files(by_json, one, tmp_path / "table 2.json")
    assert report.copies[1].name == "table 2"
    assert len(report.conflicts) == 1  # the JSON carries each record's clock
    assert state(by_json) == state(by_file)


def test_a_copy_stamped_more_than_a_day_ahead_is_refused(event_file, two_laptops):
    one, two, edited, *_ = two_laptops
    ahead = "2099-01-01T00:00:00.000Z-0000-9f9f9f9f9f9f9f9f"
    with sqlite3.connect(two) as conn:  # a version set aside, from a laptop set to 2099
        conn.execute(
            "INSERT INTO versions VALUES (?, ?, 'notes', ?)",
            (edited.id, ahead, json.dumps({"id": edited.id, "updated_at": ahead})),
        )
    before = state(event_file)
    with pytest.raises(InvalidImport, match="more than a day ahead") as caught:
        merge_files(event_file, one, two)
    assert edited.id in str(caught.value) and "Table 2" in str(caught.value)
    assert state(event_file) == before
    with open_event(event_file) as store:  # and the clock was not dragged along
        assert store.put(replace(edited, text="plus tard")).updated_at < "2098"


def test_the_versions_set_aside_travel_in_json_exports(event_file, tmp_path, two_laptops):
    """A laptop that merged a conflict and hands its copy back as JSON hands the version set
    aside back too; export → import → export gives the same document."""
    one, two, edited, *_ = two_laptops
    with open_event(two) as store:
        store.put(replace(edited, text="version de la table 2"))
    merge_files(one, two)  # the conflict is on laptop 1
    with open_event(one, readonly=True) as store:
        export_json(store, tmp_path / "table 1.json")
    document = json.loads((tmp_path / "table 1.json").read_text(encoding="utf-8"))
    (kept,) = document["versions"]
    assert kept["collection"] == "notes" and kept["record"]["text"].endswith("relu")

    merge_files(event_file, tmp_path / "table 1.json")  # the event never saw laptop 2
    with open_event(event_file, readonly=True) as store:
        (conflict,) = store.conflicts()
    assert {conflict.winner.text, conflict.loser.text} == {
        "version de la table 2",
        "Être présent au cœur du réseau, relu",
    }
    import_json(tmp_path / "table 1.json", tmp_path / "importé.recolte")
    with open_event(tmp_path / "importé.recolte", readonly=True) as store:
        assert len(store.conflicts()) == 1
        export_json(store, tmp_path / "encore.json")
    again = (tmp_path / "encore.json").read_text(encoding="utf-8")
    assert again == (tmp_path / "table 1.json").read_text(encoding="utf-8")


def test_a_json_copy_whose_tree_loops_after_merging_still_merges(event_file, tmp_path):
    one, two = laptop(event_file, "Table 1"), laptop(event_file, "Table 2")
    a, b = first_notes(event_file, 2)
    with open_event(one) as store:
        store.put(replace(store.require(Note, a.id), parent_id=b.id, session_id=b.session_id))
    with open_event(two) as store:
        store.put(replace(store.require(Note, b.id), parent_id=a.id))
    merge_files(one, two)
    with open_event(one, readonly=True) as store:
        export_json(store, tmp_path / "boucle.json")
    report = merge_files(event_file, tmp_path / "boucle.json")
    assert report.summary() == "added=0 updated=2 conflicts=0"
    with pytest.raises(InvalidImport, match="own ancestor"):  # a new event: the loop named
        import_json(tmp_path / "boucle.json", tmp_path / "boucle.recolte")


def test_copies_that_point_nowhere_are_refused(event_file):
    before = state(event_file)
    with open_event(event_file) as store:
        event = store.event()
        stray = Note(session_id="no-such-session", text="orpheline", updated_at=event.updated_at)
        copy = copy_from_records({"event": [event], "notes": [stray]}, name="bricolée")
        with pytest.raises(DamagedFile):
            merge_into(store, [copy])
    assert state(event_file) == before


def all_versions(path: Path) -> dict:
    """Every record of the file as `core.merge.Versions`: shown version, versions set
    aside, clock."""
    with open_event(path, readonly=True) as store:
        return {
            r.id: store.versions(type(r), r.id)
            for records in store.snapshot().values()
            for r in records
        }


def merged_versions(*states: dict) -> dict:
    merged: dict = {}
    for state_ in states:
        for record_id, versions in state_.items():
            held = merged.get(record_id)
            merged[record_id] = versions if held is None else merge_versions(held, versions)
    return merged


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    edits=st.lists(
        st.tuples(
            st.integers(0, 2),
            st.sampled_from(("add", "edit", "delete")),
            st.integers(0, 40),
            st.sampled_from(("idée", "Être présent", "cœur")),
        ),
        max_size=12,
    ),
    order=st.permutations([0, 1, 2]),
)
def test_merging_files_gives_the_merge_of_their_records(event_file, edits, order):
    """The file merge (stamps compared first, rows copied) agrees with `core.merge` of every
    record of the event and its copies, in any order, and merging again writes nothing."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        copies = [laptop_in(folder, event_file, f"Table {i}") for i in range(3)]
        for index, kind, pick, text in edits:
            with open_event(copies[index]) as store:
                notes = sorted(store.all(Note, include_deleted=True), key=lambda n: n.id)
                note = notes[pick % len(notes)]
                if kind == "add":
                    store.put(Note(session_id=note.session_id, text=text))
                else:
                    store.put(replace(note, text=text, deleted=kind == "delete"))
        expected = merged_versions(all_versions(event_file), *map(all_versions, copies))
        for number, sequence in enumerate((order, order[::-1])):
            target = folder / f"événement {number}.recolte"
            shutil.copyfile(event_file, target)
            merge_files(target, *[copies[i] for i in sequence])
            assert all_versions(target) == expected
            again = merge_files(target, *copies)
            assert again.summary() == "added=0 updated=0 conflicts=0" and not again.written


def laptop_in(folder: Path, event: Path, name: str) -> Path:
    return prepare_copy(event, copy_path(folder, event, name), name=name)


# -- picking the other version ------------------------------------------------------------------


def test_picking_the_other_version_is_undoable_and_wins_everywhere(event_file, two_laptops):
    one, two, edited, *_ = two_laptops
    with open_event(two) as store:
        store.put(replace(edited, text="version de la table 2"))
    (conflict,) = merge_files(event_file, one, two).conflicts
    with open_event(event_file) as store:
        undo, changes = pick_version(conflict).apply(store)
        now = store.require(Note, edited.id)
        assert now.text == conflict.loser.text
        assert now.updated_at > conflict.winner.updated_at  # a new edit, after both
        assert changes.touches("note", "conflict") and edited.id in changes.ids
        assert store.conflicts() == []
        redo, _ = undo.apply(store)
        assert store.require(Note, edited.id).text == conflict.winner.text
        (back,) = store.conflicts()
        assert (back.winner.text, back.loser.text) == (conflict.winner.text, conflict.loser.text)
        redo.apply(store)
        assert store.require(Note, edited.id).text == conflict.loser.text
        assert store.conflicts() == []
    # the copies merged again do not bring the set-aside version back over the choice
    merge_files(event_file, one, two)
    assert notes_of(event_file)[edited.id].text == conflict.loser.text


def test_keeping_the_version_lets_the_other_go_everywhere(event_file, two_laptops):
    one, two, edited, *_ = two_laptops
    with open_event(two) as store:
        store.put(replace(edited, text="version de la table 2"))
    (conflict,) = merge_files(event_file, one, two).conflicts
    with open_event(event_file) as store:
        undo, changes = keep_version(conflict).apply(store)
        assert store.require(Note, edited.id).text == conflict.winner.text
        assert edited.id in changes.ids and store.conflicts() == []
        undo.apply(store)
        (back,) = store.conflicts()
        assert back.loser.text == conflict.loser.text
        keep_version(back).apply(store)
    merge_files(event_file, one, two)  # the copies still hold both: the choice stands
    with open_event(event_file, readonly=True) as store:
        assert store.conflicts() == []
        assert store.require(Note, edited.id).text == conflict.winner.text


# -- copies refused -------------------------------------------------------------------------


def damaged(path: Path, event: Path) -> None:
    data = bytearray(event.read_bytes())
    middle = len(data) // 2
    data[middle - 3000 : middle + 3000] = b"\xff" * 6000
    path.write_bytes(bytes(data))


def another_event(path: Path, event: Path) -> None:
    create_event(path, Event(title="Un autre séminaire")).close()


def newer(path: Path, event: Path) -> None:
    shutil.copyfile(event, path)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")


def text(path: Path, event: Path) -> None:
    path.write_text("Compte rendu de la table 3\n", encoding="utf-8")


def invalid_json(path: Path, event: Path) -> None:
    document = {"format": "recolte", "version": 1, "event": {"id": "x"}}
    path.write_text(json.dumps(document), encoding="utf-8")


def newer_json(path: Path, event: Path) -> None:
    path.write_text('{"format": "recolte", "version": 7}', encoding="utf-8")


def broken_json(path: Path, event: Path) -> None:
    path.write_text('{"format": "recolte", ', encoding="utf-8")


BAD_COPIES = [
    pytest.param(damaged, ".recolte", DamagedFile, id="damaged"),
    pytest.param(another_event, ".recolte", AnotherEvent, id="another-event"),
    pytest.param(newer, ".recolte", NewerFormat, id="newer-format"),
    pytest.param(text, ".recolte", NotAnEventFile, id="not-recolte"),
    pytest.param(invalid_json, ".json", InvalidImport, id="invalid-json"),
    pytest.param(newer_json, ".json", NewerFormat, id="newer-json"),
    pytest.param(broken_json, ".json", InvalidImport, id="broken-json"),
]


@pytest.mark.parametrize(("make", "suffix", "expected"), BAD_COPIES)
def test_a_bad_copy_is_refused_in_one_sentence(event_file, tmp_path, make, suffix, expected):
    good = laptop(event_file, "Table 1")
    bad = tmp_path / f"copie de la table 2{suffix}"
    make(bad, event_file)
    with open_event(event_file, readonly=True) as store:
        event_id = store.event().id
    with pytest.raises(expected) as caught:
        read_copies([good, bad], event_id=event_id)
    message = str(caught.value)
    assert isinstance(caught.value, RecolteError)
    assert "\n" not in message and "sqlite3" not in message
    assert "copie de la table 2" in message


def test_a_copy_of_another_event_is_refused_by_the_merge_itself(event_file, tmp_path):
    another_event(tmp_path / "autre.recolte", event_file)
    before = state(event_file)
    with (
        open_event(event_file) as store,
        read_copy(tmp_path / "autre.recolte") as copy,
        pytest.raises(AnotherEvent, match="Un autre séminaire"),
    ):
        merge_into(store, [copy])
    assert state(event_file) == before


def as_format_5(path: Path, *, base: str | None = None) -> None:
    """Make `path` look like a file of a Récolte before record clocks (format 5); `base`:
    the `base_stamp` such a Récolte wrote in a copy it prepared."""
    with sqlite3.connect(path) as conn:
        for table in ("versions", "drafts", "devices"):
            conn.execute(f"DROP TABLE {table}")
        for (table,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%clock TEXT%'"
        ).fetchall():
            conn.execute(f"ALTER TABLE {table} DROP COLUMN clock")
        from facilitator_app.store.migrations import _MERGE

        for statement in _MERGE.split(";"):
            conn.execute(statement)
        if base:
            conn.execute("INSERT INTO meta (key, value) VALUES ('base_stamp', ?)", (base,))
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0006_trust'")
        conn.execute("PRAGMA user_version = 5")


def test_a_copy_prepared_by_an_older_format_merges_without_false_conflicts(event_file):
    """Copies prepared before record clocks say where they parted (`base_stamp`): what
    each side edited since is told apart from what it only carried."""
    with open_event(event_file, readonly=True) as store:
        base = max(r.updated_at for rs in store.snapshot().values() for r in rs)
    one, two = laptop(event_file, "Table 1"), laptop(event_file, "Table 2")
    note, other, third = first_notes(event_file, 3)
    with open_event(one) as store:
        store.put(replace(note, text="relue à la table 1"))
        store.put(replace(third, text="à la table 1"))
    with open_event(two) as store:
        store.put(replace(third, text="à la table 2"))
    with open_event(event_file) as store:
        store.put(replace(other, text="corrigée par l’animatrice"))
    for path in (one, two, event_file):
        as_format_5(path, base=base if path != event_file else None)
    report = merge_files(event_file, one, two)
    assert report.summary() == "added=0 updated=2 conflicts=1"
    assert report.conflicts[0].record_id == third.id
    notes = notes_of(event_file)
    assert notes[note.id].text == "relue à la table 1"
    assert notes[other.id].text == "corrigée par l’animatrice"


def test_writing_many_notes_keeps_the_search_index_in_step(store):
    session = store.all_sessions()[0]
    old = store.all(Note, session_id=session.id)[0]
    fresh = Note(session_id=session.id, text="Une œuvre commune")
    twice = Note(session_id=session.id, text="brouillon")
    store.put_many(
        [
            fresh,
            twice,
            replace(twice, text="Version définitive"),
            replace(old, text="Réécrite à l’école"),
        ],
        stamp=True,
    )
    assert [n.id for n in store.search("oeuvre commune")] == [fresh.id]
    assert [n.id for n in store.search("definitive")] == [twice.id]
    assert store.search("brouillon") == []
    assert [n.id for n in store.search("reecrite ecole")] == [old.id]
    store.put_many([replace(store.require(Note, fresh.id), deleted=True)], stamp=True)
    assert store.search("oeuvre") == []
    assert store.check() == []
