"""What import-json (and the merge of a JSON copy, which reads through the same code) accepts
and refuses, as resources/schema says plus what a schema cannot say: `null` means "no
value"; kinds, dates, times, counts, stamps ahead of this computer's clock, idea-tree loops
and duplicate ids are refused with the record and the field named, in one line of at most
200 characters; attachment names become safe base names."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from facilitator_app.core.errors import InvalidImport
from facilitator_app.core.limits import MAX_MESSAGE_CHARS, MAX_NOTE_CHARS
from facilitator_app.core.model import Attachment, CafeTable, Note, Participant, Session
from facilitator_app.formats.copies import read_copy
from facilitator_app.formats.interchange import export_json, import_json, records_from_document
from facilitator_app.store import open_event

FUTURE = "2099-01-01T00:00:00.000Z-0000-5f2c9a1e7b3d4c60"


@pytest.fixture
def document(event_file, tmp_path) -> dict:
    """The small event exported, with a photo (the small event has none)."""
    with open_event(event_file) as store:
        cafe = next(s for s in store.all_sessions() if s.kind == "world_cafe")
        store.put(Attachment(session_id=cafe.id, filename="tableau.png", media_type="image/png"))
        export_json(store, tmp_path / "export.json")
    return json.loads((tmp_path / "export.json").read_text(encoding="utf-8"))


def imported(document: dict, folder: Path, name: str = "in.json") -> Path:
    source = folder / name
    source.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return import_json(source, folder / "out.recolte")


def refused(document: dict, folder: Path, name: str = "in.json") -> InvalidImport:
    source = folder / name
    source.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    before = sorted(p.name for p in folder.iterdir())
    with pytest.raises(InvalidImport) as caught:
        import_json(source, folder / "out.recolte")
    assert sorted(p.name for p in folder.iterdir()) == before, "a file was left behind"
    message = str(caught.value)
    assert "\n" not in message and len(message) <= MAX_MESSAGE_CHARS, message
    assert all(len(p) <= MAX_MESSAGE_CHARS and "\n" not in p for p in caught.value.problems)
    return caught.value


# -- null means "no value" ----------------------------------------------------------------------


def test_an_email_given_as_null_imports_as_no_email(document, tmp_path):
    person = document["participants"][0]
    person["email"] = None
    with open_event(imported(document, tmp_path), readonly=True) as store:
        assert store.require(Participant, person["id"]).email == ""
        assert store.check() == []


def test_null_means_no_value_in_every_optional_field(document, tmp_path):
    note, table, session = document["notes"][0], document["tables"][0], document["sessions"][0]
    note.update(text=None, author=None, kind=None, votes=None, tags=None, position=None)
    note.update(clock=None, parent_id=None, created_at=None)
    table.update(capacity=None, theme=None, number=None, host_id=None)
    session.update(day=None, start=None, participant_ids=None, keep_colleagues_apart=None)
    document["event"]["language"] = None
    document["organisations"][0]["website"] = None
    with open_event(imported(document, tmp_path), readonly=True) as store:
        stored = store.require(Note, note["id"])
        assert (stored.text, stored.author, stored.kind, stored.votes, stored.tags) == (
            "",
            "",
            "idea",
            0,
            (),
        )
        assert store.require(CafeTable, table["id"]).number == 1
        assert store.require(Session, session["id"]).participant_ids == ()
        assert store.event().language == "fr"
        assert store.check() == []


@pytest.mark.parametrize("clock", ["missing", None, []])
def test_a_record_without_a_clock_imports(document, tmp_path, clock):
    note = document["notes"][0]
    if clock == "missing":
        del note["clock"]
    else:
        note["clock"] = clock
    with open_event(imported(document, tmp_path), readonly=True) as store:
        assert store.require(Note, note["id"]).updated_at == note["updated_at"]


def test_null_in_a_required_field_is_refused(document, tmp_path):
    note = document["notes"][0]
    note["session_id"] = None
    error = refused(document, tmp_path)
    assert note["id"] in str(error) and "session_id" in str(error)


def test_a_whole_number_written_as_3_0_is_read_as_3(document, tmp_path):
    note = document["notes"][0]
    note["votes"] = 3.0
    with open_event(imported(document, tmp_path), readonly=True) as store:
        assert store.require(Note, note["id"]).votes == 3


# -- refused, with the record and the field named ---------------------------------------------


@pytest.mark.parametrize(
    ("array", "field", "value"),
    [
        ("notes", "kind", "brainstorm"),
        ("sessions", "kind", "apéro"),
        ("fiches", "kind", "mémo"),
        ("sessions", "day", "2026-13-45"),
        ("sessions", "day", "2026-02-30"),
        ("event", "start_date", "2026-6-1"),
        ("sessions", "start", "25:00"),
        ("sessions", "end", "09:60"),
        ("notes", "votes", -1),
        ("tables", "capacity", -4),
        ("rounds", "minutes", -20),
        ("notes", "position", 10**20),
        ("event", "language", "de"),
        ("participants", "email", 42),
        ("notes", "updated_at", "2026-02-30T09:41:07.513Z-0003-5f2c9a1e7b3d4c60"),
        ("notes", "clock", ["hier"]),
    ],
)
def test_a_value_the_schema_refuses_names_the_record_and_the_field(
    document, tmp_path, array, field, value
):
    record = document[array] if array == "event" else document[array][-1]
    record[field] = value
    error = refused(document, tmp_path)
    assert record["id"] in str(error) and field in str(error), str(error)
    if array != "event":
        assert f"{array}[{len(document[array]) - 1}]" in str(error)


def test_a_parent_loop_in_an_idea_tree_is_refused(document, tmp_path):
    a, b, c = document["notes"][:3]
    a["parent_id"], b["parent_id"], c["parent_id"] = b["id"], c["id"], a["id"]
    error = refused(document, tmp_path)
    assert a["id"] in str(error) and "parent_id" in str(error) and "notes[0]" in str(error)
    assert len(error.problems) == 1  # one loop, said once


def test_a_note_that_is_its_own_parent_is_refused(document, tmp_path):
    note = document["notes"][4]
    note["parent_id"] = note["id"]
    error = refused(document, tmp_path)
    assert note["id"] in str(error) and "parent_id" in str(error)


def test_a_loop_through_a_deleted_note_is_not_a_tree_loop(document, tmp_path):
    a, b = document["notes"][:2]
    a["parent_id"], b["parent_id"] = b["id"], a["id"]
    b["deleted"] = True  # a tombstone is in no tree
    imported(document, tmp_path)


def test_an_id_used_twice_is_refused(document, tmp_path):
    twin = document["notes"][3]
    twin["id"] = document["notes"][2]["id"]
    error = refused(document, tmp_path)
    assert twin["id"] in str(error) and "notes[3]" in str(error) and "twice" in str(error)


def test_a_note_longer_than_the_limit_is_refused(document, tmp_path):
    note = document["notes"][1]
    note["text"] = "é" * (MAX_NOTE_CHARS + 1)
    error = refused(document, tmp_path)
    assert note["id"] in str(error) and "text" in str(error)
    note["text"] = "é" * MAX_NOTE_CHARS
    with open_event(imported(document, tmp_path), readonly=True) as store:
        assert len(store.require(Note, note["id"]).text) == MAX_NOTE_CHARS


@pytest.mark.parametrize("field", ["kind", "id", "session_id", "updated_at"])
def test_a_100_kb_value_is_cut_in_the_message(document, tmp_path, field):
    document["notes"][0][field] = "x" * 100_000 + "\nfin"
    error = refused(document, tmp_path)
    assert "notes[0]" in str(error) and field in str(error)
    assert len(str(error)) <= MAX_MESSAGE_CHARS and "x" * 100 not in str(error)


def test_many_problems_make_one_line_that_counts_them(document, tmp_path):
    for note in document["notes"]:
        note["kind"] = "k" * 5000
    error = refused(document, tmp_path)
    assert len(error.problems) == len(document["notes"])
    assert f"{len(document['notes']) - 1} more problems" in str(error)


def test_a_text_with_half_a_utf16_pair_is_refused(document, tmp_path):
    note = document["notes"][0]
    source = tmp_path / "in.json"
    text = json.dumps(document, ensure_ascii=True).replace(
        json.dumps(note["text"], ensure_ascii=True), '"moiti\\u00e9 \\ud83d"', 1
    )
    source.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidImport, match=note["id"]):
        import_json(source, tmp_path / "out.recolte")
    assert not (tmp_path / "out.recolte").exists()


@pytest.mark.parametrize("content", ["[" * 100_000 + "]" * 100_000, '{"a": NaN}'])
def test_json_nested_too_deep_or_with_nan_is_refused_in_one_sentence(tmp_path, content):
    source = tmp_path / "in.json"
    source.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidImport) as caught:
        import_json(source, tmp_path / "out.recolte")
    assert "in.json" in str(caught.value)


def test_an_unknown_value_nested_too_deep_is_refused(document, tmp_path):
    value: list = []
    for _ in range(300):
        value = [value]
    document["notes"][0]["profond"] = value
    error = refused(document, tmp_path)
    assert document["notes"][0]["id"] in str(error) and "profond" in str(error)


# -- attachment names -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../x", "x"),
        ("/etc/passwd", "passwd"),
        ("..\\..\\Windows\\win.ini", "win.ini"),
        ("..", "attachment"),
        (".cache.png", "cache.png"),
        ("photo\u202egpj.exe", "photogpj.exe"),
        ("tableau\x00 1.jpg", "tableau 1.jpg"),
        ("paperboard été.png", "paperboard été.png"),
    ],
)
def test_attachment_names_become_safe_base_names(document, tmp_path, name, safe):
    photo = document["attachments"][0]
    photo["filename"] = name
    with open_event(imported(document, tmp_path), readonly=True) as store:
        assert store.require(Attachment, photo["id"]).filename == safe


# -- stamps ahead of this computer's clock ----------------------------------------------------


@pytest.mark.parametrize("where", ["updated_at", "clock"])
def test_a_record_stamped_in_2099_is_refused_naming_it_and_the_file(document, tmp_path, where):
    note = document["notes"][2]
    if where == "clock":
        note["clock"] = [*note["clock"], FUTURE]
    else:
        note["updated_at"] = FUTURE
    error = refused(document, tmp_path, name="portable 3.json")
    assert note["id"] in str(error) and "portable 3.json" in str(error) and "2099" in str(error)


def test_a_stamp_within_the_day_ahead_is_accepted(document, tmp_path):
    from facilitator_app.core.clock import HybridClock

    soon = HybridClock(now=lambda: __import__("time").time() + 3600).tick()
    document["notes"][0]["updated_at"] = soon
    with open_event(imported(document, tmp_path), readonly=True) as store:
        assert store.check() == []


def test_a_json_copy_stamped_in_2099_is_not_merged(document, tmp_path):
    note = document["notes"][2]
    note["updated_at"] = FUTURE
    copy_path = tmp_path / "portable 3.json"
    copy_path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(InvalidImport) as caught:
        read_copy(copy_path)
    assert note["id"] in str(caught.value) and "portable 3.json" in str(caught.value)


# -- the document as a whole ------------------------------------------------------------------


def test_versions_are_validated_but_not_kept_as_unknown_keys(document, tmp_path):
    note = copy.deepcopy(document["notes"][0])
    note["text"] = "une version concurrente"
    document["versions"] = [{"collection": "notes", "record": note}]
    records, extra = records_from_document(copy.deepcopy(document))
    assert "versions" not in extra
    assert [r.text for r in records["notes"] if r.id == note["id"]] != [note["text"]]
    note["kind"] = "brainstorm"
    error = refused(document, tmp_path)
    assert "versions[0]" in str(error) and "kind" in str(error)


def test_records_from_document_keeps_its_signature(document):
    records, extra = records_from_document(copy.deepcopy(document))
    assert set(records) >= {"event", "notes"} and extra == {}
