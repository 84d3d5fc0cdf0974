"""Importing participants and organisations from a spreadsheet: columns, checks, the one batch."""

from __future__ import annotations

import pytest

from facilitator_app.core.errors import InvalidImport
from facilitator_app.core.model import Event, Organisation, Participant
from facilitator_app.formats.people_import import (
    ADD,
    INVALID,
    SAME,
    UPDATE,
    guess_mapping,
    header_key,
    parse_consent,
    plan_import,
)
from facilitator_app.formats.spreadsheet import read_table
from facilitator_app.store import create_event


@pytest.fixture
def store(tmp_path):
    store = create_event(tmp_path / "e.recolte", Event(title="Rencontres"))
    treso = store.put(Organisation(name="La Tréso", place="Malakoff"))
    store.put(
        Participant(name="Grégoire Simonnet", organisation_id=treso.id, role="Gérant", email="")
    )
    yield store
    store.close()


def csv(tmp_path, text: str, *, encoding: str = "utf-8", name: str = "import.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return read_table(path)


def plan(store, table, kind="participants", **options):
    return plan_import(
        table,
        kind,
        organisations=store.all(Organisation),
        participants=store.all(Participant),
        **options,
    )


def people(store) -> dict[str, Participant]:
    return {p.name: p for p in store.all(Participant)}


def organisation_names(store) -> set[str]:
    return {o.name for o in store.all(Organisation)}


# -- columns ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        "Nom;Organisation;Rôle;Courriel",
        "NOM;ORGANISATION;RÔLE;COURRIEL",
        "nom;organisation;role;courriel",
        "Name,Organization,Role,E-mail",
        "name,organization,role,email",
        "Nom;Structure;Fonction;Adresse e-mail (pro)",
    ],
)
def test_participant_headers_in_french_or_english(header):
    assert guess_mapping("participants", header.replace(",", ";").split(";")) == (
        "name",
        "organisation",
        "role",
        "email",
    )


def test_organisation_headers_in_french_and_english():
    french = ["Nom", "Type", "Lieu", "Site", "Présentation"]
    english = ["NAME", "type", "Place", "Website", "presentation"]
    expected = ("name", "type", "place", "website", "presentation")
    assert guess_mapping("organisations", french) == expected
    assert guess_mapping("organisations", english) == expected


def test_name_wins_over_organisation_for_an_organisation_list():
    mapping = guess_mapping("organisations", ["Organisation", "Nom", "Ville"])
    assert mapping == (None, "name", "place")


def test_consent_headers_and_unknown_columns():
    header = ["Prénom", "Nom", "Accepte d’être cité(e)", "Droit à l’image", "Téléphone"]
    assert guess_mapping("participants", header) == (
        "first_name",
        "name",
        "consent_listed",
        "consent_photo",
        None,
    )
    assert header_key("  Adresse E-MAIL (pro) * ") == "adresse e mail"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("oui", True),
        ("OUI", True),
        ("Yes", True),
        ("1", True),
        ("x", True),
        ("X", True),
        ("✓", True),
        ("non", False),
        ("No", False),
        ("0", False),
        ("", None),
        ("  ", None),
    ],
)
def test_consent_values(text, expected):
    assert parse_consent(text) is expected


def test_an_unknown_consent_value_is_an_error():
    with pytest.raises(ValueError):
        parse_consent("peut-être")


# -- rows, line numbers, all or nothing ---------------------------------------------------------


def test_new_participants_joined_first_name_and_consents(store, tmp_path):
    table = csv(
        tmp_path,
        "Prénom;Nom;Courriel;Consentement;Photo\n"
        "Éléonore;Œuvrard;eo@exemple.fr;oui;non\n"
        "Rémy;  Jacquot ;;;x\n",
    )
    result = plan(store, table)
    assert result.ok, result.messages()
    assert [r.action for r in result.rows] == [ADD, ADD]
    result.command().apply(store)
    found = people(store)
    assert found["Éléonore Œuvrard"].email == "eo@exemple.fr"
    assert found["Éléonore Œuvrard"].consent_listed is True
    assert found["Éléonore Œuvrard"].consent_photo is False
    assert found["Rémy Jacquot"].consent_listed is False  # empty: no consent
    assert found["Rémy Jacquot"].consent_photo is True


def test_bad_rows_are_named_by_the_line_the_spreadsheet_shows(store, tmp_path):
    table = csv(
        tmp_path,
        "Nom;Courriel;Accepte d'être cité\n"
        "Anne Martin;anne@exemple.fr;oui\n"
        '"Bruno\nLeroy";bruno@;non\n'  # line 3, the cell holds a line break
        ";;\n"  # line 4: blank, skipped
        ";c@exemple.fr;oui\n"  # line 5
        "Chloé Petit;;peut-être\n",  # line 6
    )
    result = plan(store, table)
    assert not result.ok
    assert [(r.line, r.action) for r in result.rows] == [
        (2, ADD),
        (3, INVALID),
        (5, INVALID),
        (6, INVALID),
    ]
    messages = result.messages()
    assert messages == [
        "Line 3: “bruno@” is not an e-mail address.",
        "Line 5: The name is missing.",
        "Line 6: “peut-être” in column “Accepte d'être cité” is not a yes or no: write oui, "
        "non, x or leave it empty.",
    ]
    assert "3 rows are invalid" in result.refusal()


def test_all_or_nothing(store, tmp_path):
    table = csv(tmp_path, "Nom;Courriel\nAnne Martin;anne@exemple.fr\nBruno;pas-un-courriel\n")
    result = plan(store, table)
    before = people(store)
    with pytest.raises(InvalidImport) as raised:
        result.command()
    assert raised.value.problems == ["Line 3: “pas-un-courriel” is not an e-mail address."]
    assert "Line 3" in str(raised.value)
    assert people(store) == before


def test_file_level_problems(store, tmp_path):
    no_name = plan(store, csv(tmp_path, "Courriel;Rôle\na@b.fr;x\n"))
    assert not no_name.ok
    assert "No column holds the names" in no_name.messages()[0]
    twice = plan(store, csv(tmp_path, "Nom;Name\nA;B\n"), mapping=("name", "name"))
    assert "Two columns are read as Name: “Nom” and “Name”." in twice.messages()
    empty = plan(store, csv(tmp_path, "Nom;Rôle\n"))
    assert empty.messages() == ["import.csv has no rows below its header."]


def test_explicit_mapping_overrides_the_guess(store, tmp_path):
    table = csv(tmp_path, "Qui;Contact;Organisation\nAnne Martin;anne@exemple.fr;La Tréso\n")
    assert not plan(store, table).ok  # nothing says where the names are
    result = plan(store, table, mapping=("name", "email", None))
    assert result.ok
    result.command().apply(store)
    anne = people(store)["Anne Martin"]
    assert anne.email == "anne@exemple.fr"
    assert anne.organisation_id is None  # the Organisation column was left out


# -- organisations: matched or created ----------------------------------------------------------


def test_organisations_are_matched_by_folded_name_or_created_once(store, tmp_path):
    table = csv(
        tmp_path,
        "Nom,Organisation\nAnne Martin,la treso\nBruno Leroy,Le Nouveau Lieu\n"
        "Chloé Petit,LE NOUVEAU  LIEU\n",
    )
    result = plan(store, table)
    assert result.ok
    assert [r.new_organisation for r in result.rows] == [False, True, True]
    assert [o.name for o in result.new_organisations] == ["Le Nouveau Lieu"]
    result.command().apply(store)
    assert organisation_names(store) == {"La Tréso", "Le Nouveau Lieu"}
    by_name = {o.name: o.id for o in store.all(Organisation)}
    found = people(store)
    assert found["Anne Martin"].organisation_id == by_name["La Tréso"]
    assert found["Bruno Leroy"].organisation_id == by_name["Le Nouveau Lieu"]
    assert found["Chloé Petit"].organisation_id == by_name["Le Nouveau Lieu"]


def test_organisation_import_updates_and_adds(store, tmp_path):
    table = csv(
        tmp_path,
        "Name,Type,Place,Website,Presentation\n"
        'LA TRESO,tiers-lieu,,https://latreso.fr,"Un tiers-lieu\nà Malakoff"\n'
        "Le 6b,tiers-lieu,Saint-Denis,,\n",
    )
    result = plan(store, table, "organisations")
    assert [r.action for r in result.rows] == [UPDATE, ADD]
    assert result.rows[0].changed == {"type", "website", "presentation"}
    result.command().apply(store)
    treso = next(o for o in store.all(Organisation) if o.name == "La Tréso")
    assert treso.place == "Malakoff"  # the empty cell kept what the event had
    assert treso.presentation == "Un tiers-lieu\nà Malakoff"
    assert organisation_names(store) == {"La Tréso", "Le 6b"}


# -- duplicates -----------------------------------------------------------------------------------


def test_an_existing_participant_is_updated_never_duplicated(store, tmp_path):
    table = csv(tmp_path, "Nom;Rôle;Courriel;Consentement\ngregoire SIMONNET;;gs@treso.fr;oui\n")
    result = plan(store, table)
    assert [r.action for r in result.rows] == [UPDATE]
    assert result.rows[0].changed == {"email", "consent_listed"}
    result.command().apply(store)
    found = people(store)
    assert list(found) == ["Grégoire Simonnet"]  # the name as the event spells it
    assert found["Grégoire Simonnet"].role == "Gérant"  # the empty cell changed nothing
    assert found["Grégoire Simonnet"].email == "gs@treso.fr"
    again = plan(store, table)
    assert [r.action for r in again.rows] == [SAME]  # importing twice: nothing more


def test_a_namesake_with_another_email_is_another_person(store, tmp_path):
    store.put(Participant(name="Anne Martin", email="anne@un.fr"))
    table = csv(tmp_path, "Nom;Courriel\nAnne Martin;anne@deux.fr\nAnne Martin;ANNE@UN.FR\n")
    result = plan(store, table)
    assert [r.action for r in result.rows] == [ADD, SAME]
    assert "has this name with another e-mail address" in result.rows[0].notes[0]
    assert result.rows[1].notes == ()
    result.command().apply(store)
    assert sorted(p.email for p in store.all(Participant) if p.name == "Anne Martin") == [
        "anne@deux.fr",
        "anne@un.fr",
    ]


def test_namesakes_without_email_are_ambiguous(store, tmp_path):
    store.put(Participant(name="Anne Martin"))
    store.put(Participant(name="Anne Martin", role="autre"))
    result = plan(store, csv(tmp_path, "Nom;Rôle\nAnne Martin;Chargée de mission\n"))
    assert result.rows[0].action == INVALID
    assert "Several participants of the event are called “Anne Martin”" in result.messages()[0]


def test_the_same_person_twice_in_the_file_is_an_error(store, tmp_path):
    table = csv(
        tmp_path,
        "Nom;Courriel\nAnne Martin;a@un.fr\nBruno;\nanne martin;\nAnne Martin;a@deux.fr\n",
    )
    result = plan(store, table)
    assert [r.action for r in result.rows] == [ADD, ADD, INVALID, ADD]
    assert result.messages() == ["Line 4: Same person as line 2."]
    orgs = plan(store, csv(tmp_path, "Nom\nLe 6b\nle 6B\n"), "organisations")
    assert orgs.messages() == ["Line 3: Same organisation as line 2."]


def test_the_import_is_one_step_that_undoes_and_redoes(store, tmp_path):
    table = csv(
        tmp_path,
        "Nom;Organisation;Rôle\nGrégoire Simonnet;;Co-gérant\nAnne Martin;Le Nouveau Lieu;\n",
    )
    command = plan(store, table).command()
    assert command.label == "Import participants"
    inverse, changes = command.apply(store)
    assert changes.touches("participant", "organisation")
    assert set(people(store)) == {"Grégoire Simonnet", "Anne Martin"}
    redo, _ = inverse.apply(store)
    assert set(people(store)) == {"Grégoire Simonnet"}
    assert people(store)["Grégoire Simonnet"].role == "Gérant"
    assert organisation_names(store) == {"La Tréso"}
    redo.apply(store)
    assert people(store)["Grégoire Simonnet"].role == "Co-gérant"
    assert organisation_names(store) == {"La Tréso", "Le Nouveau Lieu"}


def test_two_rows_cannot_update_one_participant(store, tmp_path):
    # neither row names the other, but both would fill in Grégoire's missing e-mail
    table = csv(
        tmp_path,
        "Nom;Courriel\nGrégoire Simonnet;gs@treso.fr\nGregoire Simonnet;g.simonnet@treso.fr\n",
    )
    result = plan(store, table)
    assert [r.action for r in result.rows] == [UPDATE, INVALID]
    assert result.messages() == ["Line 3: Same person as line 2."]
