"""JSON interchange, version 1 (CONTRACT §2): export, import, and back again."""

from __future__ import annotations

import base64
import json
import os
import re
import stat
import uuid
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator_app.core.errors import AlreadyExists, InvalidImport, NewerFormat, RecolteError
from facilitator_app.core.model import Attachment, CafeTable, Note, Participant, Round, Seat
from facilitator_app.formats.interchange import export_json, import_json
from facilitator_app.store import open_event

STAMP_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z-[0-9A-F]{4}-[0-9a-f]+$")
ARRAYS = (
    "sessions",
    "organisations",
    "participants",
    "tables",
    "rounds",
    "seats",
    "categories",
    "notes",
    "attachments",
    "fiches",
)
FIELDS = {  # CONTRACT §2, the minimum fields besides id, updated_at, deleted
    "event": {"title", "subtitle", "place", "start_date", "end_date", "language", "description"},
    "sessions": {"title", "kind", "day", "start", "end", "room", "question", "position"},
    "organisations": {"name", "type", "place", "website", "presentation"},
    "participants": {"name", "organisation_id", "role", "email", "consent_listed", "consent_photo"},
    "tables": {"session_id", "number", "theme", "host_id", "capacity"},
    "rounds": {"session_id", "number", "minutes", "question"},
    "seats": {"session_id", "round_id", "table_id", "participant_id"},
    "categories": {"session_id", "name", "position"},
    "notes": {
        "session_id",
        "text",
        "kind",
        "author",
        "table_id",
        "round_id",
        "category_id",
        "parent_id",
        "votes",
        "position",
        "tags",
    },
    "attachments": {"filename", "media_type", "data_base64"},
    "fiches": {"title", "body", "kind", "position"},
}
PHOTO = b"\x89PNG\r\n\x1a\n" + bytes(range(256))


@pytest.fixture
def rich_event(event_file):
    """The small event plus what build_demo does not make: seats, attachments, a tombstone."""
    with open_event(event_file) as store:
        cafe = next(s for s in store.all_sessions() if s.kind == "world_cafe")
        note = store.session_notes(cafe.id)[0]
        table = store.all(CafeTable, session_id=cafe.id)[0]
        round_ = store.all(Round, session_id=cafe.id)[0]
        for person in store.all(Participant)[:3]:
            store.put(
                Seat(
                    session_id=cafe.id,
                    round_id=round_.id,
                    table_id=table.id,
                    participant_id=person.id,
                )
            )
        store.put(
            Attachment(
                note_id=note.id, filename="paperboard été.png", media_type="image/png", data=PHOTO
            )
        )
        store.put(Attachment(session_id=cafe.id, filename="vide.txt", media_type="text/plain"))
        store.put(replace(store.session_notes(cafe.id)[1], deleted=True))
    return event_file


def export(path: Path, out: Path) -> dict:
    with open_event(path, readonly=True) as store:
        export_json(store, out)
    return json.loads(out.read_text(encoding="utf-8"))


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_export_has_every_contract_key_and_field(rich_event, tmp_path):
    document = export(rich_event, tmp_path / "export.json")
    assert document["format"] == "recolte" and document["version"] == 1
    assert {"event", *ARRAYS} <= set(document)
    assert isinstance(document["event"], dict)
    for name in ARRAYS:
        assert isinstance(document[name], list) and document[name], f"{name} is empty"
    for name, required in FIELDS.items():
        items = [document["event"]] if name == "event" else document[name]
        for item in items:
            missing = ({"id", "updated_at", "deleted"} | required) - set(item)
            assert not missing, f"{name} {item.get('id')} lacks {missing}"
            assert uuid.UUID(item["id"])
            assert STAMP_RE.match(item["updated_at"]), item["updated_at"]
            assert isinstance(item["deleted"], bool)
    for item in document["attachments"]:
        assert ("note_id" in item) or ("session_id" in item)
    assert all(isinstance(n["tags"], list) for n in document["notes"])
    assert {n["kind"] for n in document["notes"]} <= {
        "idea",
        "quote",
        "decision",
        "question",
        "action",
        "observation",
    }


def test_export_keeps_values(rich_event, tmp_path):
    document = export(rich_event, tmp_path / "export.json")
    photo = next(a for a in document["attachments"] if a["filename"] == "paperboard été.png")
    assert base64.b64decode(photo["data_base64"]) == PHOTO
    assert [n["deleted"] for n in document["notes"]].count(True) == 1  # tombstone exported
    quote = next(n for n in document["notes"] if n["kind"] == "quote")
    assert quote["author"] == "Élise Œuvrard"
    elise = next(p for p in document["participants"] if p["name"] == "Élise Œuvrard")
    assert elise["consent_listed"] is True and elise["organisation_id"]
    noel = next(p for p in document["participants"] if p["name"] == "Noël Çelik")
    assert noel["organisation_id"] is None and noel["consent_photo"] is False


def test_french_is_readable_in_the_file(rich_event, tmp_path):
    out = tmp_path / "export.json"
    export(rich_event, out)
    raw = out.read_bytes()
    text = raw.decode("utf-8")  # valid UTF-8, no BOM needed
    assert not raw.startswith(b"\xef\xbb\xbf")
    for word in (
        "coopérations",
        "«\u202ftest\u202f»",
        "Œuvrard",
        "Maison d’Économie",
        "12 € le repas 🌱",
        "Françoise",
    ):
        assert word in text, word
    assert "\\u00e9" not in text and "\\u2019" not in text  # ensure_ascii is off


def test_export_import_export_is_identical(rich_event, tmp_path):
    first = export(rich_event, tmp_path / "un.json")
    copy = import_json(tmp_path / "un.json", tmp_path / "copie.recolte")
    assert copy == tmp_path / "copie.recolte"
    second = export(copy, tmp_path / "deux.json")
    assert second == first
    with open_event(copy, readonly=True) as store:
        assert store.check() == []
        assert (
            store.get(
                Attachment, next(a["id"] for a in first["attachments"] if a["data_base64"])
            ).data
            == PHOTO
        )


def test_unknown_keys_survive_the_round_trip(rich_event, tmp_path):
    document = export(rich_event, tmp_path / "un.json")
    document["généré_par"] = {"outil": "Récolte 3", "version": [3, 1]}
    document["commentaires"] = ["à revoir"]
    document["event"]["couleur"] = "vert d’eau"
    document["notes"][0]["humeur"] = {"score": 0.5, "mots": ["élan", None, True]}
    document["fiches"][0]["illustration"] = None
    document["sessions"][0]["extra"] = "un champ qui s’appelle extra"
    source = tmp_path / "enrichi.json"
    source.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    copy = import_json(source, tmp_path / "copie.recolte")
    again = export(copy, tmp_path / "deux.json")
    assert again == document
    assert again["notes"][0]["humeur"] == {"score": 0.5, "mots": ["élan", None, True]}


def test_import_reads_a_file_with_a_bom(rich_event, tmp_path):
    document = export(rich_event, tmp_path / "un.json")
    source = tmp_path / "bom.json"
    source.write_bytes(b"\xef\xbb\xbf" + json.dumps(document, ensure_ascii=False).encode())
    assert export(import_json(source, tmp_path / "copie.recolte"), tmp_path / "x.json") == (
        document
    )


def write_document(path: Path, document) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def refused(source: Path, target: Path, error=InvalidImport) -> RecolteError:
    folder = target.parent
    before = listing(folder)
    with pytest.raises(error) as caught:
        import_json(source, target)
    assert not target.exists()
    assert listing(folder) == before, "a partial file was left behind"
    return caught.value


def test_reference_to_nowhere_is_refused_naming_the_record(rich_event, tmp_path):
    document = export(rich_event, tmp_path / "un.json")
    note = document["notes"][2]
    note["session_id"] = "00000000-0000-4000-8000-0000000000aa"
    error = refused(write_document(tmp_path / "in.json", document), tmp_path / "x.recolte")
    assert note["id"] in str(error)
    assert "session_id" in str(error) and "\n" not in str(error)


@pytest.mark.parametrize(
    ("array", "field", "target"),
    [
        ("participants", "organisation_id", "organisations"),
        ("tables", "host_id", "participants"),
        ("seats", "round_id", "rounds"),
        ("notes", "parent_id", "notes"),
        ("notes", "category_id", "categories"),
        ("attachments", "note_id", "notes"),
    ],
)
def test_every_kind_of_reference_is_checked(rich_event, tmp_path, array, field, target):
    document = export(rich_event, tmp_path / "un.json")
    record = document[array][0]
    record[field] = str(uuid.uuid4())
    error = refused(write_document(tmp_path / "in.json", document), tmp_path / "x.recolte")
    assert record["id"] in str(error) and field in str(error) and target in str(error)


def test_a_reference_into_the_wrong_array_is_refused(rich_event, tmp_path):
    document = export(rich_event, tmp_path / "un.json")
    note = document["notes"][0]
    note["table_id"] = document["sessions"][0]["id"]  # an id that exists, but is no table
    error = refused(write_document(tmp_path / "in.json", document), tmp_path / "x.recolte")
    assert note["id"] in str(error)


def test_every_problem_is_listed(rich_event, tmp_path):
    document = export(rich_event, tmp_path / "un.json")
    document["notes"][0]["session_id"] = str(uuid.uuid4())
    document["notes"][1]["votes"] = "beaucoup"
    del document["fiches"][0]["updated_at"]
    document["sessions"][0]["id"] = "pas-un-uuid"
    error = refused(write_document(tmp_path / "in.json", document), tmp_path / "x.recolte")
    assert len(error.problems) >= 3
    assert "\n" not in str(error)


def test_newer_version_is_refused(rich_event, tmp_path):
    document = export(rich_event, tmp_path / "un.json")
    document["version"] = 2
    error = refused(
        write_document(tmp_path / "in.json", document), tmp_path / "x.recolte", NewerFormat
    )
    assert error.found == 2 and error.supported == 1


@pytest.mark.parametrize(
    "content",
    [
        "",
        "{",
        "[]",
        '{"format": "autre", "version": 1}',
        '{"format": "recolte"}',
        '{"format": "recolte", "version": 1, "event": {}}',
    ],
)
def test_not_an_export_is_refused(tmp_path, content):
    source = tmp_path / "in.json"
    source.write_text(content, encoding="utf-8")
    error = refused(source, tmp_path / "x.recolte")
    assert str(error) and "\n" not in str(error)


def test_missing_source_is_refused(tmp_path):
    refused(tmp_path / "absent.json", tmp_path / "x.recolte")


def test_import_never_overwrites_an_existing_file(rich_event, tmp_path):
    export(rich_event, tmp_path / "un.json")
    target = tmp_path / "déjà là.recolte"
    target.write_bytes(b"mes notes importantes")
    with pytest.raises(AlreadyExists, match="déjà là.recolte"):
        import_json(tmp_path / "un.json", target)
    assert target.read_bytes() == b"mes notes importantes"
    with pytest.raises(AlreadyExists):
        import_json(tmp_path / "un.json", rich_event)
    with open_event(rich_event, readonly=True) as store:
        assert store.check() == []


def test_export_replaces_its_output_whole(rich_event, tmp_path):
    out = tmp_path / "export.json"
    out.write_text("ancien contenu, bien plus long " * 1000, encoding="utf-8")
    document = export(rich_event, out)
    assert document["format"] == "recolte"
    leftovers = [name for name in listing(tmp_path) if name.startswith(".") or "part" in name]
    assert leftovers == [], "the temporary file of the atomic write was left behind"


def test_exported_file_has_ordinary_permissions(rich_event, tmp_path):
    out = tmp_path / "export.json"
    export(rich_event, out)
    reference = tmp_path / "ordinaire.txt"
    reference.write_text("x", encoding="utf-8")  # what the umask gives any new file
    assert stat.S_IMODE(out.stat().st_mode) == stat.S_IMODE(reference.stat().st_mode)


def test_attachment_with_an_unknown_data_key_round_trips(rich_event, tmp_path):
    document = export(rich_event, tmp_path / "un.json")
    document["attachments"][0]["data"] = "ancien champ d’un autre outil"
    copy = import_json(write_document(tmp_path / "in.json", document), tmp_path / "x.recolte")
    assert export(copy, tmp_path / "deux.json") == document


@pytest.mark.parametrize("capacity", ["beaucoup", 4.5, True, [6]])
def test_non_numeric_capacity_is_refused(rich_event, tmp_path, capacity):
    document = export(rich_event, tmp_path / "un.json")
    document["tables"][0]["capacity"] = capacity
    error = refused(write_document(tmp_path / "in.json", document), tmp_path / "x.recolte")
    assert document["tables"][0]["id"] in str(error) and "capacity" in str(error)


@pytest.mark.parametrize(
    ("array", "field", "value"),
    [
        ("notes", "votes", "3"),
        ("notes", "tags", "a, b"),
        ("notes", "text", 42),
        ("participants", "consent_listed", "oui"),
        ("participants", "organisation_id", 7),
        ("attachments", "data_base64", "pas du base64 !"),
    ],
)
def test_values_of_the_wrong_type_are_refused(rich_event, tmp_path, array, field, value):
    document = export(rich_event, tmp_path / "un.json")
    document[array][0][field] = value
    error = refused(write_document(tmp_path / "in.json", document), tmp_path / "x.recolte")
    assert document[array][0]["id"] in str(error)


@pytest.mark.parametrize(
    "stamp",
    [
        "2026-06-12T09:41:07.513Z-000a-5f2c9a1e7b3d4c60",
        "2026-06-12 09:41:07.513Z-0003-5f2c9a1e7b3d4c60",
    ],
)
def test_stamp_not_in_contract_form_is_refused(rich_event, tmp_path, stamp):
    document = export(rich_event, tmp_path / "un.json")
    document["notes"][0]["updated_at"] = stamp
    error = refused(write_document(tmp_path / "in.json", document), tmp_path / "x.recolte")
    assert document["notes"][0]["id"] in str(error)


# -- property: any text a person types survives the trip through JSON ----------------------

ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=ANY_TEXT, author=ANY_TEXT, tags=st.lists(ANY_TEXT, max_size=3))
def test_any_note_text_survives_export_and_import(event_file, tmp_path_factory, text, author, tags):
    folder = tmp_path_factory.mktemp("aller-retour")
    with open_event(event_file) as store:
        session = store.all_sessions()[0]
        note = store.put(
            Note(session_id=session.id, text=text, author=author, kind="quote", tags=tuple(tags))
        )
        export_json(store, folder / "export.json")
    copy = import_json(folder / "export.json", folder / "copie.recolte")
    with open_event(copy, readonly=True) as imported:
        assert imported.require(Note, note.id) == note
    assert export(copy, folder / "again.json") == json.loads(
        (folder / "export.json").read_text(encoding="utf-8")
    )
    os.remove(folder / "export.json")
