"""The anonymised export (`export.anonymise`): nobody can be named in what is shared outside
the event, the same person keeps the same pseudonym, and the copy is still a valid event."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from facilitator_app.core.demo import build_demo
from facilitator_app.core.model import (
    Attachment,
    CafeTable,
    Event,
    Fiche,
    Note,
    Organisation,
    Participant,
)
from facilitator_app.core.snapshot import EventSnapshot
from facilitator_app.formats.anonymise import (
    AnonymiseLabels,
    Anonymiser,
    anonymise_records,
    anonymised_snapshot,
)
from facilitator_app.formats.interchange import export_json, import_json
from facilitator_app.i18n import set_language
from facilitator_app.paths import resource
from facilitator_app.printing.documents import ExportRequest, export_document
from facilitator_app.store import open_event, write_new_event

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
PSEUDONYM = re.compile(r"^Participant [0-9A-Z]{4,}$")
SCHEMA = json.loads(resource("schema", "recolte-1.schema.json").read_text(encoding="utf-8"))
demo_available = pytest.mark.skipif(
    not resource("demo", "rencontres.json").exists(), reason="no demo content"
)


def export(path: Path, out: Path, *, anonymise: bool = True) -> dict:
    with open_event(path, readonly=True) as store:
        export_json(store, out, anonymise=anonymise)
    return json.loads(out.read_text(encoding="utf-8"))


def people(document: dict) -> dict[str, dict]:
    return {p["id"]: p for p in document["participants"]}


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("anonyme") / "démo.recolte"
    write_new_event(path, build_demo())
    return path


@pytest.fixture
def leaky(event_file) -> Path:
    """The small event with contacts and names written into every kind of free text."""
    with open_event(event_file) as store:
        cafe = next(s for s in store.all_sessions() if s.kind == "world_cafe")
        note = store.session_notes(cafe.id)[0]
        store.put(
            replace(
                note,
                text="Écrire à elise@example.org ou appeler le 06 12 34 56 78 ; "
                "Rémy : +33 6 98 76 54 32, Noël : 01.23.45.67.89, Londres : +44 20 7946 0958. "
                "ÉLISE ŒUVRARD et noel celik en parlent avec Francoise Gaelle.",
            )
        )
        table = store.all(CafeTable, session_id=cafe.id)[0]
        store.put(replace(table, synthesis="Synthèse rédigée par Rémy Jacquot (remy@coop.fr)."))
        store.put(
            Attachment(
                session_id=cafe.id,
                filename="paperboard Élise Œuvrard.png",
                media_type="image/png",
                data=b"\x89PNG",
                caption="Photo prise par Noël Çelik, 07 11 22 33 44",
            )
        )
        fiche = store.all(Fiche)[0]
        store.put(replace(fiche, body=fiche.body + " Contact : Françoise Gaëlle, 0612345678."))
        organisation = store.all(Organisation)[0]
        store.put(replace(organisation, presentation="Présidée par Élise Œuvrard."))
        event = store.event()
        store.put(replace(event, description="Animé par Rémy Jacquot, rjacquot@example.org."))
        contact = {"contact": ["Noël Çelik", {"tel": "06 00 00 00 01"}]}
        store.set_meta({"json_extra": json.dumps(contact)})  # an unknown top-level key
    return event_file


# -- nobody is named --------------------------------------------------------------------------


@demo_available
def test_no_name_nor_e_mail_of_the_demo_is_left(demo, tmp_path):
    original = export(demo, tmp_path / "vrai.json", anonymise=False)
    shared = export(demo, tmp_path / "anonyme.json")
    text = (tmp_path / "anonyme.json").read_text(encoding="utf-8")
    assert len(original["participants"]) > 30
    for person in original["participants"]:
        assert person["name"] not in text
        assert person["name"].casefold() not in text.casefold()
        if person["email"]:
            assert person["email"] not in text
    assert EMAIL.search(text) is None
    assert all(PSEUDONYM.match(p["name"]) for p in shared["participants"])
    assert all(p["email"] == "" and p["role"] == "" for p in shared["participants"])
    # what is not personal stays: organisations, the programme, the notes' substance
    assert [o["name"] for o in shared["organisations"]] == [
        o["name"] for o in original["organisations"]
    ]
    assert [s["title"] for s in shared["sessions"]] == [s["title"] for s in original["sessions"]]
    assert len(shared["notes"]) == len(original["notes"])


def test_contacts_and_names_are_removed_from_every_text(leaky, tmp_path):
    shared = export(leaky, tmp_path / "anonyme.json")
    text = (tmp_path / "anonyme.json").read_text(encoding="utf-8")
    for gone in (
        "example.org",
        "coop.fr",
        "06 12 34 56 78",
        "98 76 54 32",
        "45.67.89",
        "7946 0958",
        "0612345678",
        "22 33 44",
        "00 00 01",
        "ÉLISE",
        "Œuvrard",
        "celik",
        "Çelik",
        "Gaelle",
        "Gaëlle",
        "Jacquot",
    ):
        assert gone not in text, gone
    assert "[e-mail removed]" in text and "[phone number removed]" in text
    pseudonym = {p["name"] for p in shared["participants"]}
    note = next(n for n in shared["notes"] if n["text"].startswith("Écrire à"))
    named = re.findall(r"Participant [0-9A-Z]{4,}", note["text"])
    assert len(named) == 3 and set(named) <= pseudonym
    assert note["text"].startswith("Écrire à [e-mail removed] ou appeler le [phone number removed]")
    assert shared["contact"][0] in pseudonym  # an unknown top-level key is cleaned too
    assert shared["contact"][1] == {"tel": "[phone number removed]"}
    attachment = next(a for a in shared["attachments"] if a["filename"].startswith("paperboard"))
    assert attachment["filename"].endswith(".png") and attachment["data_base64"]


def test_dates_numbers_and_amounts_are_left_alone():
    text = (
        "Le 2026-06-12 à 14:30, salle 3, 12 € le repas, 1 000 participants, +3 votes, "
        "SIRET 123 456 789 00012, objectif 2030, version 1.2.3."
    )
    anonymiser = Anonymiser({"event": [Event()], "participants": []})
    assert anonymiser.text(text) == text


ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
CONTACT = st.sampled_from(
    [
        "jean.dupont@example.org",
        "a+b@mairie-lille.fr",
        "06 12 34 56 78",
        "06.12.34.56.78",
        "0612345678",
        "+33 6 12 34 56 78",
        "+33 (0)1 23 45 67 89",
        "0033 1 23 45 67 89",
        "+49 30 1234 5678",
    ]
)


@settings(max_examples=60, deadline=None)
@given(before=ANY_TEXT, contact=CONTACT, after=ANY_TEXT)
def test_a_contact_anywhere_in_a_text_is_removed(before, contact, after):
    anonymiser = Anonymiser({"event": [Event()], "participants": []})
    cleaned = anonymiser.text(f"{before} {contact} {after}")
    assert contact not in cleaned


def test_a_name_is_found_whatever_its_case_accents_and_hyphens():
    people = [Participant(name="Anne-Laure Federici"), Participant(name="Élise Œuvrard")]
    anonymiser = Anonymiser({"event": [Event()], "participants": people})
    anne, elise = (anonymiser.pseudonym(p.id) for p in people)
    cleaned = anonymiser.text(
        "ANNE LAURE FEDERICI, anne-laure federici et Elise Oeuvrard ; "
        "mais pas Anne-Laure seule, ni Federicis, ni Élise Œuvrardes."
    )
    assert cleaned == (
        f"{anne}, {anne} et {elise} ; mais pas Anne-Laure seule, ni Federicis, ni Élise Œuvrardes."
    )


# -- pseudonyms -------------------------------------------------------------------------------


def test_pseudonyms_are_stable_across_exports_and_additions(event_file, tmp_path):
    first = people(export(event_file, tmp_path / "un.json"))
    second = people(export(event_file, tmp_path / "deux.json"))
    assert {i: p["name"] for i, p in first.items()} == {i: p["name"] for i, p in second.items()}
    assert len({p["name"] for p in first.values()}) == len(first)  # one pseudonym per person
    with open_event(event_file) as store:
        store.put(Participant(name="Zoé Arrivée-Tard"))
    third = people(export(event_file, tmp_path / "trois.json"))
    assert len(third) == len(first) + 1
    assert all(third[i]["name"] == p["name"] for i, p in first.items())


def test_the_anonymised_event_cannot_be_taken_for_the_real_one(event_file, tmp_path):
    real = export(event_file, tmp_path / "vrai.json", anonymise=False)
    first = export(event_file, tmp_path / "un.json")
    second = export(event_file, tmp_path / "deux.json")
    assert first["event"]["id"] != real["event"]["id"]
    assert first["event"]["id"] == second["event"]["id"]
    assert first["anonymised"] is True and "anonymised" not in real


def test_those_who_did_not_consent_keep_only_a_pseudonym(event_file, tmp_path):
    real = people(export(event_file, tmp_path / "vrai.json", anonymise=False))
    shared = people(export(event_file, tmp_path / "anonyme.json"))
    refused = [i for i, p in real.items() if not p["consent_listed"]]
    agreed = [i for i, p in real.items() if p["consent_listed"]]
    assert refused and agreed
    for ident in refused:
        assert shared[ident]["organisation_id"] is None and shared[ident]["role"] == ""
        assert shared[ident]["email"] == "" and PSEUDONYM.match(shared[ident]["name"])
        assert shared[ident]["consent_listed"] is False
    for ident in agreed:
        assert shared[ident]["organisation_id"] == real[ident]["organisation_id"]


def test_quotes_keep_their_text_and_get_the_pseudonym_as_author(event_file, tmp_path):
    real = export(event_file, tmp_path / "vrai.json", anonymise=False)
    shared = export(event_file, tmp_path / "anonyme.json")
    pseudonyms = {i: p["name"] for i, p in people(shared).items()}
    quotes = [n for n in real["notes"] if n["kind"] == "quote"]
    assert quotes
    by_id = {n["id"]: n for n in shared["notes"]}
    for quote in quotes:
        anonymous = by_id[quote["id"]]
        assert anonymous["text"] == quote["text"]
        assert anonymous["author"] == pseudonyms[quote["speaker_id"]]


def test_an_author_who_is_no_participant_gets_a_pseudonym_too(event_file):
    with open_event(event_file) as store:
        records = store.snapshot()
    session = records["sessions"][0]
    extra = [
        Note(session_id=session.id, text="Un", author="Marcel Inconnu"),
        Note(session_id=session.id, text="Deux", author="marcel  inconnu"),
    ]
    records["notes"] = [*records["notes"], *extra]
    anonymised = {n.id: n for n in anonymise_records(records)["notes"]}
    one, two = (anonymised[n.id].author for n in extra)
    assert PSEUDONYM.match(one) and one == two
    assert one not in {p.name for p in anonymise_records(records)["participants"]}


def test_deleted_records_keep_their_ids_but_not_their_content(event_file, tmp_path):
    with open_event(event_file) as store:
        note = store.session_notes(store.all_sessions()[0].id)[0]
        store.put(replace(note, text="Mot de passe du wifi : cerises", deleted=True))
    shared = export(event_file, tmp_path / "anonyme.json")
    tombstone = next(n for n in shared["notes"] if n["id"] == note.id)
    assert tombstone["deleted"] is True and tombstone["text"] == ""
    assert tombstone["session_id"] == note.session_id and tombstone["kind"] == note.kind
    assert "cerises" not in (tmp_path / "anonyme.json").read_text(encoding="utf-8")


def test_pseudonyms_follow_the_language(event_file):
    with open_event(event_file) as store:
        records = store.snapshot()
    labels = AnonymiseLabels(pseudonym="Participant·e {code}", email="[courriel retiré]")
    anonymised = anonymise_records(records, labels)
    assert all(p.name.startswith("Participant·e ") for p in anonymised["participants"])
    set_language("fr")
    assert AnonymiseLabels.translated("en").pseudonym == "Participant {code}"


# -- still an event -----------------------------------------------------------------------


def test_the_anonymised_json_validates_and_imports(leaky, tmp_path):
    shared = export(leaky, tmp_path / "anonyme.json")
    assert list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(shared)) == []
    copy = import_json(tmp_path / "anonyme.json", tmp_path / "anonyme.recolte")
    with open_event(copy, readonly=True) as store:
        assert store.check() == []
    again = export(copy, tmp_path / "encore.json", anonymise=False)
    assert again == shared  # export → import → export gives the same document
    assert again["anonymised"] is True


def test_the_snapshot_and_the_json_use_the_same_pseudonyms(event_file, tmp_path):
    shared = people(export(event_file, tmp_path / "anonyme.json"))
    with open_event(event_file, readonly=True) as store:
        snapshot = EventSnapshot.from_records(store.snapshot())
    anonymous = anonymised_snapshot(snapshot)
    assert {p.id: p.name for p in anonymous.participants} == {
        i: p["name"] for i, p in shared.items() if not p["deleted"]
    }
    assert anonymous.listed_participants()  # the annex still lists those who agreed


@demo_available
def test_the_anonymised_synthesis_names_nobody(demo, tmp_path):
    with open_event(demo, readonly=True) as store:
        records = store.snapshot()
    snapshot = EventSnapshot.from_records(records)
    out = tmp_path / "synthèse anonyme.pdf"
    pages = export_document(ExportRequest("synthesis", out, anonymise=True), snapshot)
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert pages > 10 and "Rencontres des coopérations territoriales" in text
    flat = " ".join(text.split())
    for person in records["participants"]:
        assert person.name not in flat, person.name
        assert person.name.split()[-1] not in flat.replace("\n", " "), person.name
    assert EMAIL.search(text) is None
    anonymous = Anonymiser(records)
    round_table = next(s for s in snapshot.sessions if s.kind == "round_table" and s.speaker_ids)
    for speaker in round_table.speaker_ids:
        assert anonymous.pseudonym(speaker) in flat
    hosts = [t.host_id for items in snapshot.tables.values() for t in items if t.host_id]
    listed = {p.id for p in snapshot.listed_participants()}
    assert any(anonymous.pseudonym(h) in flat for h in hosts if h in listed)
