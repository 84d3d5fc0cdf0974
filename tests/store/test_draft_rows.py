"""Drafts in the file: what a box holds before it is an edit, kept apart from the records."""

from __future__ import annotations

import json

import pytest

from facilitator_app.core.errors import ReadOnlyFile
from facilitator_app.formats.interchange import export_json
from facilitator_app.store import open_event
from facilitator_app.store.drafts import (
    clear_drafts,
    delete_draft,
    list_drafts,
    load_draft,
    save_draft,
)

TEXT = "Brouillon l’œuvre « commune » — à suivre"


def test_a_draft_is_kept_with_its_context_and_read_back_after_reopening(event_file):
    with open_event(event_file) as store:
        save_draft(store, "capture", TEXT, {"session_id": "s1", "kind": "idea", "author": "Zoé"})
    with open_event(event_file, readonly=True) as store:
        draft = load_draft(store, "capture")
    assert draft is not None
    assert draft.text == TEXT
    assert draft.context == {"session_id": "s1", "kind": "idea", "author": "Zoé"}
    assert draft.saved_at


def test_saving_again_replaces_the_draft_and_blank_text_deletes_it(store):
    save_draft(store, "capture", "Une")
    save_draft(store, "capture", "Une idée", {"kind": "question"})
    assert load_draft(store, "capture").text == "Une idée"
    assert load_draft(store, "capture").context == {"kind": "question"}
    save_draft(store, "capture", "   ")
    assert load_draft(store, "capture") is None
    delete_draft(store, "capture")  # nothing to delete: no error
    assert load_draft(store, "capture") is None


def test_drafts_are_listed_by_box_prefix_latest_first(store):
    save_draft(store, "session/a/question", "Pourquoi ?")
    save_draft(store, "capture", "Une note")
    save_draft(store, "session/b/question", "Comment ?")
    assert [d.box for d in list_drafts(store, prefix="session/")] == [
        "session/b/question",
        "session/a/question",
    ]
    assert {d.box for d in list_drafts(store)} == {
        "capture",
        "session/a/question",
        "session/b/question",
    }


def test_clear_drafts_empties_the_table(store):
    save_draft(store, "capture", "Une note")
    save_draft(store, "speaker-capture", "Une citation")
    with store.transaction():
        assert clear_drafts(store.conn) == 2
    assert list_drafts(store) == []


def test_drafts_are_not_records(store, tmp_path):
    before = store.counts()
    save_draft(store, "capture", TEXT)
    assert store.counts() == before
    assert store.check() == []
    out = export_json(store, tmp_path / "event.json")
    assert "Brouillon" not in out.read_text(encoding="utf-8")
    assert "drafts" not in json.loads(out.read_text(encoding="utf-8"))


def test_a_read_only_file_refuses_drafts(event_file):
    with open_event(event_file, readonly=True) as store, pytest.raises(ReadOnlyFile):
        save_draft(store, "capture", "Une note")
