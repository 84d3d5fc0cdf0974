"""`search EVENT QUERY [--json]` on the demo event, run for real in a subprocess."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_run import ok, run

from facilitator_app.core.text import fold
from facilitator_app.paths import resource
from facilitator_app.store import open_event

pytestmark = pytest.mark.skipif(
    not resource("demo", "rencontres.json").exists(), reason="no demo content"
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("recherche") / "démo été.recolte"
    ok("demo", path)
    return path


def hits(demo: Path, query: str) -> list[dict]:
    return json.loads(ok("search", demo, query, "--json").stdout)


def test_json_lists_what_the_store_finds_in_programme_order(demo):
    found = hits(demo, "coeur")
    with open_event(demo, readonly=True) as store:
        expected = store.search("coeur")
        titles = {s.id: s.title for s in store.all_sessions()}
    assert len(found) >= 3
    assert [h["id"] for h in found] == [n.id for n in expected]
    for hit, note in zip(found, expected, strict=True):
        assert hit == {
            "id": note.id,
            "session_id": note.session_id,
            "session": titles[note.session_id],
            "text": note.text,
            "kind": note.kind,
            "author": note.author,
        }
    assert all("coeur" in fold(h["text"] + h["author"]) for h in found)
    assert any("cœur" in h["text"] for h in found)  # written with the ligature


def test_json_keeps_french_readable(demo):
    raw = ok("search", demo, "coeur", "--json").stdout
    assert "cœur" in raw and "\\u0153" not in raw


@pytest.mark.parametrize("query", ["ecole", "ÉCOLE", "l’école", "l'ecole"])
def test_accents_case_and_apostrophes_are_ignored(demo, query):
    found = hits(demo, query)
    assert found
    assert all("ecole" in fold(h["text"] + h["author"]) for h in found)
    assert any("école" in h["text"].lower() for h in found)


def test_several_words_must_all_be_there(demo):
    both = hits(demo, "cooperation territoriale")
    assert both
    for hit in both:
        text = fold(hit["text"] + " " + hit["author"])
        assert "cooperation" in text and "territorial" in text
    assert len(both) < len(hits(demo, "cooperation"))


def test_lines_are_grouped_by_session(demo):
    found = hits(demo, "coeur")
    lines = ok("search", demo, "coeur").stdout.splitlines()
    headers = [line for line in lines if not line.startswith("  ")]
    notes = [line for line in lines if line.startswith("  ")]
    assert len(notes) == len(found)
    sessions = list(dict.fromkeys(h["session"] for h in found))
    assert [h.rsplit(" (", 1)[0] for h in headers] == sessions
    assert lines[0] == headers[0]
    for line, hit in zip(notes, found, strict=True):
        text = line.strip()
        if hit["author"]:
            assert text.endswith(f"[{hit['author']}]")
            text = text[: -len(hit["author"]) - 2].rstrip()
        assert "\n" not in text and len(text) <= 102
        one_line = " ".join(hit["text"].split())
        assert text.strip("…") in one_line  # the note on one line, cut around the word
        assert "coeur" in fold(text) or "coeur" in fold(hit["author"])


def test_no_hit_is_said_and_is_not_an_error(demo):
    result = ok("search", demo, "zygomatique")
    assert result.stdout.strip() == "No note matches “zygomatique”."
    assert ok("search", demo, "zygomatique", "--json").stdout.strip() == "[]"
    assert ok("search", demo, "« … »", "--json").stdout.strip() == "[]"


def test_search_leaves_the_file_untouched(demo):
    before = {p.name: p.read_bytes() for p in demo.parent.iterdir()}
    ok("search", demo, "coeur")
    assert {p.name: p.read_bytes() for p in demo.parent.iterdir()} == before


def test_a_missing_event_is_one_line(tmp_path):
    result = run("search", tmp_path / "absent.recolte", "coeur")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
