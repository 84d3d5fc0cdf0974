"""`sessions EVENT [--json]` and the SESSION_ID prefixes every command accepts, run for real.

The event is the small French test event, imported from JSON with two session ids made to
share their first 9 characters, so that their short ids must grow past 8 characters and
the 8-character prefix they share is ambiguous.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_run import ok, one_line_error, run

from facilitator_app.core.model import Seat
from facilitator_app.store import open_event

CAFE_ID = "5e55105e-cafe-4000-8000-000000000001"
TREE_ID = "5e55105e-1dea-4000-8000-000000000002"


@pytest.fixture
def event(event_file, tmp_path) -> Path:
    """The small event, its world café and idea tree given ids that share 9 characters."""
    exported = tmp_path / "export.json"
    ok("export-json", event_file, exported)
    document = json.loads(exported.read_text(encoding="utf-8"))
    cafe = next(s for s in document["sessions"] if s["kind"] == "world_cafe")
    tree = next(s for s in document["sessions"] if s["kind"] == "idea_tree")
    text = exported.read_text(encoding="utf-8")
    text = text.replace(cafe["id"], CAFE_ID).replace(tree["id"], TREE_ID)
    exported.write_text(text, encoding="utf-8")
    path = tmp_path / "rencontres été.recolte"
    ok("import-json", exported, path)
    return path


def programme(event: Path) -> list:
    with open_event(event, readonly=True) as store:
        return store.all_sessions()


def test_sessions_lists_the_programme_in_french(event):
    result = run("sessions", event, language="fr")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    sessions = programme(event)
    assert len(lines) == len(sessions) == 6
    labels = {
        "plenary": "Plénière",
        "world_cafe": "World café",
        "idea_tree": "Arbre à idées",
        "grid": "Grille",
        "round_table": "Table ronde",
    }
    for line, session in zip(lines, sessions, strict=True):  # programme order
        short, day, start, rest = line.split(maxsplit=3)
        assert session.id.startswith(short) and len(short) >= 8
        assert (day, start) == (session.day, session.start)
        assert rest.startswith(labels[session.kind]) and rest.endswith(session.title)
    assert any("« les fonctions »" in line for line in lines)  # accents and guillemets as is
    shorts = [line.split()[0] for line in lines]
    assert {shorts[i] for i, s in enumerate(sessions) if s.id in (CAFE_ID, TREE_ID)} == {
        "5e55105e-c",
        "5e55105e-1",
    }  # the shortest prefix that tells them apart
    assert all(
        len(s) == 8
        for s, session in zip(shorts, sessions, strict=True)
        if session.id[:8] != "5e55105e"
    )
    columns = {line.rindex(session.title) for line, session in zip(lines, sessions, strict=True)}
    assert len(columns) == 1  # the titles line up


def test_sessions_json_gives_full_ids_and_stable_kinds(event):
    raw = ok("sessions", event, "--json").stdout
    assert "é" in raw and "\\u00e9" not in raw  # French stays readable
    rows = json.loads(raw)
    sessions = programme(event)
    assert [row["id"] for row in rows] == [s.id for s in sessions]
    for row, session in zip(rows, sessions, strict=True):
        assert row == {
            "id": session.id,
            "short_id": row["short_id"],
            "day": session.day,
            "start": session.start,
            "end": session.end,
            "kind": str(session.kind),
            "title": session.title,
            "room": session.room,
            "question": session.question,
            "position": session.position,
        }
        assert session.id.startswith(row["short_id"])
    assert {row["kind"] for row in rows} >= {"world_cafe", "idea_tree", "plenary"}


def test_plan_rotation_and_export_mindmap_take_a_prefix(event, tmp_path):
    result = ok("plan-rotation", event, "5e55105e-c", "--time-limit", 1)
    assert "World café « les fonctions »" in result.stdout
    with open_event(event, readonly=True) as store:
        assert store.all(Seat, session_id=CAFE_ID)
    out = tmp_path / "arbre.opml"
    result = ok("export-mindmap", event, "5E55105E-1D", out)  # case does not matter
    assert "Arbre à idées" in result.stdout and out.exists()


def test_the_short_id_that_sessions_prints_is_accepted(event_file, tmp_path):
    rows = json.loads(ok("sessions", event_file, "--json").stdout)
    tree = next(row for row in rows if row["kind"] == "idea_tree")
    assert len(tree["short_id"]) == 8
    ok("export-mindmap", event_file, tree["short_id"], tmp_path / "arbre.mm")
    assert (tmp_path / "arbre.mm").exists()


def test_an_ambiguous_prefix_is_refused_listing_the_candidates(event, tmp_path):
    before = event.read_bytes()
    result = run("plan-rotation", event, "5e55105e")
    assert result.returncode == 2
    line = one_line_error(result)
    assert line == (
        "facilitator-app: “5e55105e” is the beginning of 2 session ids; give more characters: "
        "5e55105e-c (World café « les fonctions »), 5e55105e-1 (Arbre à idées)."
    )
    assert event.read_bytes() == before
    french = run("export-mindmap", event, "5e55105e", tmp_path / "a.mm", language="fr")
    assert french.returncode == 2
    assert "est le début de 2 identifiants de séquence" in one_line_error(french)
    assert not (tmp_path / "a.mm").exists()


def test_an_unknown_or_too_short_prefix_is_one_sentence(event, tmp_path):
    unknown = run("export-mindmap", event, "ffffffff", tmp_path / "a.opml")
    assert unknown.returncode == 2
    assert one_line_error(unknown) == (
        "facilitator-app: No session id starts with “ffffffff” (facilitator-app sessions EVENT "
        "lists them)."
    )
    short = run("plan-rotation", event, "5e5")
    assert short.returncode == 2
    assert "too short" in one_line_error(short)
    assert not (tmp_path / "a.opml").exists()


def test_sessions_of_a_missing_file_is_one_sentence(tmp_path):
    line = one_line_error(run("sessions", tmp_path / "absent.recolte"))
    assert "absent.recolte" in line
