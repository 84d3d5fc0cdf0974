"""`import-csv EVENT FILE --kind participants|organisations`, run for real in a subprocess."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from cli_run import one_line_error, run

from facilitator_app.core.model import Event, Organisation, Participant
from facilitator_app.store import create_event, open_event
from facilitator_app.store.lock import EventLock, lock_path

COUNTS = re.compile(r"added=(\d+) updated=(\d+) unchanged=(\d+) new_organisations=(\d+)$")


def counts(result: subprocess.CompletedProcess) -> tuple[int, ...]:
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, result.stdout
    match = COUNTS.search(lines[0])
    assert match, lines[0]
    return tuple(int(n) for n in match.groups())


def fingerprint(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}


@pytest.fixture
def event(tmp_path) -> Path:
    folder = tmp_path / "évènement"
    folder.mkdir()
    path = folder / "rencontres.recolte"
    store = create_event(path, Event(title="Rencontres"))
    treso = store.put(Organisation(name="La Tréso"))
    store.put(Participant(name="Grégoire Simonnet", organisation_id=treso.id, role="Gérant"))
    store.close()
    return path


def participants(path: Path) -> dict[str, Participant]:
    with open_event(path, readonly=True) as store:
        return {p.name: p for p in store.all(Participant)}


def organisations(path: Path) -> dict[str, Organisation]:
    with open_event(path, readonly=True) as store:
        return {o.name: o for o in store.all(Organisation)}


def test_participants_from_a_cp1252_semicolon_file(event, tmp_path):
    source = tmp_path / "inscrits.csv"
    source.write_bytes(
        (
            "Prénom;Nom;Organisation;Courriel;Accepte d'être cité\r\n"
            "Éléonore;Œuvrard;Le Nouveau Lieu;eo@exemple.fr;oui\r\n"
            "Grégoire;Simonnet;LA TRESO;gs@treso.fr;\r\n"
        ).encode("cp1252")
    )
    result = run("import-csv", event, source, "--kind", "participants")
    assert counts(result) == (1, 1, 0, 1)
    people = participants(event)
    assert set(people) == {"Éléonore Œuvrard", "Grégoire Simonnet"}
    assert people["Éléonore Œuvrard"].consent_listed is True
    assert people["Grégoire Simonnet"].email == "gs@treso.fr"
    assert people["Grégoire Simonnet"].role == "Gérant"
    orgs = organisations(event)
    assert people["Éléonore Œuvrard"].organisation_id == orgs["Le Nouveau Lieu"].id
    assert not lock_path(event).exists()

    again = run("import-csv", event, source, "--kind", "participants")
    assert counts(again) == (0, 0, 2, 0)
    assert len(participants(event)) == 2


def test_organisations_from_a_comma_file_with_bom(event, tmp_path):
    source = tmp_path / "structures.csv"
    source.write_bytes(
        "\ufeffName,Type,Place,Website,Presentation\r\n"
        'Le 6b,tiers-lieu,Saint-Denis,https://le6b.fr,"Un lieu,\r\nà Saint-Denis"\r\n'.encode()
    )
    assert counts(run("import-csv", event, source, "--kind", "organisations")) == (1, 0, 0, 0)
    sixb = organisations(event)["Le 6b"]
    assert (sixb.place, sixb.presentation) == ("Saint-Denis", "Un lieu,\nà Saint-Denis")


def test_organisations_from_xlsx(event, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    workbook.active.append(["Nom", "Lieu", "Site"])
    workbook.active.append(["Coopérative Œuvre", "Lyon", "oeuvre.coop"])
    source = tmp_path / "structures.xlsx"
    workbook.save(source)
    assert counts(run("import-csv", event, source, "--kind", "organisations")) == (1, 0, 0, 0)
    assert organisations(event)["Coopérative Œuvre"].place == "Lyon"


def test_invalid_rows_import_nothing_and_leave_the_file_untouched(event, tmp_path):
    source = tmp_path / "inscrits.csv"
    source.write_text(
        "Nom;Courriel;Consentement\n"
        "Anne Martin;anne@exemple.fr;oui\n"
        "Bruno Leroy;bruno@;non\n"  # line 3
        "Chloé Petit;;oui\n"
        ";c@exemple.fr;oui\n"  # line 5
        "Denis;;peut-être\n",  # line 6
        encoding="utf-8",
    )
    before = fingerprint(event.parent)
    line = one_line_error(run("import-csv", event, source, "--kind", "participants"))
    assert "Nothing imported" in line and "3 rows are invalid" in line
    assert "Line 3: “bruno@” is not an e-mail address." in line
    assert "Line 5: The name is missing." in line
    assert "Line 6: “peut-être”" in line
    assert "Line 2" not in line and "Line 4" not in line
    assert fingerprint(event.parent) == before  # no lock left, no -wal, same bytes and time
    assert set(participants(event)) == {"Grégoire Simonnet"}


def test_a_file_without_a_name_column_is_refused(event, tmp_path):
    source = tmp_path / "x.csv"
    source.write_text("Courriel;Rôle\na@b.fr;x\n", encoding="utf-8")
    before = fingerprint(event.parent)
    line = one_line_error(run("import-csv", event, source))
    assert "No column holds the names" in line
    assert fingerprint(event.parent) == before


def test_column_option_maps_a_header(event, tmp_path):
    source = tmp_path / "x.csv"
    source.write_text("Qui;Contact\nAnne Martin;anne@exemple.fr\n", encoding="utf-8")
    assert counts(
        run("import-csv", event, source, "--column", "Qui=name", "--column", "contact=email")
    ) == (1, 0, 0, 0)
    assert participants(event)["Anne Martin"].email == "anne@exemple.fr"
    wrong = one_line_error(run("import-csv", event, source, "--column", "Qui=nom"))
    assert "“nom” is not a field of participants" in wrong


def test_dry_run_writes_nothing(event, tmp_path):
    source = tmp_path / "x.csv"
    source.write_text("Nom\nAnne Martin\n", encoding="utf-8")
    before = fingerprint(event.parent)
    result = run("import-csv", event, source, "--dry-run")
    assert counts(result) == (1, 0, 0, 0)
    assert "nothing written" in result.stdout
    assert fingerprint(event.parent) == before


def test_an_event_open_elsewhere_is_not_written(event, tmp_path):
    source = tmp_path / "x.csv"
    source.write_text("Nom\nAnne Martin\n", encoding="utf-8")
    lock = EventLock(event)
    lock.acquire()  # this (live) test process holds it, as an open window would
    try:
        line = one_line_error(run("import-csv", event, source))
    finally:
        lock.release()
    assert "open elsewhere" in line
    assert set(participants(event)) == {"Grégoire Simonnet"}


def test_missing_files_and_unreadable_spreadsheets(event, tmp_path):
    assert "does not exist" in one_line_error(run("import-csv", event, tmp_path / "none.csv"))
    garbage = tmp_path / "fake.xlsx"
    garbage.write_bytes(b"not a workbook")
    assert "not a readable .xlsx" in one_line_error(run("import-csv", event, garbage))
    wrong_kind = run("import-csv", event, garbage, "--kind", "people")
    assert wrong_kind.returncode == 2


# -- many rows, and an import stopped half-way -------------------------------------------------


def write_people(path: Path, rows: int) -> Path:
    """A spreadsheet of `rows` participants as a registration form exports it: first name,
    name, one of 500 organisations, e-mail, role, two consents; `;`, UTF-8 with BOM."""
    firsts = ("Amélie", "Benoît", "Chloé", "Denis", "Élodie", "François", "Gaëlle", "Hervé")
    lines = ["Prénom;Nom;Organisation;Courriel;Rôle;Annuaire;Droit à l’image"]
    for n in range(rows):
        first = firsts[n % len(firsts)]
        lines.append(
            f"{first};Inscrit·e {n};Tiers-lieu n°{n % 500} de Saint-Étienne;"
            f"{first.lower()}.{n}@exemple.fr;animation;{'oui' if n % 3 else 'non'};x"
        )
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8-sig")
    return path


def test_twenty_thousand_rows_are_imported_in_one_go(event, tmp_path):
    source = write_people(tmp_path / "inscriptions.csv", 20_000)
    assert counts(run("import-csv", event, source)) == (20_000, 0, 0, 500)
    with open_event(event, readonly=True) as store:
        people = store.all(Participant)
        assert len(people) == 20_001
        assert store.check() == []
    named = {p.name: p for p in people}
    assert named["Élodie Inscrit·e 19996"].email == "élodie.19996@exemple.fr"
    assert not lock_path(event).exists()
    assert counts(run("import-csv", event, source)) == (0, 0, 20_000, 0)  # the same file again


@pytest.mark.parametrize("stop", ["SIGTERM", "SIGINT", "SIGKILL"])
def test_an_import_stopped_while_it_writes_leaves_the_event_as_it_was(event, tmp_path, stop):
    """Stopped as it writes (the -wal file appears when the event is opened for writing),
    the import leaves every participant out or, if it had just finished, all of them; a
    SIGTERM or Ctrl+C also releases the lock (a SIGKILL leaves a stale one, taken over)."""
    import os
    import signal
    import sys
    import time

    source = write_people(tmp_path / "inscriptions.csv", 30_000)
    process = subprocess.Popen(
        [sys.executable, "-m", "facilitator_app", "import-csv", str(event), str(source)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "LANGUAGE": "en"},
    )
    wal = Path(f"{event}-wal")
    deadline = time.monotonic() + 60
    while not wal.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    process.send_signal(getattr(signal, stop))
    _out, err = process.communicate(timeout=60)
    assert "Traceback" not in err
    imported = len(participants(event))
    assert imported in (1, 30_001)
    if imported == 1:  # stopped in time: nothing of the file is in the event
        assert process.returncode != 0
    if stop != "SIGKILL":
        assert not lock_path(event).exists()
        assert not wal.exists()
    assert "status=ok" in run("check", event).stdout
    if imported == 1:  # and the import can simply be run again
        assert counts(run("import-csv", event, source))[0] == 30_000
