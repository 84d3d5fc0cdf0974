"""`EventStore.search`: what a person types finds the notes as they were written.

Accents, case, ligatures and the typographic apostrophe are ignored, every word is a prefix,
the words are AND-ed, results come in programme order, and the index follows every write
(edit, delete, undo, import) in the same transaction, so `check()` stays clean.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from facilitator_app.core.commands import delete, update
from facilitator_app.core.model import Event, Note, Session
from facilitator_app.store import create_event, open_event


@pytest.fixture
def event(tmp_path):
    """Two days, three sessions (given out of programme order), French notes."""
    with create_event(tmp_path / "recherche.recolte", Event(title="Recherche")) as store:
        later = store.put(Session(title="Clôture", day="2026-06-12", start="16:00", position=0))
        first = store.put(Session(title="Ouverture", day="2026-06-11", start="09:00", position=0))
        second = store.put(Session(title="Atelier", day="2026-06-11", start="10:00", position=1))
        notes = {
            "coeur": Note(session_id=later.id, text="Au cœur du réseau", position=0),
            "ecole": Note(session_id=first.id, text="École ouverte le samedi", position=1),
            "oeuvre": Note(session_id=second.id, text="Œuvre collective", position=0),
            "apostrophe": Note(session_id=second.id, text="Ouvrir l’école au quartier", position=1),
            "coop": Note(session_id=first.id, text="Des coopérations territoriales", position=0),
            "quote": Note(
                session_id=later.id,
                text="On avance ensemble",
                kind="quote",
                author="Léa Marchand",
                position=1,
            ),
        }
        for note in notes.values():
            store.put(note)
        yield store, notes


def ids(notes: list[Note]) -> list[str]:
    return [note.id for note in notes]


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("coeur", "coeur"),
        ("CŒUR", "coeur"),
        ("oeuvre", "oeuvre"),
        ("Œuvre", "oeuvre"),
        ("coop", "coop"),
        ("territoriale", "coop"),
        ("lea", "quote"),  # the author too
    ],
)
def test_accents_case_ligatures_and_prefixes_are_ignored(event, query, key):
    store, notes = event
    assert ids(store.search(query)) == [notes[key].id]


def test_ecole_finds_every_spelling_in_programme_order(event):
    store, notes = event
    expected = [notes["ecole"].id, notes["apostrophe"].id]  # 11 June 9:00, then 10:00
    assert ids(store.search("ecole")) == expected
    assert ids(store.search("ÉCOLE")) == expected
    plain, typographic = store.search("l'ecole"), store.search("l’école")
    assert notes["apostrophe"].id in ids(plain)
    assert ids(plain) == ids(typographic)  # « l » also prefixes « le » in the other note


def test_words_are_anded(event):
    store, notes = event
    assert ids(store.search("ouv ecole")) == [notes["ecole"].id, notes["apostrophe"].id]
    assert ids(store.search("ecole quartier")) == [notes["apostrophe"].id]
    assert store.search("ecole cœur") == []


@pytest.mark.parametrize("query", ["", "   ", "’ « » … -", '"', "*", "( )", "'"])
def test_a_query_without_words_finds_nothing(event, query):
    store, _ = event
    assert store.search(query) == []
    assert store.search(query, limit=10) == []


@pytest.mark.parametrize("query", ['"coeur', "coeur*", "NOT coeur", "coeur OR ecole", "c:oeur"])
def test_search_syntax_is_taken_as_words(event, query):
    store, notes = event
    found = store.search(query)  # no FTS5 syntax error: the words are quoted
    assert all(note.id in ids(notes.values()) for note in found)


def spread(store) -> list[Note]:
    """The word « repère » in every session, positions given out of order."""
    written = []
    for session in store.all_sessions():
        for position in (5, 2, 9):
            note = Note(session_id=session.id, text=f"Repère {position}", position=position)
            written.append(store.put(note))
    return written


def test_results_follow_the_programme(event):
    store, _ = event
    spread(store)
    found = store.search("repere")
    sessions = {s.id: s for s in store.all_sessions()}
    order = [(sessions[n.session_id].day, sessions[n.session_id].start, n.position) for n in found]
    assert len(found) == 9
    assert order == sorted(order)
    assert [sessions[n.session_id].title for n in found[::3]] == ["Ouverture", "Atelier", "Clôture"]


def test_limit_keeps_the_programme_order_whichever_way_it_reads(event):
    store, _ = event
    spread(store)
    everything = ids(store.search("repere"))
    for limit in range(10):  # small limits walk the programme, large ones read the index
        assert ids(store.search("repere", limit=limit)) == everything[:limit]


def test_an_edit_is_indexed_in_the_same_transaction(event):
    store, notes = event
    edited = store.put(replace(notes["coeur"], text="Au centre du maillage"))
    assert store.search("coeur") == []
    assert ids(store.search("maillage")) == [edited.id]
    assert store.search("maillage")[0].text == "Au centre du maillage"
    assert store.check() == []


def test_a_command_and_its_undo_keep_the_index_in_step(event):
    store, notes = event
    undo, _ = update(notes["oeuvre"], text="Ouvrage commun").apply(store)
    assert store.search("oeuvre") == [] and len(store.search("ouvrage")) == 1
    undo.apply(store)
    assert ids(store.search("oeuvre")) == [notes["oeuvre"].id]
    assert store.search("ouvrage") == []
    assert store.check() == []


def test_delete_removes_and_putting_back_re_adds(event):
    store, notes = event
    undo, _ = delete(store.get(Note, notes["coop"].id)).apply(store)
    assert store.search("coop") == []
    assert store.check() == []
    undo.apply(store)
    assert ids(store.search("coop")) == [notes["coop"].id]
    gone = store.put(replace(store.get(Note, notes["coop"].id), deleted=True))
    assert store.search("coop") == []
    store.put(replace(gone, deleted=False))
    assert ids(store.search("coopérations")) == [notes["coop"].id]
    assert store.check() == []


def test_notes_of_a_deleted_session_are_not_found(event):
    store, notes = event
    session = store.get(Session, notes["coeur"].session_id)
    store.put(replace(session, deleted=True))
    assert store.search("coeur") == []
    assert store.search("coeur", limit=1) == []
    store.put(replace(session, deleted=False))
    assert ids(store.search("coeur")) == [notes["coeur"].id]


def test_put_many_indexes_an_import(event):
    store, notes = event
    session_id = notes["coeur"].session_id
    imported = [
        Note(session_id=session_id, text=f"Idée importée n° {n} : mutualiser", position=10 + n)
        for n in range(50)
    ]
    stamped = [replace(n, updated_at=store.clock.tick()) for n in imported]
    assert store.put_many(stamped) == 50
    assert ids(store.search("importee mutualiser")) == ids(stamped)
    assert store.check() == []


def test_a_reopened_file_finds_the_same(event, tmp_path):
    store, notes = event
    store.put(replace(notes["quote"], text="Nouvelle citation"))
    path = store.path
    store.close()
    with open_event(path, readonly=True) as reopened:
        assert ids(reopened.search("citation")) == [notes["quote"].id]
        assert reopened.search("ensemble") == []
        assert reopened.check() == []


def test_a_note_of_5_mb_written_before_the_limit_keeps_search_bounded(event):
    """Such a note (an older file, written straight to the table) is indexed by its first
    MAX_NOTE_CHARS characters only, so a search that meets it reads a bounded body."""
    from facilitator_app.core.limits import MAX_NOTE_CHARS

    store, notes = event
    session_id = notes["coeur"].session_id
    huge = Note(
        session_id=session_id,
        text="Galaxie solidaire. " + "Un atelier de coopération. " * 200_000 + "Zygomatique",
        position=9,
    )
    store.put_many([huge], stamp=True)
    assert len(huge.text) > 5_000_000
    (body,) = store.conn.execute("SELECT max(length(body)) FROM notes_fts").fetchone()
    assert body <= MAX_NOTE_CHARS + 1  # the text, a space, the author
    assert ids(store.search("galaxie")) == [huge.id]
    assert huge.id in ids(store.search("atelier cooperation"))
    assert store.search("zygomatique") == []  # past the first 100,000 characters
    (problem,) = store.check()  # the index is sound; `check` names the note too long
    assert huge.id in problem and "longer than 100000" in problem
