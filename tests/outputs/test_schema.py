"""resources/schema/recolte-1.schema.json describes what `export-json` writes (CONTRACT §2):
every export validates, every field the records carry is described, `null` is allowed where
a value is optional, and broken documents are refused by the schema (checked here with the
reference validator, jsonschema) as they are by the importer (which validates through the
same file with fastjsonschema)."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
from test_interchange import FIELDS

from facilitator_app.core.demo import build_demo
from facilitator_app.core.limits import MAX_NOTE_CHARS
from facilitator_app.core.model import (
    BY_COLLECTION,
    Attachment,
    CafeTable,
    Participant,
    Round,
    Seat,
    record_fields,
)
from facilitator_app.formats.interchange import export_json
from facilitator_app.paths import resource
from facilitator_app.store import open_event, write_new_event

SCHEMA_PATH = resource("schema", "recolte-1.schema.json")
CONTRACT = FIELDS  # CONTRACT §2, the minimum fields besides id, updated_at, deleted
DEFINITION = {  # collection → the schema's $defs entry for one of its records
    "event": "event",
    "sessions": "session",
    "organisations": "organisation",
    "participants": "participant",
    "tables": "table",
    "rounds": "round",
    "seats": "seat",
    "categories": "category",
    "notes": "note",
    "attachments": "attachment",
    "fiches": "fiche",
}
demo_available = pytest.mark.skipif(
    not resource("demo", "rencontres.json").exists(), reason="no demo content"
)


@pytest.fixture(scope="module")
def schema() -> dict:
    loaded = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(loaded)
    return loaded


def problems(schema: dict, document: dict) -> list[str]:
    """What the reference validator of the schema's draft finds, formats asserted (as Récolte
    does): the schema stays standard, not a dialect of the validator the app uses."""
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    return [f"{e.json_path}: {e.message[:120]}" for e in validator.iter_errors(document)]


def exported(path: Path, out: Path, *, anonymise: bool = False) -> dict:
    with open_event(path, readonly=True) as store:
        export_json(store, out, anonymise=anonymise)
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def demo_export(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("schema")
    write_new_event(folder / "démo.recolte", build_demo())
    return exported(folder / "démo.recolte", folder / "démo.json")


@pytest.fixture
def rich_export(event_file, tmp_path) -> dict:
    """The small event plus seats, a note's photo, an empty attachment and a tombstone."""
    with open_event(event_file) as store:
        cafe = next(s for s in store.all_sessions() if s.kind == "world_cafe")
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
        note = store.session_notes(cafe.id)[0]
        store.put(
            Attachment(note_id=note.id, filename="photo.png", media_type="image/png", data=b"\x89")
        )
        store.put(Attachment(session_id=cafe.id, filename="vide.txt", media_type="text/plain"))
        store.put(replace(store.session_notes(cafe.id)[1], deleted=True))
    return exported(event_file, tmp_path / "riche.json")


# -- the schema describes the contract and the records ---------------------------------------


def test_the_schema_requires_every_contract_field(schema):
    for collection, fields in CONTRACT.items():
        definition = schema["$defs"][DEFINITION[collection]]
        assert fields <= set(definition["required"]), collection
    assert {"id", "updated_at", "deleted"} <= set(schema["$defs"]["record"]["required"])
    assert set(schema["required"]) == {"format", "version", *DEFINITION}


def test_every_field_a_record_carries_is_described(schema):
    for collection, record_type in BY_COLLECTION.items():
        described = set(schema["$defs"][DEFINITION[collection]]["properties"])
        described |= set(schema["$defs"]["record"]["properties"])
        written = set(record_fields(record_type)) - {"extra"}
        if record_type is Attachment:
            written = written - {"data"} | {"data_base64"}
        assert written <= described, f"{collection}: {written - described} not in the schema"


def test_unknown_keys_are_allowed_everywhere(schema, rich_export):
    document = copy.deepcopy(rich_export)
    document["généré_par"] = {"outil": "autre"}
    document["event"]["couleur"] = "vert"
    for collection in DEFINITION:
        if collection != "event":
            document[collection][0]["champ_inconnu"] = [1, None, "é"]
    assert problems(schema, document) == []


def test_null_is_allowed_where_a_value_is_optional(schema, rich_export):
    document = copy.deepcopy(rich_export)
    document["participants"][0]["email"] = None
    document["participants"][0]["organisation_id"] = None
    document["notes"][0].update(text=None, kind=None, votes=None, tags=None, clock=None)
    document["sessions"][0].update(day=None, start=None, position=None, speaker_ids=None)
    document["tables"][0].update(capacity=None, number=None, theme=None)
    document["event"].update(language=None, start_date=None, subtitle=None)
    document["attachments"][0].update(caption=None, data_base64=None, filename=None)
    del document["fiches"][0]["clock"]
    assert problems(schema, document) == []


def test_the_note_length_limit_is_the_one_of_core_limits(schema):
    assert schema["$defs"]["note"]["properties"]["text"]["maxLength"] == MAX_NOTE_CHARS


def test_versions_of_records_validate_as_their_collection(schema, rich_export):
    document = copy.deepcopy(rich_export)
    first = {name: document[name] if name == "event" else document[name][0] for name in DEFINITION}
    document["versions"] = [
        {"collection": name, "record": copy.deepcopy(record)} for name, record in first.items()
    ]
    assert problems(schema, document) == []
    document["versions"][0]["record"] = first["notes"]  # a note is no event
    assert problems(schema, document)


# -- every export validates -------------------------------------------------------------------


@demo_available
def test_the_demo_export_validates(schema, demo_export):
    assert problems(schema, demo_export) == []
    assert demo_export["notes"] and demo_export["attachments"]


def test_seats_attachments_and_tombstones_validate(schema, rich_export):
    assert rich_export["seats"] and any(n["deleted"] for n in rich_export["notes"])
    assert any(a["note_id"] and a["session_id"] is None for a in rich_export["attachments"])
    assert problems(schema, rich_export) == []


@demo_available
def test_a_scale_two_demo_validates(schema, tmp_path):
    write_new_event(tmp_path / "double.recolte", build_demo(scale=2))
    document = exported(tmp_path / "double.recolte", tmp_path / "double.json")
    assert len(document["sessions"]) > 30
    assert problems(schema, document) == []


@demo_available
def test_an_anonymised_export_validates(schema, tmp_path):
    write_new_event(tmp_path / "démo.recolte", build_demo())
    document = exported(tmp_path / "démo.recolte", tmp_path / "anonyme.json", anonymise=True)
    assert document["anonymised"] is True
    assert problems(schema, document) == []


# -- broken documents are refused -------------------------------------------------------------


def _drop_notes(d):
    del d["notes"]


def _drop_note_text(d):
    del d["notes"][0]["text"]


def _drop_updated_at(d):
    del d["sessions"][0]["updated_at"]


def _note_kind(d):
    d["notes"][0]["kind"] = "brainstorm"


def _session_kind(d):
    d["sessions"][0]["kind"] = "atelier"


def _fiche_kind(d):
    d["fiches"][0]["kind"] = "memo"


def _lower_case_counter(d):
    d["notes"][0]["updated_at"] = "2026-06-12T09:41:07.513Z-000a-5f2c9a1e7b3d4c60"


def _no_milliseconds(d):
    d["participants"][0]["updated_at"] = "2026-06-12T09:41:07Z-0003-5f2c9a1e7b3d4c60"


def _space_in_stamp(d):
    d["event"]["updated_at"] = "2026-06-12 09:41:07.513Z-0003-5f2c9a1e7b3d4c60"


def _id_not_uuid(d):
    d["tables"][0]["id"] = "table-1"


def _reference_not_uuid(d):
    d["notes"][0]["session_id"] = None


def _capacity_text(d):
    d["tables"][0]["capacity"] = "six"


def _deleted_text(d):
    d["rounds"][0]["deleted"] = "non"


def _tags_text(d):
    d["notes"][0]["tags"] = "a, b"


def _attachment_of_nothing(d):
    d["attachments"][0]["note_id"] = d["attachments"][0]["session_id"] = None


def _newer_version(d):
    d["version"] = 2


def _other_format(d):
    d["format"] = "autre"


def _language(d):
    d["event"]["language"] = "français"


def _time(d):
    d["sessions"][0]["start"] = "9h30"


def _hour_25(d):
    d["sessions"][0]["start"] = "25:00"


def _month_13(d):
    d["sessions"][0]["day"] = "2026-13-45"


def _30_february(d):
    d["event"]["end_date"] = "2026-02-30"


def _negative_votes(d):
    d["notes"][0]["votes"] = -1


def _negative_capacity(d):
    d["tables"][0]["capacity"] = -1


def _huge_number(d):
    d["notes"][0]["position"] = 2**63


def _note_too_long(d):
    d["notes"][0]["text"] = "x" * (MAX_NOTE_CHARS + 1)


def _null_deleted(d):
    d["notes"][0]["deleted"] = None


def _null_seat_reference(d):
    d["seats"][0]["table_id"] = None


def _stamp_hour_24(d):
    d["notes"][0]["updated_at"] = "2026-06-12T24:41:07.513Z-0003-5f2c9a1e7b3d4c60"


def _version_of_a_bad_note(d):
    note = copy.deepcopy(d["notes"][0])
    note["kind"] = "brainstorm"
    d["versions"] = [{"collection": "notes", "record": note}]


def _version_of_no_collection(d):
    d["versions"] = [{"collection": "brouillons", "record": copy.deepcopy(d["notes"][0])}]


@pytest.mark.parametrize(
    "breaking",
    [
        _drop_notes,
        _drop_note_text,
        _drop_updated_at,
        _note_kind,
        _session_kind,
        _fiche_kind,
        _lower_case_counter,
        _no_milliseconds,
        _space_in_stamp,
        _id_not_uuid,
        _reference_not_uuid,
        _capacity_text,
        _deleted_text,
        _tags_text,
        _attachment_of_nothing,
        _newer_version,
        _other_format,
        _language,
        _time,
        _hour_25,
        _month_13,
        _30_february,
        _negative_votes,
        _negative_capacity,
        _huge_number,
        _note_too_long,
        _null_deleted,
        _null_seat_reference,
        _stamp_hour_24,
        _version_of_a_bad_note,
        _version_of_no_collection,
    ],
)
def test_a_broken_document_is_refused(schema, rich_export, breaking):
    document = copy.deepcopy(rich_export)
    breaking(document)
    assert problems(schema, document), f"{breaking.__name__} was accepted"


# -- the importer names the record whose reference points nowhere ---------------------------


def _import_problem(document: dict, folder: Path) -> str:
    from facilitator_app.core.errors import InvalidImport
    from facilitator_app.formats.interchange import import_json

    source = folder / "cassé.json"
    source.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(InvalidImport) as caught:
        import_json(source, folder / "cassé.recolte")
    assert not (folder / "cassé.recolte").exists()
    return str(caught.value)


@pytest.mark.parametrize(
    ("array", "field", "target", "as_list"),
    [
        ("sessions", "speaker_ids", "participants", True),
        ("sessions", "participant_ids", "participants", True),
        ("sessions", "moderator_id", "participants", False),
        ("notes", "speaker_id", "participants", False),
        ("notes", "table_id", "tables", False),
        ("notes", "round_id", "rounds", False),
        ("seats", "participant_id", "participants", False),
        ("seats", "table_id", "tables", False),
        ("tables", "session_id", "sessions", False),
        ("categories", "session_id", "sessions", False),
        ("attachments", "session_id", "sessions", False),
    ],
)
def test_a_reference_to_nowhere_names_the_record(
    rich_export, tmp_path, array, field, target, as_list
):
    document = copy.deepcopy(rich_export)
    record = document[array][-1]
    nowhere = "00000000-0000-4000-8000-00000000dead"
    record[field] = [nowhere] if as_list else nowhere
    message = _import_problem(document, tmp_path)
    assert record["id"] in message and field in message and target in message
    assert nowhere in message and "\n" not in message


def test_an_id_used_twice_names_the_record(rich_export, tmp_path):
    document = copy.deepcopy(rich_export)
    document["fiches"][1]["id"] = document["fiches"][0]["id"]
    message = _import_problem(document, tmp_path)
    assert document["fiches"][0]["id"] in message and "twice" in message
