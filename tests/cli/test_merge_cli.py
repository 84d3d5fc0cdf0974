"""`merge TARGET SOURCE... [--report FILE]` (CONTRACT §1), run for real in a subprocess: two
laptops' copies merged in either order, twice over; the conflict report; bad copies refused
in one line with the event's bytes unchanged."""

from __future__ import annotations

import getpass
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from cli_run import run

from facilitator_app.core.model import Event, Note, Session
from facilitator_app.store import create_event, open_event
from facilitator_app.store.copies import copy_path, prepare_copy


def ok(*args) -> str:
    result = run(*args)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def one_line_error(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("facilitator-app: ")
    return lines[0]


def fingerprint(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Content and modification time of every file in `folder`."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir() if p.is_file()}


def exported(tmp_path: Path, event: Path) -> dict:
    out = tmp_path / f"{event.stem}.json"
    ok("export-json", event, out)
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture
def laptops(event_file, tmp_path):
    """Two note-takers' copies edited apart: table 1 edits a note, table 2 deletes another
    and adds one."""
    copies = tmp_path / "clé USB"
    copies.mkdir()
    one = prepare_copy(event_file, copy_path(copies, event_file, "Table 1"), name="Table 1")
    two = prepare_copy(event_file, copy_path(copies, event_file, "Table 2"), name="Table 2")
    with open_event(event_file, readonly=True) as store:
        edited, deleted = sorted(store.all(Note), key=lambda n: n.id)[:2]
        session = store.require(Session, edited.session_id)
    with open_event(one) as store:
        store.put(replace(edited, text="Être présent au cœur du réseau — relu à la table 1"))
    with open_event(two) as store:
        store.put(replace(deleted, deleted=True))
        added = store.put(Note(session_id=session.id, text="Nouvelle idée : un café partagé"))
    return {
        "one": one,
        "two": two,
        "edited": edited,
        "deleted": deleted,
        "added": added,
        "session": session,
    }


def test_two_laptops_merge_to_the_same_event_in_either_order_twice_over(
    event_file, tmp_path, laptops
):
    one, two = laptops["one"], laptops["two"]
    first, second = tmp_path / "ordre 1.recolte", tmp_path / "ordre 2.recolte"
    shutil.copyfile(event_file, first)
    shutil.copyfile(event_file, second)

    assert ok("merge", first, one, two) == "added=1 updated=2 conflicts=0\n"
    assert ok("merge", second, two) == "added=1 updated=1 conflicts=0\n"
    assert ok("merge", second, one) == "added=0 updated=1 conflicts=0\n"
    merged = {path: path.read_bytes() for path in (first, second)}
    assert ok("merge", first, one, two) == "added=0 updated=0 conflicts=0\n"
    assert ok("merge", second, two, one) == "added=0 updated=0 conflicts=0\n"
    assert {path: path.read_bytes() for path in (first, second)} == merged  # not rewritten

    one_doc, two_doc = exported(tmp_path, first), exported(tmp_path, second)
    assert one_doc == two_doc
    notes = {n["id"]: n for n in one_doc["notes"]}
    original = exported(tmp_path, event_file)
    assert len(notes) == len(original["notes"]) + 1  # nothing lost, one note added
    assert notes[laptops["edited"].id]["text"].endswith("relu à la table 1")
    assert notes[laptops["deleted"].id]["deleted"] is True
    assert notes[laptops["added"].id]["text"] == "Nouvelle idée : un café partagé"
    assert "status=ok" in ok("check", first)
    assert laptops["added"].id in ok("search", first, "cafe partage", "--json")


def test_a_json_copy_merges_too(event_file, tmp_path, laptops):
    ok("export-json", laptops["two"], tmp_path / "table 2.json")
    assert ok("merge", event_file, tmp_path / "table 2.json") == ("added=1 updated=1 conflicts=0\n")
    assert ok("merge", event_file, tmp_path / "table 2.json", laptops["two"]) == (
        "added=0 updated=0 conflicts=0\n"
    )


def test_a_note_edited_on_both_laptops_is_in_the_conflict_report(event_file, tmp_path, laptops):
    edited = laptops["edited"]
    with open_event(laptops["two"]) as store:
        store.put(replace(edited, text="Être présent — version de la table 2"))
    report = tmp_path / "conflits.md"

    out = ok("merge", event_file, laptops["one"], laptops["two"], "--report", report)
    assert out == "added=1 updated=2 conflicts=1\n"
    text = report.read_text(encoding="utf-8")
    assert "## New conflicts (1)" in text
    assert f"« {laptops['session'].title} »" in text  # what the note is: its session…
    assert "Note « Être présent — version de la table 2 »" in text  # …and first words
    kept, aside = text.index("| Kept (won) | Set aside |"), text.index("| Text |")
    assert kept < aside
    row = text[aside:].splitlines()[0]
    assert row == (
        "| Text | Être présent — version de la table 2 "
        "| Être présent au cœur du réseau — relu à la table 1 |"
    )
    assert "| From | copy “Table 2” | copy “Table 1” |" in text
    assert "| Device |" in text and "| Edited at |" in text

    again = tmp_path / "encore.md"
    out = ok("merge", event_file, laptops["two"], laptops["one"], "--report", again)
    assert out == "added=0 updated=0 conflicts=0\n"
    text = again.read_text(encoding="utf-8")
    assert "## New conflicts (0)" in text
    assert "## Earlier conflicts not yet resolved (1)" in text
    assert "relu à la table 1" in text


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
    path.write_text('{"format": "recolte", "version": 1, "event": {}}', encoding="utf-8")


@pytest.mark.parametrize(
    ("make", "suffix", "words"),
    [
        pytest.param(damaged, ".recolte", "damaged", id="damaged"),
        pytest.param(another_event, ".recolte", "another event", id="another-event"),
        pytest.param(newer, ".recolte", "newer version", id="newer-format"),
        pytest.param(text, ".recolte", "not a Récolte event file", id="not-recolte"),
        pytest.param(invalid_json, ".json", "cannot be merged", id="invalid-json"),
    ],
)
def test_a_bad_copy_is_refused_in_one_line_and_the_event_left_untouched(
    event_file, tmp_path, laptops, make, suffix, words
):
    bad = laptops["one"].parent / f"copie abîmée{suffix}"
    make(bad, event_file)
    before = fingerprint(event_file.parent)

    message = one_line_error(run("merge", event_file, laptops["one"], bad, laptops["two"]))

    assert words in message and "copie abîmée" in message
    assert fingerprint(event_file.parent) == before, "the event's folder changed"


def test_a_locked_event_is_not_merged(event_file, laptops):
    lock = event_file.with_name(event_file.name + ".lock")
    owner = {"user": getpass.getuser(), "host": os.uname().nodename, "pid": os.getpid()}
    lock.write_text(json.dumps({**owner, "since": "2026-06-12 09:00"}), encoding="utf-8")
    before = fingerprint(event_file.parent)
    message = one_line_error(run("merge", event_file, laptops["one"]))
    assert "open elsewhere" in message
    assert fingerprint(event_file.parent) == before


def test_a_report_in_a_missing_folder_is_refused_before_merging(event_file, tmp_path, laptops):
    before = fingerprint(event_file.parent)
    result = run("merge", event_file, laptops["one"], "--report", tmp_path / "nulle part" / "r.md")
    assert "does not exist" in one_line_error(result)
    assert fingerprint(event_file.parent) == before


def test_merge_needs_a_source(event_file):
    result = run("merge", event_file)
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_a_copy_from_a_laptop_dated_years_ahead_is_refused_naming_the_record(
    event_file, tmp_path, laptops
):
    """One laptop set to 2099: its copy would win every later merge; it is refused, the
    record and the file named, and the event left as it was."""
    edited = laptops["edited"]
    future = "2099-03-01T10:00:00.000Z-0000-9f9f9f9f9f9f9f9f"
    with sqlite3.connect(laptops["one"]) as conn:
        conn.execute(
            "UPDATE notes SET updated_at = ?, clock = json_array(?) WHERE id = ?",
            (future, future, edited.id),
        )
    before = fingerprint(event_file.parent)
    line = one_line_error(run("merge", event_file, laptops["one"]))
    assert edited.id in line and "2099-03-01 10:00" in line
    assert "Table 1" in line and "more than a day ahead" in line
    assert fingerprint(event_file.parent) == before
